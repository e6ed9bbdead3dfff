//! The live session without a window: the MD worker driven by commands, the coarse-grained view
//! it runs beside the MD, and the exports it writes.

#[path = "../common/mod.rs"]
mod common;

mod coarse;
mod export;
mod worker;
