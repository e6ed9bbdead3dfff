//! `ParticleObservables`: what the free nanoparticle actually did, measured from its own
//! trajectory for comparison with the coarse-grained predictions (`crate::predict`): the mean
//! squared displacement of R and D_MSD, the histograms of R_x and P_x, the position
//! autocorrelation in a harmonic trap, and the committed transitions in a double well.

use serde::{Deserialize, Serialize};

use crate::analysis::{
    BlockHistogram, Cutoff, Estimate, FitWindow, GreenKubo, HistogramTest, IntegratedCorrelation,
    MsdCurve, MsdDiffusion, MultipleTauParams, ParticleMsd, RunningIntegral, TransitionCounter,
    TransitionRates,
};
use crate::field::ExternalField;
use crate::md::OrderParameters;

/// Bins of the R_x and P_x histograms.
pub const HISTOGRAM_BINS: usize = 32;

/// Radius of each well's committed region, as a fraction of the half-separation a: a transition
/// counts when the particle comes within 0.3a of the far well's bottom (where U is below about
/// 0.26 of the barrier), so recrossings of the barrier top do not count.
pub const COMMIT_FRACTION: f64 = 0.3;

/// The trap's position autocorrelation is integrated to this many decay times of the damped
/// oscillator (e^{−3} = 5 % of its envelope left); the prediction is integrated to the same
/// cut-off, so nothing is lost, and the cut-off stays inside an error block (5 relaxation times).
pub const POSITION_CUTOFF_DECAYS: f64 = 3.0;

/// Half-width of the momentum histogram in thermal widths √(mk_BT).
const P_RANGE: f64 = 5.0;

/// Where the x histogram is taken: the range where βU < 12 for a confining field, the box
/// without one (x wrapped into [0, L)).
fn x_range(field: &ExternalField, temperature: f64, box_length: f64) -> (f64, f64) {
    if let Some(w) = field.double_well() {
        let half = w.half_width * (1.0 + (12.0 * temperature / w.height).sqrt()).sqrt();
        return (w.centre - half, w.centre + half);
    }
    match *field {
        ExternalField::HarmonicTrap { k, center } => {
            let half = (24.0 * temperature / k).sqrt().min(0.5 * box_length);
            (center[0] - half, center[0] + half)
        }
        _ => (0.0, box_length),
    }
}

/// The axes along which the particle moves freely in `field` (diffuses, so that ∫⟨P_aP_a⟩ and
/// the MSD's slope give D): all three without a field, y and z in a double well along x, none in
/// a harmonic trap.
pub fn free_axes(field: &ExternalField) -> &'static [usize] {
    match field {
        ExternalField::None => &[0, 1, 2],
        ExternalField::DoubleWell { .. } => &[1, 2],
        ExternalField::HarmonicTrap { .. } => &[],
    }
}

/// The field's energy along x [ε_LJ] at the other coordinates' minimum.
pub fn potential_x(field: &ExternalField, x: f64) -> f64 {
    match *field {
        ExternalField::None => 0.0,
        ExternalField::HarmonicTrap { k, center } => 0.5 * k * (x - center[0]).powi(2),
        ExternalField::DoubleWell { .. } => field.energy_force([x, 0.0, 0.0]).0,
    }
}

/// What the free nanoparticle did, as the report gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticleReport {
    /// Free-segment time sampled [τ].
    pub time: f64,
    /// D_MSD [σ²/τ] from the long-time slope of the MSD of R, with its window.
    pub msd_diffusion: Option<MsdDiffusion>,
    /// The momentum's correlation time ∫C_PP/C_PP(0) [τ] (= τ_P = m/ζ for a Langevin particle).
    pub momentum_time: Option<Estimate>,
    /// C_PP(0) = ⟨P_a²⟩ (isotropic, per component) [m̂²σ²/τ²]: m k_BT at equilibrium.
    pub momentum_variance: Option<Estimate>,
    /// Harmonic trap: variance, integral and correlation time of δR_x.
    pub position: Option<IntegratedCorrelation>,
    /// χ² test of the R_x histogram against the Boltzmann density of the field (flat without one).
    pub x_density: Option<HistogramTest>,
    /// χ² test of the P_x histogram against the Maxwell density with the measured m and the
    /// scene's T.
    pub p_density: Option<HistogramTest>,
    /// Root-mean-square displacement over the whole free segment, √MSD at the longest lag [σ]:
    /// how much of the box the particle has explored.
    pub explored: f64,
    /// Double well: the committed transitions and the rates they give.
    pub transitions: Option<TransitionRates>,
}

