//! `Report`: what a measurement found, in the JSON layout that `multiscope solve --coefficients`
//! reads, and the CSV files of every correlation function and running integral.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::particle::{ParticleCurves, ParticleReport};
use crate::analysis::{
    Estimate, ParticleCurve, RunningIntegral, TensorRows, running_integral, scatter_sem,
};
use crate::md::AnyThermostat;

/// Which Green–Kubo integral a plateau was read from (lower case in JSON: `"gamma"`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlateauId {
    /// γ, the free particle's momentum autocorrelation integral.
    Gamma,
    /// θ, the held particle's force autocorrelation integral.
    Theta,
    /// η, the shear viscosity's stress autocorrelation integral.
    Viscosity,
}

impl std::fmt::Display for PlateauId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PlateauId::Gamma => "gamma",
            PlateauId::Theta => "theta",
            PlateauId::Viscosity => "viscosity",
        })
    }
}

/// Where a Green–Kubo integral was read.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlateauInfo {
    /// Cut-off time t_c of the running integral [τ].
    pub cutoff_time: f64,
    /// Whether the automatic cut-off found the decay inside the lags that have error bars.
    pub converged: bool,
    /// Independent blocks behind the error bar.
    pub blocks: u64,
}

/// Host self-diffusion D [σ²/τ] by two routes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostDiffusion {
    /// From the slope of the mean-squared displacement, MSD = 6Dt + c [σ²/τ].
    pub msd: Estimate,
    /// From the Green–Kubo integral of the velocity autocorrelation, D = ⅓∫₀^{t_c} Z [σ²/τ].
    pub green_kubo: Estimate,
    /// Fit window of the MSD [τ].
    pub msd_window: [f64; 2],
    /// Cut-off of the VACF integral [τ].
    pub vacf_cutoff: f64,
}

/// Stokes–Einstein diffusion of the nanoparticle, D = k_BT/(cπηa) [σ²/τ].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StokesEinstein {
    /// Perfect slip, c = 4 [σ²/τ].
    pub slip: Estimate,
    /// No slip, c = 6 [σ²/τ].
    pub stick: Estimate,
    /// Hydrodynamic radius a: the nanoparticle's outer atom radius + 0.5σ (half a host atom's
    /// diameter: the surface the host atoms touch) [σ].
    pub radius: f64,
}

/// The thermal force profile f^th(x) from constrained windows along x.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThermalForce {
    /// Always `"x"`.
    pub axis: String,
    /// Window positions: the (unwrapped) centre of mass R_x [σ].
    pub positions: Vec<f64>,
    /// f^th_x(R) [ε_LJ/σ] with Flyvbjerg–Petersen standard errors.
    pub values: Vec<Estimate>,
    /// Potential of mean force A(R) = −∫ f^th dR [ε_LJ], zero at the first window.
    pub potential_of_mean_force: Vec<Estimate>,
    /// The external field's own force −∂U/∂R_x at each window [ε_LJ/σ] (for comparison).
    pub field_force: Vec<f64>,
    /// Mean of the transverse components (F_y, F_z) over all windows [ε_LJ/σ] (zero by symmetry
    /// for fields along x).
    pub transverse: [Estimate; 2],
    /// Steps sampled per window.
    pub steps_per_window: u64,
}

/// Kirkwood's plateau problem, measured: the running integral of the FREE particle's force
/// autocorrelation, at its short-time maximum and at the end of the lags with error bars.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreeForce {
    /// Isotropic ⅓ tr ∫₀^t ⟨δF δF⟩ at the automatic cut-off (the short-time peak) [ε_LJ²τ/σ²].
    pub peak: Estimate,
    /// Time of the peak [τ].
    pub peak_time: f64,
    /// The same integral at the longest lag with an error bar: it decays toward zero [ε_LJ²τ/σ²].
    pub late: Estimate,
    /// That lag [τ].
    pub late_time: f64,
}

