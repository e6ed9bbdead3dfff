//! The manifest of an export (`export.json`): what was exported, for the import to read back,
//! and the columns of the particle's series file. Shared by the export, its input script and the
//! import; it imports nothing from them.

use serde::{Deserialize, Serialize};

/// Format tag of [`Manifest`].
pub const MANIFEST_FORMAT: &str = "multiscope-lammps-export-1";

/// Columns of `nanoparticle.txt`, after the segment label (`free`, `held`, `w0`, `w1`, …):
/// step; R [σ]; P [m̂σ/τ]; F before any constraint [ε_LJ/σ]; T [ε_LJ/k_B]; the pressure tensor
/// xx yy zz xy xz yz [ε_LJ/σ³].
pub const SERIES_COLUMNS: [&str; 17] = [
    "step", "Rx", "Ry", "Rz", "Px", "Py", "Pz", "Fx", "Fy", "Fz", "T", "pxx", "pyy", "pzz", "pxy",
    "pxz", "pyz",
];

/// What an export holds, for [`super::import`] (written as `export.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// The scene's name as given to `export`.
    pub scene_name: String,
    /// Atoms N.
    pub atoms: usize,
    /// Nanoparticle atoms N*.
    pub n_star: usize,
    /// Thermostatted equilibration steps before the free segment.
    pub equilibration_steps: u64,
    /// Free-segment steps.
    pub steps: u64,
    /// Held-segment steps (0: none).
    pub constrained_steps: u64,
    /// Held steps before each held segment or window samples.
    pub relax_steps: u64,
    /// f^th window centres R [σ].
    pub windows: Vec<[f64; 3]>,
    /// Sampled steps per window.
    pub window_steps: u64,
    /// Sampling interval of `nanoparticle.txt` [steps].
    pub every: u64,
    /// Green–Kubo error blocks.
    pub blocks: u64,
    /// Thermo interval of the log [steps].
    pub thermo_every: u64,
    /// Dump interval of production [steps], if dumped.
    pub dump_every: Option<u64>,
    /// How multiscope's thermostat was mapped onto LAMMPS, in words.
    pub thermostat: String,
    /// LAMMPS step at which each segment starts sampling: free, held (if any), each window.
    /// `fix print` also writes the state at this step, before the segment's first step; the
    /// import leaves that record out, as `measure` samples only after steps.
    pub segment_starts: Vec<u64>,
    /// Degrees of freedom of the kinetic energy of the exported system: 3N − 3, less what a
    /// rigid nanoparticle removes (3N* − 6 for a general body). `None` in manifests written
    /// without it (then the import counts them from the scene).
    #[serde(default)]
    pub degrees_of_freedom: Option<f64>,
    /// Whether the nanoparticle moves as one rigid body (`fix rigid/nve` or `rigid/nvt`).
    #[serde(default)]
    pub rigid: bool,
    /// Pair energy between the rigid body's own atoms U_body [ε_LJ]: a constant that LAMMPS
    /// leaves out of `pe` (`neigh_modify exclude molecule/intra`) and the import adds back, so
    /// that U and E agree with multiscope's (which computes those pairs). 0 without a rigid body.
    #[serde(default)]
    pub body_pair_energy: f64,
    /// What the export left out or changed, in words (also written into the input script).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Manifest {
    /// The LAMMPS step at which `segment` starts sampling, if the export has it.
    pub fn start_of(&self, segment: crate::measure::Segment) -> Option<u64> {
        use crate::measure::Segment;
        let held = usize::from(self.constrained_steps > 0);
        match segment {
            Segment::Free => self.segment_starts.first().copied(),
            Segment::Constrained if held == 1 => self.segment_starts.get(1).copied(),
            Segment::Constrained => None,
            Segment::Window(k) => self.segment_starts.get(1 + held + k).copied(),
        }
    }
}
