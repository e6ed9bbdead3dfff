//! Published geometries built from their definitions: the files shipped in `assets/structures/`
//! are these functions' output ([`shipped`]), and a test checks that they still are.

use super::elements::by_symbol;
use super::value::Structure;

/// C–C bond shared by two hexagons (the "double" bond) of C60 [Å]: 1.40 Å, the gas-phase
/// electron-diffraction value 1.401(10) Å of Hedberg et al., Science 254, 410 (1991), rounded.
pub const C60_HEXAGON_HEXAGON: f64 = 1.40;

/// C–C bond shared by a pentagon and a hexagon (the "single" bond) of C60 [Å]: 1.45 Å (Hedberg et
/// al. 1991 measured 1.458(6) Å).
pub const C60_PENTAGON_HEXAGON: f64 = 1.45;

/// Nearest-neighbour Au–Au distance of the Au147 Mackay icosahedron [Å]: 2.88 Å, that of bulk
/// fcc gold (lattice constant 4.078 Å / √2).
pub const AU_NEAREST_NEIGHBOUR: f64 = 2.88;

/// The twelve vertices of a regular icosahedron with circumradius 1, in the order of the cyclic
/// permutations of (0, ±1, ±φ).
pub fn icosahedron_vertices() -> [[f64; 3]; 12] {
    let phi = (1.0 + 5f64.sqrt()) / 2.0;
    let r = (1.0 + phi * phi).sqrt();
    let mut v = [[0.0; 3]; 12];
    let mut k = 0;
    for s1 in [-1.0, 1.0] {
        for s2 in [-1.0, 1.0] {
            let (a, b) = (s1 / r, s2 * phi / r);
            v[k] = [0.0, a, b];
            v[k + 1] = [a, b, 0.0];
            v[k + 2] = [b, 0.0, a];
            k += 3;
        }
    }
    v
}

/// The 30 edges of [`icosahedron_vertices`], as index pairs (i < j).
fn icosahedron_edges(v: &[[f64; 3]; 12]) -> Vec<(usize, usize)> {
    // Unit circumradius: the edge is 1/sin(2π/5) ≈ 1.0515; the next distance is 1.70.
    let edge = 1.0 / (2.0 * std::f64::consts::PI / 5.0).sin();
    let mut edges = Vec::with_capacity(30);
    for i in 0..12 {
        for j in i + 1..12 {
            if (dist(v[i], v[j]) - edge).abs() < 1e-9 {
                edges.push((i, j));
            }
        }
    }
    edges
}

/// C60, the truncated icosahedron, centred on the origin, with hexagon–hexagon bonds
/// `hexagon_hexagon` and pentagon–hexagon bonds `pentagon_hexagon` [Å].
///
/// Each of the 12 pentagons surrounds a vertex A of an icosahedron (unit circumradius, edge e);
/// on every edge AB sit two atoms, uA + vB (in A's pentagon) and uB + vA (in B's). Two atoms of
/// one pentagon are v·e apart and the two atoms on one edge (u − v)·e, so
/// v = `pentagon_hexagon`/e and u = (`pentagon_hexagon` + `hexagon_hexagon`)/e give the bonds
/// exactly, with full icosahedral symmetry.
pub fn c60(hexagon_hexagon: f64, pentagon_hexagon: f64) -> Structure {
    let v = icosahedron_vertices();
    let e = 1.0 / (2.0 * std::f64::consts::PI / 5.0).sin();
    let (u, w) = (
        (pentagon_hexagon + hexagon_hexagon) / e,
        pentagon_hexagon / e,
    );
    let mut positions = Vec::with_capacity(60);
    for (a, b) in icosahedron_edges(&v) {
        for (p, q) in [(a, b), (b, a)] {
            positions.push([0, 1, 2].map(|k| u * v[p][k] + w * v[q][k]));
        }
    }
    let carbon = by_symbol("C").expect("carbon is in the table");
    Structure::new("C60", vec![carbon; positions.len()], positions)
        .expect("C60 with bonds above 0.5 Å passes the checks")
}