/// Everything `multiscope measure` reports. Units: reduced LJ (σ, τ, m̂, ε_LJ, k_B = 1).
/// Fields that a scene cannot provide (no nanoparticle, no windows, a run too short) are `null`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The scene's description.
    pub scene: String,
    /// The seed used.
    pub seed: u64,
    /// Mass ratio ε = m̂/m [dimensionless] (1 without a nanoparticle).
    pub epsilon: f64,
    /// Nanoparticle mass m [m̂] (0 without a nanoparticle).
    pub mass: f64,
    /// β = 1/(k_BT) with T the scene's temperature [1/ε_LJ].
    pub beta: f64,
    /// The scene's (thermostat target) temperature T [ε_LJ/k_B].
    pub temperature: f64,
    /// Box edge L [σ].
    pub box_length: f64,
    /// The external field on the nanoparticle's centre of mass.
    #[serde(default)]
    pub field: crate::field::ExternalField,
    /// Hydrodynamic radius a: the nanoparticle's outer atom radius + 0.5σ [σ] (0 without one).
    #[serde(default)]
    pub hydrodynamic_radius: f64,
    /// Mean temperature measured in the free segment [ε_LJ/k_B]; used with η.
    pub measured_temperature: Estimate,
    /// Mean temperature measured in the constrained segment [ε_LJ/k_B]; used with ζ and D_θ.
    pub measured_temperature_constrained: Option<Estimate>,
    /// Time step Δt [τ].
    pub time_step: f64,
    /// Production dynamics of every segment (NVE, or which thermostat and whether it is weak).
    pub dynamics: String,
    /// Steps of the free segment.
    pub free_steps: u64,
    /// Steps of the constrained (θ) segment.
    pub constrained_steps: u64,
    /// γ_ab = ∫₀^{t_c} ⟨P_a(0) P_b(s)⟩ ds of the free particle [m̂²σ²/τ].
    pub gamma: Option<TensorRows>,
    /// D_γ = tr γ/(3m²) [σ²/τ] (docs/physics.md's tensor correction of the paper's γ/m²).
    pub d_gamma: Option<Estimate>,
    /// θ_ab = ε⁻¹ ∫₀^{t_c} ⟨δF_a(0) δF_b(s)⟩ ds of the constrained particle [ε_LJ²τ/σ²].
    pub theta: Option<TensorRows>,
    /// Friction ζ_ab = βεθ_ab = β∫⟨δF_a δF_b⟩ [m̂/τ].
    pub zeta: Option<TensorRows>,
    /// Isotropic friction tr ζ/3 [m̂/τ] with its standard error.
    pub zeta_isotropic: Option<Estimate>,
    /// D_θ = k_BT/(tr ζ/3) = 3k_BT/tr ζ [σ²/τ] (the isotropic Einstein diffusion).
    pub d_theta: Option<Estimate>,
    /// τ_F = ∫⟨δF·δF⟩/⟨δF·δF⟩(0) of the held particle, read at θ's cut-off [τ]: the force's
    /// memory time. The Markovian (Kramers) description needs τ_P = m/ζ ≫ τ_F.
    pub force_time: Option<Estimate>,
    /// D_γ / D_θ (1 in the Brownian limit of an infinite system).
    pub einstein_ratio: Option<Estimate>,
    /// (M_host/M_total)²: the value of D_γ/D_θ expected in a finite system whose total momentum is
    /// zero (the particle's displacement is that of the relative coordinate scaled by
    /// M_host/M_total, while the held particle measures the friction of the relative motion).
    pub momentum_conservation_factor: Option<f64>,
    /// Kirkwood's plateau problem: the free particle's force integral.
    pub free_force: Option<FreeForce>,
    /// Host self-diffusion (host atoms only).
    pub host_self_diffusion: Option<HostDiffusion>,
    /// Shear viscosity η = (V/k_BT) ∫⟨P_xy(0) P_xy(t)⟩ dt [ε_LJ τ/σ³], from the five traceless
    /// pressure-tensor components.
    pub viscosity: Option<Estimate>,
    /// Yeh–Hummer infinite-box nanoparticle diffusion D_γ + ξk_BT/(6πηL) [σ²/τ].
    pub d_yeh_hummer: Option<Estimate>,
    /// The same correction applied to D_MSD [σ²/τ].
    pub d_msd_yeh_hummer: Option<Estimate>,
    /// Stokes–Einstein predictions for the nanoparticle.
    pub stokes_einstein: Option<StokesEinstein>,
    /// f^th along x.
    pub f_th: Option<ThermalForce>,
    /// What the free nanoparticle did (MSD, histograms, trap correlation, transitions), for
    /// comparison with the coarse-grained predictions.
    pub particle: Option<ParticleReport>,
    /// Rotational diffusion D_r = ⅓∫⟨ω(0)·ω(t)⟩dt of the free rigid nanoparticle (space-frame
    /// angular velocity) [1/τ]; absent unless the nanoparticle is a rigid body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d_rot_gamma: Option<Estimate>,
    /// Rotational diffusion D_r = k_BT/ζ_r of the held rigid nanoparticle, ζ_r =
    /// β∫⟨δT(0)·δT(t)⟩dt/3 from the torque about its centre of mass [1/τ]; absent unless the
    /// nanoparticle is a rigid body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d_rot_theta: Option<Estimate>,
    /// The rest of the rigid nanoparticle's rotation (ζ_r, time scales, Stokes–Einstein–Debye,
    /// the orientation correlation); absent unless it is a rigid body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<super::RotationReport>,
    /// Cut-offs of the Green–Kubo integrals (`gamma`, `theta`, `viscosity`).
    pub plateaus: Vec<(PlateauId, PlateauInfo)>,
    /// Caveats found while measuring (unconverged integrals, short runs).
    pub notes: Vec<String>,
}

