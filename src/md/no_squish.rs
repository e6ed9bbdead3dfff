//! NO_SQUISH: the symplectic, time-reversible integrator of a rigid body's translation and
//! rotation (Miller, Eleftheriou, Pattnaik, Ndirango, Newns & Martyna, J. Chem. Phys. 116, 8649
//! (2002)).
//!
//! One step of Δt is the splitting kick(Δt/2) · free motion(Δt) · kick(Δt/2), as velocity
//! Verlet:
//! - kick(h): P ← P + h F and π ← π + 2h q ⊗ (0, T_b), with F the total force and T_b = Aᵀ(q) T
//!   the torque about the centre of mass in the body frame;
//! - free motion(h): R ← R + h P/M, and the free rotor split into exact rotations about the
//!   principal axes, R₃(h/2) R₂(h/2) R₁(h) R₂(h/2) R₃(h/2), where R_k(h) is the flow of
//!   L_b,k²/2I_k: with ζ = π·(q ⊗ e_k)/4I_k, q ← cos(ζh) q + sin(ζh) q ⊗ e_k and
//!   π ← cos(ζh) π + sin(ζh) π ⊗ e_k (a rotation of the body by ω_k h about its axis k).
//!
//! Each piece is the exact flow of part of the Hamiltonian, so the step is symplectic, and the
//! sequence is symmetric, so it is time-reversible; each rotation keeps |q| = 1 and the
//! space-frame angular momentum exactly (up to round-off), so neither is renormalised or
//! corrected. An axis of zero moment (a linear body, a point) is skipped and the torque about
//! it dropped.

use nalgebra::{Quaternion, UnitQuaternion, Vector3};
use serde::{Deserialize, Serialize};

use super::rigid_body::{RigidBody, times_axis};

/// The NO_SQUISH integrator of one rigid body (Miller et al. 2002). Forces are evaluated once
/// per step for the body's atoms, as for velocity Verlet: [`Self::kick_half`] with the forces at
/// the current positions, [`Self::drift`], [`RigidBody::place_atoms`], new forces,
/// [`Self::kick_half`] again; [`Self::step`] does all of it for a body alone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NoSquish {
    /// Time step Δt [τ].
    pub dt: f64,
}

impl NoSquish {
    /// The kick by `h` [τ] with total force `force` [ε_LJ/σ] and torque about the centre of
    /// mass `torque` [ε_LJ], both in the space frame: P ← P + h F, π ← π + 2h q ⊗ (0, T_b).
    /// Torque about an axis of zero moment is dropped.
    pub fn kick(body: &mut RigidBody, force: [f64; 3], torque: [f64; 3], h: f64) {
        for a in 0..3 {
            body.momentum[a] += h * force[a];
        }
        let tb = body.orientation.inverse() * Vector3::new(torque[0], torque[1], torque[2]);
        let tb = [0, 1, 2].map(|k| if body.moments[k] > 0.0 { tb[k] } else { 0.0 });
        let q = body.orientation.quaternion();
        body.conjugate_momentum +=
            q * Quaternion::new(0.0, 2.0 * h * tb[0], 2.0 * h * tb[1], 2.0 * h * tb[2]);
    }

    /// The half kick (Δt/2) by the member atoms' `forces` [ε_LJ/σ] (one per atom, in the
    /// order of the body's atoms).
    pub fn kick_half(&self, body: &mut RigidBody, forces: &[[f64; 3]]) {
        let (f, t) = body.force_and_torque(forces);
        Self::kick(body, f, t, 0.5 * self.dt);
    }

    /// The exact free rotation about principal axis `k` (0, 1, 2) for a time `h` [τ]; nothing
    /// about an axis of zero moment.
    pub fn rotate(body: &mut RigidBody, k: usize, h: f64) {
        let moment = body.moments[k];
        if moment <= 0.0 {
            return;
        }
        let q = *body.orientation.quaternion();
        let pi = body.conjugate_momentum;
        let qk = times_axis(&q, k);
        let zeta = pi.dot(&qk) / (4.0 * moment);
        let (s, c) = (zeta * h).sin_cos();
        body.orientation = UnitQuaternion::new_unchecked(q * c + qk * s);
        body.conjugate_momentum = pi * c + times_axis(&pi, k) * s;
    }

