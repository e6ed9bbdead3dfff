//! [`SimCommand`]: what a front end asks of the MD worker.

use std::path::PathBuf;

use crate::scene::Scene;

/// A request to the MD worker. Each takes effect before the next MD step.
#[derive(Debug, Clone, PartialEq)]
pub enum SimCommand {
    /// One rendered frame passed: grants `steps_per_frame` steps while playing.
    Frame,
    /// Run continuously (paced by frames).
    Play,
    /// Stop stepping.
    Pause,
    /// Advance exactly one MD step (while paused).
    Step,
    /// Rebuild the current scene (with the current settings) from its seed and re-equilibrate.
    Reset,
    /// Reset with another seed of every random stream.
    SetSeed(u64),
    /// MD steps granted per frame.
    SetStepsPerFrame(u32),
    /// Run as fast as the worker can, ignoring the per-frame grant (`true`), or paced by frames.
    SetFlatOut(bool),
    /// Mass ratio ε = m̂/m [dimensionless].
    SetEpsilon(f64),
    /// Target temperature T [ε_LJ/k_B] of the thermostat.
    SetTemperature(f64),
    /// Time step Δt [τ].
    SetTimeStep(f64),
    /// Thermostat on (the scene's, or Bussi with τ_T = 2τ if the scene has none) or off (NVE).
    SetThermostat(bool),
    /// Hold the nanoparticle's centre of mass fixed (constrained dynamics, measures θ) or free it.
    SetConstrained(bool),
    /// Hold the nanoparticle for at least this long [τ] of production and until ζ has an error
    /// bar (two error blocks, 2 × [`super::BLOCK_TIME`]), then free it: ζ is measured on the held
    /// particle first, and the free particle's predictions use it.
    HoldFor(f64),
    /// Measure the host's viscosity η (the stress every [`super::STRESS_EVERY`] steps, with energies and
    /// virial on those steps) or not; its correlator restarts either way.
    SetViscosity(bool),
    /// Load a scene file; on failure the running simulation goes on and the error is reported.
    LoadScene(PathBuf),
    /// Load an already parsed scene (`name` names it in messages).
    LoadParsedScene(Box<Scene>, String),
    /// Put the particle of this structure file (XYZ, PDB, mmCIF, LAMMPS data) in place of the
    /// running scene's nanoparticle and load the result; on failure the running simulation
    /// goes on and the error (file, line, fix) is reported.
    ReplaceNanoparticle(PathBuf),
    /// Write the current scene, with the current settings, as RON to this path.
    SaveScene(PathBuf),
    /// End the worker thread.
    Shutdown,
}
