//! The glossary, as data: one [`Entry`] per coefficient, symbol and plot the panels show (what
//! it is, its definition with the paper's equation or the section of docs/physics.md, its unit, how
//! multiscope measures it), keyed by [`Term`]. The app's hover texts, the lessons and the report
//! look entries up here so that every place explains a symbol the same way; the texts themselves
//! are in [`entries`]. What was measured in a running session is added by
//! [`crate::lesson::how_measured`], which owns the live values. No Bevy here.
//!
//! The "how it is measured" texts name the sampling interval and the error-block length through
//! placeholders filled from [`STRESS_EVERY`] and [`BLOCK_TIME`], so that they cannot drift from
//! the constants the live measurement uses.

#![warn(missing_docs)]

mod entries;

use crate::live::{BLOCK_TIME, STRESS_EVERY};

/// Declares [`Term`] from one table of `Variant = "text id"` rows: the enum, [`Term::ALL`] in the
/// table's order and [`Term::id`], so that the list is written once.
macro_rules! terms {
    ($($variant:ident = $id:literal,)*) => {
        /// Every glossary term: the values the panels and checks show and the panels and plots
        /// themselves. [`Term::id`] is the text id the app's panels and the report name them by.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Term {
            $(
                #[doc = concat!("`", $id, "`.")]
                $variant,
            )*
        }

        impl Term {
            /// Every term, in the order of the panels.
            pub const ALL: &[Term] = &[$(Term::$variant,)*];

            /// The text id (the app's egui ids for plots, snake case for values).
            pub fn id(self) -> &'static str {
                match self {
                    $(Term::$variant => $id,)*
                }
            }
        }
    };
}

// In the order of the panels.
terms! {
    View = "view",
    Controls = "controls",
    Coefficients = "coefficients",
    TimeStep = "time_step",
    Epsilon = "epsilon",
    Mass = "mass",
    TemperatureTarget = "temperature_target",
    Beta = "beta",
    TemperatureMeasured = "temperature_measured",
    Zeta = "zeta",
    TauP = "tau_p",
    TauF = "tau_f",
    TauPOverTauF = "tau_p_over_tau_f",
    DGamma = "d_gamma",
    DTheta = "d_theta",
    DMsd = "d_msd",
    EinsteinRatio = "einstein_ratio",
    MomentumFactor = "momentum_factor",
    Eta = "eta",
    DSeSlip = "d_se_slip",
    DSeStick = "d_se_stick",
    StokesNumber = "stokes_number",
    DGammaInfinite = "d_gamma_infinite",
    DRotGamma = "d_rot_gamma",
    DRotTheta = "d_rot_theta",
    DRotSed = "d_rot_sed",
    HostDMsd = "host_d_msd",
    HostDVacf = "host_d_vacf",
    FTh = "f_th",
    FreeForcePeak = "free_force_peak",
    FreeForceLate = "free_force_late",
    Explored = "explored",
    Transitions = "transitions",
    RateMd = "rate_md",
    RateFokkerPlanck = "rate_fokker_planck",
    RateSmoluchowski = "rate_smoluchowski",
    RateKramers = "rate_kramers",
    TCg = "t_cg",
    TCgOverTauP = "t_cg_over_tau_p",
    DensityZeta = "density_zeta",
    DensityD = "density_d",
    DensityGap = "density_gap",
    Samples = "samples",
    Blocks = "blocks",
    Cpp = "cpp",
    Gpp = "gpp",
    Cff = "cff",
    Gff = "gff",
    TracesT = "traces-t",
    TracesE = "traces-e",
    TheorySummary = "theory-summary",
    MsdDiffusion = "msd_diffusion",
    MomentumDecayTime = "momentum_decay_time",
    EinsteinRelation = "einstein_relation",
    PositionRelaxationTime = "position_relaxation_time",
    StationaryDensity = "stationary_density",
    StationaryMomentum = "stationary_momentum",
    TransitionRate = "transition_rate",
    OrientationRelaxation = "orientation_relaxation",
    TheoryMsd = "theory-msd",
    TheoryCpp = "theory-cpp",
    TheoryCxx = "theory-cxx",
    TheoryRates = "theory-rates",
    TheoryX = "theory-x",
    TheoryP = "theory-p",
    PhasePlane = "phase-plane",
    MarginalPhi = "marginal-phi",
    MarginalPi = "marginal-pi",
}

impl Term {
    /// The term with this text id.
    pub fn from_id(id: &str) -> Option<Term> {
        Term::ALL.iter().copied().find(|t| t.id() == id)
    }

    /// Its entry.
    pub fn entry(self) -> &'static Entry {
        entries::ENTRIES
            .iter()
            .find(|e| e.term == self)
            .expect("every term has an entry (tested)")
    }
}

