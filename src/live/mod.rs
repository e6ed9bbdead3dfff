//! The live session: the MD worker thread, its commands and snapshots, the live measurement it
//! feeds, the coarse-grained worker and the CSV export of what is plotted. Plain Rust, no Bevy:
//! the desktop app ([`crate::app`], feature `gui`) is a thin view over it, and any other front end
//! (a terminal viewer, a replay, a test) drives it the same way.
//!
//! - [`EngineHandle`]: starts the worker ([`worker`]); commands in ([`SimCommand`]), latest-wins
//!   [`Snapshot`]s and [`AnalysisSnapshot`]s out, [`EngineEvent`]s queued.
//! - [`LiveMeasurement`]: the worker's [`crate::measure::Measurement`] (the same accumulators the
//!   `measure` command feeds) with its epoch and restart reason; its [`crate::measure::Report`] is
//!   what the panels show.
//! - [`coarse_worker`]: the Fokker–Planck and Smoluchowski densities of the density pane, advanced
//!   on their own thread.
//! - [`export`]: the plotted series as CSV files.
//!
//! Units: reduced Lennard-Jones (σ, τ, m̂, ε_LJ, k_B = 1).

#![warn(missing_docs)]

pub mod coarse_worker;
mod command;
mod engine;
pub mod export;
mod live_measurement;
mod mailbox;
pub mod replay;
mod snapshot;
pub mod worker;

pub use command::SimCommand;
pub use engine::{EngineHandle, default_md_threads};
pub use live_measurement::{BLOCK_TIME, HeldFriction, LiveMeasurement, RATE_PERIOD, STRESS_EVERY};
pub use snapshot::{AnalysisSnapshot, EngineEvent, EngineSettings, GreenKuboView, Phase, Snapshot};
