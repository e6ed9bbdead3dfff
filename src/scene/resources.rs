//! What a scene will cost before anything is built: peak memory, build time and step time, and
//! how much memory this machine has to give. Every command checks a scene here before it
//! allocates the system, so a scene too big for the machine is refused with an error instead of
//! an abort from the allocator.

use super::SceneError;
use super::schema::Scene;
use crate::md::PairInteraction;

/// Bytes per atom that a running simulation keeps whatever its list holds: positions, velocities,
/// forces (3 × 8 bytes each), image counters (3 × 4), mass (8) and type (4), the cluster list's
/// row offset (1 per cluster of 4) and the two reference copies of the positions (2 × 24).
const STATE_BYTES: f64 = 24.0 * 3.0 + 12.0 + 8.0 + 4.0 + 1.0 + 48.0;

/// Bytes per cluster slot (about 1.1 slots per atom with the padding of the columns) that the
/// cluster list keeps: atom and slot of each atom (2 × 4), image counters at the build (12), type
/// (4), sorted coordinates now and at the last prune (2 × 24), the kernel's coordinate tiles (48:
/// a cluster's 64-byte tile per axis) and the summed force (24); each thread adds
/// [`THREAD_SLOT_BYTES`].
const SLOT_BYTES: f64 = 8.0 + 12.0 + 4.0 + 48.0 + 48.0 + 24.0;

/// Bytes per cluster slot and thread: the forces on the thread's i-atoms (24) and its force tiles
/// (48).
const THREAD_SLOT_BYTES: f64 = 24.0 + 48.0;

/// Bytes per atom needed only while the list is rebuilt: the unwrapped positions (24), the column
/// of each atom and the atoms in column order (2 × 4), the clusters' bounding boxes (48 per
/// cluster) and columns (8 per cluster). The per-chunk pair lists add their pairs once more.
const REBUILD_BYTES: f64 = 24.0 + 8.0 + 12.0 + 2.0;

/// Bytes per atom while the scene is built: the host positions as placed (24) and the lattice
/// bookkeeping, still alive when the first list is built.
const BUILD_BYTES: f64 = 24.0;

/// Bytes per host atom of the host VACF and MSD of `measure` (two multiple-tau ladders of 12
/// levels × 16 points × 3 coordinates × 8 bytes, plus their pending averages and frames).
pub const HOST_CORRELATOR_BYTES: f64 = 2.0 * (12.0 * 16.0 + 13.0) * 3.0 * 8.0 + 48.0;

/// Listed pairs handled per second and thread on the reference processor (an AMD EPYC, measured
/// with `multiscope bench --atoms 256000`: 2.6·10⁶ atom-steps/s on 2 threads with 39 listed pairs
/// per atom); used only for the time estimates `check` prints.
const PAIRS_PER_SECOND_PER_THREAD: f64 = 5.0e7;

/// Atoms built per second, first forces included (reference processor: a 10⁶-atom scene builds in
/// 3.5 s).
const ATOMS_BUILT_PER_SECOND: f64 = 3.0e5;

/// What a scene will cost, estimated from its numbers alone (nothing is allocated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Footprint {
    /// Atoms N (host and nanoparticle).
    pub atoms: usize,
    /// Pairs per atom in the half Verlet list, ρ·(2π/3)·(r_c + skin)³ [dimensionless].
    pub pairs_per_atom: f64,
    /// Worker threads the estimate assumes (each has a force buffer).
    pub threads: usize,
    /// Peak memory of one simulation [bytes].
    pub simulation_bytes: f64,
    /// Peak memory of the whole command [bytes] (several simulations and the correlators for
    /// `measure`).
    pub bytes: f64,
    /// Time to build the system and its first neighbour list [s] (reference processor).
    pub build_seconds: f64,
    /// Time of one MD step [s] (reference processor, `threads` threads).
    pub step_seconds: f64,
}

/// What the memory is needed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// One simulation (`check`, `run`, `bench`, the app).
    Simulation,
    /// `measure`: `copies` simulations alive at once (the original and the segments running side
    /// by side), plus the host correlators when `host` is set.
    Measure {
        /// Simulations alive at the same time.
        copies: usize,
        /// Whether the host VACF and MSD are measured.
        host: bool,
    },
}

/// Largest list radius r_c + skin [σ] of the scene's interactions.
pub(crate) fn list_radius(scene: &Scene) -> f64 {
    let mut pairs = vec![scene.interactions.host_host];
    if let Some(p) = scene.particle() {
        pairs.extend(p.interactions.into_iter().flatten());
    }
    let cutoff = pairs
        .iter()
        .filter(|p| !matches!(p, PairInteraction::None))
        .map(|p| p.cutoff())
        .fold(0.0, f64::max);
    cutoff + scene.integration.skin
}

