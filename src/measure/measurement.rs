//! `Measurement`: the live accumulators of one measurement, fed one sample at a time.

use serde::{Deserialize, Serialize};

use crate::analysis::{
    BlockAverage, Cutoff, Estimate, GreenKubo, MeanForceProfile, MeanSquaredDisplacement,
    MultipleTauParams, Plateau, RunningIntegral, StokesBoundary, TensorRows,
    VelocityAutocorrelation, green_kubo_viscosity, stokes_einstein, traceless_stress_components,
    yeh_hummer_correction,
};
use crate::analysis::{
    diffusion_from_friction, diffusion_from_momentum, einstein_ratio, friction_from_force,
};
use crate::field::ExternalField;
use crate::md::{OrderParameters, Simulation, Thermo};
use crate::scene::Scene;

use super::particle::{ParticleObservables, free_axes};
use super::report::{
    Curves, FreeForce, HostDiffusion, PlateauId, PlateauInfo, Report, StokesEinstein, ThermalForce,
};
use super::rotation::RotationObservables;

/// Particle groups of the host VACF and MSD (their scatter gives the error bars).
pub const HOST_GROUPS: usize = 16;

/// Which dynamics a sample comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Segment {
    /// The free nanoparticle (γ, Kirkwood's free force, host transport, stress).
    Free,
    /// The nanoparticle held at a fixed R (θ, ζ).
    Constrained,
    /// The nanoparticle held at window `k` of the f^th profile.
    Window(usize),
}

/// One frame of the host atoms.
#[derive(Clone, Copy, Debug)]
pub struct HostFrame<'a> {
    /// Unwrapped positions of the host atoms [σ].
    pub positions: &'a [[f64; 3]],
    /// Velocities of the host atoms [σ/τ].
    pub velocities: &'a [[f64; 3]],
}

/// Samples fed to the correlators of a [`Measurement`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleCounts {
    /// Free-segment samples of (P, F).
    pub free: u64,
    /// Constrained-segment samples of F.
    pub constrained: u64,
    /// Pressure-tensor samples (η).
    pub stress: u64,
}

/// What is measured and how often; also the constants the report needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurementSetup {
    /// The scene's description.
    pub scene: String,
    /// The seed.
    pub seed: u64,
    /// Time step Δt [τ].
    pub time_step: f64,
    /// Interval between nanoparticle (P, F) and stress samples [τ].
    pub sample_dt: f64,
    /// Interval between host frames [τ].
    pub host_dt: f64,
    /// Samples per Green–Kubo error block in the free segment.
    pub block_len: u64,
    /// Samples per Green–Kubo error block in the constrained segment.
    pub constrained_block_len: u64,
    /// Samples per error block of the nanoparticle's MSD (longer than a Green–Kubo block: its
    /// lags must reach well into the diffusive regime, t ≫ τ_P).
    pub msd_block_len: u64,
    /// Whether there is a nanoparticle (γ, θ, f^th).
    pub nanoparticle: bool,
    /// Nanoparticle mass m [m̂] (0 without one).
    pub mass: f64,
    /// ε = m̂/m (1 without a nanoparticle).
    pub epsilon: f64,
    /// Total mass of the host atoms [m̂].
    pub host_mass: f64,
    /// Host atoms measured (0: no host transport).
    pub host_atoms: usize,
    /// Whether the shear viscosity is measured (samples must then come from steps with energies).
    pub stress: bool,
    /// The scene's temperature T [ε_LJ/k_B].
    pub temperature: f64,
    /// Box edge L [σ].
    pub box_length: f64,
    /// Hydrodynamic radius for Stokes–Einstein [σ].
    pub hydrodynamic_radius: f64,
    /// The external field (for the f^th comparison).
    pub field: ExternalField,
    /// f^th window centres R [σ] (x increasing); empty for no profile.
    pub windows: Vec<[f64; 3]>,
    /// Steps sampled per window.
    pub window_steps: u64,
    /// Steps of the free and constrained segments.
    pub segment_steps: [u64; 2],
    /// Cut-off of the VACF integral [τ].
    pub vacf_cutoff: f64,
    /// MSD fit window [τ].
    pub msd_window: [f64; 2],
    /// Production dynamics, in words.
    pub dynamics: String,
    /// Where the Green–Kubo integrals are read.
    pub cutoffs: Cutoffs,
    /// Principal moments I₁ ≤ I₂ ≤ I₃ of a rigid nanoparticle that turns about all three axes
    /// [m̂σ²]; `None` otherwise (no rotation is measured).
    #[serde(default)]
    pub moments: Option<[f64; 3]>,
}

