//! The [`Structure`] value a reader returns: elements and positions in Å, checked, with the
//! quantities a rigid body needs (mass, centre of mass, radius of gyration, principal moments) and
//! their conversion to reduced units.

use nalgebra::{Matrix3, SymmetricEigen, Vector3};

use super::elements::Element;
use super::error::{Place, StructureError};
use super::{MAX_ATOMS, MAX_COORDINATE, MIN_DISTANCE};
use crate::format::significant;

/// One atom as a reader found it, before the structure is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    /// Its element.
    pub element: &'static Element,
    /// Position r [Å], in the file's frame.
    pub position: [f64; 3],
    /// The line it was read from (1-based), when the format has one per atom.
    pub line: Option<usize>,
    /// How the file names it, for messages (`"C"`, `"CA GLY A 12"`, `"id 17 (type 2)"`).
    pub label: String,
}

/// The host an atomistic structure is put into, for the conversion to reduced units: its σ and
/// its atoms' mass m̂, both positive and finite (so nothing divides by zero). [`Host::default`]
/// is argon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Host {
    sigma: f64,
    mass: f64,
}

impl Host {
    /// A host of Lennard-Jones length `sigma` [Å] and atom mass `mass` [u]; `None` unless both
    /// are positive and finite.
    pub fn new(sigma: f64, mass: f64) -> Option<Self> {
        let ok = |x: f64| x.is_finite() && x > 0.0;
        (ok(sigma) && ok(mass)).then_some(Self { sigma, mass })
    }

    /// σ of the host [Å]: the unit of length.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// m̂, the mass of one host atom [u]: the unit of mass.
    pub fn mass(&self) -> f64 {
        self.mass
    }
}

impl Default for Host {
    /// Argon: σ = 3.405 Å, m̂ = 39.948 u (the display values of [`crate::units`]).
    fn default() -> Self {
        Self {
            // `units::ARGON_SIGMA_NM` in Å, written out: 0.3405 × 10 rounds to 3.4050000000000002.
            sigma: 3.405,
            mass: crate::units::ARGON_MASS_U,
        }
    }
}

/// Principal moments of inertia and their axes, about the centre of mass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrincipalMoments {
    /// I₁ ≤ I₂ ≤ I₃ [u·Å²]; never negative (round-off below zero is set to zero).
    pub moments: [f64; 3],
    /// The unit axis of each moment, `axes[k]` for `moments[k]`, a right-handed orthonormal set.
    pub axes: [[f64; 3]; 3],
}

/// How a structure can turn, from its principal moments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotor {
    /// A single atom (or atoms all at one point, which the checks refuse): all three moments are
    /// zero; it has no orientation and moves as a point particle.
    Point,
    /// Atoms on a line: one moment is zero (about the line); two rotational degrees of freedom.
    Linear,
    /// Three nonzero moments: a rigid body with three rotational degrees of freedom.
    Body,
}

/// A nanoparticle's structure: elements and positions [Å] as read from a file, after the checks
/// (at least one atom, finite coordinates, no two atoms closer than [`MIN_DISTANCE`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    source: String,
    elements: Vec<&'static Element>,
    positions: Vec<[f64; 3]>,
    notes: Vec<String>,
}

impl Structure {
    /// The structure of `atoms`, read from `file`, after the checks: refuses no atoms, more than
    /// [`MAX_ATOMS`], a coordinate that is not finite or beyond [`MAX_COORDINATE`], and two atoms
    /// closer than [`MIN_DISTANCE`] (naming both and their distance). `notes` say how the file
    /// was read (the element mapping, what was skipped) for [`Structure::summary`].
    pub fn from_atoms(
        file: &str,
        atoms: Vec<Atom>,
        notes: Vec<String>,
    ) -> Result<Self, StructureError> {
        if atoms.is_empty() {
            return Err(StructureError::Empty {
                file: file.into(),
                hint: "give at least one atom with its element and x, y, z in Å".into(),
            });
        }
        if atoms.len() > MAX_ATOMS {
            return Err(StructureError::TooManyAtoms {
                place: Place::file(file),
                declared: atoms.len().to_string(),
                limit: MAX_ATOMS,
            });
        }
        let place = |a: &Atom| match a.line {
            Some(l) => Place::line(file, l),
            None => Place::file(file),
        };
        for a in &atoms {
            if let Some(v) = a.position.iter().find(|v| !v.is_finite()) {
                return Err(StructureError::NotFinite {
                    place: place(a),
                    atom: a.label.clone(),
                    value: v.to_string(),
                });
            }
            let far = a.position.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if far > MAX_COORDINATE {
                return Err(StructureError::FarAway {
                    place: place(a),
                    atom: a.label.clone(),
                    distance: significant(far, 4),
                    limit: MAX_COORDINATE,
                });
            }
        }
        if let Some((i, j, d)) = close_pair(&atoms) {
            let name = |k: usize| {
                let a = &atoms[k];
                let line = a.line.map(|l| format!(", line {l}")).unwrap_or_default();
                format!("{} ({}{line})", k + 1, a.label)
            };
            return Err(StructureError::TooClose {
                file: file.into(),
                first: name(i),
                second: name(j),
                distance: format!("{d:.3}"),
                limit: MIN_DISTANCE,
            });
        }
        Ok(Self {
            source: file.into(),
            elements: atoms.iter().map(|a| a.element).collect(),
            positions: atoms.iter().map(|a| a.position).collect(),
            notes,
        })
    }