/// A Mackay icosahedron of `shells` shells around a central atom (1, 13, 55, 147, 309 … atoms:
/// shell k holds 10k² + 2) of element `symbol`, with radial nearest-neighbour distance
/// `nearest` [Å].
///
/// Shell k is an icosahedron of circumradius k·`nearest` whose triangular faces carry a
/// triangular lattice of k + 1 atoms a side (Mackay, Acta Cryst. 15, 916 (1962)). Neighbours in
/// one shell are then 1/sin(2π/5) ≈ 1.0515 times farther apart than neighbours along a radius:
/// the Mackay icosahedron's known 5 % tangential strain. The nearest-neighbour distance is the
/// radial one, and every neighbour distance lies in [`nearest`, 1.0515·`nearest`].
pub fn mackay_icosahedron(symbol: &str, shells: usize, nearest: f64) -> Option<Structure> {
    let element = by_symbol(symbol)?;
    let v = icosahedron_vertices();
    let edges = icosahedron_edges(&v);
    let mut faces = Vec::with_capacity(20);
    for &(i, j) in &edges {
        for k in j + 1..12 {
            if edges.contains(&(i, k)) && edges.contains(&(j, k)) {
                faces.push((i, j, k));
            }
        }
    }
    let mut positions: Vec<[f64; 3]> = vec![[0.0; 3]];
    for shell in 1..=shells {
        let s = shell as f64 * nearest;
        let start = positions.len();
        for &(a, b, c) in &faces {
            for i in 0..=shell {
                for j in 0..=shell - i {
                    let (fi, fj) = (i as f64 / shell as f64, j as f64 / shell as f64);
                    let p = [0, 1, 2].map(|k| {
                        s * (v[a][k] + fi * (v[b][k] - v[a][k]) + fj * (v[c][k] - v[a][k]))
                    });
                    // Edges and vertices are shared by faces: keep each point once.
                    if !positions[start..]
                        .iter()
                        .any(|q| dist(*q, p) < 1e-6 * nearest)
                    {
                        positions.push(p);
                    }
                }
            }
        }
    }
    Structure::new(
        &format!("{symbol} Mackay icosahedron"),
        vec![element; positions.len()],
        positions,
    )
    .ok()
}

/// The files shipped in `assets/structures/`: (file name, its XYZ text). `c60.xyz` is
/// [`c60`] with the bonds 1.40/1.45 Å; `au147.xyz` is the three-shell
/// [`mackay_icosahedron`] of gold with Au–Au 2.88 Å.
pub fn shipped() -> Vec<(&'static str, String)> {
    let c60 = c60(C60_HEXAGON_HEXAGON, C60_PENTAGON_HEXAGON);
    let au147 = mackay_icosahedron("Au", 3, AU_NEAREST_NEIGHBOUR).expect("gold is in the table");
    vec![
        (
            "c60.xyz",
            super::to_xyz(
                &c60,
                "C60 truncated icosahedron, C-C 1.40 A (hexagon-hexagon) and 1.45 A (pentagon-hexagon) after Hedberg et al., Science 254, 410 (1991); built by multiscope::structure::geometry::c60",
            ),
        ),
        (
            "au147.xyz",
            super::to_xyz(
                &au147,
                "Au147 Mackay icosahedron, 3 shells, radial Au-Au 2.88 A (tangential 1.0515 x 2.88 A); built by multiscope::structure::geometry::mackay_icosahedron",
            ),
        ),
    ]
}

fn dist(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icosahedron_has_30_edges_and_20_faces() {
        let v = icosahedron_vertices();
        assert_eq!(icosahedron_edges(&v).len(), 30);
        for p in v {
            assert!((dist(p, [0.0; 3]) - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn mackay_shells_hold_10k2_plus_2_atoms() {
        for (shells, n) in [(0, 1), (1, 13), (2, 55), (3, 147), (4, 309)] {
            let s = mackay_icosahedron("Ar", shells, 3.8).unwrap();
            assert_eq!(s.len(), n, "{shells} shells");
        }
        assert!(mackay_icosahedron("Qq", 1, 3.0).is_none());
    }

    #[test]
    fn c60_atoms_lie_on_one_sphere() {
        let s = c60(1.40, 1.45);
        assert_eq!(s.len(), 60);
        let r: Vec<f64> = s.positions().iter().map(|p| dist(*p, [0.0; 3])).collect();
        // Radius of C60 about 3.55 Å.
        for x in &r {
            assert!((x - r[0]).abs() < 1e-12 && (x - 3.55).abs() < 0.01, "{x}");
        }
    }
}
