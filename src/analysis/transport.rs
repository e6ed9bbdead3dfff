//! Host-fluid transport helpers: Green–Kubo shear viscosity, the Yeh–Hummer finite-size correction
//! and the Stokes–Einstein relation.

use serde::{Deserialize, Serialize};

use super::estimate::Estimate;
use super::green_kubo::Plateau;

/// ξ of the Yeh–Hummer correction for a cubic periodic box (Yeh & Hummer, J. Phys. Chem. B 108,
/// 15873 (2004)).
pub const YEH_HUMMER_XI: f64 = 2.837297;

/// The three independent off-diagonal components `[P_xy, P_xz, P_yz]` of a pressure tensor
/// [ε_LJ/σ³], symmetrised (`(P_ab + P_ba)/2`). Feed them to a `GreenKubo<3>` auto-correlation and
/// pass its plateau to [`green_kubo_viscosity`].
pub fn shear_stress_components(p: &[[f64; 3]; 3]) -> [f64; 3] {
    [
        0.5 * (p[0][1] + p[1][0]),
        0.5 * (p[0][2] + p[2][0]),
        0.5 * (p[1][2] + p[2][1]),
    ]
}

/// Five components of the traceless symmetric pressure tensor whose autocorrelations, in an
/// isotropic fluid, all equal `⟨P_xy(0) P_xy(t)⟩`: `[P_xy, P_xz, P_yz, (P_xx − P_yy)/2,
/// (P_yy − P_zz)/2]` [ε_LJ/σ³] (the last two are `P_xy` in frames rotated by 45° about z and x).
/// Averaging five instead of three components lowers the noise of η; use a `GreenKubo<5>`.
pub fn traceless_stress_components(p: &[[f64; 3]; 3]) -> [f64; 5] {
    let [xy, xz, yz] = shear_stress_components(p);
    [
        xy,
        xz,
        yz,
        0.5 * (p[0][0] - p[1][1]),
        0.5 * (p[1][1] - p[2][2]),
    ]
}

/// Green–Kubo shear viscosity `η = (V/k_BT) ∫₀^{t_c} ⟨P_xy(0) P_xy(t)⟩ dt` [ε_LJ·τ/σ³], averaged
/// over the stress components of an auto-correlation plateau (its isotropic value, whose error
/// already accounts for the correlation between components). `volume` [σ³], `temperature`
/// [ε_LJ/k_B].
pub fn green_kubo_viscosity<const D: usize>(
    plateau: &Plateau<D>,
    volume: f64,
    temperature: f64,
) -> Estimate {
    plateau.value.isotropic.scale(volume / temperature)
}

/// Yeh–Hummer infinite-box diffusion `D∞ = D_PBC + ξ k_BT / (6π η L)` [σ²/τ] from the diffusion
/// measured in a cubic periodic box of edge `box_length` [σ], with shear viscosity `viscosity`
/// [ε_LJ·τ/σ³] at `temperature` [ε_LJ/k_B]. Errors of `D_PBC` and η are propagated as independent.
pub fn yeh_hummer_correction(
    d_pbc: Estimate,
    temperature: f64,
    viscosity: Estimate,
    box_length: f64,
) -> Estimate {
    let k = YEH_HUMMER_XI * temperature / (6.0 * std::f64::consts::PI * box_length);
    d_pbc.sum(viscosity.recip().scale(k))
}

/// Hydrodynamic boundary condition of the Stokes–Einstein relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StokesBoundary {
    /// No slip at the sphere's surface: `c = 6`.
    Stick,
    /// Perfect slip: `c = 4`.
    Slip,
}

impl StokesBoundary {
    /// The factor `c` of `D = k_BT/(c π η a)`.
    pub fn factor(self) -> f64 {
        match self {
            StokesBoundary::Stick => 6.0,
            StokesBoundary::Slip => 4.0,
        }
    }
}

/// Stokes–Einstein diffusion `D = k_BT / (c π η a)` [σ²/τ] of a sphere of hydrodynamic radius
/// `radius` [σ] in a fluid of viscosity `viscosity` [ε_LJ·τ/σ³] at `temperature` [ε_LJ/k_B].
pub fn stokes_einstein(
    temperature: f64,
    viscosity: Estimate,
    radius: f64,
    boundary: StokesBoundary,
) -> Estimate {
    viscosity
        .recip()
        .scale(temperature / (boundary.factor() * std::f64::consts::PI * radius))
}

/// Stokes–Einstein–Debye rotational diffusion of a sphere with no slip,
/// `D_r = k_BT/(8π η a³)` [1/τ], from the shear viscosity `viscosity` [ε_LJ·τ/σ³] at
/// `temperature` [ε_LJ/k_B] and the hydrodynamic radius `radius` [σ]; η's error is propagated.
pub fn stokes_einstein_debye(temperature: f64, viscosity: Estimate, radius: f64) -> Estimate {
    viscosity
        .recip()
        .scale(temperature / (8.0 * std::f64::consts::PI * radius.powi(3)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yeh_hummer_loss_matches_the_physics_md_example() {
        // docs/physics.md: a nanoparticle of radius 3σ in a box of 20σ loses about a quarter of its D.
        // With D∞ = T/(cπηa) the relative loss is ξT/(6πηL)/D∞ = ξ c a/(6L), independent of η and
        // T: 0.28 for slip (c = 4, "about a quarter"), 0.43 for stick (c = 6).
        let (t, eta, a, l) = (1.0, Estimate::exact(3.0), 3.0, 20.0);
        for boundary in [StokesBoundary::Slip, StokesBoundary::Stick] {
            let d_inf = stokes_einstein(t, eta, a, boundary);
            let shift = yeh_hummer_correction(Estimate::exact(0.0), t, eta, l);
            let d_pbc = d_inf.difference(shift);
            let loss = 1.0 - d_pbc.mean / d_inf.mean;
            let expected = YEH_HUMMER_XI * boundary.factor() * a / (6.0 * l);
            assert!((loss - expected).abs() < 1e-12);
            let back = yeh_hummer_correction(d_pbc, t, eta, l);
            assert!((back.mean - d_inf.mean).abs() < 1e-15);
        }
        let slip = YEH_HUMMER_XI * 4.0 * a / (6.0 * l);
        assert!((slip - 0.25).abs() < 0.05);
    }

    #[test]
    fn stress_components_are_symmetrised() {
        let p = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
        assert_eq!(shear_stress_components(&p), [3.0, 5.0, 7.0]);
        assert_eq!(traceless_stress_components(&p), [3.0, 5.0, 7.0, -2.0, -2.0]);
    }
}