    /// A structure built in memory (a generated geometry), checked as a file's would be;
    /// `name` stands for the file in messages.
    pub fn new(
        name: &str,
        elements: Vec<&'static Element>,
        positions: Vec<[f64; 3]>,
    ) -> Result<Self, StructureError> {
        let atoms = elements
            .into_iter()
            .zip(positions)
            .map(|(element, position)| Atom {
                element,
                position,
                line: None,
                label: element.symbol.into(),
            })
            .collect();
        Self::from_atoms(name, atoms, Vec::new())
    }

    /// The file it was read from (or the name it was built under).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// How the file was read: the element mapping used and what was skipped, one line each.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Number of atoms (at least one).
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Always `false`: a structure has at least one atom.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Each atom's element.
    pub fn elements(&self) -> &[&'static Element] {
        &self.elements
    }

    /// Each atom's position [Å], in the file's frame.
    pub fn positions(&self) -> &[[f64; 3]] {
        &self.positions
    }

    /// Each atom's mass [u].
    pub fn masses(&self) -> Vec<f64> {
        self.elements.iter().map(|e| e.mass).collect()
    }

    /// How many atoms of each element, by atomic number.
    pub fn element_counts(&self) -> Vec<(&'static Element, usize)> {
        let mut counts = [0usize; 256];
        for e in &self.elements {
            counts[e.number as usize] += 1;
        }
        super::elements::ELEMENTS
            .iter()
            .filter(|e| counts[e.number as usize] > 0)
            .map(|e| (e, counts[e.number as usize]))
            .collect()
    }

    /// The formula in Hill order: C first, then H, then the rest alphabetically (`C60`, `Au147`,
    /// `C3H8O`); without carbon, all alphabetically. A count of one is not written.
    pub fn formula(&self) -> String {
        let mut counts = self.element_counts();
        let has_carbon = counts.iter().any(|(e, _)| e.symbol == "C");
        counts.sort_by_key(|(e, _)| match (has_carbon, e.symbol) {
            (true, "C") => (0, ""),
            (true, "H") => (1, ""),
            (_, s) => (2, s),
        });
        counts
            .iter()
            .map(|(e, n)| match n {
                1 => e.symbol.to_string(),
                n => format!("{}{n}", e.symbol),
            })
            .collect()
    }

    /// Total mass M = Σ mᵢ [u].
    pub fn total_mass(&self) -> f64 {
        self.elements.iter().map(|e| e.mass).sum()
    }

    /// Centre of mass R = Σ mᵢ rᵢ / M [Å].
    pub fn center_of_mass(&self) -> [f64; 3] {
        if let [p] = self.positions[..] {
            // Exactly its position: Σ mᵢ rᵢ / M may round, and a point particle has no moment.
            return p;
        }
        let m = self.total_mass();
        let mut c = [0.0; 3];
        for (e, p) in self.elements.iter().zip(&self.positions) {
            for a in 0..3 {
                c[a] += e.mass * p[a];
            }
        }
        c.map(|x| x / m)
    }

    /// Positions relative to the centre of mass, rᵢ − R [Å].
    pub fn centered_positions(&self) -> Vec<[f64; 3]> {
        let c = self.center_of_mass();
        self.positions
            .iter()
            .map(|p| [p[0] - c[0], p[1] - c[1], p[2] - c[2]])
            .collect()
    }