/// Pairs per atom of the half Verlet list, ρ·(2π/3)·r³ with r the list radius [σ] and ρ the
/// number density [σ⁻³].
pub fn pairs_per_atom(scene: &Scene) -> f64 {
    let n = (scene.host_atoms + scene.n_star()) as f64;
    let rho = n / scene.box_length().powi(3);
    rho * 2.0 * std::f64::consts::PI / 3.0 * list_radius(scene).powi(3)
}

impl Footprint {
    /// Estimates the cost of `scene` (already validated) for `workload` on `threads` threads.
    pub fn of(scene: &Scene, workload: Workload, threads: usize) -> Footprint {
        let atoms = scene.host_atoms + scene.n_star();
        let threads = threads.max(1);
        let pairs = pairs_per_atom(scene);
        let n = atoms as f64;
        // The cluster list holds about pairs/4 cluster pairs per atom (each i-cluster of 4 atoms
        // meets about as many j-clusters as one atom has listed pairs; 4 bytes each). It grows by
        // doubling while it is filled the first time, so its capacity is between one and two
        // times that (1.5 on average); the chunk lists of a rebuild are allocated for 64 cluster
        // pairs per cluster (16 per atom) and hold the pairs once more. Measured peak RSS
        // (tests/cli/memory_estimate.rs, 400 000 atoms, 2 threads, with the kernel's tiles): 246 MiB
        // against an estimate of 251 MiB.
        let cluster_pairs = 1.05 * pairs / 4.0;
        let list = 4.0 * cluster_pairs * 1.5;
        let chunks = 4.0 * (1.5 * cluster_pairs).max(16.0);
        let slots = 1.1 * (SLOT_BYTES + THREAD_SLOT_BYTES * threads as f64);
        let per_atom = STATE_BYTES + BUILD_BYTES + REBUILD_BYTES + list + chunks + slots;
        let simulation_bytes = n * per_atom;
        let bytes = match workload {
            Workload::Simulation => simulation_bytes,
            Workload::Measure { copies, host } => {
                let correlators = if host {
                    scene.host_atoms as f64 * HOST_CORRELATOR_BYTES
                } else {
                    0.0
                };
                copies.max(1) as f64 * simulation_bytes + correlators
            }
        };
        Footprint {
            atoms,
            pairs_per_atom: pairs,
            threads,
            simulation_bytes,
            bytes,
            build_seconds: n / ATOMS_BUILT_PER_SECOND,
            step_seconds: n * pairs / (PAIRS_PER_SECOND_PER_THREAD * threads as f64),
        }
    }

    /// Refuses the scene when [`Footprint::bytes`] exceeds `available` [bytes]; `file` names the
    /// scene and `what` the command's share (e.g. "a run") in the message.
    pub fn check(&self, file: &str, available: Option<Available>) -> Result<(), SceneError> {
        let Some(avail) = available else {
            return Ok(());
        };
        if self.bytes <= avail.bytes as f64 {
            return Ok(());
        }
        let per_atom = self.bytes / self.atoms.max(1) as f64;
        let fit = (avail.bytes as f64 / per_atom).floor();
        Err(SceneError::TooLarge {
            file: file.into(),
            message: format!(
                "{} atoms need about {} of memory ({:.0} bytes per atom: positions, velocities, \
                 forces, images, a neighbour list of {:.0} pairs per atom, {} per-thread force \
                 buffer(s), cell list{}), but {} are available ({}); use at most about {} host \
                 atoms, fewer threads (--threads) or a machine with more memory",
                self.atoms,
                bytes_text(self.bytes),
                per_atom,
                self.pairs_per_atom,
                self.threads,
                if self.bytes > self.simulation_bytes * 1.01 {
                    ", copies for the measurement segments and the host correlators (--no-host \
                     drops those)"
                } else {
                    ""
                },
                bytes_text(avail.bytes as f64),
                avail.source,
                fit.max(0.0) as u64
            ),
        })
    }
}

/// Memory this process may still use, and where that number came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Available {
    /// Bytes.
    pub bytes: u64,
    /// Where the limit comes from (e.g. "MemAvailable in /proc/meminfo").
    pub source: &'static str,
}

