//! `Comparison`: one coarse-grained prediction against what the MD nanoparticle did, as one number
//! (a z-score) with a verdict and, when it fails, the reason in words.

use serde::{Deserialize, Serialize};

use super::estimate::Estimate;

/// What is known about the run behind a comparison, used to explain a failure. Every field is
/// optional; give what the caller has.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ComparisonContext {
    /// What is compared, e.g. "D from the MSD slope vs k_BT/ζ" (starts the explanation).
    pub quantity: String,
    /// Independent blocks (or entries) behind the MD error bar.
    pub n_blocks: Option<u64>,
    /// Samples (or events, for a rate) behind the MD value.
    pub n_samples: Option<u64>,
    /// τ_P/τ_F [1]: momentum relaxation time m/ζ over the decay time of the force
    /// autocorrelation. The Langevin/Kramers description needs τ_P ≫ τ_F (Markovian friction).
    pub tau_p_over_tau_f: Option<f64>,
    /// ε = m̂/m [1]: the expansion parameter of the coarse-grained equations.
    pub epsilon: Option<f64>,
    /// a/L [1]: particle radius over box edge (finite-size effects on ζ and D: Hasimoto,
    /// Yeh–Hummer, about 2.837 a/L).
    pub radius_over_box: Option<f64>,
    /// βΔU for a barrier-crossing rate (Kramers' formula is the leading term in 1/(βΔU)).
    pub beta_barrier: Option<f64>,
}

/// One prediction tested against the MD.
///
/// JSON: `{"md": {"mean": …, "sem": …}, "predicted": {"mean": …, "sem": …}, "z": …, "holds": …,
/// "why": "…"}` (a `NaN` serialises as `null`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The MD measurement with its block standard error.
    pub md: Estimate,
    /// The prediction with its standard error (propagated from the measured coefficients it
    /// uses; 0 for an exact number).
    pub predicted: Estimate,
    /// z = (md − predicted)/√(sem_md² + sem_pred²) [1]; `NaN` when no error bar is known.
    pub z: f64,
    /// Whether |z| ≤ [`Comparison::Z_MAX`].
    pub holds: bool,
    /// The verdict in words: the numbers, and when it does not hold, what limits it.
    pub why: String,
}

impl Comparison {
    /// Largest |z| that counts as agreement: 3 combined standard errors (two-sided probability
    /// 0.27 % of failing when the prediction is right and the errors are Gaussian).
    pub const Z_MAX: f64 = 3.0;

    /// Compares `md` with `predicted` (independent errors combined in quadrature).
    pub fn new(md: Estimate, predicted: Estimate, context: &ComparisonContext) -> Self {
        let sem = combined_sem(md, predicted);
        let z = (md.mean - predicted.mean) / sem;
        let holds = z.is_finite() && z.abs() <= Self::Z_MAX;
        let why = explain(md, predicted, z, holds, context);
        Self {
            md,
            predicted,
            z,
            holds,
            why,
        }
    }

    /// md/predicted with first-order error (independent errors): how far from 1.
    pub fn ratio(&self) -> Estimate {
        self.md.ratio(self.predicted)
    }
}

fn combined_sem(a: Estimate, b: Estimate) -> f64 {
    let sa = if a.sem.is_finite() { a.sem } else { f64::NAN };
    let sb = if b.sem.is_finite() { b.sem } else { 0.0 };
    sa.hypot(sb)
}