/// Curves behind [`ParticleReport`], for CSV and plots.
#[derive(Clone, Debug)]
pub struct ParticleCurves {
    /// MSD of R along the free axes with error bars (`None` in a trap).
    pub msd: Option<MsdCurve>,
    /// The axes the MSD and the momentum curves cover (see [`free_axes`]).
    pub axes: &'static [usize],
    /// Position autocorrelation of R_x (harmonic trap).
    pub position: Option<RunningIntegral<1>>,
    /// Bin centres [σ] and MD density [1/σ] of R_x.
    pub x_histogram: (Vec<f64>, Vec<Estimate>),
    /// Bin centres [m̂σ/τ] and MD density of P_x.
    pub p_histogram: (Vec<f64>, Vec<Estimate>),
}

/// The accumulators of the free particle's own observables, fed with each free sample.
#[derive(Clone, Debug)]
pub struct ParticleObservables {
    /// MSD of R along the free axes (the others held at 0); `None` in a trap.
    msd: Option<ParticleMsd>,
    x_hist: BlockHistogram,
    p_hist: BlockHistogram,
    position: Option<GreenKubo<1>>,
    transitions: Option<TransitionCounter>,
    field: ExternalField,
    box_length: f64,
    mass: f64,
    temperature: f64,
    sample_dt: f64,
    samples: u64,
}

impl ParticleObservables {
    /// Accumulators for a particle of mass `mass` [m̂] at `temperature` [ε_LJ/k_B] in `field`, in
    /// a box of edge `box_length` [σ], sampled every `sample_dt` [τ]; error blocks of `block_len`
    /// samples (histograms, position ACF) and `msd_block_len` samples (MSD).
    pub fn new(
        field: ExternalField,
        box_length: f64,
        mass: f64,
        temperature: f64,
        sample_dt: f64,
        block_len: u64,
        msd_block_len: u64,
    ) -> Self {
        let (lo, hi) = x_range(&field, temperature, box_length);
        let p_half = P_RANGE * (mass * temperature).sqrt().max(f64::MIN_POSITIVE);
        let block = block_len.max(2);
        Self {
            msd: (!free_axes(&field).is_empty()).then(|| {
                ParticleMsd::new(
                    sample_dt,
                    msd_block_len.max(16),
                    MultipleTauParams::default(),
                )
            }),
            x_hist: BlockHistogram::new(lo, hi, HISTOGRAM_BINS, block),
            p_hist: BlockHistogram::new(-p_half, p_half, HISTOGRAM_BINS, block),
            // δx = x − c with the trap's own centre (the exact mean): subtracting each block's
            // mean instead would bias C(t) by −⟨δx²⟩·2τ_x/T_block at every lag.
            position: matches!(field, ExternalField::HarmonicTrap { .. }).then(|| {
                GreenKubo::<1>::new(sample_dt, block, MultipleTauParams::default(), false)
            }),
            transitions: match field {
                ExternalField::DoubleWell {
                    separation, center, ..
                } => {
                    let a = 0.5 * separation;
                    Some(TransitionCounter::with_fraction(
                        center - a,
                        center + a,
                        COMMIT_FRACTION,
                        sample_dt,
                    ))
                }
                _ => None,
            },
            field,
            box_length,
            mass,
            temperature,
            sample_dt,
            samples: 0,
        }
    }

    /// One free sample: R (unwrapped) [σ] and P [m̂σ/τ].
    pub fn push(&mut self, op: &OrderParameters) {
        self.samples += 1;
        if let Some(msd) = self.msd.as_mut() {
            let mut r = [0.0; 3];
            for &a in free_axes(&self.field) {
                r[a] = op.r[a];
            }
            msd.push(r);
        }
        let x = match self.field {
            ExternalField::None => op.r[0].rem_euclid(self.box_length),
            _ => op.r[0],
        };
        self.x_hist.push(x);
        self.p_hist.push(op.p[0]);
        if let (Some(g), ExternalField::HarmonicTrap { center, .. }) =
            (self.position.as_mut(), self.field)
        {
            g.push_auto([op.r[0] - center[0]]);
        }
        if let Some(t) = self.transitions.as_mut() {
            t.push(op.r[0]);
        }
    }

