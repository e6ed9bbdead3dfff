//! Building initial configurations: the host fluid around a nanoparticle, and velocities.

use rand::seq::SliceRandom;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::error::MdError;
use super::periodic_box::PeriodicBox;

/// The four sites of the fcc unit cell, in units of the cell edge.
const FCC_BASIS: [[f64; 3]; 4] = [
    [0.25, 0.25, 0.25],
    [0.75, 0.75, 0.25],
    [0.75, 0.25, 0.75],
    [0.25, 0.75, 0.75],
];

/// Unit cells per box edge of the coarsest fcc lattice that has at least `count` sites farther
/// than `clearances[k]` [σ] from each obstacle `obstacles[k]` (wrapped positions) in box `b`, without
/// allocating the lattice: only the sites near obstacles are visited. Errors if that lattice would
/// put host atoms closer than `min_spacing` [σ]. [`fill_host`] fills exactly this lattice, so a
/// scene check can tell whether the host fits without building it.
pub fn host_lattice(
    b: &PeriodicBox,
    count: usize,
    obstacles: &[[f64; 3]],
    clearances: &[f64],
    min_spacing: f64,
) -> Result<usize, MdError> {
    let l = b.length();
    let mut cells = ((count as f64 / 4.0).cbrt().ceil() as usize).max(1);
    loop {
        let a = l / cells as f64;
        if a.is_nan() || a / 2f64.sqrt() < min_spacing {
            return Err(MdError::Build(format!(
                "{count} host atoms do not fit in a box of {l:.3} σ around the nanoparticle \
                 without placing atoms closer than {min_spacing} σ; lower the density or the \
                 number of host atoms, or use a smaller nanoparticle"
            )));
        }
        let sites = 4 * (cells as u128).pow(3);
        let free = sites - blocked_sites(b, cells, obstacles, clearances) as u128;
        if free >= count as u128 {
            return Ok(cells);
        }
        cells += 1;
    }
}

/// Number of sites of the `cells`³ fcc lattice closer than `clearances[k]` [σ] to obstacle k.
fn blocked_sites(
    b: &PeriodicBox,
    cells: usize,
    obstacles: &[[f64; 3]],
    clearances: &[f64],
) -> usize {
    let a = b.length() / cells as f64;
    let n = cells as i64;
    let mut blocked = std::collections::HashSet::new();
    for (o, &clearance) in obstacles.iter().zip(clearances) {
        if clearance <= 0.0 {
            continue;
        }
        let c2 = clearance * clearance;
        let reach = (clearance / a).ceil() as i64 + 1;
        let centre = o.map(|x| (x / a).floor() as i64);
        for dk in -reach..=reach {
            for dj in -reach..=reach {
                for di in -reach..=reach {
                    let [i, j, k] = [centre[0] + di, centre[1] + dj, centre[2] + dk]
                        .map(|v| v.rem_euclid(n) as usize);
                    for (q, bv) in FCC_BASIS.iter().enumerate() {
                        let p = site(i, j, k, bv, a);
                        let d = b.minimum_image(p, *o);
                        if d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < c2 {
                            blocked.insert((i, j, k, q));
                        }
                    }
                }
            }
        }
    }
    blocked.len()
}

fn site(i: usize, j: usize, k: usize, bv: &[f64; 3], a: f64) -> [f64; 3] {
    [
        (i as f64 + bv[0]) * a,
        (j as f64 + bv[1]) * a,
        (k as f64 + bv[2]) * a,
    ]
}

/// Places `count` host atoms on fcc lattice sites filling box `b`, leaving out every site closer
/// than `clearances[k]` [σ] to obstacle `obstacles[k]` (the nanoparticle's atoms, wrapped positions)
/// and choosing which of the remaining sites stay empty at random. The lattice is the coarsest
/// fcc lattice commensurate with the box that has enough free sites ([`host_lattice`]); it errors
/// if that lattice would put host atoms closer than `min_spacing` [σ].
pub fn fill_host(
    b: &PeriodicBox,
    count: usize,
    obstacles: &[[f64; 3]],
    clearances: &[f64],
    min_spacing: f64,
    rng: &mut Xoshiro256PlusPlus,
) -> Result<Vec<[f64; 3]>, MdError> {
    let cells = host_lattice(b, count, obstacles, clearances, min_spacing)?;
    let a = b.length() / cells as f64;
    let c2: Vec<f64> = clearances.iter().map(|c| c * c).collect();
    let mut sites = Vec::with_capacity(4 * cells * cells * cells);
    for k in 0..cells {
        for j in 0..cells {
            for i in 0..cells {
                for bv in &FCC_BASIS {
                    let p = site(i, j, k, bv, a);
                    let blocked = obstacles.iter().zip(&c2).any(|(o, &c2)| {
                        let d = b.minimum_image(p, *o);
                        d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < c2
                    });
                    if !blocked {
                        sites.push(p);
                    }
                }
            }
        }
    }
    debug_assert!(
        sites.len() >= count,
        "host_lattice chose a lattice too small"
    );
    if sites.len() > count {
        // Keep a random subset, in lattice order (good memory locality).
        let mut keep: Vec<usize> = (0..sites.len()).collect();
        keep.shuffle(rng);
        keep.truncate(count);
        keep.sort_unstable();
        sites = keep.into_iter().map(|k| sites[k]).collect();
    }
    Ok(sites)
}

/// Maxwell–Boltzmann velocities [σ/τ] at temperature `temperature` [ε_LJ/k_B] for atoms of
/// `masses` [m̂], with the total momentum removed and then rescaled so that 2K/(3N − 3) equals the
/// temperature exactly.
pub fn maxwell_boltzmann(
    masses: &[f64],
    temperature: f64,
    rng: &mut Xoshiro256PlusPlus,
) -> Vec<[f64; 3]> {
    let mut v: Vec<[f64; 3]> = masses
        .iter()
        .map(|&m| {
            let s = (temperature / m).sqrt();
            let mut g = || -> f64 { StandardNormal.sample(rng) };
            [s * g(), s * g(), s * g()]
        })
        .collect();
    remove_total_momentum(&mut v, masses);
    let n = masses.len();
    if n > 1 && temperature > 0.0 {
        let k = super::thermostat::kinetic_energy(&v, masses);
        let t_now = 2.0 * k / (3.0 * n as f64 - 3.0);
        let s = (temperature / t_now).sqrt();
        v.iter_mut()
            .for_each(|x| x.iter_mut().for_each(|c| *c *= s));
    }
    v
}

/// Subtracts the centre-of-mass velocity so that Σ m_i v_i = 0.
pub fn remove_total_momentum(velocities: &mut [[f64; 3]], masses: &[f64]) {
    let mut p = [0.0; 3];
    let mut mt = 0.0;
    for (v, &m) in velocities.iter().zip(masses) {
        mt += m;
        for a in 0..3 {
            p[a] += m * v[a];
        }
    }
    for v in velocities.iter_mut() {
        for a in 0..3 {
            v[a] -= p[a] / mt;
        }
    }
}
