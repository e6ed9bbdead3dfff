//! Rotation of a rigid nanoparticle as an order parameter, measured both ways (docs/physics.md,
//! "Rotation as an order parameter"):
//! - free body: the angular velocity ω (space frame) → D_r = ⅓∫⟨ω(0)·ω(t)⟩dt (`d_rot_gamma`), and
//!   the orientation correlation ⟨u(0)·u(t)⟩ of its principal axes;
//! - held body: the torque T about its centre of mass → ζ_r = β∫⟨δT(0)·δT(t)⟩dt/3 and
//!   D_r = k_BT/ζ_r (`d_rot_theta`), with the torque's correlation time and I/ζ_r.
//!
//! Both integrals use the Green–Kubo machinery of the translational coefficients (multiple-tau
//! correlator, automatic cut-off, block errors). Only the isotropic values are reported: the
//! space-frame tensors of a turning body average over its orientations, so an anisotropic
//! body's rotational diffusion tensor would need the body-frame ω and T (not measured).

use serde::{Deserialize, Serialize};

use crate::analysis::{
    Cutoff, Estimate, GreenKubo, MultipleTauParams, diffusion_from_friction, stokes_einstein_debye,
};

/// What the rigid nanoparticle's rotation gave. Units: reduced LJ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RotationReport {
    /// Principal moments of inertia I₁ ≤ I₂ ≤ I₃ [m̂σ²].
    pub moments: [f64; 3],
    /// ζ_r = β∫₀^{t_c}⟨δT(0)·δT(t)⟩dt/3 of the held body, isotropic [ε_LJ·τ].
    pub zeta_rot: Option<Estimate>,
    /// τ_T = ∫⟨δT·δT⟩/⟨δT·δT⟩(0) of the held body, read at ζ_r's cut-off: the torque's memory
    /// time [τ].
    pub torque_time: Option<Estimate>,
    /// I/ζ_r with I the mean principal moment: the angular momentum's relaxation time [τ].
    pub inertia_time: Option<Estimate>,
    /// (I/ζ_r)/τ_T: the rotational time-scale separation (the analogue of τ_P/τ_F); the
    /// Markovian rotational diffusion needs it ≫ 1 [1].
    pub time_scale_separation: Option<Estimate>,
    /// Stokes–Einstein–Debye stick value k_BT/(8πηa³) with the measured η and the
    /// hydrodynamic radius a [1/τ].
    pub stokes_einstein_debye: Option<Estimate>,
    /// Cut-off of the angular-velocity integral [τ].
    pub gamma_cutoff_time: Option<f64>,
    /// Cut-off of the torque integral [τ].
    pub theta_cutoff_time: Option<f64>,
    /// Lags of the orientation correlation that have error bars [τ].
    pub orientation_times: Vec<f64>,
    /// ⟨u(0)·u(t)⟩ of the free body's principal axes u, averaged over the three axes and the
    /// time origins, at `orientation_times`, with block errors [1].
    pub orientation_correlation: Vec<Estimate>,
}

/// The accumulators of a rigid nanoparticle's rotation.
#[derive(Clone, Debug)]
pub struct RotationObservables {
    moments: [f64; 3],
    omega: GreenKubo<3>,
    axes: GreenKubo<9>,
    torque: GreenKubo<3>,
}

/// The rotational coefficients read from the accumulators.
#[derive(Clone, Debug)]
pub struct Rotation {
    /// D_r from the free body's angular velocity [1/τ].
    pub d_rot_gamma: Option<Estimate>,
    /// D_r = k_BT/ζ_r from the held body's torque [1/τ].
    pub d_rot_theta: Option<Estimate>,
    /// The rest.
    pub report: RotationReport,
}

impl RotationObservables {
    /// Empty accumulators for a body of principal `moments` [m̂σ²] sampled every `sample_dt`
    /// [τ], with error blocks of `block_len` samples (free body) and `held_block_len` (held).
    pub fn new(moments: [f64; 3], sample_dt: f64, block_len: u64, held_block_len: u64) -> Self {
        let p = MultipleTauParams::default();
        Self {
            moments,
            omega: GreenKubo::new(sample_dt, block_len.max(2), p, false),
            axes: GreenKubo::new(sample_dt, block_len.max(2), p, false),
            torque: GreenKubo::new(sample_dt, held_block_len.max(2), p, true),
        }
    }

    /// Free body: its angular velocity ω [1/τ] and principal axes `axes[k]` = u_k (unit
    /// vectors, space frame).
    pub fn push_free(&mut self, omega: [f64; 3], axes: [[f64; 3]; 3]) {
        self.omega.push_auto(omega);
        let mut flat = [0.0; 9];
        for k in 0..3 {
            flat[3 * k..3 * k + 3].copy_from_slice(&axes[k]);
        }
        self.axes.push_auto(flat);
    }

    /// Held body: the torque about its centre of mass T [ε_LJ] (space frame).
    pub fn push_held(&mut self, torque: [f64; 3]) {
        self.torque.push_auto(torque);
    }

