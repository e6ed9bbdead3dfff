//! The external potential on the nanoparticle's centre of mass: what it is, its energy and its
//! force. The MD engine applies it, the coarse-grained solvers take its x profile, the scene and
//! LAMMPS files spell it; this module imports from none of them.

use serde::{Deserialize, Serialize};

/// A potential U(R) [ε_LJ] of the nanoparticle's (unwrapped) centre of mass R. Its force
/// −∂U/∂R is spread over the nanoparticle's atoms in proportion to their masses, so it accelerates
/// the centre of mass without deforming the particle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub enum ExternalField {
    /// No field.
    #[default]
    None,
    /// Isotropic harmonic trap U = k/2·|R − c|².
    HarmonicTrap {
        /// Spring constant k [ε_LJ/σ²].
        k: f64,
        /// Trap centre c [σ].
        center: [f64; 3],
    },
    /// Double well along x: U = h·((x − c)²/a² − 1)², barrier h at x = c, wells at c ± a.
    DoubleWell {
        /// Barrier height h [ε_LJ].
        barrier: f64,
        /// Distance between the two minima, 2a [σ].
        separation: f64,
        /// Position c of the barrier top on the x axis [σ].
        center: f64,
    },
}

/// The quartic double well along one axis, U(x) = h·((x − c)²/a² − 1)²: barrier h at x = c,
/// wells at c ± a.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoubleWellPotential {
    /// Barrier height h [ε_LJ].
    pub height: f64,
    /// Barrier position c [σ].
    pub centre: f64,
    /// Half the well separation a [σ].
    pub half_width: f64,
}

impl DoubleWellPotential {
    /// Energy U(x) [ε_LJ] and force −dU/dx [ε_LJ/σ] at `x` [σ].
    pub fn energy_force(&self, x: f64) -> (f64, f64) {
        let s = (x - self.centre) / self.half_width;
        let w = s * s - 1.0;
        (
            self.height * w * w,
            -4.0 * self.height * w * s / self.half_width,
        )
    }
}

/// The well of an [`ExternalField::DoubleWell`] with these fields.
fn double_well(barrier: f64, separation: f64, center: f64) -> DoubleWellPotential {
    DoubleWellPotential {
        height: barrier,
        centre: center,
        half_width: 0.5 * separation,
    }
}

impl ExternalField {
    /// The double well's shape along x (half width a = separation/2), `None` for other fields.
    pub fn double_well(&self) -> Option<DoubleWellPotential> {
        match *self {
            ExternalField::DoubleWell {
                barrier,
                separation,
                center,
            } => Some(double_well(barrier, separation, center)),
            _ => None,
        }
    }

    /// Energy U(R) [ε_LJ] and force −∂U/∂R [ε_LJ/σ] at centre of mass `r` [σ].
    pub fn energy_force(&self, r: [f64; 3]) -> (f64, [f64; 3]) {
        match *self {
            ExternalField::None => (0.0, [0.0; 3]),
            ExternalField::HarmonicTrap { k, center } => {
                let d = [r[0] - center[0], r[1] - center[1], r[2] - center[2]];
                let u = 0.5 * k * (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                (u, [-k * d[0], -k * d[1], -k * d[2]])
            }
            ExternalField::DoubleWell {
                barrier,
                separation,
                center,
            } => {
                let (u, f) = double_well(barrier, separation, center).energy_force(r[0]);
                (u, [f, 0.0, 0.0])
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_forces_are_minus_gradients() {
        let fields = [
            ExternalField::HarmonicTrap {
                k: 3.0,
                center: [1.0, 2.0, 3.0],
            },
            ExternalField::DoubleWell {
                barrier: 5.0,
                separation: 4.0,
                center: 8.0,
            },
        ];
        let h = 1e-6;
        for field in fields {
            let r = [7.3, 1.1, 4.0];
            let (_, f) = field.energy_force(r);
            for a in 0..3 {
                let mut rp = r;
                rp[a] += h;
                let mut rm = r;
                rm[a] -= h;
                let fd = -(field.energy_force(rp).0 - field.energy_force(rm).0) / (2.0 * h);
                assert!(
                    (fd - f[a]).abs() < 1e-6,
                    "{field:?} axis {a}: {fd} vs {}",
                    f[a]
                );
            }
        }
    }

    #[test]
    fn double_well_minima_and_barrier() {
        let f = ExternalField::DoubleWell {
            barrier: 6.0,
            separation: 3.0,
            center: 0.0,
        };
        assert!((f.energy_force([0.0; 3]).0 - 6.0).abs() < 1e-12);
        assert!(f.energy_force([1.5, 0.0, 0.0]).0.abs() < 1e-12);
        assert!(f.energy_force([-1.5, 0.0, 0.0]).0.abs() < 1e-12);
    }
}
