//! [`LessonRunner`]: where the learner is in a lesson, and what entering a step asks of the
//! session.
//!
//! Each step's actions add to what the steps before it set, so step k has a wanted state: the
//! fold of the actions of steps 0..=k ([`SimState`], [`ViewState`]). Entering a step (next, back,
//! skip, jump) yields the [`SimCommand`]s that take the session from what the runner applied last
//! to that state, plus the step's own actions again (so that a learner who moved a slider gets
//! the step's value back): a new scene, field or seed rebuilds the scene with every setting
//! folded into it ([`SimCommand::LoadParsedScene`]); anything else is a setting command. Leaving
//! the lesson sends nothing: the session keeps its state.

use std::collections::BTreeMap;

use super::LoadedLesson;
use super::check::{CheckOutcome, CheckStatus, Observed, Recorded, evaluate};
use super::schema::{Action, DensityStart, HostView, PlotsTab, Quantity, Step, Watch};
use crate::field::ExternalField;
use crate::live::SimCommand;
use crate::scene::{Scene, ThermostatKind, ThermostatPhase};

/// What the held/free actions ask for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Particle {
    /// Centre of mass held fixed.
    Held,
    /// Free.
    Free,
    /// Held for this long [τ] of production (and until ζ has an error bar), then freed.
    HoldFor(f64),
}

/// The simulation as the steps so far want it (`None`: left as the scene has it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SimState {
    /// The scene, as named in the lesson.
    pub scene: Option<String>,
    /// The external field on the nanoparticle.
    pub field: Option<ExternalField>,
    /// Seed of every random stream.
    pub seed: Option<u64>,
    /// Mass ratio ε = m̂/m [1].
    pub epsilon: Option<f64>,
    /// Thermostat target T [ε_LJ/k_B].
    pub temperature: Option<f64>,
    /// Time step Δt [τ].
    pub time_step: Option<f64>,
    /// Thermostat during production.
    pub thermostat: Option<bool>,
    /// Whether η is measured.
    pub viscosity: Option<bool>,
    /// Held or free.
    pub particle: Option<Particle>,
    /// Running or paused.
    pub playing: Option<bool>,
}

/// What the app shows, as the steps so far want it (`None`: left as the learner has it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewState {
    /// How the host atoms are drawn.
    pub host: Option<HostView>,
    /// Whether the camera follows the nanoparticle.
    pub follow: Option<bool>,
    /// Trail points.
    pub trail: Option<u32>,
    /// The plots panel's tab.
    pub tab: Option<PlotsTab>,
    /// Whether C(t) is normalised.
    pub normalised: Option<bool>,
    /// The density pane's start.
    pub density: Option<DensityStart>,
    /// The density pane's coarse-grained rate [τ/s].
    pub density_rate: Option<f64>,
}

impl SimState {
    fn apply(&mut self, a: &Action) {
        match a {
            Action::LoadScene(s) => {
                // A new scene starts from its own settings.
                *self = SimState {
                    scene: Some(s.clone()),
                    viscosity: self.viscosity,
                    playing: self.playing,
                    ..SimState::default()
                };
            }
            Action::Field(f) => self.field = Some(*f),
            Action::Seed(s) => self.seed = Some(*s),
            Action::Epsilon(e) => self.epsilon = Some(*e),
            Action::Temperature(t) => self.temperature = Some(*t),
            Action::TimeStep(dt) => self.time_step = Some(*dt),
            Action::Thermostat(on) => self.thermostat = Some(*on),
            Action::Viscosity(on) => self.viscosity = Some(*on),
            Action::Hold => self.particle = Some(Particle::Held),
            Action::Free => self.particle = Some(Particle::Free),
            Action::HoldFor(t) => self.particle = Some(Particle::HoldFor(*t)),
            Action::Play => self.playing = Some(true),
            Action::Pause => self.playing = Some(false),
            _ => {}
        }
    }

    /// Whether going from `self` to `other` needs the scene rebuilt.
    fn same_system(&self, other: &SimState) -> bool {
        self.scene == other.scene && self.field == other.field && self.seed == other.seed
    }
}

impl ViewState {
    fn apply(&mut self, a: &Action) {
        match a {
            Action::Host(h) => self.host = Some(*h),
            Action::Follow(f) => self.follow = Some(*f),
            Action::Trail(n) => self.trail = Some(*n),
            Action::Tab(t) => self.tab = Some(*t),
            Action::Normalised(n) => self.normalised = Some(*n),
            Action::Density(d) => self.density = Some(*d),
            Action::DensityRate(r) => self.density_rate = Some(*r),
            _ => {}
        }
    }
}

