//! The RON lesson schema (`version: 1`): a title, what the learner will see, and steps; each step a
//! short text, the actions that set the session up, what to watch and a check on live values.

use serde::{Deserialize, Serialize};

use crate::field::ExternalField;
use crate::glossary::Term;

/// A lesson file (`scenes/lessons/*.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Schema version; must be 1.
    pub version: u32,
    /// Title shown in the Lessons menu.
    pub title: String,
    /// What the learner will see, in one or two sentences (shown before the first step).
    pub summary: String,
    /// Rough time the whole lesson takes on a laptop [minutes].
    pub minutes: u32,
    /// The steps, in order (at least one; the first loads a scene).
    pub steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Short name, unique in the lesson (a [`Test::Change`] refers to it).
    pub id: String,
    /// Heading of the step.
    pub title: String,
    /// A few sentences, with the symbols the panels use (D_γ, ζ, τ_P …).
    pub text: String,
    /// What entering the step does, in order.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// The panels and plots to highlight.
    #[serde(default)]
    pub watch: Vec<Watch>,
    /// When the step has shown what it should (none: the step is read, not checked).
    #[serde(default)]
    pub check: Option<StepCheck>,
}

/// Something entering a step does. The simulation actions map onto [`crate::live::SimCommand`]s
/// (see [`super::LessonRunner`]); the view actions are for the app alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// Load a scene file (path relative to the lesson file), or `"default"` for the built-in
    /// scene. The scene is rebuilt and equilibrated.
    LoadScene(String),
    /// The external field on the nanoparticle (rebuilds the scene with it).
    Field(ExternalField),
    /// Seed of every random stream (rebuilds the scene).
    Seed(u64),
    /// Mass ratio ε = m̂/m [1], 0 < ε ≤ 1.
    Epsilon(f64),
    /// Thermostat target temperature T [ε_LJ/k_B], 0.1 to 5.
    Temperature(f64),
    /// Time step Δt [τ], 0.0005 to 0.02.
    TimeStep(f64),
    /// Thermostat during production on (Bussi) or off (NVE).
    Thermostat(bool),
    /// Measure the host's viscosity η or not.
    Viscosity(bool),
    /// Hold the nanoparticle's centre of mass fixed (the θ route).
    Hold,
    /// Free the nanoparticle.
    Free,
    /// Hold it for this long [τ] of production (and until ζ has an error bar), then free it:
    /// the free particle's predictions use the held particle's ζ.
    HoldFor(f64),
    /// Run the MD.
    Play,
    /// Stop the MD.
    Pause,
    /// How the host atoms are drawn (view only).
    Host(HostView),
    /// Whether the camera follows the nanoparticle (view only).
    Follow(bool),
    /// Points in the nanoparticle's trail, 2 to 5000 (view only).
    Trail(u32),
    /// Which tab of the plots panel is shown (view only).
    Tab(PlotsTab),
    /// Whether C(t) is plotted normalised, C(t)/C(0) (view only).
    Normalised(bool),
    /// Start (or clear) the coarse-grained densities of the density pane (view only).
    Density(DensityStart),
    /// Coarse-grained time per second of wall time in the density pane [τ/s], 1 to 10000
    /// (view only).
    DensityRate(f64),
}

impl Action {
    /// Whether the action only changes what the app shows (nothing is sent to the MD worker).
    pub fn is_view(&self) -> bool {
        matches!(
            self,
            Action::Host(_)
                | Action::Follow(_)
                | Action::Trail(_)
                | Action::Tab(_)
                | Action::Normalised(_)
                | Action::Density(_)
                | Action::DensityRate(_)
        )
    }
}

/// How the host atoms are drawn (the app's `HostDisplay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HostView {
    /// Every host atom.
    All,
    /// A slab through the nanoparticle.
    Slab,
    /// A shell around the nanoparticle.
    Shell,
    /// None.
    Hidden,
}

/// The tabs of the plots panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotsTab {
    /// Correlation functions, Green–Kubo integrals, coefficients, traces.
    Correlations,
    /// MD against the coarse-grained theory.
    Theory,
    /// A rigid nanoparticle's rotation: D_r both ways and its orientation's decay.
    Rotation,
}

/// How the density pane starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DensityStart {
    /// From the Boltzmann–Maxwell equilibrium, once a friction is measured.
    Equilibrium,
    /// From the nanoparticle's (Φ_x, Π_x) at that moment, once a friction is measured.
    Nanoparticle,
    /// No density.
    Clear,
}

