//! `ParticleMsd`: the mean-squared displacement ⟨|R(t) − R(0)|²⟩ of one particle (the
//! nanoparticle's centre of mass) on a logarithmic lag grid, with standard errors from independent
//! time blocks, and the diffusion coefficient D_MSD from its long-time slope.

use serde::{Deserialize, Serialize};

use super::block_curves::BlockCurves;
use super::estimate::Estimate;
use super::ladder::{Coarsening, Ladder, MultipleTauParams};
use super::linear_fit::fit_slope;
use super::particle_kernel::{GroupedSelf, SelfTerm};

/// Entries kept by the block store (see [`BlockCurves`]): between 32 and 64 independent entries.
const BLOCK_CAPACITY: usize = 64;

/// How the window of the straight-line fit for D_MSD is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum FitWindow {
    /// `t_min = after · τ_P`, `t_max = block_fraction · (block duration)`.
    ///
    /// τ_P is estimated from the curve itself (see [`ParticleMsd::momentum_time`]) unless given.
    /// Why these bounds: for the Langevin (Ornstein–Uhlenbeck) particle
    /// MSD = 6D[t − τ_P(1 − e^{−t/τ_P})], so beyond `t_min` the curve is a straight line of
    /// slope 6D up to a relative error e^{−after} (0.7 % for `after = 5`); a block of duration
    /// T_b holds about T_b/t nearly independent origins at lag t, so lags up to a tenth of a block
    /// still average ≥ 10 of them.
    Auto {
        /// `t_min` in units of τ_P (default 5).
        after: f64,
        /// `t_max` as a fraction of the block duration (default 0.1).
        block_fraction: f64,
        /// τ_P [τ] when known (e.g. m/ζ from the friction measurement); `None`: from the curve.
        tau_p: Option<f64>,
    },
    /// An explicit window `[t_min, t_max]` [τ].
    Times {
        /// Start of the window [τ].
        t_min: f64,
        /// End of the window [τ].
        t_max: f64,
    },
}

impl Default for FitWindow {
    fn default() -> Self {
        FitWindow::Auto {
            after: 5.0,
            block_fraction: 0.1,
            tau_p: None,
        }
    }
}

/// The mean-squared displacement with its error bars, on the lags that have data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MsdCurve {
    /// Lags [τ].
    pub lag_times: Vec<f64>,
    /// Time-origin pairs averaged at each lag (whole series).
    pub counts: Vec<u64>,
    /// ⟨|R(t) − R(0)|²⟩ [σ²] over the whole series, with the standard error from the scatter of
    /// the block curves (`NaN` at lags longer than a block or with fewer than two blocks).
    pub msd: Vec<Estimate>,
    /// Independent entries behind the error bars.
    pub n_entries: usize,
}

/// D_MSD from the long-time slope.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MsdDiffusion {
    /// D = slope/6 [σ²/τ]: the fit to the whole-series curve; the standard error is the scatter
    /// of the slopes of the block curves over the same window, over √K.
    pub d: Estimate,
    /// Fit window actually used [τ].
    pub t_min: f64,
    /// End of the fit window [τ].
    pub t_max: f64,
    /// τ_P used for the automatic window [τ] (`NaN` for an explicit window).
    pub tau_p: f64,
    /// Lags inside the window.
    pub n_points: usize,
    /// Independent entries behind the error bar.
    pub n_entries: usize,
}

