//! A rigid body made of atoms: its mass, principal moments and axes, the atoms' offsets in the
//! body frame, and where it is now (centre of mass, momentum, orientation, angular momentum).
//! How it moves is [`super::NoSquish`]'s job.
//!
//! Frames: a body-frame vector d (along the principal axes) is the space-frame vector A(q)·d,
//! with A(q) the rotation of the unit quaternion q. The angular momentum is kept as the paper's
//! conjugate quaternion momentum π = 2 q ⊗ (0, L_b) (Miller et al., J. Chem. Phys. 116, 8649
//! (2002), eq. 2.10), from which the body-frame angular momentum is L_b,k = ½ π·(q ⊗ e_k).

use nalgebra::{Matrix3, Quaternion, Rotation3, SymmetricEigen, UnitQuaternion, Vector3};
use serde::{Deserialize, Serialize};

use super::periodic_box::PeriodicBox;

/// A principal moment below this fraction of the largest one is taken as exactly zero (atoms on
/// a line, to the precision of their coordinates): far below any real body's anisotropy (a rod
/// of radius 0.5σ and length 100σ has I₁/I₃ ≈ 10⁻⁴), far above round-off (10⁻¹⁶).
pub const ZERO_MOMENT: f64 = 1e-10;

/// A body whose atoms all lie within this fraction of their coordinates' magnitude of one point
/// is one point (their offsets are then round-off of the centre-of-mass computation).
pub const POINT_SIZE: f64 = 1e-10;

/// A rigid body of point atoms. Its atoms are described by their masses and fixed offsets
/// from the centre of mass along the principal axes; its state by R, P, q and π.
///
/// Degenerate bodies:
/// - one atom (or all atoms at one point, see [`POINT_SIZE`]): a point particle, all three moments zero, no
///   rotation ([`Self::rotational_degrees_of_freedom`] 0); the orientation never changes.
/// - all atoms on a line: the moment I₁ about the line is zero and its axis is skipped: no
///   torque, angular momentum or rotation about it (2 rotational degrees of freedom). The
///   atoms' offsets are put exactly on the line (they move by round-off) so that I₂ = I₃ and
///   the torque about the line vanishes exactly.
///
/// No moment is ever divided by when it is zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RigidBody {
    /// Mass of each member atom m_i [m̂].
    pub masses: Vec<f64>,
    /// Offset of each member atom from the centre of mass in the body frame d_i [σ].
    pub offsets: Vec<[f64; 3]>,
    /// Total mass M = Σ m_i [m̂].
    pub mass: f64,
    /// Principal moments of inertia I₁ ≤ I₂ ≤ I₃ [m̂σ²]; a moment that vanishes (see
    /// [`ZERO_MOMENT`]) is exactly 0.
    pub moments: [f64; 3],
    /// Centre of mass R, unwrapped [σ].
    pub center: [f64; 3],
    /// Total momentum P [m̂σ/τ].
    pub momentum: [f64; 3],
    /// Orientation q: the rotation from the body frame to the space frame.
    pub orientation: UnitQuaternion<f64>,
    /// Conjugate quaternion momentum π = 2 q ⊗ (0, L_b) [m̂σ²/τ].
    pub conjugate_momentum: Quaternion<f64>,
}

/// q ⊗ e_k for k = 0, 1, 2 (the paper's permutation P_{k+1} applied to a 4-vector).
pub(crate) fn times_axis(q: &Quaternion<f64>, k: usize) -> Quaternion<f64> {
    let (w, x, y, z) = (q.w, q.i, q.j, q.k);
    match k {
        0 => Quaternion::new(-x, w, z, -y),
        1 => Quaternion::new(-y, -z, w, x),
        _ => Quaternion::new(-z, y, -x, w),
    }
}

fn v3(a: [f64; 3]) -> Vector3<f64> {
    Vector3::new(a[0], a[1], a[2])
}

fn arr(v: Vector3<f64>) -> [f64; 3] {
    [v.x, v.y, v.z]
}