fn explain(md: Estimate, pred: Estimate, z: f64, holds: bool, c: &ComparisonContext) -> String {
    let what = if c.quantity.is_empty() {
        "MD vs prediction".to_string()
    } else {
        c.quantity.clone()
    };
    let rel = if pred.mean != 0.0 {
        format!(
            " ({:+.1} % of the prediction)",
            100.0 * (md.mean - pred.mean) / pred.mean
        )
    } else {
        String::new()
    };
    let numbers = format!(
        "{what}: MD {} ± {}, predicted {} ± {}{rel}",
        fmt(md.mean),
        fmt(md.sem),
        fmt(pred.mean),
        fmt(pred.sem)
    );
    if !z.is_finite() {
        return format!(
            "{numbers}. No verdict: the MD value has no error bar yet (too few independent \
             blocks); run longer."
        );
    }
    if holds {
        return format!(
            "{numbers}. Agrees: the difference is {:.1} combined standard errors (≤ {}).",
            z.abs(),
            Comparison::Z_MAX
        );
    }
    let side = if z > 0.0 { "above" } else { "below" };
    let mut reasons = Vec::new();
    if let Some(k) = c.n_blocks
        && k < 16
    {
        reasons.push(format!(
            "only {k} independent blocks: the error bar itself is uncertain by about {:.0} %, \
             so the z-score is not reliable; run longer",
            100.0 / (2.0 * (k.max(2) - 1) as f64).sqrt()
        ));
    }
    if let Some(r) = c.tau_p_over_tau_f
        && r < 10.0
    {
        reasons.push(format!(
            "the momentum relaxes in only {r:.1} force-correlation times (τ_P/τ_F); the \
             friction has memory and the Markovian Langevin/Kramers picture is only approximate: \
             use a heavier nanoparticle"
        ));
    }
    if let Some(e) = c.epsilon
        && e > 0.02
    {
        reasons.push(format!(
            "ε = m̂/m = {e:.3} is not small: the coarse-grained equations are an expansion in ε \
             and corrections of relative order ε are expected"
        ));
    }
    if let Some(a) = c.radius_over_box
        && a > 0.05
    {
        reasons.push(format!(
            "the particle spans a/L = {a:.2} of the box: periodic images change the friction \
             by about 2.837·a/L = {:.0} % (Hasimoto; Yeh–Hummer for D)",
            100.0 * 2.837 * a
        ));
    }
    if let Some(b) = c.beta_barrier
        && b < 5.0
    {
        reasons.push(format!(
            "the barrier is only {b:.1} k_BT: rate formulas derived for βΔU ≫ 1 carry relative \
             corrections of order 1/(βΔU) = {:.0} %",
            100.0 / b
        ));
    }
    if let Some(n) = c.n_samples
        && n < 30
    {
        reasons.push(format!(
            "only {n} samples or events: the error bar assumes Gaussian statistics, which few \
             events do not have"
        ));
    }
    if reasons.is_empty() {
        reasons.push(
            "none of the known limits applies (many blocks, τ_P ≫ τ_F, small ε, a small \
             particle in its box): the difference is real and worth investigating"
                .to_string(),
        );
    }
    format!(
        "{numbers}. Does not hold: MD is {:.1} combined standard errors {side} the prediction. \
         Possible reasons: {}.",
        z.abs(),
        reasons.join("; ")
    )
}

/// Short number format: 4 significant digits.
fn fmt(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v != 0.0 && (v.abs() >= 1e4 || v.abs() < 1e-3) {
        format!("{v:.3e}")
    } else {
        let digits = (3 - v.abs().max(1e-300).log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.digits$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_verdict_and_json_shape() {
        let ctx = ComparisonContext {
            quantity: "D_MSD vs k_BT/ζ".into(),
            n_blocks: Some(8),
            tau_p_over_tau_f: Some(3.0),
            ..Default::default()
        };
        let c = Comparison::new(Estimate::new(1.10, 0.03), Estimate::new(1.0, 0.04), &ctx);
        assert!((c.z - 2.0).abs() < 1e-12 && c.holds, "{c:?}");
        assert!(c.why.contains("Agrees"), "{}", c.why);
        let f = Comparison::new(Estimate::new(1.30, 0.03), Estimate::new(1.0, 0.04), &ctx);
        assert!((f.z - 6.0).abs() < 1e-12 && !f.holds);
        assert!(f.why.contains("above") && f.why.contains("8 independent blocks"));
        assert!(f.why.contains("τ_P/τ_F"), "{}", f.why);
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["md"]["mean"], 1.3);
        assert_eq!(json["predicted"]["sem"], 0.04);
        assert_eq!(json["holds"], false);
        assert!(json["z"].as_f64().unwrap() > 5.9 && json["why"].is_string());
        let back: Comparison = serde_json::from_value(json).unwrap();
        assert_eq!(back, f);
        // No error bar: no verdict.
        let n = Comparison::new(Estimate::new(1.0, f64::NAN), Estimate::exact(1.0), &ctx);
        assert!(!n.holds && n.why.contains("No verdict"));
        assert!((f.ratio().mean - 1.3).abs() < 1e-12);
    }
}
