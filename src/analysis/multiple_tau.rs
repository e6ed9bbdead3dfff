//! `MultipleTau`: the multiple-tau correlator of Ramírez, Sukumaran, Vorselaars & Likhtman
//! (J. Chem. Phys. 133, 154103 (2010)) for pairs of D-vector series.

use nalgebra::SMatrix;
use serde::{Deserialize, Serialize};

use super::ladder::{Coarsening, Kernel, Ladder, MultipleTauParams};

/// Kernel of the cross-correlation tensor: a sample is `[x_1..x_D, y_1..y_D]` and a pair adds
/// `x_a(earlier)·y_b(later)` to entry `a·D + b`.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Outer<const D: usize>;

impl<const D: usize> Kernel for Outer<D> {
    fn output_width(&self) -> usize {
        D * D
    }

    #[inline]
    fn accumulate(&self, earlier: &[f64], later: &[f64], acc: &mut [f64]) {
        let x: &[f64; D] = earlier[..D].try_into().expect("width");
        let y: &[f64; D] = later[D..2 * D].try_into().expect("width");
        let acc: &mut [f64] = &mut acc[..D * D];
        for a in 0..D {
            for b in 0..D {
                acc[a * D + b] += x[a] * y[b];
            }
        }
    }
}

/// Multiple-tau correlator of two D-vector series x(t), y(t) sampled every `dt`.
///
/// Estimates all D² cross-correlations
///
/// `C_ab(s) = ⟨x_a(t) y_b(t + s)⟩`  (s ≥ 0; negative lags are the transpose of ⟨y x⟩),
///
/// on the logarithmic lag grid of [`MultipleTauParams`], in constant memory and O(1) amortised work
/// per sample. Pushing `(x, x)` gives the auto-correlation. `D = 1` is the scalar correlator
/// ([`MultipleTau::push_scalar`]).
///
/// Level 0 (lags `0 … p − 1` samples) is exact: the estimate at lag `j` is
/// `Σ_t x(t)·y(t + j) / (n − j)` over all `n − j` pairs, identical to the direct estimator. At
/// level `k ≥ 1` the pairs are formed from block means over `m^k` samples, which smooths `C`
/// (see [`MultipleTauParams`] for the size of the smoothing error).
///
/// With `subtract_mean` the reported correlation is the covariance
/// `⟨x_a y_b⟩ − ⟨x_a⟩⟨y_b⟩`, where `⟨x⟩, ⟨y⟩` are the means over every sample pushed so far (this
/// is the `⟨f⟩·⟨f⟩` subtraction of θ, docs/physics.md eq. (55)). The raw pair sums are kept, so the
/// mean can be switched on or off at any time without losing data.
///
/// Units: `C` has the unit of `x·y`; lag times are in the unit of `dt` (τ in multiscope).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MultipleTau<const D: usize> {
    ladder: Ladder<Outer<D>>,
    dt: f64,
    subtract_mean: bool,
    sum_x: Vec<f64>,
    sum_y: Vec<f64>,
}

/// The scalar multiple-tau correlator.
pub type ScalarMultipleTau = MultipleTau<1>;
/// The 3-vector multiple-tau correlator (momentum P, force F of the nanoparticle).
pub type VectorMultipleTau = MultipleTau<3>;

/// A snapshot of a correlation estimate on the lags that have data (a prefix of the grid).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correlation<const D: usize> {
    /// Lags [samples].
    pub lag_samples: Vec<u64>,
    /// Lags [unit of dt, τ].
    pub lag_times: Vec<f64>,
    /// Pairs averaged at each lag.
    pub counts: Vec<u64>,
    /// `C_ab(s)` at each lag (row a: x component at the earlier time, column b: y component at the
    /// later time) [unit of x·y].
    pub values: Vec<SMatrix<f64, D, D>>,
    /// Whether `⟨x⟩⟨y⟩ᵀ` was subtracted.
    pub mean_subtracted: bool,
}

impl<const D: usize> Correlation<D> {
    /// The isotropic part `tr C(s) / D` at each lag.
    pub fn isotropic(&self) -> Vec<f64> {
        self.values.iter().map(|c| c.trace() / D as f64).collect()
    }

    /// Component `(a, b)` at each lag.
    pub fn component(&self, a: usize, b: usize) -> Vec<f64> {
        self.values.iter().map(|c| c[(a, b)]).collect()
    }
}

impl<const D: usize> MultipleTau<D> {
    /// A correlator for samples taken every `dt` [τ] with the given layout.
    ///
    /// # Panics
    /// If `dt` is not positive and finite or the layout is invalid (a programming error).
    pub fn new(dt: f64, params: MultipleTauParams, subtract_mean: bool) -> Self {
        assert!(dt > 0.0 && dt.is_finite(), "multiple-tau: dt must be > 0");
        Self {
            ladder: Ladder::new(Outer::<D>, params, Coarsening::Average, 2 * D),
            dt,
            subtract_mean,
            sum_x: vec![0.0; D],
            sum_y: vec![0.0; D],
        }
    }

