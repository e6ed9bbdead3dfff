//! Guided lessons: RON files (`scenes/lessons/*.ron`) that set the live session up step by step,
//! say what to watch, and check on the live measurement when a step has shown what it should.
//! Plain Rust, no Bevy: the app's Lessons menu and step panel are a thin view over this.
//!
//! - [`load`] / [`load_dir`] / [`parse`]: a validated [`LoadedLesson`] (the [`Lesson`] and the
//!   scenes it names, parsed), or a [`LessonError`] naming the file, line and column and the fix.
//! - [`LessonRunner`]: the current step; [`LessonRunner::start`], [`LessonRunner::next`],
//!   [`LessonRunner::back`], [`LessonRunner::skip`], [`LessonRunner::go_to`] give a
//!   [`StepEntry`]: the [`crate::live::SimCommand`]s to send and the [`ViewState`] to show;
//!   [`LessonRunner::leave`] sends nothing.
//! - [`evaluate`] (or [`LessonRunner::check`]): a step's check on an [`Observed`] (the newest
//!   [`crate::live::AnalysisSnapshot`] and the density pane's density) → [`CheckOutcome`].
//!
//! Data flow: lesson file → runner → live commands; live snapshots → checks → the step panel.

#![warn(missing_docs)]

pub mod check;
mod how_measured;
pub mod locate;
mod runner;
mod schema;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use check::{CheckOutcome, CheckStatus, Observed, Recorded, evaluate};
/// Why a lesson could not be loaded: each error names the file, the line and column, and the fix.
pub type LessonError = RonFileError;
pub use how_measured::how_measured;
pub use runner::{LessonRunner, Particle, SimState, StepEntry, ViewState};
pub use schema::{
    Action, DensityStart, Direction, HostView, Integral, Lesson, PlotsTab, Prediction, Quantity,
    Step, StepCheck, Test, Watch,
};
pub use validate::{ValueProblem, validate};

use crate::file_problem::FileProblem;
use crate::glossary::Term;
use crate::scene::{RonFileError, RonSyntax, RonValue, Scene};

/// A lesson read from its file, validated, with the scenes it names parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedLesson {
    /// Short name: the file name without `.ron` (what `open --lesson NAME` takes).
    pub name: String,
    /// The file it came from.
    pub path: PathBuf,
    /// The lesson.
    pub lesson: Lesson,
    /// The scenes its `LoadScene` actions name, by the name written there: the scene and its
    /// name for messages (its path).
    pub scenes: BTreeMap<String, (Scene, String)>,
}

/// Adds a hint to RON's terse messages.
fn explain(message: &str) -> String {
    if message.contains("Unexpected variant") || message.contains("unknown variant") {
        format!(
            "{message}; see the actions, checks and watch names in docs/lessons.md (\"Writing a lesson\")"
        )
    } else if message.contains("Unexpected field") || message.contains("unknown field") {
        format!("{message}; check the spelling against the lesson format in docs/lessons.md")
    } else if message.contains("missing field") || message.contains("Unexpected missing field") {
        format!("{message}; every lesson (and step) needs this field (see docs/lessons.md)")
    } else {
        message.to_string()
    }
}

/// Parses and validates lesson text; `path` names the file (scene paths are relative to its
/// folder).
pub fn parse(text: &str, path: &Path) -> Result<LoadedLesson, LessonError> {
    let file = path.display().to_string();
    let lesson: Lesson =
        ron::from_str(text).map_err(|e| RonFileError::Parse(RonSyntax::new(&file, &e, explain)))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let scenes = validate(&lesson, dir).map_err(|p| {
        let (line, column) = locate::locate(text, &p.path);
        RonFileError::Invalid(RonValue {
            file: file.clone(),
            line,
            column,
            field: p.path,
            message: p.message,
        })
    })?;
    let name = path
        .file_stem()
        .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
    Ok(LoadedLesson {
        name,
        path: path.to_path_buf(),
        lesson,
        scenes,
    })
}