/// Mean-squared displacement of one unwrapped 3-vector trajectory R(t) [σ] sampled every `dt` [τ].
///
/// Two multiple-tau ladders with decimation (Frenkel & Smit's order-n scheme, so every lag on the
/// grid is an exact displacement): one over the whole series, which gives the reported curve, and
/// one over the current block of `block_len` samples. When a block is complete its curve goes to a
/// [`BlockCurves`] store and the block ladder restarts; the blocks are independent when a block is
/// much longer than τ_P, and the scatter of their curves gives the standard error per lag and of
/// D_MSD. Memory: `2·levels·p·3` register values plus 64 block curves of at most `n_lags` values,
/// independent of the run length; work per sample: two ladder pushes (≤ 4p pair terms).
///
/// Choose `block_len` ≥ 100 τ_P (in samples) so that lags up to a tenth of a block reach the
/// diffusive regime, and run for ≥ 16 blocks.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ParticleMsd {
    total: Ladder<GroupedSelf>,
    block: Ladder<GroupedSelf>,
    block_len: u64,
    dt: f64,
    blocks: BlockCurves,
    block_lags: usize,
}

fn ladder(params: MultipleTauParams) -> Ladder<GroupedSelf> {
    Ladder::new(
        GroupedSelf::new(SelfTerm::SquaredDifference, 1, 1),
        params,
        Coarsening::Decimate,
        3,
    )
}

impl ParticleMsd {
    /// MSD of a trajectory sampled every `dt` [τ], blocks of `block_len` samples.
    ///
    /// # Panics
    /// If `dt ≤ 0`, `block_len < 2` or the layout is invalid (programming errors).
    pub fn new(dt: f64, block_len: u64, params: MultipleTauParams) -> Self {
        assert!(dt > 0.0 && dt.is_finite(), "ParticleMsd: dt must be > 0");
        assert!(block_len >= 2, "ParticleMsd: block_len must be ≥ 2");
        // Decimated level k holds one position every m^k samples: lag j·m^k has pairs inside a
        // block when j·m^k < block_len.
        // Lag j·m^k needs more than j values at level k, i.e. (j + 1)·m^k ≤ block_len; the grid
        // is increasing, so these lags are a prefix of it.
        let mut block_lags = 0;
        let mut stride: u64 = 1;
        for level in 0..params.levels {
            let first = if level == 0 {
                0
            } else {
                params.points / params.averaging
            };
            for j in first..params.points {
                if (j as u64 + 1) * stride <= block_len {
                    block_lags += 1;
                }
            }
            stride = stride.saturating_mul(params.averaging as u64);
        }
        Self {
            total: ladder(params),
            block: ladder(params),
            block_len,
            dt,
            blocks: BlockCurves::new(block_lags, BLOCK_CAPACITY),
            block_lags,
        }
    }

    /// Adds the unwrapped position R [σ] at the next sample time.
    #[inline]
    pub fn push(&mut self, r: [f64; 3]) {
        self.total.push(&r);
        self.block.push(&r);
        if self.block.pushed() == self.block_len {
            let curve: Vec<f64> = (0..self.block_lags)
                .map(|i| {
                    let c = self.block.counts()[i];
                    if c == 0 {
                        f64::NAN
                    } else {
                        self.block.sums(i)[0] / c as f64
                    }
                })
                .collect();
            self.blocks.push(&curve);
            self.block.reset();
        }
    }

    /// Forgets every sample and block.
    pub fn reset(&mut self) {
        self.total.reset();
        self.block.reset();
        self.blocks.reset();
    }

    /// Samples pushed.
    pub fn n_samples(&self) -> u64 {
        self.total.pushed()
    }

    /// Completed blocks.
    pub fn n_blocks(&self) -> u64 {
        self.blocks.n_blocks()
    }

    /// Sample interval [τ].
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// Block duration [τ].
    pub fn block_time(&self) -> f64 {
        self.block_len as f64 * self.dt
    }

    /// The current curve (cheap: O(lags · entries)).
    pub fn curve(&self) -> MsdCurve {
        let lags = self.total.params().lag_samples();
        let sem = self.blocks.component_sem();
        let mut out = MsdCurve {
            lag_times: Vec::new(),
            counts: Vec::new(),
            msd: Vec::new(),
            n_entries: self.blocks.n_entries(),
        };
        for (i, (&lag, &count)) in lags.iter().zip(self.total.counts()).enumerate() {
            if count == 0 {
                continue;
            }
            out.lag_times.push(lag as f64 * self.dt);
            out.counts.push(count);
            out.msd.push(Estimate::new(
                self.total.sums(i)[0] / count as f64,
                sem.get(i).copied().unwrap_or(f64::NAN),
            ));
        }
        out
    }