impl RigidBody {
    /// The rigid body of atoms at unwrapped `positions` [σ] with `masses` [m̂], at rest. Its
    /// body frame is the principal frame (right-handed), its orientation the rotation from it
    /// to the space frame, so that the atoms are exactly where they were, up to round-off.
    ///
    /// # Panics
    /// On no atoms, lengths that differ, a mass that is not positive and finite, or a
    /// non-finite position: callers validate what users give before reaching here.
    pub fn new(positions: &[[f64; 3]], masses: &[f64]) -> Self {
        assert!(!positions.is_empty(), "a rigid body needs an atom");
        assert_eq!(positions.len(), masses.len(), "one mass per atom");
        assert!(
            masses.iter().all(|m| m.is_finite() && *m > 0.0),
            "masses must be positive"
        );
        assert!(
            positions.iter().flatten().all(|x| x.is_finite()),
            "positions must be finite"
        );
        let mass: f64 = masses.iter().sum();
        let mut r = Vector3::zeros();
        for (x, &m) in positions.iter().zip(masses) {
            r += m * v3(*x);
        }
        r /= mass;
        let mut inertia = Matrix3::zeros();
        for (x, &m) in positions.iter().zip(masses) {
            let d = v3(*x) - r;
            inertia += m * (Matrix3::identity() * d.norm_squared() - d * d.transpose());
        }
        let eigen = SymmetricEigen::new(inertia);
        let mut order = [0, 1, 2];
        order.sort_by(|&a, &b| eigen.eigenvalues[a].total_cmp(&eigen.eigenvalues[b]));
        let mut axes = Matrix3::from_columns(
            &order.map(|k| -> Vector3<f64> { eigen.eigenvectors.column(k).into_owned() }),
        );
        if axes.determinant() < 0.0 {
            axes.column_mut(2).neg_mut();
        }
        let mut moments = order.map(|k| eigen.eigenvalues[k].max(0.0));
        let largest = moments[2];
        // How many moments vanish: 0 (a general body), 1 (a line) or 3 (a point; two alone
        // cannot vanish since I₁ + I₂ ≥ I₃).
        // The round-off floor of the moments: offsets computed from coordinates of size ℓ are
        // rounded by ~10⁻¹⁶ℓ, so moments below M(10⁻¹⁰ℓ)² are those of one point.
        let scale2 = positions
            .iter()
            .map(|x| x.iter().map(|c| c * c).sum::<f64>())
            .fold(0.0, f64::max);
        let point = largest <= POINT_SIZE * POINT_SIZE * mass * scale2;
        let zeros = if point || moments[1] <= ZERO_MOMENT * largest {
            3
        } else if moments[0] <= ZERO_MOMENT * largest {
            1
        } else {
            0
        };
        let orientation = if zeros == 3 {
            UnitQuaternion::identity()
        } else {
            UnitQuaternion::from_rotation_matrix(&Rotation3::from_matrix_unchecked(axes))
        };
        let to_body = orientation.inverse();
        let mut offsets: Vec<[f64; 3]> = positions
            .iter()
            .map(|x| match zeros {
                3 => [0.0; 3],
                _ => arr(to_body * (v3(*x) - r)),
            })
            .collect();
        match zeros {
            3 => moments = [0.0; 3],
            1 => {
                let mut i_perp = 0.0;
                for (d, &m) in offsets.iter_mut().zip(masses) {
                    d[1] = 0.0;
                    d[2] = 0.0;
                    i_perp += m * d[0] * d[0];
                }
                moments = [0.0, i_perp, i_perp];
            }
            _ => {}
        }
        Self {
            masses: masses.to_vec(),
            offsets,
            mass,
            moments,
            center: arr(r),
            momentum: [0.0; 3],
            orientation,
            conjugate_momentum: Quaternion::new(0.0, 0.0, 0.0, 0.0),
        }
    }

    /// Number of member atoms.
    pub fn atoms(&self) -> usize {
        self.masses.len()
    }

    /// Rotational degrees of freedom: 3 (a general body), 2 (a line) or 0 (a point).
    pub fn rotational_degrees_of_freedom(&self) -> usize {
        self.moments.iter().filter(|&&i| i > 0.0).count()
    }

    /// Degrees of freedom of the body's kinetic energy: 3 + 3, 3 + 2 or 3 + 0.
    pub fn degrees_of_freedom(&self) -> usize {
        3 + self.rotational_degrees_of_freedom()
    }