impl MeasurementSetup {
    /// The setup of a measurement of `sim` (built from `scene`) with (P, F, stress) samples every
    /// `sample_dt` [τ] and Green–Kubo error blocks of `block_len` samples in both segments. It
    /// measures γ, the free force, θ and (with `stress`) η; no host transport, no f^th windows
    /// and open-ended segments: the live app's measurement, and the base that
    /// [`super::measure`] extends.
    pub fn for_simulation(
        scene: &Scene,
        sim: &Simulation,
        sample_dt: f64,
        block_len: u64,
        stress: bool,
    ) -> Self {
        let n_star = sim.system.n_star;
        let np = n_star > 0;
        Self {
            scene: scene.description.clone(),
            seed: scene.seed,
            time_step: sim.integrator.dt,
            sample_dt,
            host_dt: sample_dt,
            block_len,
            constrained_block_len: block_len,
            msd_block_len: 2 * block_len,
            nanoparticle: np,
            mass: if np {
                sim.system.nanoparticle_mass()
            } else {
                0.0
            },
            epsilon: sim.system.epsilon().unwrap_or(1.0),
            host_mass: sim.system.masses[n_star..].iter().sum(),
            host_atoms: 0,
            stress,
            temperature: scene.temperature,
            box_length: sim.system.periodic_box.length(),
            hydrodynamic_radius: scene.hydrodynamic_radius(),
            field: scene.field,
            windows: Vec::new(),
            window_steps: 0,
            segment_steps: [0, 0],
            vacf_cutoff: 0.0,
            msd_window: [0.0, 0.0],
            dynamics: super::report::describe_dynamics(sim.thermostat.as_ref()),
            cutoffs: Cutoffs::default(),
            moments: sim
                .rigid_body()
                .filter(|b| b.rotational_degrees_of_freedom() == 3)
                .map(|b| b.moments),
        }
    }
}

/// Cut-offs of the three Green–Kubo integrals (default: automatic, see [`Cutoff`]).
///
/// The automatic rule stops where the correlation first falls into its noise. The held
/// particle's force correlation in a dense host can dip and rise again (a second, slower
/// contribution), so its integral may keep changing after the automatic cut-off: inspect
/// `theta_force.csv` and give an explicit time where it does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cutoffs {
    /// For γ (momentum autocorrelation).
    pub gamma: Cutoff,
    /// For θ (held particle's force covariance).
    pub theta: Cutoff,
    /// For η (stress autocorrelation).
    pub viscosity: Cutoff,
}

/// The live accumulators of γ, the free force, θ, the stress, the host VACF and MSD and f^th.
///
/// Feed it with [`Measurement::push_sample`] (or the per-part `push_*` methods) at the intervals
/// of its [`MeasurementSetup`]; [`Measurement::report`] can be called at any time (it is cheap:
/// O(lags) per correlator), e.g. every frame of a GUI.
#[derive(Clone, Debug)]
pub struct Measurement {
    setup: MeasurementSetup,
    gamma: Option<GreenKubo<3>>,
    free_force: Option<GreenKubo<3>>,
    constrained_force: Option<GreenKubo<3>>,
    stress: Option<GreenKubo<5>>,
    vacf: Option<VelocityAutocorrelation>,
    msd: Option<MeanSquaredDisplacement>,
    profile: Option<MeanForceProfile>,
    particle: Option<ParticleObservables>,
    rotation: Option<RotationObservables>,
    transverse: [BlockAverage; 2],
    temperature_free: BlockAverage,
    temperature_constrained: BlockAverage,
    extra_notes: Vec<String>,
}

/// Layout of the host correlators: 12 levels reach `15·2^11 ≈ 3·10^4` frames.
fn host_params() -> MultipleTauParams {
    MultipleTauParams {
        levels: 12,
        ..MultipleTauParams::default()
    }
}

