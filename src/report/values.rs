//! What the report page shows, computed from the measurement: [`Data`] gathers the numbers of
//! either source (live session or `multiscope measure`), [`value_rows`] lists every measured value
//! with its standard error. No drawing and no HTML here: the figures and the page read these.

use super::Source;
use crate::analysis::{Estimate, RunningIntegral};
use crate::format::significant;
use crate::live::GreenKuboView;
use crate::live::coarse_worker::CoarseDensity;
use crate::md::Thermo;
use crate::measure::{PlateauId, Report};
use crate::predict::{PredictionCurves, Predictions};

/// One row of the values table.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow {
    /// Glossary id.
    pub id: &'static str,
    /// Label (symbol and words).
    pub label: String,
    /// Value and standard error (sem 0: exact, NaN: no error bar yet).
    pub value: Estimate,
    /// Unit.
    pub unit: &'static str,
}

/// What the page shows, gathered from either source: the measurement's report, predictions and
/// curves, and what only a live session has (traces, the density pane).
pub(super) struct Data<'a> {
    pub(super) report: &'a Report,
    pub(super) predictions: &'a Predictions,
    pub(super) theory: &'a PredictionCurves,
    pub(super) momentum: Option<&'a RunningIntegral<3>>,
    pub(super) momentum_cutoff: Option<f64>,
    /// (label, curve, cut-off).
    pub(super) forces: Vec<(&'static str, &'a RunningIntegral<3>, Option<f64>)>,
    pub(super) traces: &'a [Thermo],
    pub(super) atoms: usize,
    pub(super) density: Option<&'a CoarseDensity>,
    pub(super) tau_p: Option<Estimate>,
    pub(super) tau_f: Option<Estimate>,
    pub(super) held: Option<bool>,
}

fn cutoff(g: &GreenKuboView) -> Option<f64> {
    g.plateau.as_ref().map(|p| p.cutoff_time)
}

impl<'a> Data<'a> {
    /// The numbers of `source`.
    pub(super) fn of(source: &Source<'a>) -> Self {
        match *source {
            Source::Live { analysis: a, phase } => Data {
                report: &a.report,
                predictions: &a.predictions,
                theory: &a.theory,
                momentum: a.momentum.as_ref().map(|g| &g.running),
                momentum_cutoff: a.momentum.as_ref().and_then(cutoff),
                forces: a
                    .force
                    .as_ref()
                    .map(|g| {
                        let label = if a.force_constrained {
                            "held particle (θ)"
                        } else {
                            "free particle (Kirkwood)"
                        };
                        vec![(label, &g.running, cutoff(g))]
                    })
                    .unwrap_or_default(),
                traces: &a.traces,
                atoms: a.atoms,
                density: phase.density,
                tau_p: a.tau_p(),
                tau_f: a.tau_f(),
                held: Some(a.force_constrained),
            },
            Source::Measured {
                measured,
                predictions,
                curves,
            } => {
                let r = &measured.report;
                let c = &measured.curves;
                let plateau = |id: PlateauId| r.plateau(id).map(|p| p.cutoff_time);
                let mut forces = Vec::new();
                if let Some(f) = &c.constrained_force {
                    forces.push(("held particle (θ)", f, plateau(PlateauId::Theta)));
                }
                if let Some(f) = &c.free_force {
                    forces.push((
                        "free particle (Kirkwood)",
                        f,
                        r.free_force.map(|f| f.peak_time),
                    ));
                }
                let tau_p = r
                    .zeta_isotropic
                    .filter(|z| z.mean > 0.0)
                    .map(|z| Estimate::new(r.mass / z.mean, r.mass * z.sem / (z.mean * z.mean)));
                Data {
                    report: r,
                    predictions,
                    theory: curves,
                    momentum: c.gamma.as_ref(),
                    momentum_cutoff: plateau(PlateauId::Gamma),
                    forces,
                    traces: &[],
                    atoms: 0,
                    density: None,
                    tau_p,
                    tau_f: r.force_time,
                    held: None,
                }
            }
        }
    }
}

