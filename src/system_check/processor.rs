//! The processor: its name, its cores and the widest SIMD instruction set the MD kernels use.

/// What `doctor` reports about the processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processor {
    /// Model name as the operating system gives it (`/proc/cpuinfo` on Linux).
    pub model: String,
    /// Logical cores available to this process (the rayon pool's default size).
    pub cores: usize,
    /// Instruction-set extensions the processor has that matter to the MD, widest first.
    pub simd: Vec<&'static str>,
    /// The path the MD's pair kernel takes on this processor ([`crate::md::simd::Isa::detect`]).
    pub md_path: &'static str,
}

impl Processor {
    /// Reads the processor this process runs on.
    pub fn detect() -> Processor {
        let simd = simd_extensions();
        Processor {
            model: model_name().unwrap_or_else(|| std::env::consts::ARCH.to_string()),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            md_path: crate::md::simd::Isa::detect().name(),
            simd,
        }
    }
}

/// The model name from `/proc/cpuinfo` (`model name` on x86, `Model`/`CPU part` on ARM).
fn model_name() -> Option<String> {
    let text = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let field = |key: &str| {
        text.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    field("model name")
        .or_else(|| field("Model"))
        .or_else(|| field("CPU part").map(|p| format!("ARM CPU part {p}")))
}

/// The SIMD extensions present, widest first.
fn simd_extensions() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut out = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        for (name, present) in [
            ("AVX-512F", std::arch::is_x86_feature_detected!("avx512f")),
            ("AVX2", std::arch::is_x86_feature_detected!("avx2")),
            ("FMA", std::arch::is_x86_feature_detected!("fma")),
            ("SSE4.2", std::arch::is_x86_feature_detected!("sse4.2")),
        ] {
            if present {
                out.push(name);
            }
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        if std::arch::is_aarch64_feature_detected!("neon") {
            out.push("NEON");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_names_a_processor_with_cores() {
        let p = Processor::detect();
        assert!(!p.model.is_empty());
        assert!(p.cores >= 1);
    }
}