    /// The rotation matrix A(q) from the body frame to the space frame.
    pub fn rotation(&self) -> Matrix3<f64> {
        *self.orientation.to_rotation_matrix().matrix()
    }

    /// The principal axes in the space frame as unit vectors (the rotation's columns, smallest
    /// moment first) [1].
    pub fn principal_axes(&self) -> [[f64; 3]; 3] {
        let r = self.rotation();
        [0, 1, 2].map(|k| arr(r.column(k).into_owned()))
    }

    /// [`Self::principal_axes`], each scaled to the body's outer radius max |d_i| [σ]: what a
    /// view draws.
    pub fn axes_scaled(&self) -> [[f64; 3]; 3] {
        let radius = self
            .offsets
            .iter()
            .map(|d| v3(*d).norm())
            .fold(0.0, f64::max);
        self.principal_axes().map(|a| a.map(|x| x * radius))
    }

    /// Body-frame angular momentum L_b,k = ½ π·(q ⊗ e_k) [m̂σ²/τ].
    pub fn angular_momentum_body(&self) -> [f64; 3] {
        let q = self.orientation.quaternion();
        let pi = &self.conjugate_momentum;
        [0, 1, 2].map(|k| 0.5 * pi.dot(&times_axis(q, k)))
    }

    /// Space-frame angular momentum about the centre of mass L = A(q)·L_b [m̂σ²/τ].
    pub fn angular_momentum(&self) -> [f64; 3] {
        arr(self.orientation * v3(self.angular_momentum_body()))
    }

    /// Body-frame angular velocity ω_b,k = L_b,k / I_k (0 about an axis of zero moment) [1/τ].
    pub fn angular_velocity_body(&self) -> [f64; 3] {
        let l = self.angular_momentum_body();
        [0, 1, 2].map(|k| {
            if self.moments[k] > 0.0 {
                l[k] / self.moments[k]
            } else {
                0.0
            }
        })
    }

    /// Space-frame angular velocity ω = A(q)·ω_b [1/τ].
    pub fn angular_velocity(&self) -> [f64; 3] {
        arr(self.orientation * v3(self.angular_velocity_body()))
    }

    /// Sets the body-frame angular momentum L_b [m̂σ²/τ] (components about axes of zero moment
    /// are dropped).
    pub fn set_angular_momentum_body(&mut self, l: [f64; 3]) {
        let l = [0, 1, 2].map(|k| if self.moments[k] > 0.0 { l[k] } else { 0.0 });
        let q = self.orientation.quaternion();
        self.conjugate_momentum = q * Quaternion::new(0.0, 2.0 * l[0], 2.0 * l[1], 2.0 * l[2]);
    }

    /// Sets the space-frame angular momentum L [m̂σ²/τ] (its components about axes of zero
    /// moment are dropped).
    pub fn set_angular_momentum(&mut self, l: [f64; 3]) {
        let lb = self.orientation.inverse() * v3(l);
        self.set_angular_momentum_body(arr(lb));
    }

    /// Velocity of the centre of mass V = P/M [σ/τ].
    pub fn velocity(&self) -> [f64; 3] {
        self.momentum.map(|p| p / self.mass)
    }

    /// Sets P and L from member-atom velocities [σ/τ]: the rigid motion with the atoms' total
    /// momentum and angular momentum about R (the projection of the atoms' velocities onto the
    /// body's motions, exact when they already move rigidly).
    pub fn set_from_velocities(&mut self, velocities: &[[f64; 3]]) {
        assert_eq!(velocities.len(), self.atoms(), "one velocity per atom");
        let mut p = Vector3::zeros();
        let mut l = Vector3::zeros();
        for (i, v) in velocities.iter().enumerate() {
            let v = v3(*v);
            p += self.masses[i] * v;
            l += self.masses[i] * v3(self.offset(i)).cross(&v);
        }
        self.momentum = arr(p);
        self.set_angular_momentum(arr(l));
    }

    /// Space-frame offset r_i − R = A(q)·d_i of member atom `i` [σ].
    pub fn offset(&self, i: usize) -> [f64; 3] {
        arr(self.orientation * v3(self.offsets[i]))
    }