impl Report {
    /// Where the Green–Kubo integral `id` was read, if it was.
    pub fn plateau(&self, id: PlateauId) -> Option<PlateauInfo> {
        self.plateaus.iter().find(|p| p.0 == id).map(|p| p.1)
    }
}

/// The production dynamics in words, as [`Report::dynamics`] gives them.
pub fn describe_dynamics(t: Option<&AnyThermostat>) -> String {
    match t {
        None => "NVE (no thermostat in production)".into(),
        Some(AnyThermostat::Bussi(b)) => format!(
            "Bussi thermostat, τ_T = {} τ ({})",
            b.tau,
            if b.tau >= 1.0 {
                "weak: correlation functions barely perturbed"
            } else {
                "strong: it may change the correlation functions it measures"
            }
        ),
        Some(AnyThermostat::Langevin(l)) => format!(
            "Langevin thermostat, friction {} /τ (it adds friction to every atom; prefer NVE or \
             a weak Bussi thermostat for transport coefficients)",
            l.friction
        ),
    }
}

/// Wall-clock cost of the measurement next to the MD it rides on (not part of [`Report`], so that
/// reports are reproducible).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    /// Steps of the free segment.
    pub steps: u64,
    /// Seconds in `Simulation::step` (including energy/virial evaluations on sampled steps) [s].
    pub md_seconds: f64,
    /// Seconds in the nanoparticle's correlators (P, F) and temperature bookkeeping [s].
    pub nanoparticle_seconds: f64,
    /// Seconds in `thermo()` + the stress correlator [s].
    pub stress_seconds: f64,
    /// Seconds in gathering host frames + the host VACF and MSD [s].
    pub host_seconds: f64,
}

impl Cost {
    /// Cost per MD step of each part as a fraction of the MD itself.
    pub fn fractions(&self) -> [f64; 3] {
        [
            self.nanoparticle_seconds / self.md_seconds,
            self.stress_seconds / self.md_seconds,
            self.host_seconds / self.md_seconds,
        ]
    }
}

/// Curves behind a report, for CSV output.
#[derive(Clone, Debug)]
pub struct Curves {
    /// Momentum autocorrelation and its running integral (γ) [m̂²σ²/τ², m̂²σ²/τ].
    pub gamma: Option<RunningIntegral<3>>,
    /// Free-particle force autocorrelation (Kirkwood) [ε_LJ²/σ², ε_LJ²τ/σ²].
    pub free_force: Option<RunningIntegral<3>>,
    /// Constrained-particle force covariance (θ, ζ) [ε_LJ²/σ², ε_LJ²τ/σ²].
    pub constrained_force: Option<RunningIntegral<3>>,
    /// Traceless stress autocorrelation (η) [ε_LJ²/σ⁶, ε_LJ²τ/σ⁶].
    pub stress: Option<RunningIntegral<5>>,
    /// Host velocity autocorrelation Z(t) [σ²/τ²].
    pub vacf: Option<ParticleCurve>,
    /// Host mean-squared displacement [σ²].
    pub msd: Option<ParticleCurve>,
    /// The free nanoparticle's own curves (MSD of R, histograms, trap correlation).
    pub particle: Option<ParticleCurves>,
}