    /// Committed transitions so far (0 without a double well).
    pub fn transitions(&self) -> u64 {
        self.transitions.as_ref().map_or(0, |t| t.transitions())
    }

    /// Samples fed.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// The report, given what else the measurement knows: the friction ζ [m̂/τ] (for the MSD fit
    /// window and the trap's cut-off) and the momentum's Green–Kubo running integral.
    pub fn report(
        &self,
        zeta: Option<f64>,
        momentum: Option<&RunningIntegral<3>>,
    ) -> (ParticleReport, ParticleCurves) {
        let tau_p = zeta.filter(|z| *z > 0.0).map(|z| self.mass / z);
        let axes = free_axes(&self.field);
        // The MSD sums the free axes only: 2nD t at long times, so D = slope/6 · 3/n.
        let msd_scale = 3.0 / axes.len().max(1) as f64;
        let msd_diffusion = self
            .msd
            .as_ref()
            .and_then(|m| {
                m.diffusion(FitWindow::Auto {
                    after: 5.0,
                    block_fraction: 0.25,
                    tau_p,
                })
            })
            .map(|mut d| {
                d.d = d.d.scale(msd_scale);
                d
            });
        let (momentum_time, momentum_variance) = match momentum {
            Some(ri) if !axes.is_empty() => {
                let c0 = ri
                    .correlation
                    .first()
                    .zip(ri.correlation_sem.first())
                    .map(|(c, e)| {
                        let n = axes.len() as f64;
                        let mean = axes.iter().map(|&a| c[(a, a)]).sum::<f64>() / n;
                        let var = axes.iter().map(|&a| e[(a, a)].powi(2)).sum::<f64>();
                        Estimate::new(mean, var.sqrt() / n)
                    });
                let time = ri
                    .plateau(Cutoff::default())
                    .and_then(|p| p.value.diagonal_mean(axes))
                    .zip(c0)
                    .filter(|(_, c)| c.mean > 0.0)
                    .map(|(i, c)| i.ratio(c));
                (time, c0)
            }
            _ => (None, None),
        };
        let position = self.position.as_ref().and_then(|g| {
            let cutoff = match (self.field, zeta) {
                (ExternalField::HarmonicTrap { k, .. }, Some(z)) if z > 0.0 => Cutoff::Time(
                    crate::coarse::DampedOscillator {
                        mass: self.mass,
                        zeta: z,
                        k,
                        kt: self.temperature,
                    }
                    .decay_time(POSITION_CUTOFF_DECAYS),
                ),
                _ => Cutoff::default(),
            };
            IntegratedCorrelation::from_green_kubo(g, cutoff)
        });
        let beta = 1.0 / self.temperature;
        let field = self.field;
        let x_density = self
            .x_hist
            .compare_density(|x| (-beta * potential_x(&field, x)).exp());
        let mkt = self.mass * self.temperature;
        let p_density = self
            .p_hist
            .compare_density(|p| (-p * p / (2.0 * mkt)).exp());
        let curve = self.msd.as_ref().map(|m| m.curve());
        let explored = curve
            .as_ref()
            .and_then(|c| c.msd.last())
            .map_or(0.0, |e| (e.mean * msd_scale).max(0.0).sqrt());
        let report = ParticleReport {
            time: self.samples as f64 * self.sample_dt,
            msd_diffusion,
            momentum_time,
            momentum_variance,
            position: position.filter(|p| p.variance.mean > 0.0),
            x_density,
            p_density,
            explored,
            transitions: self.transitions.as_ref().map(|t| t.rates()),
        };
        let curves = ParticleCurves {
            msd: curve,
            axes,
            position: self.position.as_ref().map(|g| g.running_integral()),
            x_histogram: (self.x_hist.bin_centres(), self.x_hist.density()),
            p_histogram: (self.p_hist.bin_centres(), self.p_hist.density()),
        };
        (report, curves)
    }
}
