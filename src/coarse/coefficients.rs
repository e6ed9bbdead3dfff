//! The coarse-grained coefficients as `multiscope measure --json` prints them.
//!
//! The 1D solvers act along x, so they use the **xx components** of the tensors. Where only a
//! scalar D is given it is taken as D_xx (an isotropic particle, where the scalar is trace/3).
//! The Einstein relation D = k_BT/ζ fills in whichever of D and ζ is missing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::CoarseError;
use super::field::{Force1d, Tabulated};
use crate::analysis::{Estimate, TensorRows};
use crate::format::number;

/// A measured mean-force profile along one axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileEstimate {
    /// The axis, "x" (the only one the 1D solvers use).
    #[serde(default = "default_axis")]
    pub axis: String,
    /// Positions of the centre of mass [σ], increasing.
    pub positions: Vec<f64>,
    /// f^th at each position [ε_LJ/σ].
    pub values: Vec<Estimate>,
}

fn default_axis() -> String {
    "x".into()
}

/// Coefficients of the Smoluchowski and Fokker–Planck equations. Unknown keys are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coefficients {
    /// Smallness parameter ε = m̂/m [dimensionless].
    pub epsilon: f64,
    /// Nanoparticle mass m [m̂].
    pub mass: f64,
    /// Inverse temperature β = 1/k_BT [1/ε_LJ].
    pub beta: f64,
    /// Edge of the periodic box L [σ], if the particle lives in one.
    #[serde(default)]
    pub box_length: Option<f64>,
    /// Diffusion coefficient from the momentum autocorrelation (γ route) D [σ²/τ].
    #[serde(default)]
    pub d_gamma: Option<Estimate>,
    /// Diffusion coefficient from the constrained force autocorrelation (θ route) D [σ²/τ].
    #[serde(default)]
    pub d_theta: Option<Estimate>,
    /// Friction tensor ζ [m̂/τ].
    #[serde(default)]
    pub zeta: Option<TensorRows>,
    /// γ_ab = ∫⟨P_a(0)P_b(s)⟩ds [m̂²σ²/τ].
    #[serde(default)]
    pub gamma: Option<TensorRows>,
    /// θ_ab = ∫⟨δf_a(0)δf_b(s)⟩ds of the scaled force f = ε^{-1/2}F [ε_LJ²τ/σ²].
    #[serde(default)]
    pub theta: Option<TensorRows>,
    /// Mean-force profile f^th(x).
    #[serde(default)]
    pub f_th: Option<ProfileEstimate>,
}

/// Which measurement the diffusion coefficient and friction were taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FrictionSource {
    /// ζ given directly (its diagonal element).
    ZetaXx,
    /// ζ = β ε θ (diagonal element).
    ThetaXx,
    /// Scalar D from the θ route, ζ = k_BT/D.
    DTheta,
    /// D = γ_aa/m² (diagonal element), ζ = k_BT/D.
    GammaXx,
    /// Scalar D from the γ route, ζ = k_BT/D.
    DGamma,
}

impl Coefficients {
    /// Parses JSON text; `source_name` names the file in error messages.
    pub fn from_json_str(text: &str, source_name: &str) -> Result<Self, CoarseError> {
        let c: Self = serde_json::from_str(text).map_err(|e| CoarseError::Coefficients {
            source_name: source_name.into(),
            message: format!(
                "{e}; expected a JSON object with at least epsilon, mass, beta and one of \
                 zeta, theta, d_theta, gamma, d_gamma"
            ),
        })?;
        c.validate().map_err(|e| CoarseError::Coefficients {
            source_name: source_name.into(),
            message: e.to_string(),
        })?;
        Ok(c)
    }

