//! Errors of LAMMPS export and import: each names the file, the line where there is one, what
//! was expected and how to fix it.

use thiserror::Error;

use crate::file_problem::FileProblem;
use crate::scene::SceneError;

/// Why an export or an import failed.
#[derive(Debug, Error)]
pub enum LammpsError {
    /// The scene is wrong or cannot be built.
    #[error("{0}")]
    Scene(#[from] SceneError),
    /// A file could not be read or written.
    #[error(transparent)]
    Io(FileProblem),
    /// A LAMMPS output file holds something unexpected at a line.
    #[error(transparent)]
    Format(FileProblem),
    /// The run holds too little to analyse, or the options do not fit the scene.
    #[error("{0}")]
    Unusable(String),
}

impl LammpsError {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        LammpsError::Io(FileProblem::io(path, e))
    }

    /// A format error at `path:line`.
    pub fn format(path: &std::path::Path, line: usize, message: impl Into<String>) -> Self {
        LammpsError::Format(FileProblem::at(path, line as u64, message))
    }
}