impl Measurement {
    /// Empty accumulators for `setup`.
    pub fn new(setup: MeasurementSetup) -> Self {
        let p = MultipleTauParams::default();
        let np = setup.nanoparticle;
        let gk =
            |block: u64, mean: bool| GreenKubo::<3>::new(setup.sample_dt, block.max(2), p, mean);
        let host = setup.host_atoms > 0;
        let groups = HOST_GROUPS.min(setup.host_atoms.max(1));
        let mut m = Self {
            gamma: np.then(|| gk(setup.block_len, false)),
            free_force: np.then(|| gk(setup.block_len, true)),
            constrained_force: np.then(|| gk(setup.constrained_block_len, true)),
            stress: None,
            vacf: host.then(|| {
                VelocityAutocorrelation::new(setup.host_atoms, groups, setup.host_dt, host_params())
            }),
            msd: host.then(|| {
                MeanSquaredDisplacement::new(setup.host_atoms, groups, setup.host_dt, host_params())
            }),
            particle: np.then(|| {
                ParticleObservables::new(
                    setup.field,
                    setup.box_length,
                    setup.mass,
                    setup.temperature,
                    setup.sample_dt,
                    setup.block_len,
                    setup.msd_block_len,
                )
            }),
            rotation: setup.moments.map(|i| {
                RotationObservables::new(
                    i,
                    setup.sample_dt,
                    setup.block_len,
                    setup.constrained_block_len,
                )
            }),
            profile: (np && !setup.windows.is_empty())
                .then(|| MeanForceProfile::new(setup.windows.iter().map(|w| w[0]).collect())),
            transverse: [BlockAverage::new(), BlockAverage::new()],
            temperature_free: BlockAverage::new(),
            temperature_constrained: BlockAverage::new(),
            extra_notes: Vec::new(),
            setup,
        };
        m.set_stress(m.setup.stress);
        m
    }

    /// The setup.
    pub fn setup(&self) -> &MeasurementSetup {
        &self.setup
    }

    /// Adds one sample. `thermo` must come from a step taken with `energies = true` when the
    /// stress is measured (it carries the pressure tensor); `host` is used only in the free
    /// segment and only at the host interval.
    pub fn push_sample(
        &mut self,
        segment: Segment,
        op: &OrderParameters,
        thermo: Option<&Thermo>,
        host: Option<HostFrame<'_>>,
    ) {
        match segment {
            Segment::Free => {
                self.push_free(op);
                if let Some(th) = thermo {
                    self.push_thermo(th);
                }
                if let Some(h) = host {
                    self.push_host(h);
                }
            }
            Segment::Constrained => self.push_constrained(op, thermo.map(|t| t.temperature)),
            Segment::Window(k) => self.push_window(k, op),
        }
    }

    /// Free segment: the nanoparticle's momentum P [m̂σ/τ] and force F [ε_LJ/σ].
    pub fn push_free(&mut self, op: &OrderParameters) {
        if let Some(g) = self.gamma.as_mut() {
            g.push_auto(op.p);
        }
        if let Some(f) = self.free_force.as_mut() {
            f.push_auto(op.f);
        }
        if let Some(o) = self.particle.as_mut() {
            o.push(op);
        }
    }

    /// Free segment, a rigid nanoparticle: its angular velocity ω [1/τ] and principal axes
    /// `axes[k]` = u_k (space frame). Ignored unless the setup has [`MeasurementSetup::moments`].
    pub fn push_free_rotation(&mut self, omega: [f64; 3], axes: [[f64; 3]; 3]) {
        if let Some(r) = self.rotation.as_mut() {
            r.push_free(omega, axes);
        }
    }

    /// Held segment, a rigid nanoparticle: the torque about its centre of mass T [ε_LJ]
    /// (space frame). Ignored unless the setup has [`MeasurementSetup::moments`].
    pub fn push_held_torque(&mut self, torque: [f64; 3]) {
        if let Some(r) = self.rotation.as_mut() {
            r.push_held(torque);
        }
    }

    /// Records that the free segment ran `steps` steps (when it went on past its plan).
    pub fn set_free_steps(&mut self, steps: u64) {
        self.setup.segment_steps[0] = steps;
    }

