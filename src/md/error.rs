//! What can go wrong while simulating.

use thiserror::Error;

/// An error of the atomistic engine. Each message says what happened and what to change.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum MdError {
    /// Forces or energies became non-finite or absurdly large.
    #[error(
        "the simulation blew up at step {step} (t = {time:.4} τ): {what}. \
         Atoms overlap or the time step is too large: reduce `time_step`, lower the temperature, \
         or give the host a lower density"
    )]
    BlowUp {
        /// Step at which it was detected.
        step: u64,
        /// Simulation time [τ].
        time: f64,
        /// What was seen.
        what: String,
    },
    /// An atom moved further in one step than the neighbour list can follow.
    #[error(
        "atom {atom} moved {distance:.3} σ in one step at step {step}, more than half the \
         neighbour-list skin ({half_skin:.3} σ): the time step is too large for these velocities; \
         reduce `time_step` or the temperature"
    )]
    TooFast {
        /// Step at which it was detected.
        step: u64,
        /// Atom index.
        atom: usize,
        /// Displacement in that step [σ].
        distance: f64,
        /// Half the skin [σ].
        half_skin: f64,
    },
    /// The system could not be built as described.
    #[error("cannot build the system: {0}")]
    Build(String),
    /// A checkpoint could not be read or written.
    #[error("checkpoint {path}: {what}")]
    Checkpoint {
        /// File.
        path: String,
        /// What went wrong.
        what: String,
    },
}
