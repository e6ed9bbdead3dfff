//! Nanoparticle shapes and the construction of their atoms.

use serde::{Deserialize, Serialize};

/// The shape of a nanoparticle, from which its atoms' coordinates are built.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Shape {
    /// A solid sphere cut from an fcc lattice of number density `lattice_density` [σ⁻³]
    /// (centred on a lattice site).
    Sphere {
        /// Radius [σ].
        radius: f64,
        /// Number density of the fcc lattice [σ⁻³].
        lattice_density: f64,
    },
    /// A hollow shell of atoms on the vertices of a geodesic icosahedral grid (class I, like a
    /// virus capsid), 10n² + 2 atoms for frequency n, spaced about `spacing` apart.
    IcosahedralShell {
        /// Radius [σ].
        radius: f64,
        /// Target distance between neighbouring atoms [σ].
        spacing: f64,
    },
    /// A solid cylinder along x cut from an fcc lattice.
    Rod {
        /// Radius [σ].
        radius: f64,
        /// Length along x [σ].
        length: f64,
        /// Number density of the fcc lattice [σ⁻³].
        lattice_density: f64,
    },
}

impl Shape {
    /// Atom coordinates [σ], relative to the (equal-mass) centre of mass.
    pub fn coordinates(&self) -> Vec<[f64; 3]> {
        let mut x = match *self {
            Shape::Sphere {
                radius,
                lattice_density,
            } => fcc_points(lattice_density, radius, |p| norm2(p) <= radius * radius),
            Shape::Rod {
                radius,
                length,
                lattice_density,
            } => fcc_points(lattice_density, radius.max(0.5 * length), |p| {
                p[1] * p[1] + p[2] * p[2] <= radius * radius && p[0].abs() <= 0.5 * length
            }),
            Shape::IcosahedralShell { radius, spacing } => icosahedral_shell(radius, spacing),
        };
        let n = x.len() as f64;
        if n > 0.0 {
            let mut c = [0.0; 3];
            for p in &x {
                for a in 0..3 {
                    c[a] += p[a] / n;
                }
            }
            for p in &mut x {
                for a in 0..3 {
                    p[a] -= c[a];
                }
            }
        }
        x
    }

    /// Distance between nearest neighbours in the built particle [σ].
    pub fn nearest_neighbor_distance(&self) -> f64 {
        let x = self.coordinates();
        let mut best = f64::INFINITY;
        for i in 0..x.len() {
            for j in i + 1..x.len() {
                best = best.min(norm2(sub(x[i], x[j])).sqrt());
            }
        }
        best
    }

    /// Outer radius: largest distance of an atom from the centre [σ].
    pub fn outer_radius(&self) -> f64 {
        self.coordinates()
            .iter()
            .map(|p| norm2(*p).sqrt())
            .fold(0.0, f64::max)
    }
}

