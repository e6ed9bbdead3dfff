//! Range and consistency checks on a parsed scene.

use crate::field::ExternalField;
use crate::format::number;
use crate::md::{PairInteraction, Shape};

use super::particle::ParticleAtoms;
use super::schema::{Body, BoxSize, NanoparticleSpec, Scene, ThermostatKind};

/// A problem with one field: its dotted path and what is wrong / how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// Dotted field path, e.g. `integration.time_step`.
    pub field: String,
    /// Message (what is wrong, what is expected).
    pub message: String,
}

/// Most atoms a scene may hold: atoms are numbered with 32-bit integers (the Verlet list stores
/// neighbour indices and row offsets as `u32`, halving its memory).
pub const MAX_ATOMS: usize = u32::MAX as usize;

fn problem(field: &str, message: String) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message,
    }
}

fn positive(field: &str, v: f64) -> Result<(), FieldProblem> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(problem(
            field,
            format!("is {}; it must be a positive number", number(v)),
        ))
    }
}

fn in_range(field: &str, v: f64, lo: f64, hi: f64, why: &str) -> Result<(), FieldProblem> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(problem(
            field,
            format!(
                "is {}; it must lie between {} and {} ({why})",
                number(v),
                number(lo),
                number(hi)
            ),
        ))
    }
}

fn check_pair(
    field: &str,
    p: &PairInteraction,
    half_box: f64,
    skin: f64,
) -> Result<(), FieldProblem> {
    let (epsilon, sigma, cutoff) = match p {
        PairInteraction::None => return Ok(()),
        PairInteraction::LennardJones(lj) => (lj.epsilon, lj.sigma, lj.cutoff),
        PairInteraction::Wca(w) => (w.epsilon, w.sigma, p.cutoff()),
    };
    in_range(
        &format!("{field}.epsilon"),
        epsilon,
        0.0,
        100.0,
        "a well depth in ε_LJ",
    )?;
    positive(&format!("{field}.sigma"), sigma)?;
    positive(&format!("{field}.cutoff"), cutoff)?;
    if cutoff + skin > half_box {
        return Err(problem(
            &format!("{field}.cutoff"),
            format!(
                "is {} σ, but cut-off plus skin ({} σ) must not exceed half the box \
                 ({} σ); use a bigger box or a shorter cut-off",
                number(cutoff),
                number(cutoff + skin),
                number(half_box)
            ),
        ));
    }
    Ok(())
}

/// Box edge length L [σ] implied by the scene (for valid input).
pub fn box_length(scene: &Scene, n_star: usize) -> f64 {
    match scene.box_size {
        BoxSize::Length(l) => l,
        BoxSize::Density(rho) => ((scene.host_atoms + n_star) as f64 / rho).cbrt(),
    }
}