/// What entering a step asks of the session.
#[derive(Debug, Clone, PartialEq)]
pub struct StepEntry {
    /// Index of the step entered.
    pub index: usize,
    /// Commands for the MD worker, in order.
    pub commands: Vec<SimCommand>,
    /// What the app should show (all the steps so far folded).
    pub view: ViewState,
    /// The step's own view actions (the app applies these even if the learner changed them).
    pub view_actions: Vec<Action>,
    /// The panels and plots to highlight.
    pub watch: Vec<Watch>,
}

/// A learner's way through one lesson.
#[derive(Debug, Clone)]
pub struct LessonRunner {
    lesson: LoadedLesson,
    current: usize,
    /// The simulation state last applied (`None` before the first step).
    applied: Option<SimState>,
    recorded: Recorded,
}

impl LessonRunner {
    /// A runner at the lesson's start (call [`Self::start`] to enter the first step).
    pub fn new(lesson: LoadedLesson) -> Self {
        Self {
            lesson,
            current: 0,
            applied: None,
            recorded: BTreeMap::new(),
        }
    }

    /// The lesson.
    pub fn lesson(&self) -> &LoadedLesson {
        &self.lesson
    }

    /// Index of the current step.
    pub fn index(&self) -> usize {
        self.current
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.lesson.lesson.steps.len()
    }

    /// Whether the lesson has no steps (never, for a validated lesson).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The current step.
    pub fn step(&self) -> &Step {
        &self.lesson.lesson.steps[self.current]
    }

    /// Whether the current step is the last.
    pub fn is_last(&self) -> bool {
        self.current + 1 >= self.len()
    }

    /// Values recorded when the learner left each step.
    pub fn recorded(&self) -> &Recorded {
        &self.recorded
    }

    /// The simulation state steps 0..=`index` want.
    pub fn sim_state(&self, index: usize) -> SimState {
        let mut s = SimState::default();
        for step in &self.lesson.lesson.steps[..=index.min(self.len() - 1)] {
            step.actions.iter().for_each(|a| s.apply(a));
        }
        s
    }

    /// The view steps 0..=`index` want.
    pub fn view_state(&self, index: usize) -> ViewState {
        let mut v = ViewState::default();
        for step in &self.lesson.lesson.steps[..=index.min(self.len() - 1)] {
            step.actions.iter().for_each(|a| v.apply(a));
        }
        v
    }

    /// Enters the first step.
    pub fn start(&mut self) -> StepEntry {
        self.enter(0)
    }

    /// Records the current step's values (from `seen`) and enters the next; `None` after the
    /// last step (the runner stays on it).
    pub fn next(&mut self, seen: &Observed) -> Option<StepEntry> {
        self.record(seen);
        (!self.is_last()).then(|| self.enter(self.current + 1))
    }

    /// Enters the next step without recording anything; `None` after the last.
    pub fn skip(&mut self) -> Option<StepEntry> {
        (!self.is_last()).then(|| self.enter(self.current + 1))
    }

    /// Enters the previous step; `None` on the first.
    pub fn back(&mut self) -> Option<StepEntry> {
        (self.current > 0).then(|| self.enter(self.current - 1))
    }

    /// Enters step `index` (clamped to the last).
    pub fn go_to(&mut self, index: usize) -> StepEntry {
        self.enter(index.min(self.len() - 1))
    }

    /// Leaves the lesson: nothing is sent, the session keeps its current state.
    pub fn leave(self) -> LoadedLesson {
        self.lesson
    }

    /// The current step's check on what is observed now (`None`: the step has no check).
    ///
    /// While a [`Particle::HoldFor`] of the lesson still holds the particle, a check that needs
    /// the free particle is "not yet", not "cannot": the worker frees it by itself.
    pub fn check(&self, seen: &Observed) -> Option<CheckOutcome> {
        let c = self.step().check.as_ref()?;
        let mut out = evaluate(c, seen, &self.recorded);
        let holding = matches!(
            self.sim_state(self.current).particle,
            Some(Particle::HoldFor(_))
        );
        if out.status == CheckStatus::Cannot
            && holding
            && seen.analysis.is_some_and(|a| a.force_constrained)
        {
            out.status = CheckStatus::NotYet;
            out.message = c.not_yet.clone();
            out.detail = format!(
                "{}; the particle is still held: the lesson frees it by itself after the hold",
                out.detail
            );
        }
        Some(out)
    }

    /// Records every value measured now under the current step's id (a value not observed now
    /// keeps what was recorded before: the density pane's values survive a record made from the
    /// analysis alone).
    pub fn record(&mut self, seen: &Observed) {
        let values: BTreeMap<Quantity, _> = Quantity::ALL
            .iter()
            .filter_map(|q| q.value(seen).map(|v| (*q, v)))
            .collect();
        if !values.is_empty() {
            self.recorded
                .entry(self.step().id.clone())
                .or_default()
                .extend(values);
        }
    }

