//! The reference values of the Lennard-Jones fluid the tests compare with, in one place: the
//! state point of `scenes/lj-fluid.ron` (ρ* = 0.8442 σ⁻³, T* = 0.722 ε_LJ/k_B, N = 4000, r_c =
//! 2.5σ truncated, not shifted, no tail correction). Sources in docs/physics.md, "Reference
//! values": U, P and D measured with LAMMPS on this same model (500 τ of NVE, T = 2K/(3N − 3));
//! η from Meier, Laesecke & Kabelac, J. Chem. Phys. 121, 3671 (2004) and Viscardi, Fernandes &
//! Ferreira, J. Chem. Phys. 126, 184512 (2007).

/// A published value and its standard error (unit of the quantity).
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    /// The value.
    pub mean: f64,
    /// Its standard error.
    pub sem: f64,
}

/// The temperature T* the values are at [ε_LJ/k_B].
pub const TEMPERATURE: f64 = 0.722;
/// Potential energy per atom U/N [ε_LJ].
pub const ENERGY_PER_ATOM: Reference = Reference {
    mean: -5.6389,
    sem: 0.0001,
};
/// Pressure P [ε_LJ/σ³].
pub const PRESSURE: Reference = Reference {
    mean: 0.9044,
    sem: 0.0007,
};
/// ∂(U/N)/∂T at constant ρ [1], to correct a run's own mean temperature.
pub const DU_DT: f64 = 1.19;
/// ∂P/∂T at constant ρ [k_B/σ³], likewise.
pub const DP_DT: f64 = 6.48;
/// Self-diffusion from the MSD, no finite-size correction [σ²/τ].
pub const D_MSD: Reference = Reference {
    mean: 0.0332,
    sem: 0.0003,
};
/// Self-diffusion from the VACF integrated to 20 τ [σ²/τ].
pub const D_VACF: Reference = Reference {
    mean: 0.0335,
    sem: 0.0005,
};
/// Shear viscosity η* [ε_LJ·τ/σ³].
pub const VISCOSITY: Reference = Reference {
    mean: 3.26,
    sem: 0.05,
};
