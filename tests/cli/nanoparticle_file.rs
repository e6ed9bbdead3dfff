//! Claim: `--nanoparticle FILE` puts a structure file's particle in place of the scene's on
//! every command that takes a scene; `check` says what it read; a bad file or a particle that
//! does not fit its box is refused with exit code 2 and the file named; the shipped structure
//! scenes pass `check`.

use crate::common::{run, scratch};

#[test]
fn check_prints_what_it_read() {
    let r = run([
        "check",
        "scenes/lj-fluid.ron",
        "--nanoparticle",
        "assets/structures/c60.xyz",
    ])
    .ok();
    for want in [
        "4060 (4000 host, 60 nanoparticle)",
        "atoms: 60 (C60)",
        "radius of gyration: 3.549 Å = 1.042 σ",
        "bounding radius: 3.549 Å = 1.042 σ",
        "1 σ = 3.405 Å, 1 m̂ = 39.95 u, 1 ε_LJ = 0.2381 kcal/mol (argon)",
        "the real ε = m̂/M = 0.05543",
        "with the host (Lorentz–Berthelot) ε = 0.6641 ε_LJ, σ = 1.004 σ",
        "principal moments 13.06, 13.06, 13.06 m̂σ²",
        "body         Rigid",
    ] {
        assert!(r.stdout.contains(want), "no `{want}` in\n{r}");
    }
}

#[test]
fn the_file_replaces_the_scenes_particle_in_a_run() {
    let r = run([
        "run",
        "scenes/nanoparticle.ron",
        "--nanoparticle",
        "assets/structures/c60.xyz",
        "--steps",
        "20",
        "--json",
    ])
    .ok();
    let j = r.json();
    assert_eq!(j["atoms"], 3060, "{r}");
    assert!(
        j["total_energy_per_atom"]["mean"]
            .as_f64()
            .unwrap()
            .is_finite()
    );
}

#[test]
fn a_bad_structure_file_gives_exit_2_with_its_file_and_line() {
    let dir = scratch("bad-nanoparticle");
    let bad = dir.join("bad.xyz");
    std::fs::write(&bad, "2\ncomment\nC 0 0 0\nQx 1.5 0 0\n").unwrap();
    for command in ["check", "run", "measure", "sweep", "export"] {
        let mut args = vec![
            command.to_string(),
            "default".into(),
            "--nanoparticle".into(),
            bad.display().to_string(),
        ];
        match command {
            "sweep" => args.extend(["--epsilon".into(), "0.01".into()]),
            "export" => args.extend(["--lammps".into(), dir.join("out").display().to_string()]),
            _ => {}
        }
        let r = run(&args).exits(2);
        assert!(
            r.stderr.contains(&format!(
                "{}:4: `Qx` is not an element symbol",
                bad.display()
            )),
            "{r}"
        );
    }
    let r = run(["check", "default", "--nanoparticle", "no-such-file.pdb"]).exits(2);
    assert!(
        r.stderr
            .contains("no-such-file.pdb: cannot read the structure file"),
        "{r}"
    );
}

#[test]
fn a_particle_too_big_for_its_box_gives_exit_2_naming_the_scene_radius_and_box() {
    let r = run(["check", "tests/scenes/bad/structure-does-not-fit.ron"]).exits(2);
    for want in [
        "tests/scenes/bad/structure-does-not-fit.ron:",
        "`nanoparticle.structure`",
        "bounding radius 2.54 σ",
        "does not fit its box (half edge",
        "add host atoms",
    ] {
        assert!(r.stderr.contains(want), "no `{want}` in\n{r}");
    }
    let r = run(["check", "tests/scenes/bad/structure-missing.ron"]).exits(2);
    assert!(r.stderr.contains("no-such-particle.xyz"), "{r}");
}

#[test]
fn the_shipped_structure_scenes_pass_check() {
    for scene in ["scenes/c60.ron", "scenes/gold-147.ron"] {
        let r = run(["check", scene]).ok();
        assert!(r.stdout.contains(&format!("{scene}: ok")), "{r}");
    }
}