    fn enter(&mut self, index: usize) -> StepEntry {
        self.current = index;
        let want = self.sim_state(index);
        let step = &self.lesson.lesson.steps[index];
        let own = |f: &dyn Fn(&Action) -> bool| step.actions.iter().any(f);
        let rebuild = match &self.applied {
            None => true,
            Some(had) => {
                !had.same_system(&want)
                    || own(&|a| {
                        matches!(a, Action::LoadScene(_) | Action::Field(_) | Action::Seed(_))
                    })
            }
        };
        let mut commands = Vec::new();
        if rebuild {
            if let Some((scene, name)) = self.scene_for(&want) {
                commands.push(SimCommand::LoadParsedScene(Box::new(scene), name));
            }
            if let Some(on) = want.viscosity {
                commands.push(SimCommand::SetViscosity(on));
            }
            if let Some(Particle::HoldFor(t)) = want.particle {
                commands.push(SimCommand::HoldFor(t));
            }
        } else {
            let had = self.applied.clone().unwrap_or_default();
            let changed = |mentioned: bool, differs: bool| mentioned || differs;
            if let Some(e) = want.epsilon
                && changed(
                    own(&|a| matches!(a, Action::Epsilon(_))),
                    had.epsilon != want.epsilon,
                )
            {
                commands.push(SimCommand::SetEpsilon(e));
            }
            if let Some(t) = want.temperature
                && changed(
                    own(&|a| matches!(a, Action::Temperature(_))),
                    had.temperature != want.temperature,
                )
            {
                commands.push(SimCommand::SetTemperature(t));
            }
            if let Some(dt) = want.time_step
                && changed(
                    own(&|a| matches!(a, Action::TimeStep(_))),
                    had.time_step != want.time_step,
                )
            {
                commands.push(SimCommand::SetTimeStep(dt));
            }
            if let Some(on) = want.thermostat
                && changed(
                    own(&|a| matches!(a, Action::Thermostat(_))),
                    had.thermostat != want.thermostat,
                )
            {
                commands.push(SimCommand::SetThermostat(on));
            }
            if let Some(on) = want.viscosity
                && changed(
                    own(&|a| matches!(a, Action::Viscosity(_))),
                    had.viscosity != want.viscosity,
                )
            {
                commands.push(SimCommand::SetViscosity(on));
            }
            if let Some(p) = want.particle
                && changed(
                    own(&|a| matches!(a, Action::Hold | Action::Free | Action::HoldFor(_))),
                    had.particle != want.particle,
                )
            {
                commands.push(match p {
                    Particle::Held => SimCommand::SetConstrained(true),
                    Particle::Free => SimCommand::SetConstrained(false),
                    Particle::HoldFor(t) => SimCommand::HoldFor(t),
                });
            }
        }
        if let Some(play) = want.playing
            && (rebuild
                || own(&|a| matches!(a, Action::Play | Action::Pause))
                || self
                    .applied
                    .as_ref()
                    .is_none_or(|h| h.playing != want.playing))
        {
            commands.push(if play {
                SimCommand::Play
            } else {
                SimCommand::Pause
            });
        }
        self.applied = Some(want);
        StepEntry {
            index,
            commands,
            view: self.view_state(index),
            view_actions: step
                .actions
                .iter()
                .filter(|a| a.is_view())
                .cloned()
                .collect(),
            watch: step.watch.clone(),
        }
    }

    /// The scene `want` names, with every wanted setting folded in, and its name.
    pub fn scene_for(&self, want: &SimState) -> Option<(Scene, String)> {
        let (scene, name) = self.lesson.scenes.get(want.scene.as_ref()?)?;
        let mut scene = scene.clone();
        if let Some(f) = want.field {
            scene.field = f;
        }
        if let Some(s) = want.seed {
            scene.seed = s;
        }
        if let Some(t) = want.temperature {
            scene.temperature = t;
        }
        if let Some(dt) = want.time_step {
            scene.integration.time_step = dt;
        }
        if let Some(np) = scene.nanoparticle.as_mut() {
            if let Some(e) = want.epsilon {
                np.epsilon = Some(e);
            }
            np.constrained = matches!(want.particle, Some(Particle::Held));
        }
        if let Some(on) = want.thermostat {
            if on {
                if scene.thermostat.kind == ThermostatKind::None {
                    scene.thermostat.kind = ThermostatKind::Bussi { tau: 2.0 };
                }
                scene.thermostat.during = ThermostatPhase::Always;
            } else {
                scene.thermostat.during = ThermostatPhase::Equilibration;
            }
        }
        Some((scene, name.clone()))
    }
}
