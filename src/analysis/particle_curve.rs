//! `ParticleCurve`: a per-particle self correlation (VACF or MSD) on a multiple-tau lag grid, for
//! all particles and for each independent particle group.

use serde::{Deserialize, Serialize};

use super::ladder::Ladder;
use super::particle_kernel::GroupedSelf;

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

impl ParticleCurve {
    /// Reads a curve out of a grouped ladder.
    pub(crate) fn from_ladder(ladder: &Ladder<GroupedSelf>, dt: f64) -> Self {
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
