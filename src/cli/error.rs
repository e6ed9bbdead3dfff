//! Errors of the command line, in one place so that every subcommand maps to the same exit codes:
//! [`CliError`] (2 for bad input, 1 for a failed run, 130 for Ctrl-C) and [`SolveError`] of
//! `multiscope solve`, which other subcommands' errors can wrap without depending on `solve`.

use thiserror::Error;

use crate::md::MdError;
use crate::scene::SceneError;

/// Anything a subcommand can fail with.
#[derive(Debug, Error)]
pub enum CliError {
    /// The scene file is wrong.
    #[error("{0}")]
    Scene(#[from] SceneError),
    /// The simulation failed (blew up, or a checkpoint was unreadable).
    #[error("{0}")]
    Md(#[from] MdError),
    /// An output file or folder could not be written.
    #[error("{path}: {message}")]
    Output {
        /// File or folder.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The coarse-grained solver failed or its input was unusable.
    #[error("{0}")]
    Solve(#[from] SolveError),
    /// A LAMMPS export or import failed.
    #[error("{0}")]
    Lammps(#[from] crate::lammps::LammpsError),
    /// A trajectory file could not be written or read.
    #[error("{0}")]
    Trajectory(#[from] crate::trajectory::TrajectoryError),
    /// A command-line value is unusable.
    #[error("{0}")]
    Usage(String),
    /// Ctrl-C stopped the command; the message says what was saved.
    #[error("{0}")]
    Interrupted(String),
}

impl CliError {
    /// Process exit code: 2 for bad input, 1 for a failed run, 130 for Ctrl-C.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Scene(_) | CliError::Usage(_) => 2,
            CliError::Solve(SolveError::Input(_)) => 2,
            CliError::Solve(SolveError::Coarse(crate::coarse::CoarseError::Coefficients {
                ..
            })) => 2,
            CliError::Lammps(crate::lammps::LammpsError::Scene(_))
            | CliError::Lammps(crate::lammps::LammpsError::Format(_))
            | CliError::Lammps(crate::lammps::LammpsError::Unusable(_)) => 2,
            CliError::Trajectory(crate::trajectory::TrajectoryError::Format(_)) => 2,
            CliError::Md(_)
            | CliError::Output { .. }
            | CliError::Solve(_)
            | CliError::Lammps(_)
            | CliError::Trajectory(_) => 1,
            CliError::Interrupted(_) => super::interrupt::EXIT_INTERRUPTED,
        }
    }

    /// An output error for `path`.
    pub fn output(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        CliError::Output {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

/// Errors of `multiscope solve`: what went wrong and what to change.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// Bad or missing input.
    #[error("{0}")]
    Input(String),
    /// Measuring the coefficients of a scene failed.
    #[error("{0}")]
    Measure(String),
    /// The solver refused the parameters or hit a limit.
    #[error(transparent)]
    Coarse(#[from] crate::coarse::CoarseError),
    /// An output file could not be written.
    #[error("cannot write {path}: {message}; check that the --out folder is writable")]
    Write {
        /// The file.
        path: String,
        /// The system's message.
        message: String,
    },
}
