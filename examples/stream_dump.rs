//! Streams a LAMMPS `dump custom` trajectory frame by frame with [`multiscope::trajectory`] and
//! reports what it cost: frames, atoms, time, and this process's peak resident memory (VmHWM),
//! which stays at about one frame however long the file is.
//!
//! `cargo run --release --no-default-features --example stream_dump -- FILE`

use std::time::Instant;

use multiscope::trajectory::{Frame, Trajectory};

/// Peak resident set size [bytes] (VmHWM of /proc/self/status).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    multiscope::scene::kib_field(&status, "VmHWM:")
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stream_dump FILE");
        std::process::exit(2);
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let mut t = match Trajectory::open(path.as_ref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let indexed = start.elapsed().as_secs_f64();
    let mut frame = Frame::default();
    let mut checksum = 0.0;
    for i in 0..t.frame_count() {
        if let Err(e) = t.read_frame_into(i, &mut frame) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        checksum += frame.positions.iter().map(|p| p[0]).sum::<f64>();
    }
    let total = start.elapsed().as_secs_f64();
    println!(
        "{path}: {:.1} MiB, {} frames of {} atoms; indexed in {indexed:.2} s, all frames read in \
         {total:.2} s ({:.1} frames/s); peak RSS {} (checksum {checksum:.3e})",
        size as f64 / 1048576.0,
        t.frame_count(),
        frame.positions.len(),
        t.frame_count() as f64 / (total - indexed).max(1e-9),
        peak_rss_bytes().map_or("?".into(), |b| multiscope::scene::bytes_text(b as f64)),
    );
}
