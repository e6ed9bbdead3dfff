//! Helpers shared by every integration-test binary (each `tests/<layer>/main.rs` has
//! `mod common;`): scenes to build on, the `multiscope` binary and a runner for it, self-cleaning
//! scratch folders, PNG pixels, the window-test gate, files that announce their own error, and
//! the drivers of the live worker ([`live`]) and of LAMMPS ([`lammps`]).
#![allow(dead_code)]

pub mod lammps;
pub mod live;
pub mod lj_reference;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use multiscope::md::Simulation;
use multiscope::scene::Scene;

/// The path of the `multiscope` binary Cargo built for these tests.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_multiscope")
}

/// A command running the `multiscope` binary (from the package root, as every test runs).
pub fn multiscope() -> Command {
    Command::new(bin())
}

/// What a finished command printed and how it exited.
pub struct Run {
    /// The command line, for messages.
    pub command: String,
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The run of `command` that gave `o`.
    pub fn new(command: &Command, o: Output) -> Self {
        let args: Vec<_> = command.get_args().map(OsStr::to_string_lossy).collect();
        Self {
            command: format!(
                "{} {}",
                command.get_program().to_string_lossy(),
                args.join(" ")
            ),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Whether it exited with code 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Itself, after checking that it succeeded (panics with the whole output otherwise).
    pub fn ok(self) -> Self {
        assert!(self.success(), "{self}");
        self
    }

    /// Itself, after checking its exit code (panics with the whole output otherwise).
    pub fn exits(self, code: i32) -> Self {
        assert_eq!(self.code, Some(code), "{self}");
        self
    }

    /// Standard output as one JSON value (panics with the whole output otherwise).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self}"))
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` exited with {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.command, self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `multiscope` with `args` and waits for it.
pub fn run<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Run {
    run_command(multiscope().args(args))
}

/// Runs a prepared command (environment, working folder, another program) and waits for it.
pub fn run_command(command: &mut Command) -> Run {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{:?} does not start: {e}", command.get_program()));
    Run::new(command, output)
}

/// A fresh, empty folder for one test, removed when dropped unless the test failed or
/// `MULTISCOPE_KEEP_SCRATCH=1` asks to keep it (then its path is printed). Dereferences to its
/// [`Path`].
pub struct Scratch {
    path: PathBuf,
}

/// A [`Scratch`] folder named after `test` (plus the process and a counter: unique per call)
/// in Cargo's temporary folder for integration tests.
pub fn scratch(test: &str) -> Scratch {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{test}-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scratch { path }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking()
            || std::env::var("MULTISCOPE_KEEP_SCRATCH").is_ok_and(|v| v == "1")
        {
            eprintln!("scratch folder kept: {}", self.path.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<OsStr> for Scratch {
    fn as_ref(&self) -> &OsStr {
        self.path.as_os_str()
    }
}

/// Whether the tests that need an X server run: `MULTISCOPE_WINDOW_TEST=1` (as `scripts/test`
/// sets under Xvfb); otherwise says it skipped and why (`needs`).
pub fn window_test(needs: &str) -> bool {
    let on = std::env::var("MULTISCOPE_WINDOW_TEST").as_deref() == Ok("1");
    if !on {
        eprintln!("skipped: needs MULTISCOPE_WINDOW_TEST=1 ({needs})");
    }
    on
}

/// A PNG file's width, height and pixels as RGB (grey expanded, alpha dropped).
pub fn png_rgb(path: &Path) -> (usize, usize, Vec<[u8; 3]>) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|px| match channels {
            1 | 2 => [px[0], px[0], px[0]],
            _ => [px[0], px[1], px[2]],
        })
        .collect();
    (info.width as usize, info.height as usize, pixels)
}

/// Checks every file of `dir` against the error its first line announces (`// expect: <text>`,
/// parts separated by ` ... `): `load` must refuse it with an error that starts with the file's
/// name and contains each part. Returns how many files were checked.
pub fn each_bad_file_gives_its_error(
    dir: &str,
    load: impl Fn(&Path) -> Result<(), String>,
) -> usize {
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .unwrap_or_else(|| panic!("{} lacks an `// expect:` first line", path.display()));
        let err = match load(&path) {
            Ok(()) => panic!("{} was accepted", path.display()),
            Err(e) => e,
        };
        let name = path.display().to_string();
        assert!(
            err.starts_with(&name),
            "{name}: error does not name the file: {err}"
        );
        for part in expect.split(" ... ") {
            assert!(err.contains(part), "{name}: expected `{part}` in: {err}");
        }
        checked += 1;
    }
    checked
}

/// Parses scene text (panics with the error on failure: test scenes are written to be valid).
pub fn scene(text: &str) -> Scene {
    Scene::parse(text, "test scene").unwrap_or_else(|e| panic!("{e}"))
}

/// Builds a simulation from scene text.
pub fn build(text: &str) -> Simulation {
    scene(text)
        .build("test scene")
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The small test scene every physics test builds on: a 13-atom sphere (radius 1.6σ, shifted LJ
/// to the host with ε = 1.2, σ = 1.05, WCA inside) in an LJ host at ρ = 0.8, T = 1, Δt = 0.004 τ.
/// Each field is a parameter; [`SmallScene::default`] is the fastest variant.
#[derive(Clone, Debug)]
pub struct SmallScene {
    /// One-line description.
    pub description: &'static str,
    /// Seed of every random stream.
    pub seed: u64,
    /// Host atoms.
    pub host: usize,
    /// Mass ratio ε = m̂/m (m = 1/ε m̂ for the 13 atoms together).
    pub epsilon: f64,
    /// Thermostatted equilibration steps.
    pub equilibration_steps: u64,
    /// The thermostat kind in RON (`None`, `Bussi(tau: 1.0)`, `Langevin(friction: 0.5)`).
    pub thermostat: String,
    /// When it acts (`Always` or `Equilibration`).
    pub during: &'static str,
    /// The external field in RON.
    pub field: String,
    /// Whether the centre of mass is held.
    pub constrained: bool,
    /// Arithmetic of the pair forces in RON (`Double` or `Mixed`).
    pub precision: &'static str,
}

impl Default for SmallScene {
    fn default() -> Self {
        Self {
            description: "test",
            seed: 5,
            host: 300,
            epsilon: 0.05,
            equilibration_steps: 0,
            thermostat: "None".into(),
            during: "Always",
            field: "None".into(),
            constrained: false,
            precision: "Double",
        }
    }
}

impl SmallScene {
    /// The scene as RON text.
    pub fn text(&self) -> String {
        let Self {
            description,
            seed,
            host,
            epsilon,
            equilibration_steps,
            thermostat,
            during,
            field,
            constrained,
            precision,
        } = self;
        format!(
            r#"(
    version: 1,
    description: "{description}",
    seed: {seed},
    host_atoms: {host},
    box: Density(0.8),
    temperature: 1.0,
    nanoparticle: Some((
        shape: Sphere(radius: 1.6, lattice_density: 1.0),
        epsilon: {epsilon:?},
        bond_cutoff: 1.7,
        bond_stiffness: 50.0,
        constrained: {constrained},
    )),
    interactions: (
        host_host: LennardJones((epsilon: 1.0, sigma: 1.0, cutoff: 2.5, shift: true)),
        host_nanoparticle: LennardJones((epsilon: 1.2, sigma: 1.05, cutoff: 2.5, shift: true)),
        nanoparticle_nanoparticle: Wca((epsilon: 1.0, sigma: 0.8)),
    ),
    integration: (time_step: 0.004, skin: 0.3, equilibration_steps: {equilibration_steps}, precision: {precision}),
    thermostat: (kind: {thermostat}, during: {during}),
    field: {field},
)"#
        )
    }

    /// The parsed scene.
    pub fn scene(&self) -> Scene {
        scene(&self.text())
    }
}

/// [`SmallScene`] with `host` atoms, the given field, thermostat (acting always) and constraint,
/// no equilibration: fast enough for tests that run in seconds.
pub fn small_nanoparticle(host: usize, field: &str, thermostat: &str, constrained: bool) -> String {
    SmallScene {
        host,
        field: field.into(),
        thermostat: thermostat.into(),
        constrained,
        ..SmallScene::default()
    }
    .text()
}

/// A shipped scene file, with `(from, to)` replacements applied to its text (each must match).
pub fn scene_variant(file: &str, replacements: &[(&str, &str)]) -> Scene {
    let mut text = std::fs::read_to_string(file).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "{file} has no `{from}`");
        text = text.replace(from, to);
    }
    Scene::parse_in(&text, file, Path::new(file).parent()).unwrap()
}

/// A shipped scene file as it is.
pub fn shipped_scene(file: &str) -> Scene {
    scene_variant(file, &[])
}

/// Total momentum Σ m v.
pub fn momentum(sim: &Simulation) -> [f64; 3] {
    sim.total_momentum()
}