    /// A correlator with the default layout (`p = 16`, `m = 2`, 24 levels).
    pub fn with_defaults(dt: f64, subtract_mean: bool) -> Self {
        Self::new(dt, MultipleTauParams::default(), subtract_mean)
    }

    /// Adds one pair of samples `x(t)`, `y(t)`.
    #[inline]
    pub fn push(&mut self, x: [f64; D], y: [f64; D]) {
        let mut sample = [0.0; 16];
        if D <= 8 {
            sample[..D].copy_from_slice(&x);
            sample[D..2 * D].copy_from_slice(&y);
            self.ladder.push(&sample[..2 * D]);
        } else {
            let mut v = Vec::with_capacity(2 * D);
            v.extend_from_slice(&x);
            v.extend_from_slice(&y);
            self.ladder.push(&v);
        }
        for a in 0..D {
            self.sum_x[a] += x[a];
            self.sum_y[a] += y[a];
        }
    }

    /// Adds one sample of an auto-correlation (`y = x`).
    #[inline]
    pub fn push_auto(&mut self, x: [f64; D]) {
        self.push(x, x);
    }

    /// Forgets every sample (keeps the layout, `dt` and the mean option).
    pub fn reset(&mut self) {
        self.ladder.reset();
        self.sum_x.fill(0.0);
        self.sum_y.fill(0.0);
    }

    /// Whether the reported correlation subtracts `⟨x⟩⟨y⟩ᵀ`.
    pub fn subtract_mean(&self) -> bool {
        self.subtract_mean
    }

    /// Switches the mean subtraction (no data are lost).
    pub fn set_subtract_mean(&mut self, on: bool) {
        self.subtract_mean = on;
    }

    /// Sample interval [τ].
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// The layout.
    pub fn params(&self) -> &MultipleTauParams {
        self.ladder.params()
    }

    /// Samples pushed.
    pub fn n_samples(&self) -> u64 {
        self.ladder.pushed()
    }

    /// The full lag grid [samples] (including lags that have no data yet).
    pub fn lag_samples(&self) -> Vec<u64> {
        self.params().lag_samples()
    }

    /// The full lag grid [τ].
    pub fn lag_times(&self) -> Vec<f64> {
        self.lag_samples()
            .into_iter()
            .map(|l| l as f64 * self.dt)
            .collect()
    }

    /// Pairs accumulated at each lag of the full grid.
    pub fn counts(&self) -> &[u64] {
        self.ladder.counts()
    }

    /// Means `(⟨x⟩, ⟨y⟩)` over every sample pushed (zeros before the first sample).
    pub fn means(&self) -> ([f64; D], [f64; D]) {
        let n = self.n_samples().max(1) as f64;
        let mut mx = [0.0; D];
        let mut my = [0.0; D];
        for a in 0..D {
            mx[a] = self.sum_x[a] / n;
            my[a] = self.sum_y[a] / n;
        }
        (mx, my)
    }

    /// Number of `f64` values of state (constant: independent of the number of samples).
    pub fn memory_values(&self) -> usize {
        self.ladder.memory_values() + 2 * D
    }

    /// The current estimate on the lags that have at least one pair. Costs O(lags·D²), cheap
    /// enough to call every frame for live plotting.
    pub fn correlation(&self) -> Correlation<D> {
        let (mx, my) = self.means();
        let lags = self.lag_samples();
        let counts = self.counts();
        let mut out = Correlation {
            lag_samples: Vec::new(),
            lag_times: Vec::new(),
            counts: Vec::new(),
            values: Vec::new(),
            mean_subtracted: self.subtract_mean,
        };
        for (i, (&lag, &count)) in lags.iter().zip(counts).enumerate() {
            if count == 0 {
                continue;
            }
            let sums = self.ladder.sums(i);
            let mut c = SMatrix::<f64, D, D>::zeros();
            for a in 0..D {
                for b in 0..D {
                    c[(a, b)] = sums[a * D + b] / count as f64;
                    if self.subtract_mean {
                        c[(a, b)] -= mx[a] * my[b];
                    }
                }
            }
            out.lag_samples.push(lag);
            out.lag_times.push(lag as f64 * self.dt);
            out.counts.push(count);
            out.values.push(c);
        }
        out
    }
}

impl MultipleTau<1> {
    /// Adds one pair of scalar samples.
    #[inline]
    pub fn push_scalar(&mut self, x: f64, y: f64) {
        self.push([x], [y]);
    }
}
