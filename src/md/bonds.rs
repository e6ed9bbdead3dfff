//! Harmonic bonds: the elastic network that holds a nanoparticle together.

use serde::{Deserialize, Serialize};

use super::periodic_box::PeriodicBox;

/// A harmonic bond u = k/2·(r − r₀)² between atoms `i` and `j`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HarmonicBond {
    /// First atom index.
    pub i: u32,
    /// Second atom index.
    pub j: u32,
    /// Spring constant k [ε_LJ/σ²].
    pub k: f64,
    /// Rest length r₀ [σ].
    pub r0: f64,
}

/// Adds bond forces to `forces` and returns (energy [ε_LJ], virial tensor xx,yy,zz,xy,xz,yz [ε_LJ]).
pub fn bond_forces(
    bonds: &[HarmonicBond],
    positions: &[[f64; 3]],
    b: &PeriodicBox,
    forces: &mut [[f64; 3]],
) -> (f64, [f64; 6]) {
    let mut energy = 0.0;
    let mut virial = [0.0; 6];
    for bond in bonds {
        let (i, j) = (bond.i as usize, bond.j as usize);
        let d = b.minimum_image(positions[i], positions[j]);
        let r = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        let stretch = r - bond.r0;
        energy += 0.5 * bond.k * stretch * stretch;
        // f_i = −k (r − r₀) d/r
        let fr = -bond.k * stretch / r;
        let f = [fr * d[0], fr * d[1], fr * d[2]];
        for a in 0..3 {
            forces[i][a] += f[a];
            forces[j][a] -= f[a];
        }
        virial[0] += d[0] * f[0];
        virial[1] += d[1] * f[1];
        virial[2] += d[2] * f[2];
        virial[3] += d[0] * f[1];
        virial[4] += d[0] * f[2];
        virial[5] += d[1] * f[2];
    }
    (energy, virial)
}

/// Elastic network: a bond between every pair of `atoms` closer than `cutoff` [σ] in the given
/// (unwrapped, compact) coordinates, with spring constant `k` [ε_LJ/σ²] and the build distance
/// as rest length.
pub fn elastic_network(
    atoms: &[u32],
    coordinates: &[[f64; 3]],
    cutoff: f64,
    k: f64,
) -> Vec<HarmonicBond> {
    let mut bonds = Vec::new();
    for a in 0..atoms.len() {
        for c in a + 1..atoms.len() {
            let (p, q) = (coordinates[a], coordinates[c]);
            let r = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt();
            if r < cutoff {
                bonds.push(HarmonicBond {
                    i: atoms[a],
                    j: atoms[c],
                    k,
                    r0: r,
                });
            }
        }
    }
    bonds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bond_force_is_minus_gradient() {
        let b = PeriodicBox::new(10.0);
        let bond = [HarmonicBond {
            i: 0,
            j: 1,
            k: 50.0,
            r0: 1.1,
        }];
        let x = vec![[9.8, 0.1, 5.0], [0.9, 0.3, 5.2]];
        let mut f = vec![[0.0; 3]; 2];
        bond_forces(&bond, &x, &b, &mut f);
        let h = 1e-6;
        for a in 0..3 {
            let mut xp = x.clone();
            xp[0][a] += h;
            let mut xm = x.clone();
            xm[0][a] -= h;
            let mut tmp = vec![[0.0; 3]; 2];
            let ep = bond_forces(&bond, &xp, &b, &mut tmp).0;
            let em = bond_forces(&bond, &xm, &b, &mut tmp).0;
            let fd = -(ep - em) / (2.0 * h);
            assert!((fd - f[0][a]).abs() < 1e-6, "axis {a}: {fd} vs {}", f[0][a]);
            assert!((f[0][a] + f[1][a]).abs() < 1e-12);
        }
    }
}