/// A panel, plot or value the app can highlight. Each has a glossary entry under
/// [`Watch::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Watch {
    /// The 3D view of the atoms and the trail.
    View3d,
    /// The run controls (ε, T, Δt sliders, held/free).
    Controls,
    /// The table of coefficients of the plots panel.
    Coefficients,
    /// Momentum autocorrelation ⟨P(0)·P(t)⟩/3.
    MomentumCorrelation,
    /// Its running integral γ(t).
    MomentumIntegral,
    /// Force autocorrelation ⟨δF(0)·δF(t)⟩/3.
    ForceCorrelation,
    /// Its running integral.
    ForceIntegral,
    /// T and P against time.
    Thermo,
    /// Energies per atom against time.
    Energies,
    /// The verdicts of the "MD vs theory" tab.
    TheorySummary,
    /// MSD of R against the Ornstein–Uhlenbeck and Smoluchowski curves.
    TheoryMsd,
    /// Momentum autocorrelation against m k_BT e^{−t/τ_P}.
    TheoryMomentum,
    /// Trap: position autocorrelation against the damped oscillator.
    TheoryPosition,
    /// Double well: transitions and rates.
    TheoryRates,
    /// Histogram of R_x against the Boltzmann density.
    TheoryXDensity,
    /// Histogram of P_x against the Maxwell density.
    TheoryPDensity,
    /// The density pane's phase plane (Φ_x, Π_x).
    PhasePlane,
    /// The Fokker–Planck marginal W̃(Φ) with the Smoluchowski density.
    MarginalPhi,
    /// The Fokker–Planck marginal W̃(Π).
    MarginalPi,
    /// One value of the coefficients table or the density pane.
    Value(Quantity),
}

/// Declares [`Quantity`] from one table of `Variant => glossary term` rows (each with its doc):
/// the enum, [`Quantity::ALL`] in the table's order and [`Quantity::term`].
macro_rules! quantities {
    ($($(#[$doc:meta])* $variant:ident => $term:ident,)*) => {
        /// A number the panels show or a check reads, each with a glossary entry under
        /// [`Quantity::id`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Quantity {
            $($(#[$doc])* $variant,)*
        }

        impl Quantity {
            /// Every quantity, in the order of the panels.
            pub const ALL: &[Quantity] = &[$(Quantity::$variant,)*];

            /// Its glossary term.
            pub fn term(self) -> Term {
                match self {
                    $(Quantity::$variant => Term::$term,)*
                }
            }
        }
    };
}

// In the order of the panels.
quantities! {
    /// ε = m̂/m [1].
    Epsilon => Epsilon,
    /// m [m̂].
    Mass => Mass,
    /// T target [ε_LJ/k_B].
    TargetTemperature => TemperatureTarget,
    /// β = 1/k_BT [1/ε_LJ].
    Beta => Beta,
    /// ⟨T⟩ measured [ε_LJ/k_B].
    Temperature => TemperatureMeasured,
    /// ζ = β∫⟨δF·δF⟩/3 [m̂/τ].
    Zeta => Zeta,
    /// τ_P = m/ζ [τ].
    TauP => TauP,
    /// τ_F = ∫C_FF/C_FF(0) [τ].
    TauF => TauF,
    /// τ_P/τ_F [1].
    TauPOverTauF => TauPOverTauF,
    /// D_γ = tr γ/(3m²) [σ²/τ].
    DGamma => DGamma,
    /// D_θ = k_BT/ζ [σ²/τ].
    DTheta => DTheta,
    /// D_MSD from the MSD's long-time slope [σ²/τ].
    DMsd => DMsd,
    /// D_γ/D_θ [1].
    EinsteinRatio => EinsteinRatio,
    /// (M_host/M_total)², the finite host's D_γ/D_θ [1].
    MomentumFactor => MomentumFactor,
    /// η of the host [ε_LJ·τ/σ³].
    Eta => Eta,
    /// D_SE slip = k_BT/(4πηa) [σ²/τ].
    DStokesSlip => DSeSlip,
    /// D_SE stick = k_BT/(6πηa) [σ²/τ].
    DStokesStick => DSeStick,
    /// Stokes–Einstein number c = k_BT/(πηaD_θ) [1] (4 slip, 6 stick).
    StokesNumber => StokesNumber,
    /// D_γ∞ (Yeh–Hummer) [σ²/τ].
    DGammaInfinite => DGammaInfinite,
    /// D_r = ⅓∫⟨ω·ω⟩ of the free rigid body [1/τ].
    DRotGamma => DRotGamma,
    /// D_r = k_BT/ζ_r of the held rigid body [1/τ].
    DRotTheta => DRotTheta,
    /// D_r Stokes–Einstein–Debye, stick [1/τ].
    DRotSed => DRotSed,
    /// The free particle's force integral at its short-time peak [ε_LJ²τ/σ²].
    FreeForcePeak => FreeForcePeak,
    /// The same integral at the longest lag with an error bar [ε_LJ²τ/σ²].
    FreeForceLate => FreeForceLate,
    /// √MSD over the free segment [σ].
    Explored => Explored,
    /// Committed transitions between the wells [1].
    Transitions => Transitions,
    /// MD transition rate [1/τ].
    RateMd => RateMd,
    /// Fokker–Planck rate [1/τ].
    RateFokkerPlanck => RateFokkerPlanck,
    /// Smoluchowski rate [1/τ].
    RateSmoluchowski => RateSmoluchowski,
    /// Kramers' rate [1/τ].
    RateKramers => RateKramers,
    /// Coarse-grained time t_CG of the density pane [τ].
    CoarseTime => TCg,
    /// t_CG/τ_P [1].
    CoarseTimeOverTauP => TCgOverTauP,
    /// ∫|W̃_FP(Φ) − W̃_S(Φ)| dΦ [1].
    DensityGap => DensityGap,
}

/// A step's check: the test and what to tell the learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepCheck {
    /// What must hold.
    pub test: Test,
    /// Shown when it holds.
    pub holds: String,
    /// Shown while there are too few samples to tell.
    pub not_yet: String,
    /// Shown when the session cannot show it as set up (ε too large, the particle held when it
    /// must be free …).
    pub cannot: String,
    /// Above this ε = m̂/m [1] the step cannot show what it should.
    #[serde(default)]
    pub max_epsilon: Option<f64>,
}

/// The comparisons of the "MD vs theory" tab ([`crate::predict::Predictions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Prediction {
    /// D_MSD against (M_host/M_total)² k_BT/ζ.
    MsdDiffusion,
    /// ∫C_PP/C_PP(0) against μ/ζ.
    MomentumDecayTime,
    /// D_γ against (M_host/M_total)² D_θ.
    EinsteinRelation,
    /// Trap: position correlation time against ζ/k.
    PositionRelaxationTime,
    /// R_x histogram against the Boltzmann density (χ²/ν).
    StationaryDensity,
    /// P_x histogram against the Maxwell density (χ²/ν).
    StationaryMomentum,
    /// Double well: MD transition rate against the Fokker–Planck rate.
    TransitionRate,
}

impl Prediction {
    /// The key of [`crate::predict::Predictions::entries`].
    pub fn key(self) -> &'static str {
        match self {
            Prediction::MsdDiffusion => "msd_diffusion",
            Prediction::MomentumDecayTime => "momentum_decay_time",
            Prediction::EinsteinRelation => "einstein_relation",
            Prediction::PositionRelaxationTime => "position_relaxation_time",
            Prediction::StationaryDensity => "stationary_density",
            Prediction::StationaryMomentum => "stationary_momentum",
            Prediction::TransitionRate => "transition_rate",
        }
    }
}

