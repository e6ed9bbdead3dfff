//! The error type of the coarse-grained solvers: what was wrong and how to fix it.

/// Errors raised by [`crate::coarse`] for bad input or a domain that is too small.
///
/// The physics never panics on user input; every check returns one of these.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoarseError {
    /// A parameter is outside its allowed range.
    #[error("invalid {name} = {value}: expected {expected}")]
    InvalidParameter {
        /// Name of the parameter as the user knows it.
        name: &'static str,
        /// The value given, printed as text.
        value: String,
        /// What would be accepted.
        expected: &'static str,
    },
    /// The probability density reached the edge of the momentum domain.
    #[error(
        "the density reaches the edge of the momentum domain (probability {edge_mass:.3e} in the outermost \
         momentum cells, |Π| up to {pi_max}); widen the momentum range (pi_max / --p-max)"
    )]
    MomentumDomainTooNarrow {
        /// Probability in the outermost two rows on each side.
        edge_mass: f64,
        /// Half-width of the momentum domain [m̂·σ/τ] (scaled Π = ε^{1/2} P, or P itself).
        pi_max: f64,
    },
    /// A coefficients file could not be read or understood.
    #[error("coefficients {source_name}: {message}")]
    Coefficients {
        /// The file (or "<string>") that was read.
        source_name: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Any other invalid combination of inputs, with a message that says how to fix it.
    #[error("{0}")]
    Invalid(String),
}

/// Checks that `value` is finite and strictly positive.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, CoarseError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(CoarseError::InvalidParameter {
            name,
            value: crate::format::number(value),
            expected: "a finite number > 0",
        })
    }
}

/// Checks that `value` is finite.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64, CoarseError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(CoarseError::InvalidParameter {
            name,
            value: crate::format::number(value),
            expected: "a finite number",
        })
    }
}

/// Most steps one `advance` call may take; beyond it the call fails fast instead of running for
/// hours (shorten the duration, coarsen the grid or raise the time step).
pub const MAX_STEPS_PER_CALL: usize = 50_000_000;

/// The equal steps no longer than `max_dt` [τ] that cover `duration` [τ]: their number (≥ 1)
/// and length [τ]; `None` for a zero duration; an error if `duration` is negative or not
/// finite, or more than [`MAX_STEPS_PER_CALL`] steps would be needed.
pub(crate) fn equal_steps(duration: f64, max_dt: f64) -> Result<Option<(usize, f64)>, CoarseError> {
    if !(duration.is_finite() && duration >= 0.0) {
        return Err(CoarseError::InvalidParameter {
            name: "duration",
            value: crate::format::number(duration),
            expected: "a finite time ≥ 0",
        });
    }
    let steps = (duration / max_dt).ceil().max(1.0);
    if steps > MAX_STEPS_PER_CALL as f64 {
        return Err(CoarseError::Invalid(format!(
            "advancing by {} τ needs {steps:.3e} steps of at most {max_dt:.3e} τ (limit \
             {MAX_STEPS_PER_CALL}); advance in shorter pieces, coarsen the grid or raise the \
             time step",
            crate::format::number(duration)
        )));
    }
    Ok((duration > 0.0).then(|| (steps as usize, duration / steps)))
}
