//! Errors of lesson files: each names the file, the line and column, and the fix.

use thiserror::Error;

use crate::scene::{RonSyntax, RonValue};

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
    #[error(transparent)]
    Parse(RonSyntax),
    /// A value is out of range or inconsistent with the rest of the lesson (its path, e.g.
    /// `steps[2].actions[0]`).
    #[error(transparent)]
    Invalid(RonValue),
}
