//! Claim: `multiscope run --dump` writes LAMMPS `dump custom` frames that the streaming reader
//! gives back exactly (every position bit for bit, in any frame order), and a file still being
//! written is indexed to its last complete frame and extended by `refresh`.

use std::io::Write;

use multiscope::scene::Scene;
use multiscope::trajectory::{DumpWriter, Trajectory};

use crate::common::{run, scratch};

#[test]
fn frames_round_trip_in_any_order() {
    let dir = scratch("trajectory_round_trip");
    let path = dir.join("trajectory_round_trip.lammpstrj");
    let scene = Scene::load("tests/scenes/small.ron".as_ref()).unwrap();
    let mut sim = scene.build("small").unwrap();
    let mut writer = DumpWriter::create(&path).unwrap();
    let mut expected = Vec::new();
    for _ in 0..5 {
        sim.run(10).unwrap();
        writer.write_simulation(&sim).unwrap();
        let b = sim.system.periodic_box;
        expected.push((
            sim.state.step,
            (0..sim.system.atoms())
                .map(|i| sim.state.unwrapped(i, &b))
                .collect::<Vec<_>>(),
        ));
    }
    drop(writer);
    let mut t = Trajectory::open(&path).unwrap();
    assert_eq!(t.frame_count(), 5);
    for i in [3, 0, 4, 1, 2, 2] {
        let f = t.read_frame(i).unwrap();
        assert_eq!(f.step, expected[i].0);
        assert_eq!(t.step(i), Some(expected[i].0));
        assert_eq!(f.positions, expected[i].1, "frame {i}");
        assert_eq!(f.ids[0], 1);
        assert_eq!(
            f.types[0], 2,
            "atom 0 is the nanoparticle's (LAMMPS type 2)"
        );
        assert_eq!(*f.types.last().unwrap(), 1);
        let l = sim.system.periodic_box.length();
        assert_eq!(f.box_bounds, [[0.0, l]; 3]);
    }

    // Appending half a frame does not add a frame; finishing it and refreshing does.
    let text = std::fs::read_to_string(&path).unwrap();
    let second = text.find("ITEM: TIMESTEP\n20").unwrap();
    let third = text[second + 1..].find("ITEM: TIMESTEP").unwrap() + second + 1;
    let frame = &text[second..third];
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(&frame.as_bytes()[..frame.len() / 2])
        .unwrap();
    file.flush().unwrap();
    assert_eq!(t.refresh().unwrap(), 5);
    file.write_all(&frame.as_bytes()[frame.len() / 2..])
        .unwrap();
    file.flush().unwrap();
    assert_eq!(t.refresh().unwrap(), 6);
    assert_eq!(t.read_frame(5).unwrap().positions, expected[1].1);
}

#[test]
fn run_dump_writes_one_frame_per_sample() {
    let dir = scratch("run_dump");
    let path = dir.join("run_dump.lammpstrj");
    run([
        "run",
        "tests/scenes/small.ron",
        "--steps",
        "60",
        "--every",
        "20",
        "--dump",
        path.to_str().unwrap(),
    ])
    .ok();
    let mut t = Trajectory::open(&path).unwrap();
    assert_eq!(t.frame_count(), 3);
    let f = t.read_frame(2).unwrap();
    // Steps count from the scene's start: equilibration, then 60 production steps.
    let scene = Scene::load("tests/scenes/small.ron".as_ref()).unwrap();
    assert_eq!(f.step, scene.integration.equilibration_steps + 60);
    assert!(f.positions.iter().flatten().all(|x| x.is_finite()));
}