    /// Unwrapped position R + A(q)·d_i of member atom `i` [σ].
    pub fn position(&self, i: usize) -> [f64; 3] {
        let d = self.offset(i);
        [0, 1, 2].map(|a| self.center[a] + d[a])
    }

    /// Kinetic energy K = P²/2M + Σ_k L_b,k²/2I_k over the axes of non-zero moment [ε_LJ].
    pub fn kinetic_energy(&self) -> f64 {
        let p2: f64 = self.momentum.iter().map(|p| p * p).sum();
        let l = self.angular_momentum_body();
        let mut k = 0.5 * p2 / self.mass;
        for a in 0..3 {
            if self.moments[a] > 0.0 {
                k += 0.5 * l[a] * l[a] / self.moments[a];
            }
        }
        k
    }

    /// Total force F = Σ F_i [ε_LJ/σ] and torque about the centre of mass T = Σ (r_i − R) × F_i
    /// [ε_LJ] of member-atom `forces` [ε_LJ/σ], both in the space frame.
    pub fn force_and_torque(&self, forces: &[[f64; 3]]) -> ([f64; 3], [f64; 3]) {
        assert_eq!(forces.len(), self.atoms(), "one force per atom");
        let a = self.rotation();
        let mut f = Vector3::zeros();
        let mut t = Vector3::zeros();
        for (d, fi) in self.offsets.iter().zip(forces) {
            let fi = v3(*fi);
            f += fi;
            t += (a * v3(*d)).cross(&fi);
        }
        (arr(f), arr(t))
    }

    /// Writes the member atoms' positions and velocities from the body: unwrapped position
    /// r_i = R + A(q)·d_i, stored wrapped into `periodic_box` with its image counter, and
    /// velocity v_i = V + ω × (r_i − R). The slices hold the member atoms only (in a
    /// simulation, the nanoparticle's `0..n_star`). Returns the largest change of an unwrapped
    /// position [σ] (for the neighbour-list check) and its atom.
    pub fn place_atoms(
        &self,
        positions: &mut [[f64; 3]],
        images: &mut [[i32; 3]],
        velocities: &mut [[f64; 3]],
        periodic_box: &PeriodicBox,
    ) -> (f64, usize) {
        assert!(
            positions.len() == self.atoms()
                && images.len() == self.atoms()
                && velocities.len() == self.atoms(),
            "one position, image and velocity per atom"
        );
        let a = self.rotation();
        let v = v3(self.velocity());
        let w = self.orientation * v3(self.angular_velocity_body());
        let r = v3(self.center);
        let mut worst = (0.0, 0);
        for i in 0..self.atoms() {
            let d = a * v3(self.offsets[i]);
            let mut u = arr(r + d);
            let before = periodic_box.unwrap(positions[i], images[i]);
            let moved2: f64 = (0..3).map(|k| (u[k] - before[k]).powi(2)).sum();
            if moved2 > worst.0 {
                worst = (moved2, i);
            }
            // Fold with the image counter the unwrapped position already had, so that a body
            // that crosses no boundary keeps its counters.
            let mut image = images[i];
            for k in 0..3 {
                u[k] -= f64::from(image[k]) * periodic_box.length();
            }
            let shift = periodic_box.wrap(&mut u);
            for k in 0..3 {
                image[k] += shift[k];
            }
            positions[i] = u;
            images[i] = image;
            velocities[i] = arr(v + w.cross(&d));
        }
        (worst.0.sqrt(), worst.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn water_like() -> (Vec<[f64; 3]>, Vec<f64>) {
        (
            vec![
                [0.3, -0.2, 0.1],
                [1.2, 0.5, -0.3],
                [-0.7, 0.9, 0.4],
                [0.1, 0.2, 1.3],
            ],
            vec![2.0, 1.0, 1.5, 0.7],
        )
    }

    #[test]
    fn atoms_are_where_they_were_and_moments_are_principal() {
        let (x, m) = water_like();
        let body = RigidBody::new(&x, &m);
        assert_eq!(body.degrees_of_freedom(), 6);
        assert!(body.moments[0] <= body.moments[1] && body.moments[1] <= body.moments[2]);
        for i in 0..x.len() {
            let p = body.position(i);
            for a in 0..3 {
                assert!(
                    (p[a] - x[i][a]).abs() < 1e-14,
                    "atom {i}: {p:?} vs {:?}",
                    x[i]
                );
            }
        }
        // The inertia tensor of the body-frame offsets is diagonal with the moments.
        let mut inertia = Matrix3::zeros();
        for (d, &mi) in body.offsets.iter().zip(&m) {
            let d = v3(*d);
            inertia += mi * (Matrix3::identity() * d.norm_squared() - d * d.transpose());
        }
        for a in 0..3 {
            for b in 0..3 {
                let want = if a == b { body.moments[a] } else { 0.0 };
                assert!((inertia[(a, b)] - want).abs() < 1e-13, "{inertia}");
            }
        }
    }

    #[test]
    fn angular_momentum_round_trips_through_the_conjugate_momentum() {
        let (x, m) = water_like();
        let mut body = RigidBody::new(&x, &m);
        body.set_angular_momentum([0.3, -1.1, 0.7]);
        let l = body.angular_momentum();
        for (a, want) in [0.3, -1.1, 0.7].iter().enumerate() {
            assert!((l[a] - want).abs() < 1e-14);
        }
        // π is orthogonal to q (the constraint of the conjugate momentum).
        assert!(
            body.conjugate_momentum
                .dot(body.orientation.quaternion())
                .abs()
                < 1e-15
        );
    }

    #[test]
    fn rigid_velocities_carry_the_body_momenta_and_energy() {
        let (x, m) = water_like();
        let mut body = RigidBody::new(&x, &m);
        body.momentum = [0.4, 0.1, -0.2];
        body.set_angular_momentum([0.3, -1.1, 0.7]);
        let n = x.len();
        let (mut pos, mut img, mut vel) = (x.clone(), vec![[0; 3]; n], vec![[0.0; 3]; n]);
        body.place_atoms(&mut pos, &mut img, &mut vel, &PeriodicBox::new(100.0));
        let k: f64 = vel
            .iter()
            .zip(&m)
            .map(|(v, mi)| 0.5 * mi * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]))
            .sum();
        assert!((k - body.kinetic_energy()).abs() < 1e-14, "{k}");
        let mut other = body.clone();
        other.set_from_velocities(&vel);
        for a in 0..3 {
            assert!((other.momentum[a] - body.momentum[a]).abs() < 1e-14);
            assert!((other.angular_momentum()[a] - body.angular_momentum()[a]).abs() < 1e-13);
        }
    }