    /// Radius of gyration R_g = √(Σ mᵢ |rᵢ − R|² / M) [Å] (mass-weighted; zero for one atom).
    pub fn radius_of_gyration(&self) -> f64 {
        let m = self.total_mass();
        let s: f64 = self
            .elements
            .iter()
            .zip(self.centered_positions())
            .map(|(e, p)| e.mass * norm2(p))
            .sum();
        (s / m).sqrt()
    }

    /// Bounding radius: the largest distance of an atom's centre from the centre of mass [Å]
    /// (zero for one atom; add the atoms' own size for the particle's extent).
    pub fn bounding_radius(&self) -> f64 {
        self.centered_positions()
            .into_iter()
            .map(norm2)
            .fold(0.0, f64::max)
            .sqrt()
    }

    /// The inertia tensor about the centre of mass, I = Σ mᵢ (|rᵢ|² 𝟙 − rᵢ rᵢᵀ) [u·Å²].
    pub fn inertia_tensor(&self) -> [[f64; 3]; 3] {
        let mut t = [[0.0; 3]; 3];
        for (e, p) in self.elements.iter().zip(self.centered_positions()) {
            let r2 = norm2(p);
            for a in 0..3 {
                for b in 0..3 {
                    let delta = if a == b { r2 } else { 0.0 };
                    t[a][b] += e.mass * (delta - p[a] * p[b]);
                }
            }
        }
        t
    }

    /// Principal moments of inertia (ascending) and their axes, about the centre of mass
    /// [u·Å²]. A single atom has three zero moments (see [`Structure::rotor`]); nothing here
    /// divides by a moment.
    pub fn principal_moments(&self) -> PrincipalMoments {
        let t = self.inertia_tensor();
        let m = Matrix3::from_fn(|a, b| t[a][b]);
        let eig = SymmetricEigen::new(m);
        let mut order = [0usize, 1, 2];
        order.sort_by(|&a, &b| eig.eigenvalues[a].total_cmp(&eig.eigenvalues[b]));
        let moments = order.map(|k| eig.eigenvalues[k].max(0.0));
        let mut axes: [Vector3<f64>; 3] = order.map(|k| eig.eigenvectors.column(k).normalize());
        if axes.iter().any(|v| !v.iter().all(|x| x.is_finite())) {
            axes = [Vector3::x(), Vector3::y(), Vector3::z()];
        }
        // Right-handed: the third axis is the cross product of the first two.
        axes[2] = axes[0].cross(&axes[1]);
        PrincipalMoments {
            moments,
            axes: axes.map(|v| [v[0], v[1], v[2]]),
        }
    }

    /// How the structure can turn: [`Rotor::Point`] for a single atom, [`Rotor::Linear`] when the
    /// smallest moment is below 10⁻⁹ of the largest, [`Rotor::Body`] otherwise. A caller treats a
    /// point as a particle without orientation and never divides by its moments.
    pub fn rotor(&self) -> Rotor {
        let PrincipalMoments { moments, .. } = self.principal_moments();
        if self.len() == 1 || moments[2] <= 0.0 {
            Rotor::Point
        } else if moments[0] <= 1e-9 * moments[2] {
            Rotor::Linear
        } else {
            Rotor::Body
        }
    }

    /// Positions relative to the centre of mass in units of the host's σ [σ].
    pub fn reduced_positions(&self, host: &Host) -> Vec<[f64; 3]> {
        self.centered_positions()
            .into_iter()
            .map(|p| p.map(|x| x / host.sigma))
            .collect()
    }

    /// Each atom's mass in units of the host atom's mass m̂ [m̂].
    pub fn reduced_masses(&self, host: &Host) -> Vec<f64> {
        self.elements.iter().map(|e| e.mass / host.mass).collect()
    }

    /// The particle's mass ratio ε = m̂/M with its real mass M [dimensionless].
    pub fn epsilon(&self, host: &Host) -> f64 {
        host.mass / self.total_mass()
    }

