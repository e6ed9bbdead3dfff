//! Which instruction set the force kernels run on: detection at run time and an override.
//!
//! On AVX2 and AVX-512 the tile kernel runs: plain Rust over tiles one vector register wide
//! (64 bytes on AVX-512: `[f64; 8]`, `[f32; 16]`; 32 bytes on AVX2: `[f64; 4]`, `[f32; 8]`; see
//! `super::cluster_kernel`) that the compiler turns into SIMD instructions, compiled once per
//! instruction set with `#[target_feature]`. On the baseline (SSE2 on x86-64, NEON on aarch64)
//! the row kernel runs: explicit 128-bit vectors, one i-atom against a j-cluster's four atoms at
//! a time ([`Isa::Simd128`]). [`active`] picks the widest path the processor has unless
//! [`force`] chose one.
//! Every path performs the same IEEE operations on each pair, in the same order (neither Rust nor
//! the vector crate fuses a multiply and an add), and in double precision every sum runs in the
//! same order too, so all paths give bit-identical forces in double precision.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};

/// An instruction-set path of the force kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// The 128-bit SIMD baseline of the target: SSE2 on x86-64, NEON on aarch64 (where NEON is
    /// part of the baseline, so this is the NEON path there). Named `simd128`; the old name
    /// `scalar` is accepted too.
    Simd128,
    /// x86-64 with AVX2 (256-bit vectors).
    Avx2,
    /// x86-64 with AVX-512F (512-bit vectors).
    Avx512,
    /// aarch64 with NEON (128-bit vectors).
    Neon,
}

impl Isa {
    /// Every path, narrowest first.
    pub const ALL: [Isa; 4] = [Isa::Simd128, Isa::Avx2, Isa::Avx512, Isa::Neon];

    /// The name used on the command line and in `bench` output.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Simd128 => "simd128",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
            Isa::Neon => "neon",
        }
    }

    /// Whether this processor can run the path.
    pub fn is_available(self) -> bool {
        match self {
            Isa::Simd128 => true,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => std::arch::is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            #[cfg(target_arch = "aarch64")]
            Isa::Neon => std::arch::is_aarch64_feature_detected!("neon"),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// The paths this processor can run, narrowest first.
    pub fn available() -> Vec<Isa> {
        Isa::ALL.into_iter().filter(|i| i.is_available()).collect()
    }

    /// The widest path this processor can run.
    pub fn detect() -> Isa {
        *Isa::available().last().unwrap_or(&Isa::Simd128)
    }

    fn code(self) -> u8 {
        match self {
            Isa::Simd128 => 1,
            Isa::Avx2 => 2,
            Isa::Avx512 => 3,
            Isa::Neon => 4,
        }
    }
}

impl fmt::Display for Isa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name the 128-bit path had before it was called [`Isa::Simd128`], still accepted.
const SIMD128_ALIAS: &str = "scalar";

impl FromStr for Isa {
    type Err = String;
    /// A path by its [`Isa::name`], or `scalar` for [`Isa::Simd128`].
    fn from_str(s: &str) -> Result<Self, String> {
        if s == SIMD128_ALIAS {
            return Ok(Isa::Simd128);
        }
        Isa::ALL.into_iter().find(|i| i.name() == s).ok_or_else(|| {
            format!("unknown instruction set `{s}`: expected simd128, avx2, avx512 or neon")
        })
    }
}

/// 0 = not forced (detect); otherwise [`Isa::code`].
static FORCED: AtomicU8 = AtomicU8::new(0);

/// Forces every later force evaluation in this process onto `isa` (`None`: back to detection).
/// Errors, naming the paths this processor has, if it cannot run `isa`.
pub fn force(isa: Option<Isa>) -> Result<(), String> {
    match isa {
        None => FORCED.store(0, Ordering::Relaxed),
        Some(i) if i.is_available() => FORCED.store(i.code(), Ordering::Relaxed),
        Some(i) => {
            let have: Vec<_> = Isa::available().iter().map(|i| i.name()).collect();
            return Err(format!(
                "this processor cannot run the {i} path; it has: {}",
                have.join(", ")
            ));
        }
    }
    Ok(())
}

/// The path the kernels use now: the forced one, else the widest available.
pub fn active() -> Isa {
    match FORCED.load(Ordering::Relaxed) {
        0 => Isa::detect(),
        c => *Isa::ALL
            .iter()
            .find(|i| i.code() == c)
            .unwrap_or(&Isa::Simd128),
    }
}