    #[test]
    fn a_line_has_two_rotational_degrees_and_a_point_none() {
        let line = RigidBody::new(
            &[[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.5, 2.5, 2.5]],
            &[1.0, 2.0, 1.0],
        );
        assert_eq!(line.degrees_of_freedom(), 5);
        assert_eq!(line.moments[0], 0.0);
        assert_eq!(line.moments[1], line.moments[2]);
        let point = RigidBody::new(&[[1.0, 2.0, 3.0]], &[4.0]);
        assert_eq!(point.degrees_of_freedom(), 3);
        assert_eq!(point.moments, [0.0; 3]);
        assert_eq!(point.position(0), [1.0, 2.0, 3.0]);
    }

    #[test]
    fn placing_wraps_into_the_box_with_image_counters() {
        let b = PeriodicBox::new(5.0);
        let mut body = RigidBody::new(&[[4.5, 1.0, 1.0], [5.5, 1.0, 1.0]], &[1.0, 1.0]);
        body.center[0] += 5.0;
        let (mut pos, mut img, mut vel) = (
            vec![[4.5, 1.0, 1.0], [0.5, 1.0, 1.0]],
            vec![[0, 0, 0], [1, 0, 0]],
            vec![[0.0; 3]; 2],
        );
        let (moved, _) = body.place_atoms(&mut pos, &mut img, &mut vel, &b);
        assert!((moved - 5.0).abs() < 1e-12);
        for i in 0..2 {
            let u = b.unwrap(pos[i], img[i]);
            let want = body.position(i);
            for a in 0..3 {
                assert!((u[a] - want[a]).abs() < 1e-12);
                assert!((0.0..5.0).contains(&pos[i][a]));
            }
        }
        assert_eq!(img, vec![[1, 0, 0], [2, 0, 0]]);
    }
}
