//! Errors of scene files: each names the file, the line and column, and the fix.

use thiserror::Error;

/// Why a scene could not be loaded or built.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SceneError {
    /// The file could not be read.
    #[error("{file}: cannot read the scene file: {message}")]
    Io {
        /// File name.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// The file is not valid RON for a scene (syntax error, unknown or missing field).
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// File name.
        file: String,
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A value is out of its allowed range or inconsistent with the rest of the scene.
    #[error("{file}:{line}:{column}: `{field}` {message}")]
    Invalid {
        /// File name.
        file: String,
        /// Line (1-based) of the field, or of the scene's start when it cannot be located.
        line: usize,
        /// Column (1-based).
        column: usize,
        /// Dotted path of the field, e.g. `integration.time_step`.
        field: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The system described cannot be built (e.g. the host does not fit).
    #[error("{file}: {message}")]
    Build {
        /// File name.
        file: String,
        /// What went wrong and how to fix it.
        message: String,
    },
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