    /// Adds a caveat to the report's notes.
    pub fn note(&mut self, text: String) {
        self.extra_notes.push(text);
    }

    /// Committed transitions of the free particle between the wells of a double well so far.
    pub fn transitions(&self) -> u64 {
        self.particle.as_ref().map_or(0, |p| p.transitions())
    }

    /// Free segment: temperature and (if measured) the pressure tensor.
    pub fn push_thermo(&mut self, thermo: &Thermo) {
        self.temperature_free.push(thermo.temperature);
        self.push_stress(thermo);
    }

    /// The pressure tensor [ε_LJ/σ³] for the shear viscosity (if measured), from either segment:
    /// the host's stress does not care whether the particle is held. `thermo` must come from a
    /// step taken with `energies = true`.
    pub fn push_stress(&mut self, thermo: &Thermo) {
        if let Some(s) = self.stress.as_mut() {
            let p = &thermo.pressure_tensor;
            let m = [[p[0], p[3], p[4]], [p[3], p[1], p[5]], [p[4], p[5], p[2]]];
            s.push_auto(traceless_stress_components(&m));
        }
    }

    /// Starts (`true`) or stops measuring the shear viscosity; its correlator restarts either way.
    pub fn set_stress(&mut self, on: bool) {
        self.setup.stress = on;
        self.stress = on.then(|| self.stress_correlator());
    }

    fn stress_correlator(&self) -> GreenKubo<5> {
        // Off-diagonal and traceless stresses have zero mean in a fluid: no mean subtraction,
        // so each block's estimate is unbiased.
        GreenKubo::<5>::new(
            self.setup.sample_dt,
            self.setup.block_len.max(2),
            MultipleTauParams::default(),
            false,
        )
    }

    /// Samples fed so far to each correlator.
    pub fn counts(&self) -> SampleCounts {
        let n = |g: &Option<GreenKubo<3>>| g.as_ref().map_or(0, |g| g.n_samples());
        SampleCounts {
            free: n(&self.gamma),
            constrained: n(&self.constrained_force),
            stress: self.stress.as_ref().map_or(0, |g| g.n_samples()),
        }
    }

    /// Free segment: one host frame.
    pub fn push_host(&mut self, host: HostFrame<'_>) {
        if let Some(v) = self.vacf.as_mut() {
            v.push(host.velocities);
        }
        if let Some(m) = self.msd.as_mut() {
            m.push(host.positions);
        }
    }

    /// Constrained segment: the held nanoparticle's force F [ε_LJ/σ] and the temperature.
    pub fn push_constrained(&mut self, op: &OrderParameters, temperature: Option<f64>) {
        if let Some(c) = self.constrained_force.as_mut() {
            c.push_auto(op.f);
        }
        if let Some(t) = temperature {
            self.temperature_constrained.push(t);
        }
    }

    /// Window `k`: the force F [ε_LJ/σ] on the nanoparticle held at `setup().windows[k]`.
    ///
    /// # Panics
    /// If `k` is not a window index (a programming error).
    pub fn push_window(&mut self, k: usize, op: &OrderParameters) {
        if let Some(p) = self.profile.as_mut() {
            p.push(k, op.f[0]);
            self.transverse[0].push(op.f[1]);
            self.transverse[1].push(op.f[2]);
        }
    }

    fn temperature_estimate(b: &BlockAverage, fallback: f64) -> Estimate {
        match b.result() {
            Some(r) => r.estimate,
            None if b.n_samples() > 0 => Estimate::new(b.mean(), f64::NAN),
            None => Estimate::new(fallback, f64::NAN),
        }
    }