    /// The coefficients so far: `temperature` of the held segment [ε_LJ/k_B] (for ζ_r and
    /// D_r), `free_temperature` [ε_LJ/k_B] and `viscosity` η [ε_LJ·τ/σ³] with the hydrodynamic
    /// `radius` a [σ] for Stokes–Einstein–Debye. Caveats go to `notes`.
    pub fn report(
        &self,
        temperature: f64,
        free_temperature: f64,
        viscosity: Option<Estimate>,
        radius: f64,
        notes: &mut Vec<String>,
    ) -> Rotation {
        let mut read = |name: &str, gk: &GreenKubo<3>| {
            if gk.n_samples() == 0 {
                return None;
            }
            let ri = gk.running_integral();
            let p = ri.plateau_noted(Cutoff::default(), name, notes)?;
            let c0 = *ri.isotropic_correlation.first()?;
            Some((p, c0))
        };
        let omega = read("d_rot_gamma", &self.omega);
        let torque = read("d_rot_theta", &self.torque);
        // ⅓∫⟨ω·ω⟩ is the isotropic (tr/3) integral.
        let d_rot_gamma = omega.as_ref().map(|(p, _)| p.value.isotropic);
        // ζ_r = β·tr∫⟨δTδT⟩/3.
        let zeta_rot = torque
            .as_ref()
            .map(|(p, _)| p.value.isotropic.scale(1.0 / temperature));
        let d_rot_theta = zeta_rot.map(|z| diffusion_from_friction(z, temperature));
        let torque_time = torque
            .as_ref()
            .and_then(|(p, c0)| (c0.mean > 0.0).then(|| p.value.isotropic.ratio(*c0)));
        let inertia = self.moments.iter().sum::<f64>() / 3.0;
        let inertia_time = zeta_rot.map(|z| z.recip().scale(inertia));
        let time_scale_separation = inertia_time.zip(torque_time).map(|(a, b)| a.ratio(b));
        let run = self.axes.running_integral();
        let (orientation_times, orientation_correlation) = run
            .times
            .iter()
            .zip(&run.isotropic_correlation)
            .take_while(|(_, c)| c.sem.is_finite())
            // tr C/9 over the nine components is a third of the axes' mean ⟨u(0)·u(t)⟩.
            .map(|(t, c)| (*t, c.scale(3.0)))
            .unzip();
        Rotation {
            d_rot_gamma,
            d_rot_theta,
            report: RotationReport {
                moments: self.moments,
                zeta_rot,
                torque_time,
                inertia_time,
                time_scale_separation,
                stokes_einstein_debye: viscosity
                    .map(|eta| stokes_einstein_debye(free_temperature, eta, radius)),
                gamma_cutoff_time: omega.map(|(p, _)| p.cutoff_time),
                theta_cutoff_time: torque.map(|(p, _)| p.cutoff_time),
                orientation_times,
                orientation_correlation,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::OrnsteinUhlenbeck;

    /// An Ornstein–Uhlenbeck angular velocity with ⟨ω_a²⟩ = k_BT/I and correlation time τ_ω
    /// gives D_r = k_BT τ_ω/I exactly; an OU torque with ⟨δT_a²⟩ = s² and time τ_T gives
    /// ζ_r = β s² τ_T and D_r = k_BT/ζ_r. Both are read by the Green–Kubo machinery within
    /// their block errors, and the orientation correlation of axes that do not turn is 1.
    #[test]
    fn ornstein_uhlenbeck_signals_give_their_exact_rotational_diffusion() {
        let (dt, kt, moment) = (0.01, 1.5, 4.0);
        let mut rot = RotationObservables::new([moment; 3], dt, 1 << 13, 1 << 13);
        let mut omega = OrnsteinUhlenbeck::<3>::new((kt / moment).sqrt(), 0.5, dt, 7);
        let mut torque = OrnsteinUhlenbeck::<3>::new(3.0, 0.05, dt, 8);
        let axes = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        for _ in 0..1 << 18 {
            rot.push_free(omega.step(), axes);
            rot.push_held(torque.step());
        }
        let mut notes = Vec::new();
        let r = rot.report(kt, kt, Some(Estimate::new(2.0, 0.1)), 1.5, &mut notes);
        let (dg, dt_) = (r.d_rot_gamma.unwrap(), r.d_rot_theta.unwrap());
        // 32 blocks: 4 standard errors.
        let want_gamma = kt * 0.5 / moment;
        let want_theta = kt / (9.0 * 0.05 / kt);
        assert!(
            dg.z_score(want_gamma) < 4.0,
            "D_r(ω) = {dg}, want {want_gamma}"
        );
        assert!(
            dt_.z_score(want_theta) < 4.0,
            "D_r(T) = {dt_}, want {want_theta}"
        );
        let tt = r.report.torque_time.unwrap();
        assert!(tt.z_score(0.05) < 4.0, "τ_T = {tt}");
        let sed = r.report.stokes_einstein_debye.unwrap().mean;
        assert!((sed - kt / (8.0 * std::f64::consts::PI * 2.0 * 1.5f64.powi(3))).abs() < 1e-12);
        assert!(r.report.orientation_correlation.len() > 16);
        for c in &r.report.orientation_correlation {
            assert!((c.mean - 1.0).abs() < 1e-12, "{c}");
        }
    }
}
