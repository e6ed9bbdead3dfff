//! Pair potentials: the [`PairPotential`] role and the Lennard-Jones family that fills it.

use serde::{Deserialize, Serialize};

/// A spherically symmetric pair potential u(r) with a finite cut-off.
///
/// The hot force loop asks for `u(r)` and `f(r)/r = −u'(r)/r` as functions of r², which avoids a
/// square root per pair.
pub trait PairPotential {
    /// Cut-off radius r_c [σ]; u = 0 and f = 0 beyond it.
    fn cutoff(&self) -> f64;
    /// Energy u(r) [ε_LJ] at squared distance `r2` [σ²], for r2 < r_c².
    fn energy(&self, r2: f64) -> f64;
    /// Force magnitude divided by distance, −u'(r)/r [ε_LJ/σ²], at squared distance `r2` [σ²].
    fn force_over_r(&self, r2: f64) -> f64;
}

/// Lennard-Jones: u(r) = 4ε[(σ/r)¹² − (σ/r)⁶] − u_shift for r < r_c, else 0.
///
/// With `shift = false` the potential is truncated (u jumps at r_c); with `shift = true`
/// u_shift = 4ε[(σ/r_c)¹² − (σ/r_c)⁶] so that u(r_c) = 0. The force is the same either way.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LennardJones {
    /// Well depth ε [ε_LJ].
    pub epsilon: f64,
    /// Length scale σ [σ].
    pub sigma: f64,
    /// Cut-off radius r_c [σ].
    pub cutoff: f64,
    /// Shift the energy so that u(r_c) = 0.
    #[serde(default)]
    pub shift: bool,
}

impl LennardJones {
    fn unshifted(&self, r2: f64) -> f64 {
        let s6 = (self.sigma * self.sigma / r2).powi(3);
        4.0 * self.epsilon * s6 * (s6 - 1.0)
    }

    /// Energy shift u_shift [ε_LJ] subtracted inside the cut-off (0 when not shifted).
    pub fn energy_shift(&self) -> f64 {
        if self.shift {
            self.unshifted(self.cutoff * self.cutoff)
        } else {
            0.0
        }
    }
}

impl PairPotential for LennardJones {
    fn cutoff(&self) -> f64 {
        self.cutoff
    }
    fn energy(&self, r2: f64) -> f64 {
        self.unshifted(r2) - self.energy_shift()
    }
    fn force_over_r(&self, r2: f64) -> f64 {
        let inv = 1.0 / r2;
        let s6 = (self.sigma * self.sigma * inv).powi(3);
        24.0 * self.epsilon * s6 * (2.0 * s6 - 1.0) * inv
    }
}

/// Weeks–Chandler–Andersen: the Lennard-Jones potential cut at its minimum r_c = 2^{1/6}σ and
/// shifted up by ε, a purely repulsive smooth potential.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Wca {
    /// Well depth ε of the underlying Lennard-Jones potential [ε_LJ].
    pub epsilon: f64,
    /// Length scale σ [σ].
    pub sigma: f64,
}

impl Wca {
    fn as_lj(&self) -> LennardJones {
        LennardJones {
            epsilon: self.epsilon,
            sigma: self.sigma,
            cutoff: 2f64.powf(1.0 / 6.0) * self.sigma,
            shift: true,
        }
    }
}

impl PairPotential for Wca {
    fn cutoff(&self) -> f64 {
        2f64.powf(1.0 / 6.0) * self.sigma
    }
    fn energy(&self, r2: f64) -> f64 {
        self.as_lj().energy(r2)
    }
    fn force_over_r(&self, r2: f64) -> f64 {
        self.as_lj().force_over_r(r2)
    }
}

/// The interaction between one pair of atom types, as written in a scene file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum PairInteraction {
    /// No interaction.
    None,
    /// Lennard-Jones, truncated or shifted at its cut-off.
    LennardJones(LennardJones),
    /// Weeks–Chandler–Andersen (purely repulsive).
    Wca(Wca),
}

/// The precomputed coefficients of any Lennard-Jones-form pair term, as used by the force loop:
/// f/r = r⁻²·s⁶(a·s⁶ − b) with s⁶ = (σ²/r²)³, u = s⁶(c·s⁶ − d) − shift, active for r² < rc².
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LjCoefficients {
    /// 48ε [ε_LJ].
    pub a: f64,
    /// 24ε [ε_LJ].
    pub b: f64,
    /// 4ε [ε_LJ].
    pub c: f64,
    /// σ² [σ²].
    pub sigma2: f64,
    /// Energy shift [ε_LJ].
    pub shift: f64,
    /// Squared cut-off r_c² [σ²]; zero means "no interaction".
    pub rc2: f64,
}