/// Checks every field; returns the first problem found.
pub fn validate(scene: &Scene) -> Result<(), FieldProblem> {
    if scene.version != 1 {
        return Err(problem(
            "version",
            format!(
                "is {}; this multiscope reads scene version 1",
                scene.version
            ),
        ));
    }
    let n_star = match &scene.nanoparticle {
        Some(np) => {
            check_kind(np)?;
            scene.n_star()
        }
        None => 0,
    };
    if scene.host_atoms > MAX_ATOMS - n_star {
        return Err(problem(
            "host_atoms",
            format!(
                "is {}; multiscope numbers atoms with 32-bit integers, so a scene holds at most \
                 {MAX_ATOMS} atoms; use fewer host atoms (a few thousand show the physics, \
                 a few million are already hours per nanosecond)",
                scene.host_atoms
            ),
        ));
    }
    if scene.host_atoms + n_star < 2 {
        return Err(problem(
            "host_atoms",
            "leaves fewer than two atoms in the box; give at least 2 atoms".into(),
        ));
    }
    match scene.box_size {
        BoxSize::Density(rho) => in_range(
            "box",
            rho,
            1e-3,
            1.2,
            "a number density in σ⁻³; liquids are near 0.8, above 1.2 atoms overlap",
        )?,
        BoxSize::Length(l) => positive("box", l)?,
    }
    let l = box_length(scene, n_star);
    let rho = (scene.host_atoms + n_star) as f64 / l.powi(3);
    if rho > 1.2 {
        return Err(problem(
            "box",
            format!(
                "gives a number density of {} σ⁻³ for {} atoms, above 1.2 where atoms \
                 overlap; enlarge the box or use fewer host atoms",
                number(rho),
                scene.host_atoms + n_star
            ),
        ));
    }
    in_range(
        "temperature",
        scene.temperature,
        1e-3,
        50.0,
        "a temperature in ε_LJ/k_B",
    )?;
    let it = &scene.integration;
    in_range(
        "integration.time_step",
        it.time_step,
        1e-5,
        0.02,
        "a time step in τ; Lennard-Jones liquids need about 0.005",
    )?;
    in_range("integration.skin", it.skin, 0.05, 1.5, "a Verlet skin in σ")?;
    let half = 0.5 * l;
    check_pair(
        "interactions.host_host",
        &scene.interactions.host_host,
        half,
        it.skin,
    )?;
    if let Some(np) = &scene.nanoparticle {
        let particle = scene.particle().ok_or_else(|| {
            problem(
                "nanoparticle.structure",
                "has not been read; load the scene with Scene::load or Scene::parse".into(),
            )
        })?;
        if np.shape.is_some() {
            check_pair(
                "interactions.host_nanoparticle",
                &scene.interactions.host_nanoparticle,
                half,
                it.skin,
            )?;
            check_pair(
                "interactions.nanoparticle_nanoparticle",
                &scene.interactions.nanoparticle_nanoparticle,
                half,
                it.skin,
            )?;
        }
        for sp in &particle.species {
            let field = if sp.overridden {
                format!("nanoparticle.elements.{}", sp.element.symbol)
            } else {
                "nanoparticle.structure".to_string()
            };
            check_pair(&field, &sp.with_host, half, it.skin)?;
        }
        match np.epsilon {
            Some(epsilon) => in_range(
                "nanoparticle.epsilon",
                epsilon,
                1e-6,
                1.0,
                "ε = m̂/m, the host-atom to nanoparticle mass ratio",
            )?,
            None if np.shape.is_some() => {
                return Err(problem(
                    "nanoparticle.epsilon",
                    "is missing: a built-in shape needs its mass ratio ε = m̂/m (for example \
                     `epsilon: 0.01`)"
                        .into(),
                ));
            }
            None => {}
        }
        if np.shape.is_some() || np.body == Body::Elastic {
            positive("nanoparticle.bond_cutoff", np.bond_cutoff)?;
            positive("nanoparticle.bond_stiffness", np.bond_stiffness)?;
        }
        check_fits(np, &particle, half)?;
        if np.shape.is_none() && np.body == Body::Rigid {
            // A rigid file particle has no bonds to check.
            check_list_size(scene, n_star, l)?;
            return check_rest(scene);
        }
        // Fastest elastic-network vibration: ω ≈ √(2 z k / m_atom) with z bonds per atom.
        let coords = &particle.positions;
        let z_max = (0..coords.len())
            .map(|i| {
                coords
                    .iter()
                    .enumerate()
                    .filter(|&(j, q)| {
                        let p = coords[i];
                        j != i
                            && (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)
                                < np.bond_cutoff * np.bond_cutoff
                    })
                    .count()
            })
            .max()
            .unwrap_or(0);
        if z_max == 0 {
            return Err(problem(
                "nanoparticle.bond_cutoff",
                format!(
                    "is {} σ, shorter than the distance between neighbouring atoms ({:.3} σ): \
                     no bonds would hold the particle together; use about 1.5 times that distance",
                    number(np.bond_cutoff),
                    nearest_neighbor_distance(coords)
                ),
            ));
        }
        let m_atom = particle
            .masses
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let omega = (2.0 * z_max as f64 * np.bond_stiffness / m_atom).sqrt();
        if np.body == Body::Elastic && omega * it.time_step > 0.5 {
            return Err(problem(
                "integration.time_step",
                format!(
                    "is {} τ, too large for the nanoparticle's stiffest vibration \
                     (ω ≈ {} τ⁻¹ with atoms of mass {m_atom:.3} m̂ and stiffness {}): \
                     ω·Δt must stay below 0.5; use time_step ≤ {:.2e}, a softer bond_stiffness or \
                     a smaller epsilon (heavier atoms)",
                    number(it.time_step),
                    number(omega),
                    number(np.bond_stiffness),
                    0.5 / omega
                ),
            ));
        }
    }
    check_list_size(scene, n_star, l)?;
    check_rest(scene)
}