    /// Momentum relaxation time τ_P [τ] read off the curve, for the automatic fit window:
    /// `τ_P ≈ (MSD(t)/2t) / (MSD(Δt)/Δt²)` — the ratio of D ≈ MSD/(6t) at the longest lag with an
    /// error bar (at most a tenth of a block) to k_BT/m ≈ MSD(Δt)/(3Δt²) at the first lag (the
    /// Langevin relation D = (k_BT/m)τ_P). At finite t the first factor underestimates D by
    /// τ_P/t, and when Δt is not ≪ τ_P the second underestimates k_BT/m, so this is a rough
    /// value (within tens of per cent), biased long when sampling is coarse, which only moves the
    /// window later. `None` before two lags have data.
    pub fn momentum_time(&self) -> Option<f64> {
        let c = self.curve();
        if c.lag_times.len() < 2 {
            return None;
        }
        let first = c.msd[1].mean / (c.lag_times[1] * c.lag_times[1]);
        let reach = 0.1 * self.block_time();
        let i = c
            .lag_times
            .iter()
            .rposition(|&t| t <= reach)
            .unwrap_or(c.lag_times.len() - 1)
            .max(1);
        let d2 = c.msd[i].mean / (2.0 * c.lag_times[i]);
        let tau = d2 / first;
        (tau.is_finite() && tau > 0.0).then_some(tau)
    }

    /// D_MSD [σ²/τ] from the slope of a straight line fitted over `window`. `None` with fewer
    /// than two lags in the window.
    pub fn diffusion(&self, window: FitWindow) -> Option<MsdDiffusion> {
        let (t_min, t_max, tau_p) = match window {
            FitWindow::Times { t_min, t_max } => (t_min, t_max, f64::NAN),
            FitWindow::Auto {
                after,
                block_fraction,
                tau_p,
            } => {
                let tau_p = match tau_p {
                    Some(t) => t,
                    None => self.momentum_time()?,
                };
                (after * tau_p, block_fraction * self.block_time(), tau_p)
            }
        };
        let curve = self.curve();
        let means: Vec<f64> = curve.msd.iter().map(|e| e.mean).collect();
        let fit = fit_slope(&curve.lag_times, &means, t_min, t_max)?;
        let times = &curve.lag_times;
        let per_block = self.blocks.scatter(|e| {
            let n = e.len().min(times.len());
            fit_slope(&times[..n], &e[..n], t_min, t_max).map(|f| f.slope.mean / 6.0)
        });
        Some(MsdDiffusion {
            d: Estimate::new(fit.slope.mean / 6.0, per_block.sem),
            t_min,
            t_max,
            tau_p,
            n_points: fit.n_points,
            n_entries: self.blocks.n_entries(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballistic_line_is_exact() {
        // R = v t: MSD(t) = |v|² t² at every lag, in every block (zero scatter).
        let dt = 0.5;
        let v = [1.0, -2.0, 0.5];
        let mut msd = ParticleMsd::new(dt, 256, MultipleTauParams::default());
        for n in 0..2048 {
            let t = n as f64 * dt;
            msd.push([v[0] * t, v[1] * t, v[2] * t]);
        }
        assert_eq!(msd.n_blocks(), 8);
        let c = msd.curve();
        let v2 = 1.0 + 4.0 + 0.25;
        for (t, e) in c.lag_times.iter().zip(&c.msd) {
            assert!((e.mean - v2 * t * t).abs() < 1e-9 * (1.0 + e.mean));
            assert!(e.sem.is_nan() || e.sem < 1e-9 * (1.0 + e.mean));
        }
    }
}