/// One glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// What it explains.
    pub term: Term,
    /// The symbol as the panels write it.
    pub symbol: &'static str,
    /// What it is, in a few words.
    pub name: &'static str,
    /// What it means, in a sentence or two.
    pub what: &'static str,
    /// Its definition: formula and where it comes from (paper equation, docs/physics.md section).
    pub definition: &'static str,
    /// Its unit in reduced Lennard-Jones units (σ, τ, m̂, ε_LJ, k_B = 1); "1" for a pure number,
    /// "" for a panel.
    pub unit: &'static str,
    /// How multiscope measures it, with the placeholders of [`Entry::measured`].
    measured: &'static str,
}

impl Entry {
    /// Its text id ([`Term::id`]).
    pub fn id(&self) -> &'static str {
        self.term.id()
    }

    /// How multiscope measures it (segment, sampling, cut-off rule), with `{sample_every}`,
    /// `{sample_every_th}` and `{block_time}` written from [`STRESS_EVERY`] and [`BLOCK_TIME`].
    pub fn measured(&self) -> String {
        self.measured
            .replace("{sample_every}", &STRESS_EVERY.to_string())
            .replace("{sample_every_th}", &ordinal(STRESS_EVERY))
            .replace("{block_time}", &BLOCK_TIME.to_string())
    }
}

/// `2` → `2nd`: the English ordinal of a small count.
fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

const fn e(
    term: Term,
    symbol: &'static str,
    name: &'static str,
    what: &'static str,
    definition: &'static str,
    unit: &'static str,
    measured: &'static str,
) -> Entry {
    Entry {
        term,
        symbol,
        name,
        what,
        definition,
        unit,
        measured,
    }
}

/// Every id the panels show today except the predictions' keys (see [`panel_ids`]).
pub const PANEL_IDS: &[&str] = &[
    // Controls panel.
    "controls",
    "epsilon",
    "temperature_target",
    "time_step",
    "samples",
    "blocks",
    "view",
    // Coefficients table (plots panel).
    "coefficients",
    "mass",
    "beta",
    "temperature_measured",
    "zeta",
    "tau_p",
    "tau_f",
    "tau_p_over_tau_f",
    "d_gamma",
    "d_theta",
    "eta",
    "d_se_slip",
    "d_se_stick",
    "d_gamma_infinite",
    // Correlations tab.
    "cpp",
    "gpp",
    "cff",
    "gff",
    "traces-t",
    "traces-e",
    // MD vs theory tab.
    "theory-summary",
    "theory-msd",
    "theory-cpp",
    "theory-cxx",
    "theory-rates",
    "rate_md",
    "rate_fokker_planck",
    "rate_smoluchowski",
    "rate_kramers",
    "transitions",
    "theory-x",
    "theory-p",
    // Density pane.
    "phase-plane",
    "marginal-phi",
    "marginal-pi",
    "t_cg",
    "density_zeta",
    "density_d",
    "density_gap",
    // Rotation tab (plots panel).
    "d_rot_gamma",
    "d_rot_theta",
    "d_rot_sed",
];

/// Every id the panels show: [`PANEL_IDS`] and the keys of the MD-vs-theory comparisons
/// ([`Predictions::KEYS`](crate::predict::Predictions::KEYS)). The app's hover texts must each
/// have an entry; kept in sync with `src/app/ui/`.
pub fn panel_ids() -> impl Iterator<Item = &'static &'static str> {
    PANEL_IDS
        .iter()
        .chain(crate::predict::Predictions::KEYS.iter())
}

/// The entry with this text id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    Term::from_id(id).map(Term::entry)
}

/// Every entry, in the order of the panels.
pub fn entries() -> &'static [Entry] {
    entries::ENTRIES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_has_one_complete_entry() {
        assert_eq!(entries::ENTRIES.len(), Term::ALL.len());
        for &t in Term::ALL {
            let n = entries::ENTRIES.iter().filter(|e| e.term == t).count();
            assert_eq!(n, 1, "{t:?} has {n} entries");
            let e = t.entry();
            assert!(!e.symbol.is_empty() && !e.name.is_empty() && !e.what.is_empty());
            assert!(!e.measured.is_empty(), "{}: how measured", e.id());
            assert_eq!(Term::from_id(t.id()), Some(t));
        }
    }

    #[test]
    fn how_measured_is_written_from_the_constants() {
        for e in entries::ENTRIES {
            let text = e.measured();
            assert!(
                !text.contains('{') && !text.contains('}'),
                "{}: {text}",
                e.id()
            );
        }
        let gpp = Term::Gpp.entry().measured();
        assert!(
            gpp.contains(&format!("every {STRESS_EVERY} MD steps")),
            "{gpp}"
        );
        assert!(gpp.contains(&format!("blocks of {BLOCK_TIME} τ")), "{gpp}");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(23), "23rd");
    }

    #[test]
    fn every_panel_id_has_an_entry() {
        for id in panel_ids() {
            assert!(entry(id).is_some(), "panel id {id} has no entry");
        }
    }
}