    /// The free rotor for a time `h` [τ]: R₃(h/2) R₂(h/2) R₁(h) R₂(h/2) R₃(h/2).
    pub fn free_rotation(body: &mut RigidBody, h: f64) {
        Self::rotate(body, 2, 0.5 * h);
        Self::rotate(body, 1, 0.5 * h);
        Self::rotate(body, 0, h);
        Self::rotate(body, 1, 0.5 * h);
        Self::rotate(body, 2, 0.5 * h);
    }

    /// The free motion for a time `h` [τ]: the centre of mass drifts by h P/M and the body
    /// turns by [`Self::free_rotation`]. The atoms are not moved: call
    /// [`RigidBody::place_atoms`] after it.
    pub fn drift(body: &mut RigidBody, h: f64) {
        for a in 0..3 {
            body.center[a] += h * body.momentum[a] / body.mass;
        }
        Self::free_rotation(body, h);
    }

    /// One step of a body alone: `forces` [ε_LJ/σ] holds the member atoms' forces at the
    /// current positions on entry and at the new ones on exit; `compute` fills them for a body
    /// (read its atoms with [`RigidBody::position`]).
    pub fn step(
        &self,
        body: &mut RigidBody,
        forces: &mut [[f64; 3]],
        mut compute: impl FnMut(&RigidBody, &mut [[f64; 3]]),
    ) {
        self.kick_half(body, forces);
        Self::drift(body, self.dt);
        compute(body, forces);
        self.kick_half(body, forces);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> RigidBody {
        let mut b = RigidBody::new(
            &[
                [0.3, -0.2, 0.1],
                [1.2, 0.5, -0.3],
                [-0.7, 0.9, 0.4],
                [0.1, 0.2, 1.3],
            ],
            &[2.0, 1.0, 1.5, 0.7],
        );
        b.set_angular_momentum([0.5, -1.2, 0.8]);
        b.momentum = [0.1, 0.2, 0.3];
        b
    }

    #[test]
    fn a_rotation_about_a_principal_axis_keeps_its_momentum_and_the_space_frame_l() {
        let mut b = body();
        let l0 = b.angular_momentum();
        let lb0 = b.angular_momentum_body();
        NoSquish::rotate(&mut b, 1, 0.3);
        let l1 = b.angular_momentum();
        let lb1 = b.angular_momentum_body();
        assert!((lb1[1] - lb0[1]).abs() < 1e-14);
        for a in 0..3 {
            assert!((l1[a] - l0[a]).abs() < 1e-14, "{l0:?} → {l1:?}");
        }
        // It turned the body by ω₂ h about its axis 2.
        let angle = lb0[1] / b.moments[1] * 0.3;
        let turned = body().orientation.inverse() * b.orientation;
        let want = UnitQuaternion::from_axis_angle(&Vector3::y_axis(), angle);
        assert!(turned.angle_to(&want) < 1e-14);
    }

    #[test]
    fn a_kick_adds_the_torque_to_the_angular_momentum() {
        let mut b = body();
        let l0 = b.angular_momentum();
        NoSquish::kick(&mut b, [1.0, 0.0, 0.0], [0.2, -0.4, 0.6], 0.5);
        let l1 = b.angular_momentum();
        for (a, t) in [0.2, -0.4, 0.6].iter().enumerate() {
            assert!((l1[a] - l0[a] - 0.5 * t).abs() < 1e-14);
        }
        assert!((b.momentum[0] - 0.6).abs() < 1e-15);
    }

    #[test]
    fn the_quaternion_stays_unit_without_renormalising() {
        let mut b = body();
        for _ in 0..100_000 {
            NoSquish::free_rotation(&mut b, 0.01);
        }
        let err = (b.orientation.quaternion().norm() - 1.0).abs();
        // 5·10⁵ rotations, each rounding |q| by ~10⁻¹⁶ at random: ~√(5·10⁵)·10⁻¹⁶ ≈ 10⁻¹³.
        assert!(err < 1e-12, "|q| − 1 = {err:e}");
    }
}