/// The thermostat and the field.
fn check_rest(scene: &Scene) -> Result<(), FieldProblem> {
    match scene.thermostat.kind {
        ThermostatKind::None => {}
        ThermostatKind::Bussi { tau } => positive("thermostat.kind.tau", tau)?,
        ThermostatKind::Langevin { friction } => positive("thermostat.kind.friction", friction)?,
    }
    match scene.field {
        ExternalField::None => {}
        ExternalField::HarmonicTrap { k, center } => {
            in_range("field.k", k, 0.0, 1e4, "a spring constant in ε_LJ/σ²")?;
            if center.iter().any(|c| !c.is_finite()) {
                return Err(problem("field.center", "must be finite".into()));
            }
        }
        ExternalField::DoubleWell {
            barrier,
            separation,
            center,
        } => {
            in_range(
                "field.barrier",
                barrier,
                0.0,
                1e3,
                "a barrier height in ε_LJ",
            )?;
            positive("field.separation", separation)?;
            if !center.is_finite() {
                return Err(problem("field.center", "must be finite".into()));
            }
            if scene.nanoparticle.is_none() {
                return Err(problem(
                    "field",
                    "acts on the nanoparticle, but the scene has none; add a nanoparticle or \
                     set `field: None`"
                        .into(),
                ));
            }
        }
    }
    Ok(())
}

/// The half Verlet list of all pairs within r_c + skin must fit its 32-bit row offsets.
fn check_list_size(scene: &Scene, n_star: usize, l: f64) -> Result<(), FieldProblem> {
    let n = (scene.host_atoms + n_star) as f64;
    let radius = super::resources::list_radius(scene);
    let per_atom = n / l.powi(3) * 2.0 * std::f64::consts::PI / 3.0 * radius.powi(3);
    let pairs = n * per_atom;
    if pairs > u32::MAX as f64 {
        let most = (u32::MAX as f64 / per_atom).floor() - n_star as f64;
        return Err(problem(
            "host_atoms",
            format!(
                "is {}: with {} pairs per atom within r_c + skin = {} σ the neighbour list would \
                 hold about {} pairs, more than the {} its 32-bit offsets can index; use at most \
                 {} host atoms",
                scene.host_atoms,
                number(per_atom.round()),
                number(radius),
                number(pairs.round()),
                u32::MAX,
                most.max(0.0)
            ),
        ));
    }
    Ok(())
}

/// A particle is a shape or a file, not both; a file's host units and per-element parameters.
fn check_kind(np: &NanoparticleSpec) -> Result<(), FieldProblem> {
    match (&np.shape, &np.structure) {
        (Some(shape), None) => return check_shape(shape),
        (Some(_), Some(_)) => {
            return Err(problem(
                "nanoparticle.structure",
                "is given with `shape`: a nanoparticle is a built-in shape or a structure \
                 file; remove one of them"
                    .into(),
            ));
        }
        (None, None) => {
            return Err(problem(
                "nanoparticle",
                "has neither `shape` nor `structure`; give a built-in shape (for example \
                 `shape: Sphere(radius: 2.9, lattice_density: 1.0)`) or a structure file \
                 (for example `structure: \"../assets/structures/c60.xyz\"`)"
                    .into(),
            ));
        }
        (None, Some(_)) => {}
    }
    let h = &np.host;
    in_range(
        "nanoparticle.host.sigma_angstrom",
        h.sigma_angstrom,
        0.5,
        20.0,
        "the host's σ in Å (argon: 3.405)",
    )?;
    in_range(
        "nanoparticle.host.mass_u",
        h.mass_u,
        1.0,
        1e4,
        "the host atom's mass in u (argon: 39.948)",
    )?;
    in_range(
        "nanoparticle.host.epsilon_kcal_per_mol",
        h.epsilon_kcal_per_mol,
        1e-3,
        10.0,
        "the host's ε in kcal/mol (argon: 0.2381)",
    )?;
    for (symbol, lj) in &np.elements {
        let field = format!("nanoparticle.elements.{symbol}");
        let Some(e) = crate::structure::elements::by_symbol(symbol) else {
            return Err(problem(
                &field,
                format!("names `{symbol}`, which is not an element symbol (H … Lr)"),
            ));
        };
        if np
            .resolved
            .as_ref()
            .is_some_and(|s| !s.elements().iter().any(|x| x.number == e.number))
        {
            return Err(problem(
                &field,
                format!(
                    "is given, but the structure has no {} atoms; remove it or check the symbol",
                    e.name
                ),
            ));
        }
        in_range(
            &format!("{field}.epsilon"),
            lj.epsilon,
            0.0,
            100.0,
            "a well depth in kcal/mol",
        )?;
        in_range(
            &format!("{field}.sigma"),
            lj.sigma,
            0.5,
            20.0,
            "a Lennard-Jones σ in Å",
        )?;
    }
    Ok(())
}