    /// What `check` prints: source, atoms and formula, elements, mass, ε = m̂/M, radius of
    /// gyration and bounding radius in Å and σ, the principal moments, and the notes.
    pub fn summary(&self, host: &Host) -> String {
        let s = |x: f64| significant(x, 4);
        let s5 = |x: f64| significant(x, 5);
        let mass = self.total_mass();
        let rg = self.radius_of_gyration();
        let rb = self.bounding_radius();
        let pm = self.principal_moments();
        let elements: Vec<String> = self
            .element_counts()
            .iter()
            .map(|(e, n)| format!("{} {n} ({} u each)", e.symbol, s5(e.mass)))
            .collect();
        let rotor = match self.rotor() {
            Rotor::Point => "a single atom: a point particle without rotation",
            Rotor::Linear => "linear: two rotational degrees of freedom",
            Rotor::Body => "a rigid body with three rotational degrees of freedom",
        };
        let mut lines = vec![
            format!("structure: {}", self.source),
            format!("atoms: {} ({})", self.len(), self.formula()),
            format!("elements: {}", elements.join(", ")),
            format!(
                "mass: {} u = {} m̂ (host atom {} u); ε = m̂/M = {}",
                s(mass),
                s(mass / host.mass),
                s5(host.mass),
                s(self.epsilon(host))
            ),
            format!(
                "radius of gyration: {} Å = {} σ (σ = {} Å)",
                s(rg),
                s(rg / host.sigma),
                s(host.sigma)
            ),
            format!(
                "bounding radius: {} Å = {} σ (atom centres from the centre of mass)",
                s(rb),
                s(rb / host.sigma)
            ),
            format!(
                "principal moments: {}, {}, {} u·Å² ({rotor})",
                s(pm.moments[0]),
                s(pm.moments[1]),
                s(pm.moments[2])
            ),
        ];
        lines.extend(self.notes.iter().map(|n| format!("read: {n}")));
        lines.join("\n")
    }
}

fn norm2(p: [f64; 3]) -> f64 {
    p[0] * p[0] + p[1] * p[1] + p[2] * p[2]
}