impl LjCoefficients {
    /// Energy u [ε_LJ] and −u'(r)/r [ε_LJ/σ²] at squared distance r2 [σ²] (inside the cut-off).
    #[inline(always)]
    pub fn energy_force(&self, r2: f64) -> (f64, f64) {
        let inv = 1.0 / r2;
        let s2 = self.sigma2 * inv;
        let s6 = s2 * s2 * s2;
        let f = s6 * (self.a * s6 - self.b) * inv;
        let u = self.c * s6 * (s6 - 1.0) - self.shift;
        (u, f)
    }
}

impl PairInteraction {
    /// Cut-off radius [σ] (0 for no interaction).
    pub fn cutoff(&self) -> f64 {
        match self {
            PairInteraction::None => 0.0,
            PairInteraction::LennardJones(lj) => lj.cutoff(),
            PairInteraction::Wca(w) => w.cutoff(),
        }
    }

    /// Coefficients for the force loop.
    pub fn coefficients(&self) -> LjCoefficients {
        let lj = match self {
            PairInteraction::None => return LjCoefficients::default(),
            PairInteraction::LennardJones(lj) => *lj,
            PairInteraction::Wca(w) => w.as_lj(),
        };
        LjCoefficients {
            a: 48.0 * lj.epsilon,
            b: 24.0 * lj.epsilon,
            c: 4.0 * lj.epsilon,
            sigma2: lj.sigma * lj.sigma,
            shift: lj.energy_shift(),
            rc2: lj.cutoff * lj.cutoff,
        }
    }
}

/// Per-type-pair interactions for `n` atom types, stored as a symmetric n×n table of coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct PairTable {
    n: usize,
    table: Vec<LjCoefficients>,
    max_cutoff: f64,
}

impl PairTable {
    /// Builds the table from `interactions[i][j]` (only i ≤ j is read; the table is symmetrised).
    pub fn new(interactions: &[Vec<PairInteraction>]) -> Self {
        let n = interactions.len();
        let mut table = vec![LjCoefficients::default(); n * n];
        let mut max_cutoff: f64 = 0.0;
        for i in 0..n {
            for j in i..n {
                let c = interactions[i][j].coefficients();
                max_cutoff = max_cutoff.max(interactions[i][j].cutoff());
                table[i * n + j] = c;
                table[j * n + i] = c;
            }
        }
        Self {
            n,
            table,
            max_cutoff,
        }
    }

    /// Number of atom types.
    pub fn types(&self) -> usize {
        self.n
    }

    /// Coefficients for types `ti`, `tj`.
    #[inline(always)]
    pub fn get(&self, ti: usize, tj: usize) -> &LjCoefficients {
        &self.table[ti * self.n + tj]
    }

    /// Largest cut-off over all type pairs [σ].
    pub fn max_cutoff(&self) -> f64 {
        self.max_cutoff
    }

    /// Whether every type pair has the same interaction (enables the single-type fast path).
    pub fn is_uniform(&self) -> bool {
        self.table.iter().all(|c| *c == self.table[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_force_is_minus_gradient(p: &dyn PairPotential) {
        // Central difference in r; error O(h²) ~ 1e-10 relative for smooth u.
        let h = 1e-6;
        for &r in &[0.95, 1.0, 1.12, 1.3, 1.8, 2.4] {
            if r >= p.cutoff() - h {
                continue;
            }
            let du = (p.energy((r + h) * (r + h)) - p.energy((r - h) * (r - h))) / (2.0 * h);
            let f = p.force_over_r(r * r) * r;
            assert!(
                (f + du).abs() <= 1e-6 * (1.0 + f.abs()),
                "r = {r}: force {f} vs -du/dr {}",
                -du
            );
        }
    }

    #[test]
    fn lj_force_is_minus_gradient() {
        let lj = LennardJones {
            epsilon: 1.3,
            sigma: 0.9,
            cutoff: 2.5,
            shift: true,
        };
        check_force_is_minus_gradient(&lj);
        assert!(lj.energy(2.5 * 2.5).abs() < 1e-15);
    }

    #[test]
    fn wca_is_zero_and_smooth_at_cutoff() {
        let w = Wca {
            epsilon: 1.0,
            sigma: 1.0,
        };
        check_force_is_minus_gradient(&w);
        let rc2 = w.cutoff() * w.cutoff();
        assert!(w.energy(rc2).abs() < 1e-12);
        assert!(w.force_over_r(rc2).abs() < 1e-12);
    }

    #[test]
    fn coefficients_match_potential() {
        let lj = LennardJones {
            epsilon: 0.8,
            sigma: 1.1,
            cutoff: 3.0,
            shift: false,
        };
        let c = PairInteraction::LennardJones(lj).coefficients();
        for &r2 in &[1.0, 1.5, 4.0, 8.0] {
            let (u, f) = c.energy_force(r2);
            assert!((u - lj.energy(r2)).abs() < 1e-12);
            assert!((f - lj.force_over_r(r2)).abs() < 1e-12);
        }
    }
}