/// The particle with the host's clearance around it must fit in half the box.
fn check_fits(
    np: &NanoparticleSpec,
    particle: &ParticleAtoms,
    half: f64,
) -> Result<(), FieldProblem> {
    if let Some(shape) = &np.shape {
        let radius = shape.outer_radius();
        if radius + 1.0 > half {
            return Err(problem(
                "nanoparticle.shape",
                format!(
                    "has an outer radius of {radius:.2} σ: the nanoparticle is larger than the \
                     box (half edge {half:.2} σ, and one σ of host is needed around it); \
                     enlarge the box or shrink the nanoparticle"
                ),
            ));
        }
        return Ok(());
    }
    let radius = particle.bounding_radius();
    let clearance = particle.clearances.iter().copied().fold(0.0, f64::max);
    if radius + clearance > half {
        let sigma = np.host.sigma_angstrom;
        return Err(problem(
            "nanoparticle.structure",
            format!(
                "is a particle of bounding radius {:.2} σ ({:.1} Å), which with the host's \
                 clearance of {:.2} σ around it does not fit its box (half edge {:.2} σ = \
                 {:.1} Å); it needs a box edge of at least {:.1} σ: add host atoms \
                 (`host_atoms`), lower the density or give `box: Length(…)`",
                radius,
                radius * sigma,
                clearance,
                half,
                half * sigma,
                2.0 * (radius + clearance)
            ),
        ));
    }
    Ok(())
}

/// Smallest distance between two of `x` [σ] (infinite for fewer than two).
fn nearest_neighbor_distance(x: &[[f64; 3]]) -> f64 {
    let mut best = f64::INFINITY;
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            let d: f64 = (0..3).map(|a| (x[i][a] - x[j][a]).powi(2)).sum();
            best = best.min(d.sqrt());
        }
    }
    best
}

fn check_shape(shape: &Shape) -> Result<(), FieldProblem> {
    // The radius [σ] and fcc lattice density [σ⁻³] that several shapes share.
    let radius = |r: f64, lo: f64, hi: f64| {
        in_range("nanoparticle.shape.radius", r, lo, hi, "a radius in σ")
    };
    let lattice_density = |rho: f64| {
        in_range(
            "nanoparticle.shape.lattice_density",
            rho,
            0.3,
            1.5,
            "an fcc number density in σ⁻³",
        )
    };
    match *shape {
        Shape::Sphere {
            radius: r,
            lattice_density: rho,
        } => {
            radius(r, 0.5, 20.0)?;
            lattice_density(rho)
        }
        Shape::IcosahedralShell { radius: r, spacing } => {
            radius(r, 1.0, 20.0)?;
            in_range(
                "nanoparticle.shape.spacing",
                spacing,
                0.7,
                2.0,
                "the distance between neighbouring shell atoms in σ",
            )
        }
        Shape::Rod {
            radius: r,
            length,
            lattice_density: rho,
        } => {
            radius(r, 0.5, 10.0)?;
            in_range(
                "nanoparticle.shape.length",
                length,
                1.0,
                40.0,
                "a length in σ",
            )?;
            lattice_density(rho)
        }
    }
}