    /// The report and its curves from the samples so far.
    pub fn report(&self) -> (Report, Curves) {
        let s = &self.setup;
        let mut notes = self.extra_notes.clone();
        let mut plateaus = Vec::new();
        let t_free = Self::temperature_estimate(&self.temperature_free, s.temperature);
        let t_held = (self.temperature_constrained.n_samples() > 0)
            .then(|| Self::temperature_estimate(&self.temperature_constrained, s.temperature));
        let mut read =
            |name: PlateauId, ri: &RunningIntegral<3>, cut: Cutoff| -> Option<Plateau<3>> {
                let p = ri.plateau_noted(cut, name, &mut notes)?;
                plateaus.push((
                    name,
                    PlateauInfo {
                        cutoff_time: p.cutoff_time,
                        converged: p.converged,
                        blocks: p.n_blocks,
                    },
                ));
                Some(p)
            };

        let gamma_ri = self.gamma.as_ref().map(|g| g.running_integral());
        let gamma = gamma_ri
            .as_ref()
            .and_then(|ri| read(PlateauId::Gamma, ri, s.cutoffs.gamma));
        // D_γ along the directions the particle diffuses in (all three without a field): in a
        // confining direction ∫⟨P_aP_a⟩ → 0, which says nothing about the friction.
        let axes = free_axes(&s.field);
        let d_gamma = gamma
            .as_ref()
            .and_then(|p| diffusion_from_momentum(&p.value, s.mass).diagonal_mean(axes));
        let axis_note = match (gamma.is_some(), axes.len()) {
            (false, _) | (_, 3) => None,
            (true, 0) => Some(
                "D_γ: in a harmonic trap the particle has no free direction (∫⟨PP⟩ → 0); the \
                 trap's position correlation tests the friction instead",
            ),
            (true, _) => Some(
                "D_γ and D_MSD from the directions across the field (y, z), where the particle \
                 diffuses freely",
            ),
        };

        let held_ri = self
            .constrained_force
            .as_ref()
            .filter(|c| c.n_samples() > 0)
            .map(|c| c.running_integral());
        let t_c = t_held.map_or(s.temperature, |t| t.mean);
        // The held particle gives its momentum to the finite host, so ∫⟨δFδF⟩ decays on
        // M_host/ζ: read ζ from the memory kernel's integral (see `finite_reservoir`).
        let kernel_ri = held_ri
            .as_ref()
            .map(|ri| ri.finite_reservoir(s.host_mass, t_c));
        let held = kernel_ri
            .as_ref()
            .and_then(|ri| read(PlateauId::Theta, ri, s.cutoffs.theta));
        let zeta = held
            .as_ref()
            .map(|p| friction_from_force(&p.value, 1.0 / t_c));
        let theta = held.as_ref().map(|p| p.value.scale(1.0 / s.epsilon));
        let d_theta = zeta
            .as_ref()
            .map(|z| diffusion_from_friction(z.isotropic, t_c));
        let ratio = match (d_gamma, d_theta) {
            (Some(g), Some(t)) => Some(einstein_ratio(g, t)),
            _ => None,
        };

        let free_ri = self.free_force.as_ref().map(|g| g.running_integral());
        let free_force = free_ri.as_ref().and_then(|ri| {
            let peak = ri.plateau(Cutoff::default())?;
            let last = ri
                .isotropic_integral
                .iter()
                .rposition(|e| e.sem.is_finite())?;
            Some(FreeForce {
                peak: peak.value.isotropic,
                peak_time: peak.cutoff_time,
                late: ri.isotropic_integral[last],
                late_time: ri.times[last],
            })
        });

        let stress_ri = self.stress.as_ref().map(|g| g.running_integral());
        let volume = s.box_length.powi(3);
        let viscosity = stress_ri.as_ref().and_then(|ri| {
            let p = ri.plateau(s.cutoffs.viscosity)?;
            if !p.value.isotropic.sem.is_finite() {
                return None;
            }
            plateaus.push((
                PlateauId::Viscosity,
                PlateauInfo {
                    cutoff_time: p.cutoff_time,
                    converged: p.converged,
                    blocks: p.n_blocks,
                },
            ));
            // The host's temperature: the free segment's, or the held one's if only that ran.
            let t = match t_held {
                Some(t) if self.temperature_free.n_samples() == 0 => t.mean,
                _ => t_free.mean,
            };
            Some(green_kubo_viscosity(&p, volume, t))
        });

        let host = match (&self.msd, &self.vacf) {
            (Some(m), Some(v)) => {
                match (
                    m.diffusion(s.msd_window[0], s.msd_window[1]),
                    v.diffusion(s.vacf_cutoff),
                ) {
                    (Some(msd), Some(gk)) => Some(HostDiffusion {
                        msd,
                        green_kubo: gk,
                        msd_window: s.msd_window,
                        vacf_cutoff: s.vacf_cutoff,
                    }),
                    _ => None,
                }
            }
            _ => None,
        };

        let d_yeh_hummer = match (d_gamma, viscosity) {
            (Some(d), Some(eta)) => Some(yeh_hummer_correction(d, t_free.mean, eta, s.box_length)),
            _ => None,
        };
        let se = match (s.nanoparticle, viscosity) {
            (true, Some(eta)) => Some(StokesEinstein {
                slip: stokes_einstein(
                    t_free.mean,
                    eta,
                    s.hydrodynamic_radius,
                    StokesBoundary::Slip,
                ),
                stick: stokes_einstein(
                    t_free.mean,
                    eta,
                    s.hydrodynamic_radius,
                    StokesBoundary::Stick,
                ),
                radius: s.hydrodynamic_radius,
            }),
            _ => None,
        };

        let f_th = self.profile.as_ref().and_then(|p| {
            if p.window(0).n_samples() == 0 {
                return None;
            }
            let est = |b: &BlockAverage| {
                b.result()
                    .map_or(Estimate::new(b.mean(), f64::NAN), |r| r.estimate)
            };
            Some(ThermalForce {
                axis: "x".into(),
                positions: p.positions().to_vec(),
                values: p.mean_force(),
                potential_of_mean_force: p.potential_of_mean_force(),
                field_force: s
                    .windows
                    .iter()
                    .map(|&r| s.field.energy_force(r).1[0])
                    .collect(),
                transverse: [est(&self.transverse[0]), est(&self.transverse[1])],
                steps_per_window: s.window_steps,
            })
        });

        let particle = self
            .particle
            .as_ref()
            .filter(|p| p.samples() > 1)
            .map(|p| p.report(zeta.as_ref().map(|z| z.isotropic.mean), gamma_ri.as_ref()));
        let (particle, particle_curves) = match particle {
            Some((r, c)) => (Some(r), Some(c)),
            None => (None, None),
        };
        let force_time = held.as_ref().zip(held_ri.as_ref()).and_then(|(p, ri)| {
            let c0 = *ri.isotropic_correlation.first()?;
            (c0.mean > 0.0).then(|| p.value.isotropic.ratio(c0))
        });
        let d_msd_yeh_hummer = particle
            .as_ref()
            .and_then(|p| p.msd_diffusion)
            .zip(viscosity)
            .map(|(d, eta)| yeh_hummer_correction(d.d, t_free.mean, eta, s.box_length));
        notes.extend(axis_note.map(String::from));
        let rotation = self.rotation.as_ref().map(|r| {
            r.report(
                t_c,
                t_free.mean,
                viscosity,
                s.hydrodynamic_radius,
                &mut notes,
            )
        });
        let total_mass = s.host_mass + s.mass;
        let report = Report {
            scene: s.scene.clone(),
            seed: s.seed,
            epsilon: s.epsilon,
            mass: s.mass,
            beta: 1.0 / s.temperature,
            temperature: s.temperature,
            box_length: s.box_length,
            field: s.field,
            hydrodynamic_radius: if s.nanoparticle {
                s.hydrodynamic_radius
            } else {
                0.0
            },
            measured_temperature: t_free,
            measured_temperature_constrained: t_held,
            time_step: s.time_step,
            dynamics: s.dynamics.clone(),
            free_steps: s.segment_steps[0],
            constrained_steps: s.segment_steps[1],
            gamma: gamma.as_ref().map(|p| TensorRows::from(&p.value)),
            d_gamma,
            theta: theta.as_ref().map(TensorRows::from),
            zeta: zeta.as_ref().map(TensorRows::from),
            zeta_isotropic: zeta.as_ref().map(|z| z.isotropic),
            d_theta,
            force_time,
            einstein_ratio: ratio,
            momentum_conservation_factor: s
                .nanoparticle
                .then(|| (s.host_mass / total_mass).powi(2)),
            free_force,
            host_self_diffusion: host,
            viscosity,
            d_yeh_hummer,
            d_msd_yeh_hummer,
            stokes_einstein: se,
            f_th,
            particle,
            d_rot_gamma: rotation.as_ref().and_then(|r| r.d_rot_gamma),
            d_rot_theta: rotation.as_ref().and_then(|r| r.d_rot_theta),
            rotation: rotation.map(|r| r.report),
            plateaus,
            notes,
        };
        let curves = Curves {
            gamma: gamma_ri,
            free_force: free_ri,
            constrained_force: held_ri,
            stress: stress_ri,
            vacf: self.vacf.as_ref().map(|v| v.curve()),
            msd: self.msd.as_ref().map(|m| m.curve()),
            particle: particle_curves,
        };
        (report, curves)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::OrnsteinUhlenbeck;

    fn setup(dt: f64, block_len: u64) -> MeasurementSetup {
        MeasurementSetup {
            scene: "synthetic".into(),
            seed: 0,
            time_step: dt,
            sample_dt: dt,
            host_dt: dt,
            block_len,
            constrained_block_len: block_len,
            msd_block_len: block_len,
            nanoparticle: true,
            mass: 20.0,
            epsilon: 0.05,
            host_mass: 1.0e9,
            host_atoms: 0,
            stress: false,
            temperature: 1.0,
            box_length: 10.0,
            hydrodynamic_radius: 1.0,
            field: ExternalField::None,
            windows: vec![[1.0, 0.0, 0.0], [2.0, 0.0, 0.0]],
            window_steps: 0,
            segment_steps: [0, 0],
            vacf_cutoff: 1.0,
            msd_window: [0.0, 1.0],
            dynamics: "synthetic".into(),
            cutoffs: Cutoffs::default(),
            moments: None,
        }
    }

    #[test]
    fn live_samples_give_both_routes_to_d() {
        // Momentum: OU with ⟨P_a²⟩ = mT = 20 and τ_P = 2 → γ_aa = 40, D_γ = T τ_P/m = 0.1.
        // Held force: OU with ⟨δF_a²⟩ = 100 and τ_F = 0.1 → ∫ = 10 = ζT, D_θ = T/ζ = 0.1.
        let dt = 0.02;
        let mut m = Measurement::new(setup(dt, 1 << 13));
        let mut p = OrnsteinUhlenbeck::<3>::new(20f64.sqrt(), 2.0, dt, 3);
        let mut f = OrnsteinUhlenbeck::<3>::new(10.0, 0.1, dt, 4);
        for i in 0..1 << 18 {
            let free = OrderParameters {
                p: p.step(),
                ..Default::default()
            };
            let held = OrderParameters {
                f: f.step(),
                ..Default::default()
            };
            m.push_sample(Segment::Free, &free, None, None);
            m.push_sample(Segment::Constrained, &held, None, None);
            // Windows: a constant force plus the same noise.
            let k = i % 2;
            let mut w = held;
            w.f[0] += 5.0 * k as f64;
            m.push_sample(Segment::Window(k), &w, None, None);
        }
        let (r, curves) = m.report();
        let (dg, dt_) = (r.d_gamma.unwrap(), r.d_theta.unwrap());
        // 32 blocks: 4 standard errors.
        assert!(dg.z_score(0.1) < 4.0, "D_γ = {dg}");
        assert!(dt_.z_score(0.1) < 4.0, "D_θ = {dt_}");
        assert!(r.einstein_ratio.unwrap().z_score(1.0) < 4.0);
        // θ = ε⁻¹ ∫⟨δFδF⟩ = 200 on the diagonal; ζ = βεθ = 10.
        let (theta, zeta) = (r.theta.unwrap(), r.zeta.unwrap());
        assert!(((theta.mean[0][0] - 200.0) / theta.sem[0][0]).abs() < 4.0);
        assert!((zeta.mean[1][1] * 20.0 - theta.mean[1][1]).abs() < 1e-9);
        let fth = r.f_th.unwrap();
        assert!(fth.values[0].z_score(0.0) < 4.0 && fth.values[1].z_score(5.0) < 4.0);
        assert!(curves.gamma.is_some() && curves.vacf.is_none());
        assert!(r.viscosity.is_none() && r.host_self_diffusion.is_none());
    }
}