/// Reads, parses and validates a lesson file.
pub fn load(path: &Path) -> Result<LoadedLesson, LessonError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        RonFileError::Io(FileProblem::io(
            path,
            format!("cannot read the lesson: {e}"),
        ))
    })?;
    parse(&text, path)
}

/// Every `*.ron` lesson in `dir`, sorted by file name (the Lessons menu): each loaded or its
/// error. An unreadable folder is one error.
pub fn load_dir(dir: &Path) -> Result<Vec<Result<LoadedLesson, LessonError>>, LessonError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            RonFileError::Io(FileProblem::io(dir, format!("cannot read the lesson: {e}")))
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    Ok(files.iter().map(|p| load(p)).collect())
}

/// The lesson called `name` (file stem, e.g. `brownian-motion`, or a path to a `.ron` file) in
/// `dir`: what `open --lesson NAME` loads.
pub fn find(dir: &Path, name: &str) -> Result<LoadedLesson, LessonError> {
    let as_path = Path::new(name);
    if as_path.extension().is_some_and(|x| x == "ron") {
        return load(as_path);
    }
    let path = dir.join(format!("{name}.ron"));
    if path.exists() {
        return load(&path);
    }
    let lessons: Vec<LoadedLesson> = load_dir(dir)
        .map(|v| v.into_iter().flatten().collect())
        .unwrap_or_default();
    // The menu's numbering is optional: `brownian-motion` finds `1-brownian-motion.ron`.
    if let Some(l) = lessons.iter().find(|l| short_name(&l.name) == name) {
        return Ok(l.clone());
    }
    let known: Vec<&str> = lessons.iter().map(|l| short_name(&l.name)).collect();
    Err(RonFileError::Io(FileProblem::io(
        &path,
        format!(
            "no lesson called \"{name}\"; the lessons are: {}",
            if known.is_empty() {
                "none found".to_string()
            } else {
                known.join(", ")
            }
        ),
    )))
}

/// A lesson's name without the menu number: `1-brownian-motion` → `brownian-motion`.
pub fn short_name(name: &str) -> &str {
    match name.split_once('-') {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => name,
    }
}

/// Folder of the shipped lessons, relative to the repository root.
pub const LESSONS_DIR: &str = "scenes/lessons";

impl Quantity {
    /// Whether the quantity only grows while the run goes on (how far the particle wandered,
    /// transitions counted, the density pane's time): below a minimum it is "not yet".
    pub fn grows_with_time(self) -> bool {
        matches!(
            self,
            Quantity::Explored
                | Quantity::Transitions
                | Quantity::CoarseTime
                | Quantity::CoarseTimeOverTauP
        )
    }

    /// Its glossary id ([`Term::id`]).
    pub fn id(self) -> &'static str {
        self.term().id()
    }
}

impl Watch {
    /// Its glossary id ([`Term::id`]): the app's egui plot id where it has one.
    pub fn id(self) -> &'static str {
        self.term().id()
    }

    /// Its glossary term.
    pub fn term(self) -> Term {
        match self {
            Watch::View3d => Term::View,
            Watch::Controls => Term::Controls,
            Watch::Coefficients => Term::Coefficients,
            Watch::MomentumCorrelation => Term::Cpp,
            Watch::MomentumIntegral => Term::Gpp,
            Watch::ForceCorrelation => Term::Cff,
            Watch::ForceIntegral => Term::Gff,
            Watch::Thermo => Term::TracesT,
            Watch::Energies => Term::TracesE,
            Watch::TheorySummary => Term::TheorySummary,
            Watch::TheoryMsd => Term::TheoryMsd,
            Watch::TheoryMomentum => Term::TheoryCpp,
            Watch::TheoryPosition => Term::TheoryCxx,
            Watch::TheoryRates => Term::TheoryRates,
            Watch::TheoryXDensity => Term::TheoryX,
            Watch::TheoryPDensity => Term::TheoryP,
            Watch::PhasePlane => Term::PhasePlane,
            Watch::MarginalPhi => Term::MarginalPhi,
            Watch::MarginalPi => Term::MarginalPi,
            Watch::Value(q) => q.term(),
        }
    }
}