fn norm2(p: [f64; 3]) -> f64 {
    p[0] * p[0] + p[1] * p[1] + p[2] * p[2]
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

/// fcc lattice sites of number density `density` within `extent` of the origin that satisfy `keep`.
fn fcc_points(density: f64, extent: f64, keep: impl Fn([f64; 3]) -> bool) -> Vec<[f64; 3]> {
    let a = (4.0 / density).cbrt();
    let n = (extent / a).ceil() as i64 + 1;
    let basis = [
        [0.0, 0.0, 0.0],
        [0.5, 0.5, 0.0],
        [0.5, 0.0, 0.5],
        [0.0, 0.5, 0.5],
    ];
    let mut out = Vec::new();
    for i in -n..=n {
        for j in -n..=n {
            for k in -n..=n {
                for bvec in &basis {
                    let p = [
                        (i as f64 + bvec[0]) * a,
                        (j as f64 + bvec[1]) * a,
                        (k as f64 + bvec[2]) * a,
                    ];
                    if keep(p) {
                        out.push(p);
                    }
                }
            }
        }
    }
    out
}

/// Vertices of a class-I geodesic icosahedron of frequency n ≈ edge/spacing, on a sphere.
fn icosahedral_shell(radius: f64, spacing: f64) -> Vec<[f64; 3]> {
    let g = (1.0 + 5f64.sqrt()) / 2.0;
    let v: [[f64; 3]; 12] = [
        [-1.0, g, 0.0],
        [1.0, g, 0.0],
        [-1.0, -g, 0.0],
        [1.0, -g, 0.0],
        [0.0, -1.0, g],
        [0.0, 1.0, g],
        [0.0, -1.0, -g],
        [0.0, 1.0, -g],
        [g, 0.0, -1.0],
        [g, 0.0, 1.0],
        [-g, 0.0, -1.0],
        [-g, 0.0, 1.0],
    ];
    let faces: [[usize; 3]; 20] = [
        [0, 11, 5],
        [0, 5, 1],
        [0, 1, 7],
        [0, 7, 10],
        [0, 10, 11],
        [1, 5, 9],
        [5, 11, 4],
        [11, 10, 2],
        [10, 7, 6],
        [7, 1, 8],
        [3, 9, 4],
        [3, 4, 2],
        [3, 2, 6],
        [3, 6, 8],
        [3, 8, 9],
        [4, 9, 5],
        [2, 4, 11],
        [6, 2, 10],
        [8, 6, 7],
        [9, 8, 1],
    ];
    // Edge of the icosahedron inscribed in a sphere of this radius: a = R / sin(2π/5).
    let edge = radius / (2.0 * std::f64::consts::PI / 5.0).sin();
    let freq = ((edge / spacing).round() as usize).max(1);
    let mut out: Vec<[f64; 3]> = Vec::new();
    for f in &faces {
        let (a, b, c) = (v[f[0]], v[f[1]], v[f[2]]);
        for i in 0..=freq {
            for j in 0..=freq - i {
                let k = freq - i - j;
                let w = |t: usize| t as f64 / freq as f64;
                let p = [
                    w(i) * a[0] + w(j) * b[0] + w(k) * c[0],
                    w(i) * a[1] + w(j) * b[1] + w(k) * c[1],
                    w(i) * a[2] + w(j) * b[2] + w(k) * c[2],
                ];
                let s = radius / norm2(p).sqrt();
                let p = [p[0] * s, p[1] * s, p[2] * s];
                if !out
                    .iter()
                    .any(|q| norm2(sub(*q, p)) < 1e-6 * radius * radius)
                {
                    out.push(p);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icosahedral_shell_has_10n2_plus_2_atoms_on_the_sphere() {
        let s = Shape::IcosahedralShell {
            radius: 4.0,
            spacing: 1.0,
        };
        let x = s.coordinates();
        // edge = 4/sin 72° = 4.21 → n = 4 → 162 vertices.
        assert_eq!(x.len(), 162);
        for p in &x {
            assert!((norm2(*p).sqrt() - 4.0).abs() < 1e-9);
        }
        let nn = s.nearest_neighbor_distance();
        assert!(nn > 0.8 && nn < 1.1, "nearest neighbour {nn}");
    }

    #[test]
    fn sphere_from_fcc_has_expected_count() {
        let s = Shape::Sphere {
            radius: 2.9,
            lattice_density: 1.0,
        };
        let n = s.coordinates().len() as f64;
        let expected = 4.0 / 3.0 * std::f64::consts::PI * 2.9f64.powi(3);
        assert!((n - expected).abs() / expected < 0.2, "{n} vs {expected}");
    }

    #[test]
    fn rod_is_along_x() {
        let s = Shape::Rod {
            radius: 1.0,
            length: 8.0,
            lattice_density: 1.0,
        };
        let x = s.coordinates();
        let ext = |a: usize| x.iter().map(|p| p[a].abs()).fold(0.0, f64::max);
        assert!(ext(0) > 3.0 && ext(1) < 1.5 && ext(2) < 1.5);
    }
}