/// The first pair (in file order of the later atom) closer than [`MIN_DISTANCE`]: `(i, j, d)` with
/// i < j. A hash grid of cells [`MIN_DISTANCE`] wide keeps it O(N): atoms at least that far apart
/// put a bounded number in each cell, and the search stops at the first pair that is not.
fn close_pair(atoms: &[Atom]) -> Option<(usize, usize, f64)> {
    use std::collections::HashMap;
    let cell = |p: &[f64; 3]| p.map(|x| (x / MIN_DISTANCE).floor() as i64);
    let mut grid: HashMap<[i64; 3], Vec<usize>> = HashMap::with_capacity(atoms.len());
    for (j, a) in atoms.iter().enumerate() {
        let c = cell(&a.position);
        for dx in -1..=1 {
            for dy in -1..=1 {
                for dz in -1..=1 {
                    let key = [c[0] + dx, c[1] + dy, c[2] + dz];
                    for &i in grid.get(&key).into_iter().flatten() {
                        let p = atoms[i].position;
                        let d = norm2([
                            p[0] - a.position[0],
                            p[1] - a.position[1],
                            p[2] - a.position[2],
                        ])
                        .sqrt();
                        if d < MIN_DISTANCE {
                            return Some((i, j, d));
                        }
                    }
                }
            }
        }
        grid.entry(c).or_default().push(j);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::elements::by_symbol;

    fn build(atoms: &[(&str, [f64; 3])]) -> Result<Structure, StructureError> {
        Structure::new(
            "test",
            atoms.iter().map(|(s, _)| by_symbol(s).unwrap()).collect(),
            atoms.iter().map(|(_, p)| *p).collect(),
        )
    }

    #[test]
    fn a_single_atom_is_a_point_with_zero_moments() {
        let s = build(&[("Au", [1.0, 2.0, 3.0])]).unwrap();
        assert_eq!(s.rotor(), Rotor::Point);
        assert_eq!(s.principal_moments().moments, [0.0; 3]);
        assert_eq!(s.radius_of_gyration(), 0.0);
        assert_eq!(s.bounding_radius(), 0.0);
        assert_eq!(s.center_of_mass(), [1.0, 2.0, 3.0]);
        let text = s.summary(&Host::default());
        assert!(text.contains("point particle"), "{text}");
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    }

    #[test]
    fn a_diatomic_is_linear_with_the_textbook_moment() {
        // CO, 1.128 Å: I = μ d², μ = m_C m_O / (m_C + m_O).
        let s = build(&[("C", [0.0, 0.0, 0.0]), ("O", [0.0, 0.0, 1.128])]).unwrap();
        assert_eq!(s.rotor(), Rotor::Linear);
        let (mc, mo) = (12.011, 15.999);
        let i = mc * mo / (mc + mo) * 1.128f64.powi(2);
        let pm = s.principal_moments();
        assert!(pm.moments[0].abs() < 1e-9);
        assert!((pm.moments[1] - i).abs() < 1e-9 && (pm.moments[2] - i).abs() < 1e-9);
        assert!(pm.axes[0][2].abs() > 1.0 - 1e-12, "{:?}", pm.axes);
    }

    #[test]
    fn moments_and_axes_of_an_asymmetric_body() {
        // Four equal masses at (±a, 0, 0), (0, ±b, 0): I_x = 2mb², I_y = 2ma², I_z = 2m(a²+b²).
        let (a, b) = (1.0, 2.0);
        let s = build(&[
            ("Ar", [a, 0.0, 0.0]),
            ("Ar", [-a, 0.0, 0.0]),
            ("Ar", [0.0, b, 0.0]),
            ("Ar", [0.0, -b, 0.0]),
        ])
        .unwrap();
        let m = 39.948;
        let pm = s.principal_moments();
        let want = [2.0 * m * a * a, 2.0 * m * b * b, 2.0 * m * (a * a + b * b)];
        for k in 0..3 {
            assert!((pm.moments[k] - want[k]).abs() < 1e-9, "{:?}", pm.moments);
        }
        assert!(pm.axes[0][1].abs() > 1.0 - 1e-12);
        assert!(pm.axes[1][0].abs() > 1.0 - 1e-12);
        let [u, v, w] = pm.axes.map(Vector3::from);
        assert!((u.cross(&v) - w).norm() < 1e-12);
        assert_eq!(s.rotor(), Rotor::Body);
        // Rg² = Σ m r² / M = (2a² + 2b²)/4.
        assert!((s.radius_of_gyration() - (0.5 * (a * a + b * b)).sqrt()).abs() < 1e-12);
        assert!((s.bounding_radius() - b).abs() < 1e-12);
    }

    #[test]
    fn a_host_is_positive_and_finite() {
        assert!(Host::new(0.0, 1.0).is_none() && Host::new(3.4, f64::NAN).is_none());
        let h = Host::new(2.5, 20.0).unwrap();
        assert_eq!((h.sigma(), h.mass()), (2.5, 20.0));
        assert_eq!(Host::default().sigma(), 3.405);
        assert!((Host::default().sigma() - crate::units::ARGON_SIGMA_NM * 10.0).abs() < 1e-12);
    }

    #[test]
    fn reduced_units_divide_by_the_host() {
        let s = build(&[("Ar", [0.0, 0.0, 0.0]), ("Ar", [3.405, 0.0, 0.0])]).unwrap();
        let host = Host::default();
        assert_eq!(s.reduced_masses(&host), vec![1.0, 1.0]);
        let x = s.reduced_positions(&host);
        assert!((x[1][0] - x[0][0] - 1.0).abs() < 1e-12);
        assert!((s.epsilon(&host) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn formulas_are_in_hill_order() {
        let s = build(&[
            ("O", [0.0, 0.0, 0.0]),
            ("H", [1.0, 0.0, 0.0]),
            ("C", [0.0, 1.0, 0.0]),
            ("H", [0.0, 0.0, 1.0]),
        ])
        .unwrap();
        assert_eq!(s.formula(), "CH2O");
        let s = build(&[("Na", [0.0, 0.0, 0.0]), ("Cl", [2.8, 0.0, 0.0])]).unwrap();
        assert_eq!(s.formula(), "ClNa");
    }

    #[test]
    fn close_atoms_are_named_with_their_distance() {
        let e = build(&[
            ("C", [0.0, 0.0, 0.0]),
            ("C", [5.0, 0.0, 0.0]),
            ("O", [5.3, 0.0, 0.0]),
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("atoms 2 (C) and 3 (O) are 0.300 Å apart"), "{e}");
    }

    #[test]
    fn not_finite_and_far_coordinates_are_refused() {
        let e = build(&[("C", [f64::NAN, 0.0, 0.0])]).unwrap_err();
        assert!(matches!(e, StructureError::NotFinite { .. }), "{e}");
        let e = build(&[("C", [1e300, 0.0, 0.0]), ("C", [1e300, 0.1, 0.0])]).unwrap_err();
        assert!(matches!(e, StructureError::FarAway { .. }), "{e}");
        assert!(matches!(
            build(&[]).unwrap_err(),
            StructureError::Empty { .. }
        ));
    }
}
