//! Errors of scene files: each names the file, the line and column, and the fix.

use thiserror::Error;

use crate::file_problem::FileProblem;

/// Why a scene could not be loaded or built.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SceneError {
    /// The file could not be read, is not valid RON for a scene (syntax error, unknown or
    /// missing field), or holds a value out of its allowed range or inconsistent with the rest
    /// of the scene (its field as a dotted path, e.g. `integration.time_step`; the line of the
    /// scene's start when it cannot be located).
    #[error(transparent)]
    File(#[from] RonFileError),
    /// The system described cannot be built (e.g. the host does not fit).
    #[error("{file}: {message}")]
    Build {
        /// File name.
        file: String,
        /// What went wrong and how to fix it.
        message: String,
    },
    /// A structure file given in place of the scene's nanoparticle could not be read (the
    /// message starts with the file and its line).
    #[error(transparent)]
    Structure(#[from] crate::structure::StructureError),
    /// The scene would need more memory than this machine can give (estimated before anything is
    /// allocated).
    #[error("{file}: {message}")]
    TooLarge {
        /// File name.
        file: String,
        /// The estimate, what is available and what to change.
        message: String,
    },
}

/// A RON file (a scene or a lesson) that could not be read, parsed or validated.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum RonFileError {
    /// The file (or its folder) could not be read.
    #[error(transparent)]
    Io(FileProblem),
    /// The file is not valid RON for its type (syntax error, unknown or missing field, unknown
    /// name).
    #[error(transparent)]
    Parse(RonSyntax),
    /// A value is out of range or inconsistent with the rest of the file (its path, e.g.
    /// `integration.time_step` or `steps[2].actions[0]`).
    #[error(transparent)]
    Invalid(RonValue),
}

/// A RON file that does not read as its type, at `file:line:column`: the error of scene and
/// lesson files alike.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RonSyntax {
    /// File name.
    pub file: String,
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based).
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl RonSyntax {
    /// RON's error `e` in `file`, its terse message made clearer by `explain`.
    pub fn new(file: &str, e: &ron::error::SpannedError, explain: impl Fn(&str) -> String) -> Self {
        Self {
            file: file.into(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: explain(&e.code.to_string()),
        }
    }
}

/// A value of a RON file that is out of range or inconsistent, at `file:line:column`: the error of
/// scene and lesson files alike.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{file}:{line}:{column}: `{field}` {message}")]
pub struct RonValue {
    /// File name.
    pub file: String,
    /// Line (1-based) of the offending value.
    pub line: usize,
    /// Column (1-based).
    pub column: usize,
    /// Path of the value, e.g. `integration.time_step` or `steps[2].actions[0]`.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}
