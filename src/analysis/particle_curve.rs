//! `ParticleCurve`: a per-particle self correlation (VACF or MSD) on a multiple-tau lag grid, for
//! all particles and for each independent particle group, and `SelfCorrelation`, the grouped
//! correlator both are: one implementation of pushing, resetting and reading, with the kind of
//! correlation ([`super::MeanSquaredDisplacement`], [`super::VelocityAutocorrelation`]) as a type
//! parameter that only chooses the constructor and how `D` is read.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use super::ladder::{Coarsening, Ladder, MultipleTauParams};
use super::particle_kernel::{GroupedSelf, SelfTerm};

/// A self correlation averaged over particles, on the lags that have data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticleCurve {
    /// Lags [τ].
    pub lag_times: Vec<f64>,
    /// Time-origin pairs averaged at each lag.
    pub counts: Vec<u64>,
    /// The curve averaged over all particles (per particle, summed over x, y, z).
    pub mean: Vec<f64>,
    /// The same curve for each particle group: `groups[g][lag]`.
    pub groups: Vec<Vec<f64>>,
}

/// A multiple-tau ladder of one self term of N particles in independent groups, sampled every
/// `dt` [τ]; `K` names which correlation it is.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct SelfCorrelation<K> {
    ladder: Ladder<GroupedSelf>,
    n_particles: usize,
    dt: f64,
    #[serde(skip)]
    kind: PhantomData<K>,
}

impl<K> SelfCorrelation<K> {
    /// A ladder of `term` for `n_particles` in `groups` groups, sampled every `dt` [τ];
    /// `what` names the curve in the panic message.
    ///
    /// # Panics
    /// If `groups` is 0 or exceeds `n_particles`, `dt ≤ 0`, or the layout is invalid.
    pub(crate) fn with_term(
        what: &str,
        term: SelfTerm,
        coarsening: Coarsening,
        n_particles: usize,
        groups: usize,
        dt: f64,
        params: MultipleTauParams,
    ) -> Self {
        assert!(dt > 0.0 && dt.is_finite(), "{what}: dt must be > 0");
        Self {
            ladder: Ladder::new(
                GroupedSelf::new(term, n_particles, groups),
                params,
                coarsening,
                3 * n_particles,
            ),
            n_particles,
            dt,
            kind: PhantomData,
        }
    }

    /// Adds one 3-vector per particle at one time: the unwrapped positions [σ] for the MSD, the
    /// velocities [σ/τ] for the VACF.
    ///
    /// # Panics
    /// If the number of vectors differs from `n_particles`.
    pub fn push(&mut self, values: &[[f64; 3]]) {
        assert_eq!(values.len(), self.n_particles, "number of particles");
        self.ladder.push(values.as_flattened());
    }

    /// Samples pushed.
    pub fn n_samples(&self) -> u64 {
        self.ladder.pushed()
    }

    /// Forgets every sample.
    pub fn reset(&mut self) {
        self.ladder.reset();
    }

    /// The current curve, overall and per group: MSD(t) [σ²] or Z(t) [σ²/τ²].
    pub fn curve(&self) -> ParticleCurve {
        ParticleCurve::from_ladder(&self.ladder, self.dt)
    }
}

impl ParticleCurve {
    /// Reads a curve out of a grouped ladder.
    fn from_ladder(ladder: &Ladder<GroupedSelf>, dt: f64) -> Self {
        let lags = ladder.params().lag_samples();
        let n_groups = ladder.output_width();
        let sizes: Vec<f64> = (0..n_groups)
            .map(|g| ladder.kernel().group_size(g) as f64)
            .collect();
        let total: f64 = sizes.iter().sum();
        let mut curve = ParticleCurve {
            lag_times: Vec::new(),
            counts: Vec::new(),
            mean: Vec::new(),
            groups: vec![Vec::new(); n_groups],
        };
        for (i, (&lag, &count)) in lags.iter().zip(ladder.counts()).enumerate() {
            if count == 0 {
                continue;
            }
            let sums = ladder.sums(i);
            curve.lag_times.push(lag as f64 * dt);
            curve.counts.push(count);
            curve
                .mean
                .push(sums.iter().sum::<f64>() / (count as f64 * total));
            for g in 0..n_groups {
                curve.groups[g].push(sums[g] / (count as f64 * sizes[g]));
            }
        }
        curve
    }
}
