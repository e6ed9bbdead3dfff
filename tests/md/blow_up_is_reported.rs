//! Claim: a simulation that blows up (overlapping atoms, a time step far too large) stops with an
//! error that says what to change, instead of producing NaNs.

use multiscope::md::{MdError, Simulation};

use crate::common;

#[test]
fn overlapping_atoms_are_reported() {
    let sim = common::build(&common::small_nanoparticle(300, "None", "None", false));
    let mut state = sim.state.clone();
    // Put host atom 100 almost on top of host atom 101.
    state.positions[100] = state.positions[101];
    state.positions[100][0] += 0.05;
    let settings = multiscope::md::RunSettings {
        dt: 0.004,
        skin: 0.3,
        policy: multiscope::md::RebuildPolicy::Automatic,
        precision: multiscope::md::Precision::Double,
    };
    let err = Simulation::new(
        sim.system.clone(),
        state,
        settings,
        None,
        multiscope::scene::stream(1, multiscope::scene::Stream::Dynamics),
    )
    .unwrap_err();
    assert!(matches!(err, MdError::BlowUp { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("time step") && text.contains("overlap"),
        "{text}"
    );
}

#[test]
fn a_huge_time_step_is_stopped_not_drawn_as_garbage() {
    let mut sim = common::build(&common::small_nanoparticle(300, "None", "None", false));
    sim.integrator.dt = 0.2;
    let mut result = Ok(());
    for _ in 0..200 {
        result = sim.step(true);
        if result.is_err() {
            break;
        }
    }
    let err = result.expect_err("Δt = 0.2 τ must blow up");
    assert!(
        matches!(err, MdError::BlowUp { .. } | MdError::TooFast { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("time step"));
    // The state that is kept is finite: nothing NaN leaks out.
    assert!(sim.state.positions.iter().flatten().all(|x| x.is_finite()));
}
