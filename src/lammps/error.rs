//! Errors of LAMMPS export and import: each names the file, the line where there is one, what
//! was expected and how to fix it.

use thiserror::Error;

use crate::scene::SceneError;

/// Why an export or an import failed.
#[derive(Debug, Error)]
pub enum LammpsError {
    /// The scene is wrong or cannot be built.
    #[error("{0}")]
    Scene(#[from] SceneError),
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// File or folder.
        path: String,
        /// The operating system's message and what to do.
        message: String,
    },
    /// A LAMMPS output file holds something unexpected at `line`.
    #[error("{path}:{line}: {message}")]
    Format {
        /// File.
        path: String,
        /// Line (1-based).
        line: usize,
        /// What was found, what was expected and how to fix it.
        message: String,
    },
    /// The run holds too little to analyse, or the options do not fit the scene.
    #[error("{0}")]
    Unusable(String),
}

impl LammpsError {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        LammpsError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }

    /// A format error at `path:line`.
    pub fn format(path: &std::path::Path, line: usize, message: impl Into<String>) -> Self {
        LammpsError::Format {
            path: path.display().to_string(),
            line,
            message: message.into(),
        }
    }
}
