//! Claim: a dump replays as the snapshots the live worker would have published: every frame,
//! the nanoparticle's atoms first with their type, the positions wrapped into the box, and the
//! centre of mass R that the MD itself had at that step; a path with nothing to replay is refused
//! with what to give instead. (A LAMMPS export folder adds the import's analysis: `open --replay`
//! on one is looked at under Xvfb, docs/app.md, "Replay".)

use multiscope::live::replay::Replay;
use multiscope::scene::Scene;
use multiscope::trajectory::DumpWriter;

use crate::common::scratch;

#[test]
fn a_dump_replays_frame_by_frame_with_the_md_centre_of_mass() {
    let dir = scratch("replay_frames");
    let path = dir.join("replay_frames.lammpstrj");
    let scene = Scene::load("tests/scenes/small.ron".as_ref()).unwrap();
    let mut sim = scene.build("small").unwrap();
    assert!(sim.system.n_star > 0, "the test scene has a nanoparticle");
    let mut writer = DumpWriter::create(&path).unwrap();
    let mut expected = Vec::new();
    for _ in 0..4 {
        sim.run(15).unwrap();
        writer.write_simulation(&sim).unwrap();
        expected.push((sim.state.step, sim.order_parameters().r));
    }
    drop(writer);
    let mut replay = Replay::open(&path).unwrap();
    assert_eq!(replay.frames(), 4);
    assert!(replay.analysis.is_none(), "a dump alone has no analysis");
    let l = sim.system.periodic_box.length();
    for i in [2, 0, 3, 1] {
        let s = replay.snapshot(i, false).unwrap();
        assert_eq!(s.step, expected[i].0);
        assert_eq!(s.n_star, sim.system.n_star);
        assert_eq!(s.positions.len(), sim.system.atoms());
        assert!(s.types[..s.n_star].iter().all(|&t| t == 1));
        assert!(s.types[s.n_star..].iter().all(|&t| t == 0));
        assert!((s.box_length - l).abs() < 1e-12);
        assert!(
            s.positions
                .iter()
                .flatten()
                .all(|&x| (0.0..=l as f32).contains(&x)),
            "frame {i}: a position outside the box"
        );
        // The nanoparticle's atoms have equal masses: R is their mean unwrapped position. The
        // dump keeps every digit (%.17g), so R agrees to round-off.
        for d in 0..3 {
            assert!(
                (s.order.r[d] - expected[i].1[d]).abs() < 1e-9,
                "frame {i}: R {:?} against the MD's {:?}",
                s.order.r,
                expected[i].1
            );
        }
    }
}

#[test]
fn nothing_to_replay_is_refused_with_what_to_give() {
    let dir = scratch("replay_nothing");
    let e = Replay::open(&dir).unwrap_err().to_string();
    assert!(e.contains("export.json") && e.contains("--dump"), "{e}");
    std::fs::write(dir.join("export.json"), "{}").unwrap();
    let e = Replay::open(&dir).unwrap_err().to_string();
    assert!(e.contains("--dump-every"), "{e}");
    let empty = dir.join("empty.lammpstrj");
    std::fs::write(&empty, "").unwrap();
    let e = Replay::open(&empty).unwrap_err().to_string();
    assert!(e.contains("empty.lammpstrj"), "{e}");
    let missing = dir.join("missing.lammpstrj");
    let e = Replay::open(&missing).unwrap_err().to_string();
    assert!(e.contains("missing.lammpstrj"), "{e}");
}
