//! What a glossary term's value is in this session and how it was measured (segment, samples,
//! blocks, cut-off), from the newest analysis: the live half of a hover text. It lives with the
//! lessons because it reads the same [`Observed`] values the checks read; the glossary itself
//! ([`crate::glossary`]) is text only.

use super::{Observed, Quantity};
use crate::analysis::estimate_of;
use crate::format::significant;
use crate::glossary::Term;
use crate::live::{BLOCK_TIME, GreenKuboView, STRESS_EVERY};
use crate::measure::PlateauId;

fn gk_detail(what: &str, g: Option<&GreenKuboView>) -> Option<String> {
    let g = g?;
    let cut = match &g.plateau {
        Some(p) => format!(
            ", read at t_c = {} τ{}",
            significant(p.cutoff_time, 4),
            if p.converged {
                ""
            } else {
                " (not converged: the cut-off is the last lag with an error bar)"
            }
        ),
        None => ", no plateau yet".into(),
    };
    Some(format!(
        "{what}: {} samples (every {STRESS_EVERY} steps), {} blocks of {BLOCK_TIME} τ{cut}",
        g.samples, g.blocks
    ))
}

/// How the value or plot `id` was measured in this session, from the newest analysis: the
/// segment (free or held), the samples and blocks, the cut-off. `None` where there is nothing
/// live to add (or nothing measured yet).
pub fn how_measured(id: &str, seen: &Observed) -> Option<String> {
    let term = Term::from_id(id)?;
    let a = seen.analysis?;
    let r = &a.report;
    let segment = if a.force_constrained {
        "held particle"
    } else {
        "free particle"
    };
    let value = Quantity::ALL
        .iter()
        .find(|q| q.term() == term)
        .and_then(|q| q.value(seen));
    let with_value = |s: String| match value {
        Some(v) => format!("{s}. Now {}", estimate_of(v)),
        None => s,
    };
    let detail = match term {
        Term::DGamma | Term::Cpp | Term::Gpp | Term::TauP => {
            gk_detail("momentum of the free particle", a.momentum.as_ref())?
        }
        Term::Zeta
        | Term::DTheta
        | Term::Cff
        | Term::Gff
        | Term::TauF
        | Term::TauPOverTauF
        | Term::FreeForcePeak
        | Term::FreeForceLate => gk_detail(&format!("force of the {segment}"), a.force.as_ref())?,
        Term::Eta | Term::DSeSlip | Term::DSeStick | Term::DGammaInfinite | Term::StokesNumber => {
            let p = r.plateau(PlateauId::Viscosity)?;
            format!(
                "stress of the whole system: {} blocks, read at t_c = {} τ{}",
                p.blocks,
                significant(p.cutoff_time, 4),
                if p.converged { "" } else { " (not converged)" }
            )
        }
        Term::DMsd | Term::MsdDiffusion | Term::TheoryMsd => {
            let m = r.particle.as_ref()?.msd_diffusion?;
            format!(
                "free particle: MSD slope fitted over {}–{} τ ({} lags), {} independent entries",
                significant(m.t_min, 4),
                significant(m.t_max, 4),
                m.n_points,
                m.n_entries
            )
        }
        Term::Transitions
        | Term::RateMd
        | Term::TransitionRate
        | Term::TheoryRates
        | Term::RateFokkerPlanck
        | Term::RateSmoluchowski
        | Term::RateKramers => {
            let t = a.predictions.transition_rate.as_ref()?;
            format!(
                "free particle: {} committed transitions, βΔU = {}",
                t.transitions,
                significant(t.beta_barrier, 4)
            )
        }
        Term::TemperatureMeasured | Term::TracesT | Term::TracesE => format!(
            "since the restart at step {} ({}): {} trace points",
            a.restart_step,
            a.restart_reason,
            a.traces.len()
        ),
        Term::TCg
        | Term::TCgOverTauP
        | Term::DensityGap
        | Term::DensityZeta
        | Term::DensityD
        | Term::MarginalPhi
        | Term::MarginalPi
        | Term::PhasePlane => {
            let d = seen.density?;
            format!(
                "{}; t_CG = {} τ, ∫|W̃_FP − W̃_S| = {}",
                d.friction.source.describe(),
                significant(d.time(), 4),
                significant(d.marginal_gap(), 4)
            )
        }
        _ => return None,
    };
    Some(with_value(detail))
}
