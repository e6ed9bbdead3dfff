//! `cargo bench --bench coarse`: throughput of the coarse-grained solvers (the same figures as
//! `multiscope bench --coarse`).

fn main() {
    print!("{}", multiscope::coarse::bench_coarse());
}
