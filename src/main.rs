//! The `multiscope` executable.

fn main() {
    std::process::exit(multiscope::cli::main());
}