/// Which Green–Kubo integral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Integral {
    /// γ: the free particle's momentum autocorrelation.
    Gamma,
    /// θ: the held particle's force autocorrelation.
    Theta,
}

/// Which way a value moved since an earlier step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Up by more than two combined standard errors.
    Rises,
    /// Down by more than two combined standard errors.
    Falls,
    /// Within two combined standard errors, both values measured to better than 20 %.
    Same,
}

/// What a check tests on the live values. Statistical tests use two standard errors
/// ([`super::check::SIGNIFICANCE`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Test {
    /// A comparison of the "MD vs theory" tab holds with |z| ≤ `z_max`.
    Prediction {
        /// Which comparison.
        prediction: Prediction,
        /// Largest |z| that counts (at most [`crate::analysis::Comparison::Z_MAX`]).
        z_max: f64,
    },
    /// A value lies in [min, max] by more than two standard errors (either bound may be left
    /// out), measured to the relative error asked for.
    Range {
        /// Which value.
        quantity: Quantity,
        /// Lower bound (unit of the quantity).
        #[serde(default)]
        min: Option<f64>,
        /// Upper bound (unit of the quantity).
        #[serde(default)]
        max: Option<f64>,
        /// Largest relative standard error before a verdict [1].
        #[serde(default)]
        max_relative_error: Option<f64>,
    },
    /// Kirkwood's plateau problem: the free particle's force integral has a significant peak and
    /// has fallen back to zero within two standard errors (below a quarter of the peak).
    PlateauProblem,
    /// A Green–Kubo integral has a converged plateau with a relative error below `max_relative_error`.
    Plateau {
        /// Which integral.
        integral: Integral,
        /// Largest relative standard error of the plateau [1].
        max_relative_error: f64,
    },
    /// A value moved since the learner left the step `since` (recorded then).
    Change {
        /// Which value.
        quantity: Quantity,
        /// Id of an earlier step.
        since: String,
        /// Which way.
        direction: Direction,
    },
    /// The density pane: ∫|W̃_FP − W̃_S| dΦ below `below` once t_CG ≥ `after_tau_p` τ_P.
    DensityGap {
        /// Largest gap [1] (0 to 2).
        below: f64,
        /// Coarse-grained time in units of τ_P = m/ζ before the verdict [1].
        after_tau_p: f64,
    },
    /// Every one of these.
    All(Vec<Test>),
}
