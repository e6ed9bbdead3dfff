//! What this machine offers multiscope, checked without Bevy: the processor and the SIMD path the
//! MD will take ([`processor`]), the display the window needs ([`display`]), and the advice for
//! whatever is missing ([`advice`]). `multiscope doctor` prints all of it; the app checks the
//! display here before Bevy starts, so that a missing one is one clear sentence and not a panic.

pub mod advice;
pub mod display;
pub mod processor;

pub use display::{DisplayCheck, check_display};
pub use processor::Processor;