/// Every measured value of `source`, in the order of the panels (values not measured are left
/// out).
pub fn value_rows(source: &Source) -> Vec<ValueRow> {
    let d = Data::of(source);
    let r = d.report;
    let mut rows = Vec::new();
    let mut row = |id: &'static str, label: &str, value: Option<Estimate>, unit: &'static str| {
        if let Some(value) = value.filter(|v| v.mean.is_finite()) {
            rows.push(ValueRow {
                id,
                label: label.to_string(),
                value,
                unit,
            });
        }
    };
    let exact = |x: f64| Some(Estimate::exact(x));
    if r.mass > 0.0 {
        row("epsilon", "ε = m̂/m", exact(r.epsilon), "1");
        row("mass", "m", exact(r.mass), "m̂");
    }
    row(
        "temperature_target",
        "T target",
        exact(r.temperature),
        "ε_LJ/k_B",
    );
    row("beta", "β = 1/k_BT", exact(r.beta), "1/ε_LJ");
    row(
        "temperature_measured",
        "⟨T⟩ measured (free segment)",
        Some(r.measured_temperature),
        "ε_LJ/k_B",
    );
    row(
        "temperature_measured",
        "⟨T⟩ measured (held segment)",
        r.measured_temperature_constrained,
        "ε_LJ/k_B",
    );
    row("zeta", "ζ = β∫⟨δF·δF⟩/3", r.zeta_isotropic, "m̂/τ");
    row("tau_p", "τ_P = m/ζ", d.tau_p, "τ");
    row("tau_f", "τ_F = ∫C_FF/C_FF(0)", d.tau_f, "τ");
    row(
        "tau_p_over_tau_f",
        "τ_P/τ_F",
        d.tau_p
            .zip(d.tau_f)
            .filter(|(_, f)| f.mean > 0.0)
            .map(|(p, f)| p.ratio(f)),
        "1",
    );
    row("d_gamma", "D_γ = tr γ/(3m²)", r.d_gamma, "σ²/τ");
    row("d_theta", "D_θ = k_BT/ζ", r.d_theta, "σ²/τ");
    row(
        "d_msd",
        "D_MSD",
        r.particle
            .as_ref()
            .and_then(|p| p.msd_diffusion)
            .map(|m| m.d),
        "σ²/τ",
    );
    row("einstein_ratio", "D_γ/D_θ", r.einstein_ratio, "1");
    row(
        "momentum_factor",
        "(M_host/M_total)²",
        r.momentum_conservation_factor.map(Estimate::exact),
        "1",
    );
    row("eta", "η host (Green–Kubo)", r.viscosity, "ε_LJ·τ/σ³");
    if let Some(se) = r.stokes_einstein {
        row("d_se_slip", "D_SE slip", Some(se.slip), "σ²/τ");
        row("d_se_stick", "D_SE stick", Some(se.stick), "σ²/τ");
    }
    row(
        "d_gamma_infinite",
        "D_γ∞ (Yeh–Hummer)",
        r.d_yeh_hummer,
        "σ²/τ",
    );
    row(
        "d_gamma_infinite",
        "D_MSD∞ (Yeh–Hummer)",
        r.d_msd_yeh_hummer,
        "σ²/τ",
    );
    if let Some(f) = r.free_force {
        row(
            "free_force_peak",
            &format!("free ∫⟨δF·δF⟩/3, peak at {} τ", significant(f.peak_time, 4)),
            Some(f.peak),
            "ε_LJ²τ/σ²",
        );
        row(
            "free_force_late",
            &format!("free ∫⟨δF·δF⟩/3 at {} τ", significant(f.late_time, 4)),
            Some(f.late),
            "ε_LJ²τ/σ²",
        );
    }
    if let Some(h) = r.host_self_diffusion {
        row("host_d_msd", "host D (MSD)", Some(h.msd), "σ²/τ");
        row("host_d_vacf", "host D (VACF)", Some(h.green_kubo), "σ²/τ");
    }
    if let Some(p) = r.particle.as_ref()
        && p.time > 0.0
    {
        row("explored", "√MSD explored", exact(p.explored), "σ");
    }
    if let Some(t) = d.predictions.transition_rate.as_ref() {
        row(
            "transitions",
            "committed transitions",
            exact(t.transitions as f64),
            "1",
        );
        row("rate_md", "k_MD", Some(t.comparison.md), "1/τ");
        row(
            "rate_fokker_planck",
            "k_FP (Fokker–Planck)",
            Some(t.comparison.predicted),
            "1/τ",
        );
        row(
            "rate_smoluchowski",
            "k_S (Smoluchowski)",
            Some(t.smoluchowski),
            "1/τ",
        );
        row("rate_kramers", "k_K (Kramers)", Some(t.kramers), "1/τ");
    }
    if let Some(c) = d.density {
        row("t_cg", "t_CG", exact(c.time()), "τ");
        row("density_zeta", "ζ (density)", exact(c.friction.zeta), "m̂/τ");
        row(
            "density_d",
            "D (density)",
            exact(c.friction.diffusion),
            "σ²/τ",
        );
        row(
            "density_gap",
            "∫|W̃_FP − W̃_S| dΦ",
            exact(c.marginal_gap()),
            "1",
        );
    }
    rows
}
