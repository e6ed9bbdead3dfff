//! Claim: the memory estimate of a scene (`Scene::footprint`) is within 25 % of the peak resident
//! memory a real build and run reaches. Peak memory belongs to a whole process, and the other
//! tests of this binary run beside it, so the test runs itself again in a child process of its
//! own, alone, and that child measures.

use multiscope::scene::{Scene, Workload, kib_field};

/// Set in the child process that measures.
const CHILD: &str = "MULTISCOPE_MEMORY_ESTIMATE_CHILD";

#[test]
fn estimate_matches_the_measured_peak_memory() {
    if std::env::var_os(CHILD).is_none() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "memory_estimate::estimate_matches_the_measured_peak_memory",
                "--exact",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        eprintln!("{stderr}");
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "the measuring child process did not pass its one test:\n{stdout}"
        );
        return;
    }
    let base = std::fs::read_to_string("scenes/nanoparticle.ron").unwrap();
    let text = base
        .replace("host_atoms: 3000", "host_atoms: 400000")
        .replace("equilibration_steps: 2000", "equilibration_steps: 0");
    let scene = Scene::parse(&text, "mid").unwrap();
    let before = vm("VmRSS:");
    let estimate = scene.footprint(Workload::Simulation, rayon::current_num_threads());
    let mut sim = scene.build("mid").unwrap();
    sim.run(30).unwrap();
    let peak = vm("VmHWM:") - before;
    let ratio = estimate.bytes / peak;
    eprintln!(
        "estimate {:.0} MiB, measured {:.0} MiB, ratio {ratio:.2}",
        estimate.bytes / 1048576.0,
        peak / 1048576.0
    );
    assert!((0.8..1.25).contains(&ratio), "ratio {ratio}");
}

fn vm(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    kib_field(&status, field).unwrap() as f64
}