/// The memory this process may still use: the smallest of MemAvailable in /proc/meminfo, the
/// control group's limit less its usage, and the address-space limit (`ulimit -v`). `None` where
/// none of them can be read (not Linux): then no scene is refused for its size.
pub fn available_memory() -> Option<Available> {
    let mut best: Option<Available> = None;
    let mut offer = |bytes: Option<u64>, source: &'static str| {
        if let Some(bytes) = bytes
            && best.is_none_or(|b| bytes < b.bytes)
        {
            best = Some(Available { bytes, source });
        }
    };
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok();
    offer(
        meminfo
            .as_deref()
            .and_then(|t| kib_field(t, "MemAvailable:")),
        "MemAvailable in /proc/meminfo",
    );
    let cgroup = |name: &str| {
        std::fs::read_to_string(format!("/sys/fs/cgroup/{name}"))
            .ok()
            .and_then(|t| t.trim().parse::<u64>().ok())
    };
    if let (Some(max), Some(current)) = (cgroup("memory.max"), cgroup("memory.current")) {
        offer(
            Some(max.saturating_sub(current)),
            "the control group's memory.max less memory.current",
        );
    }
    let limits = std::fs::read_to_string("/proc/self/limits").ok();
    offer(
        limits.as_deref().and_then(address_space_limit).map(|max| {
            let used = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|t| kib_field(&t, "VmSize:"))
                .unwrap_or(0);
            max.saturating_sub(used)
        }),
        "the address-space limit (ulimit -v) less this process's size",
    );
    best
}

/// A `Name:   123 kB` field of /proc/meminfo or /proc/self/status, in bytes.
pub fn kib_field(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name))?;
    let kib: u64 = line[name.len()..].split_whitespace().next()?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The soft "Max address space" of /proc/self/limits in bytes (`None` when unlimited).
fn address_space_limit(limits: &str) -> Option<u64> {
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    line["Max address space".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Bytes as `1.5 GiB`, `300 MiB`, `12 KiB`.
pub fn bytes_text(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes;
    let mut k = 0;
    while v >= 1024.0 && k + 1 < UNITS.len() {
        v /= 1024.0;
        k += 1;
    }
    if k == 0 {
        format!("{v:.0} bytes")
    } else {
        format!("{v:.1} {}", UNITS[k])
    }
}

/// Seconds as `0.3 s`, `12 min`, `3.2 h`, `4.1 days`.
pub fn seconds_text(s: f64) -> String {
    if s < 60.0 {
        format!("{s:.2} s")
    } else if s < 3600.0 {
        format!("{:.1} min", s / 60.0)
    } else if s < 86400.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meminfo_and_limits_are_read() {
        let meminfo = "MemTotal:       16000000 kB\nMemAvailable:    8000000 kB\n";
        assert_eq!(kib_field(meminfo, "MemAvailable:"), Some(8_192_000_000));
        assert_eq!(kib_field("nothing", "MemAvailable:"), None);
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max address space         4096000000           unlimited            bytes\n";
        assert_eq!(address_space_limit(limits), Some(4_096_000_000));
        let unlimited =
            "Max address space         unlimited            unlimited            bytes\n";
        assert_eq!(address_space_limit(unlimited), None);
    }

    #[test]
    fn a_scene_too_big_for_the_memory_is_refused_with_the_numbers() {
        let mut scene = Scene::default_scene();
        scene.host_atoms = 20_000_000;
        let f = Footprint::of(&scene, Workload::Simulation, 2);
        assert!(f.bytes > 4e9 && f.bytes < 2e10, "{}", f.bytes);
        let small = Available {
            bytes: 1 << 30,
            source: "a test",
        };
        let e = f.check("big.ron", Some(small)).unwrap_err().to_string();
        assert!(e.starts_with("big.ron: 20000087 atoms need about"), "{e}");
        assert!(e.contains("1.0 GiB are available (a test)"), "{e}");
        assert!(e.contains("use at most about"), "{e}");
        assert!(f.check("big.ron", None).is_ok());
        let plenty = Available {
            bytes: 1 << 40,
            source: "a test",
        };
        assert!(f.check("big.ron", Some(plenty)).is_ok());
    }

    #[test]
    fn measure_needs_more_than_a_run() {
        let scene = Scene::default_scene();
        let run = Footprint::of(&scene, Workload::Simulation, 2);
        let host = Workload::Measure {
            copies: 3,
            host: true,
        };
        let measure = Footprint::of(&scene, host, 2);
        assert!(measure.bytes > 3.0 * run.bytes + 3000.0 * 9000.0);
    }

    #[test]
    fn texts() {
        assert_eq!(bytes_text(512.0), "512 bytes");
        assert_eq!(bytes_text(1.5 * 1024.0 * 1024.0 * 1024.0), "1.5 GiB");
        assert_eq!(seconds_text(90.0), "1.5 min");
        assert_eq!(seconds_text(7200.0), "2.0 h");
    }
}
