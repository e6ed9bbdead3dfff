//! Errors of lesson files: each names the file, the line and column, and the fix.

use thiserror::Error;

/// Why a lesson could not be loaded.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum LessonError {
    /// The file (or the lessons folder) could not be read.
    #[error("{file}: cannot read the lesson: {message}")]
    Io {
        /// File name.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// The file is not valid RON for a lesson (syntax error, unknown or missing field, unknown
    /// action or value name).
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
    /// A value is out of range or inconsistent with the rest of the lesson.
    #[error("{file}:{line}:{column}: `{field}` {message}")]
    Invalid {
        /// File name.
        file: String,
        /// Line (1-based) of the offending value.
        line: usize,
        /// Column (1-based).
        column: usize,
        /// Path of the value, e.g. `steps[2].actions[0]`.
        field: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}
