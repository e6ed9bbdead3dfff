//! Claim: damaged or unfinished LAMMPS output never panics, hangs or yields NaN: a bad record
//! stops the import with an error naming the file, the line and what was expected; an
//! unfinished last record (a run still being written) is left out and the rest is read.
//! The files are in `tests/data/lammps_bad_files/`; each case below names the error it must give.

use std::path::{Path, PathBuf};

use multiscope::lammps::{ExportOptions, SERIES_FILE, export, import, read_log, read_series};
use multiscope::trajectory::Trajectory;

use crate::common::{run, scratch};

fn data(name: &str) -> PathBuf {
    Path::new("tests/data/lammps_bad_files").join(name)
}

fn series_error(name: &str) -> String {
    read_series(&data(name), |_, _| Ok(()))
        .expect_err("a bad series must be refused")
        .to_string()
}

#[test]
fn bad_series_records_name_file_and_line() {
    let cases = [
        (
            "series_wrong_field_count.txt",
            ":3:",
            "10 fields where 18 were expected",
        ),
        (
            "series_not_a_number.txt",
            ":4:",
            "Ry is `abc`, not a number",
        ),
        ("series_blown_up.txt", ":2:", "blew up"),
        ("series_unknown_segment.txt", ":3:", "segment `loose`"),
    ];
    for (file, line, what) in cases {
        let e = series_error(file);
        assert!(
            e.contains(&format!("{file}{line}")) && e.contains(what),
            "{file}: {e}"
        );
    }
}

#[test]
fn a_series_still_being_written_is_read_to_its_last_complete_record() {
    let mut steps = Vec::new();
    let n = read_series(&data("series_still_being_written.txt"), |_, row| {
        steps.push(row.step);
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 2);
    assert_eq!(steps, vec![2002, 2002]);
}

#[test]
fn bad_and_unfinished_logs() {
    let e = read_log(&data("log_bad_thermo_line.lammps"))
        .expect_err("a damaged thermo line must be refused")
        .to_string();
    assert!(
        e.contains("log_bad_thermo_line.lammps:8:") && e.contains("5 fields where 6"),
        "{e}"
    );
    let lines = read_log(&data("log_still_being_written.lammps")).unwrap();
    let steps: Vec<u64> = lines.iter().map(|t| t.step).collect();
    // Step 100 is repeated by the second run (its later line is kept); "300 0.72" is unfinished.
    assert_eq!(steps, vec![0, 100, 200]);
    assert_eq!(lines[1].etotal, -13519.8);
}

#[test]
fn bad_and_unfinished_dumps() {
    let t = Trajectory::open(&data("dump_truncated.lammpstrj")).unwrap();
    assert_eq!(
        t.frame_count(),
        2,
        "the unfinished third frame is not indexed"
    );
    let mut t = t;
    assert_eq!(t.read_frame(1).unwrap().positions[2], [2.5, 0.5, 0.75]);
    let e = t.read_frame(2).expect_err("no third frame").to_string();
    assert!(
        e.contains("frame 2") && e.contains("2 complete frames"),
        "{e}"
    );

    let mut t = Trajectory::open(&data("dump_bad_number.lammpstrj")).unwrap();
    assert_eq!(t.frame_count(), 2);
    assert!(t.read_frame(0).is_ok());
    let e = t.read_frame(1).expect_err("a bad position").to_string();
    assert!(
        e.contains("dump_bad_number.lammpstrj:24:") && e.contains("`zero` is not a number"),
        "{e}"
    );

    let e = Trajectory::open(&data("dump_no_positions.lammpstrj"))
        .expect_err("no position columns")
        .to_string();
    assert!(
        e.contains("dump_no_positions.lammpstrj:9:") && e.contains("xu yu zu"),
        "{e}"
    );
    let e = Trajectory::open(&data("dump_bad_item.lammpstrj"))
        .expect_err("a wrong ITEM line")
        .to_string();
    assert!(
        e.contains("dump_bad_item.lammpstrj:3:") && e.contains("ITEM: NUMBER OF ATOMS"),
        "{e}"
    );
}

#[test]
fn import_names_the_damaged_line_and_the_command_exits_with_2() {
    let dir = scratch("lammps_import_bad_series");
    let scene = multiscope::scene::Scene::default_scene();
    export(&scene, "default", &ExportOptions::default(), &dir).unwrap();

    // No run yet: the series is missing.
    let e = import(&dir, None)
        .expect_err("nothing to import")
        .to_string();
    assert!(e.contains(SERIES_FILE), "{e}");

    std::fs::copy(data("series_not_a_number.txt"), dir.join(SERIES_FILE)).unwrap();
    let e = import(&dir, None)
        .expect_err("a damaged series")
        .to_string();
    assert!(e.contains("nanoparticle.txt:4:"), "{e}");
    let out = run(["import", dir.to_str().unwrap()]).exits(2);
    let err = &out.stderr;
    assert!(
        err.contains("nanoparticle.txt:4:") && err.contains("not a number"),
        "{err}"
    );

    // Too few samples for the error blocks: refused with what to do, not a NaN report.
    std::fs::copy(
        data("series_still_being_written.txt"),
        dir.join(SERIES_FILE),
    )
    .unwrap();
    let e = import(&dir, None).expect_err("too few samples").to_string();
    assert!(
        e.contains("free-segment samples") && e.contains("import again"),
        "{e}"
    );

    // Not an export folder at all.
    let out = run(["import", "tests/data"]).exits(1);
    let err = &out.stderr;
    assert!(
        err.contains("export.json") && err.contains("multiscope export"),
        "{err}"
    );
}