fn output_error(path: &Path, e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("{}: {e}", path.display()))
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path).map_err(|e| output_error(path, e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| output_error(path, e))
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// CSV of a Green–Kubo running integral: lag, isotropic C and ∫C with errors, then every
/// component `C_ab`, its error, `I_ab`, its error.
fn running_integral_csv<const D: usize>(ri: &RunningIntegral<D>, header: &str) -> String {
    let mut s = format!("# {header}\nt,C,C_sem,I,I_sem");
    for a in 0..D {
        for b in 0..D {
            s += &format!(",C_{a}{b},C_{a}{b}_sem,I_{a}{b},I_{a}{b}_sem");
        }
    }
    s.push('\n');
    for i in 0..ri.times.len() {
        let c = ri.isotropic_correlation[i];
        let t = ri.isotropic_integral[i];
        s += &format!(
            "{},{},{},{},{}",
            ri.times[i],
            num(c.mean),
            num(c.sem),
            num(t.mean),
            num(t.sem)
        );
        for a in 0..D {
            for b in 0..D {
                s += &format!(
                    ",{},{},{},{}",
                    num(ri.correlation[i][(a, b)]),
                    num(ri.correlation_sem[i][(a, b)]),
                    num(ri.integral[i][(a, b)]),
                    num(ri.integral_sem[i][(a, b)])
                );
            }
        }
        s.push('\n');
    }
    s
}

/// Mean and scatter error over groups at each lag.
fn curve_with_errors(c: &ParticleCurve) -> (Vec<f64>, Vec<f64>) {
    let g = c.groups.len() as f64;
    let sem = (0..c.lag_times.len())
        .map(|i| {
            if c.groups.len() < 2 {
                return f64::NAN;
            }
            let m = c.groups.iter().map(|v| v[i]).sum::<f64>() / g;
            let var = c.groups.iter().map(|v| (v[i] - m).powi(2)).sum::<f64>() / (g - 1.0);
            (var / g).sqrt()
        })
        .collect();
    (c.mean.clone(), sem)
}

impl Report {
    /// Writes `f_th.csv` and one CSV per curve into `dir` (created if needed); returns the files.
    pub fn write_csv(&self, curves: &Curves, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| output_error(dir, e))?;
        let mut written = Vec::new();
        let mut put = |name: &str, text: String| -> std::io::Result<()> {
            let path = dir.join(name);
            write_file(&path, &text)?;
            written.push(path);
            Ok(())
        };
        if let Some(ri) = &curves.gamma {
            put(
                "gamma_momentum.csv",
                running_integral_csv(
                    ri,
                    "free nanoparticle: C = <P_a(0)P_b(t)> [m̂²σ²/τ²], I = ∫C = γ [m̂²σ²/τ]; t [τ]",
                ),
            )?;
        }
        if let Some(ri) = &curves.free_force {
            put(
                "free_force.csv",
                running_integral_csv(
                    ri,
                    "FREE nanoparticle (Kirkwood's plateau problem): C = <δF_a(0)δF_b(t)> [ε²/σ²], I = ∫C [ε²τ/σ²]; t [τ]",
                ),
            )?;
        }
        if let Some(ri) = &curves.constrained_force {
            put(
                "theta_force.csv",
                running_integral_csv(
                    ri,
                    "constrained nanoparticle: C = <δF_a(0)δF_b(t)> [ε²/σ²], I = ∫C = εθ = k_BT ζ [ε²τ/σ²]; t [τ]",
                ),
            )?;
        }
        if let Some(ri) = &curves.stress {
            put(
                "stress.csv",
                running_integral_csv(
                    ri,
                    "traceless stress (xy, xz, yz, (xx-yy)/2, (yy-zz)/2): C [ε²/σ⁶], I [ε²τ/σ⁶]; η = V/(k_BT)·I; t [τ]",
                ),
            )?;
        }
        if let Some(c) = &curves.vacf {
            let (z, sem) = curve_with_errors(c);
            let d: Vec<f64> = running_integral(&c.lag_times, &z)
                .iter()
                .map(|x| x / 3.0)
                .collect();
            let group_d: Vec<Vec<f64>> = c
                .groups
                .iter()
                .map(|g| running_integral(&c.lag_times, g))
                .collect();
            let mut s = String::from(
                "# host velocity autocorrelation Z(t) = <v(0)·v(t)> [σ²/τ²] and D(t) = ⅓∫Z [σ²/τ]; t [τ]\nt,Z,Z_sem,D,D_sem\n",
            );
            for i in 0..c.lag_times.len() {
                let per: Vec<f64> = group_d.iter().map(|g| g[i] / 3.0).collect();
                let dsem = scatter_sem(&per);
                s += &format!(
                    "{},{},{},{},{}\n",
                    c.lag_times[i],
                    num(z[i]),
                    num(sem[i]),
                    num(d[i]),
                    num(dsem)
                );
            }
            put("vacf.csv", s)?;
        }
        if let Some(c) = &curves.msd {
            let (m, sem) = curve_with_errors(c);
            let mut s =
                String::from("# host mean-squared displacement [σ²]; t [τ]\nt,msd,msd_sem\n");
            for i in 0..c.lag_times.len() {
                s += &format!("{},{},{}\n", c.lag_times[i], num(m[i]), num(sem[i]));
            }
            put("msd.csv", s)?;
        }
        if let Some(f) = &self.f_th {
            let mut s = String::from(
                "# thermal force f^th_x [ε/σ] and potential of mean force A [ε] of the held nanoparticle; field_force = -dU/dx of the external field\nx,f_th,f_th_sem,A,A_sem,field_force\n",
            );
            for i in 0..f.positions.len() {
                s += &format!(
                    "{},{},{},{},{},{}\n",
                    f.positions[i],
                    num(f.values[i].mean),
                    num(f.values[i].sem),
                    num(f.potential_of_mean_force[i].mean),
                    num(f.potential_of_mean_force[i].sem),
                    f.field_force[i]
                );
            }
            put("f_th.csv", s)?;
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::describe_dynamics;

    #[test]
    fn dynamics_without_a_thermostat_is_nve() {
        assert!(describe_dynamics(None).starts_with("NVE"));
    }
}