    /// Reads and validates a JSON file.
    pub fn from_file(path: &Path) -> Result<Self, CoarseError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| CoarseError::Coefficients {
            source_name: name.clone(),
            message: format!("cannot read the file ({e}); check the path"),
        })?;
        Self::from_json_str(&text, &name)
    }

    /// Checks ranges: 0 < ε ≤ 1, m > 0, β > 0, a positive friction route, a valid f^th.
    pub fn validate(&self) -> Result<(), CoarseError> {
        let bad = |what: &str| Err(CoarseError::Invalid(what.to_string()));
        if !(self.epsilon.is_finite() && self.epsilon > 0.0 && self.epsilon <= 1.0) {
            return bad(&format!(
                "epsilon = {} must be in (0, 1]",
                number(self.epsilon)
            ));
        }
        if !(self.mass.is_finite() && self.mass > 0.0) {
            return bad(&format!("mass = {} must be > 0 (in m̂)", number(self.mass)));
        }
        if !(self.beta.is_finite() && self.beta > 0.0) {
            return bad(&format!(
                "beta = {} must be > 0 (in 1/ε_LJ)",
                number(self.beta)
            ));
        }
        if let Some(l) = self.box_length
            && !(l.is_finite() && l > 0.0)
        {
            return bad(&format!("box_length = {} must be > 0 (in σ)", number(l)));
        }
        for a in 0..3 {
            let (_, zeta) = self.friction_axis(a)?;
            if !(zeta.is_finite() && zeta > 0.0) {
                return bad(&format!(
                    "the friction ζ_{0}{0} = {1} derived from the file is not > 0; check the \
                     signs of zeta/theta/d_theta/gamma/d_gamma",
                    ["x", "y", "z"][a],
                    number(zeta)
                ));
            }
        }
        if self.f_th.is_some() {
            self.mean_force()?;
        }
        Ok(())
    }

    /// Nanoparticle mass m [m̂].
    pub fn mass(&self) -> f64 {
        self.mass
    }

    /// Mass of a host atom m̂ = ε m [m̂] (1 in reduced units when the file is consistent).
    pub fn m_hat(&self) -> f64 {
        self.epsilon * self.mass
    }

    /// Temperature k_BT = 1/β [ε_LJ].
    pub fn kt(&self) -> f64 {
        1.0 / self.beta
    }

    /// The friction ζ_xx [m̂/τ] and where it came from, preferring ζ, then θ, then D_θ, then γ,
    /// then D_γ (the constrained θ route is the one docs/physics.md prescribes).
    pub fn friction_xx(&self) -> Result<(FrictionSource, f64), CoarseError> {
        self.friction_axis(0)
    }

    /// The friction ζ_aa [m̂/τ] along axis `a` (0 = x, 1 = y, 2 = z; clamped to 2) and its
    /// source, with the preference order of [`Self::friction_xx`]; scalar D values are taken as
    /// isotropic.
    pub fn friction_axis(&self, a: usize) -> Result<(FrictionSource, f64), CoarseError> {
        let a = a.min(2);
        let kt = self.kt();
        if let Some(z) = &self.zeta {
            return Ok((FrictionSource::ZetaXx, z.mean[a][a]));
        }
        if let Some(t) = &self.theta {
            return Ok((
                FrictionSource::ThetaXx,
                self.beta * self.epsilon * t.mean[a][a],
            ));
        }
        if let Some(d) = &self.d_theta {
            return Ok((FrictionSource::DTheta, kt / d.mean));
        }
        if let Some(g) = &self.gamma {
            let d = g.mean[a][a] / (self.mass * self.mass);
            return Ok((FrictionSource::GammaXx, kt / d));
        }
        if let Some(d) = &self.d_gamma {
            return Ok((FrictionSource::DGamma, kt / d.mean));
        }
        Err(CoarseError::Invalid(
            "no friction or diffusion coefficient: give one of zeta, theta, d_theta, gamma, d_gamma"
                .into(),
        ))
    }

    /// Diagonal of the diffusion tensor (D_xx, D_yy, D_zz) = k_BT/ζ_aa [σ²/τ], for
    /// [`super::Smoluchowski3d`].
    pub fn diffusion_diagonal(&self) -> Result<[f64; 3], CoarseError> {
        let mut d = [0.0; 3];
        for (a, v) in d.iter_mut().enumerate() {
            *v = self.kt() / self.friction_axis(a)?.1;
        }
        Ok(d)
    }

    /// Friction ζ_xx [m̂/τ].
    pub fn zeta_xx(&self) -> Result<f64, CoarseError> {
        Ok(self.friction_xx()?.1)
    }

    /// Diffusion coefficient D_xx = k_BT/ζ_xx [σ²/τ].
    pub fn diffusion_xx(&self) -> Result<f64, CoarseError> {
        Ok(self.kt() / self.zeta_xx()?)
    }

    /// θ_xx = ζ_xx/(β ε) [ε_LJ²τ/σ²], the coefficient of the scaled equation (56).
    pub fn theta_xx(&self) -> Result<f64, CoarseError> {
        Ok(self.zeta_xx()? / (self.beta * self.epsilon))
    }

    /// The tabulated mean force as a [`Force1d`], or `None` when the file has no f_th.
    pub fn mean_force(&self) -> Result<Option<Force1d>, CoarseError> {
        let Some(p) = &self.f_th else {
            return Ok(None);
        };
        if p.axis != "x" {
            return Err(CoarseError::Invalid(format!(
                "f_th.axis = \"{}\": the solvers use a profile along \"x\" only",
                p.axis
            )));
        }
        let values = p.values.iter().map(|v| v.mean).collect();
        Ok(Some(Force1d::Tabulated(Tabulated::new(
            p.positions.clone(),
            values,
        )?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_file() {
        let c = Coefficients::from_json_str(
            r#"{"epsilon":0.01,"mass":100,"beta":1.0,"d_theta":{"mean":0.02,"sem":0.001}}"#,
            "t",
        )
        .unwrap();
        assert!((c.diffusion_xx().unwrap() - 0.02).abs() < 1e-15);
        assert_eq!(c.friction_xx().unwrap().0, FrictionSource::DTheta);
    }

    #[test]
    fn errors_name_the_source() {
        let e = Coefficients::from_json_str(r#"{"epsilon":0.01,"mass":100,"beta":1}"#, "c.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("c.json") && e.contains("zeta"), "{e}");
        let e = Coefficients::from_json_str("{", "d.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("d.json"), "{e}");
    }
}
