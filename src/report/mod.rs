//! The report a student can hand in: a folder with `index.html` (self-contained: inline CSS, no
//! script, no network; pictures are PNG files beside it), one PNG per plot drawn from the data
//! ([`plot`]), and the CSV files of the same data in `csv/`. Written from the live session (the
//! app's "Save report", [`Source::Live`]) or from a finished `multiscope measure`
//! (`measure --report DIR`, [`Source::Measured`]). No Bevy here.
//!
//! The page: the scene and its settings, a table of every measured value with its standard error
//! (each symbol carries its glossary text as a tooltip), the tensors, the coarse-grained
//! predictions against the MD with their verdicts, every plot, the notes of the measurement and
//! the glossary entries of what it shows.
//!
//! One job per file: [`values`](value_rows) computes what the page shows from the measurement,
//! `figures` draws it to PNG, `html` renders the page, `csv` writes the data files; this file
//! holds the inputs and puts the folder together.

#![warn(missing_docs)]

mod csv;
mod figures;
mod html;
pub mod plot;
mod values;

use std::path::{Path, PathBuf};

use crate::lesson::CheckOutcome;
use crate::live::AnalysisSnapshot;
use crate::live::export::PhasePlaneSeries;
use crate::measure::Measured;
use crate::predict::{PredictionCurves, Predictions};
use crate::scene::Scene;

/// How the report writes a value with its standard error: the one way ([`crate::format::estimate`]).
pub use crate::analysis::estimate_of as format_value;
pub use values::{ValueRow, value_rows};

/// Where the report's numbers come from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// The live session: the newest analysis and what the density pane plots.
    Live {
        /// The newest analysis.
        analysis: &'a AnalysisSnapshot,
        /// The density pane's series (path and densities).
        phase: PhasePlaneSeries<'a>,
    },
    /// A finished `multiscope measure`.
    Measured {
        /// Its report and curves.
        measured: &'a Measured,
        /// Its predictions against the MD.
        predictions: &'a Predictions,
        /// Its MD curves with their predictions.
        curves: &'a PredictionCurves,
    },
}

/// Where a lesson stood when the report was written.
#[derive(Debug, Clone)]
pub struct LessonNote {
    /// The lesson's title.
    pub lesson: String,
    /// The current step's title.
    pub step: String,
    /// Its check's outcome, if it has one.
    pub outcome: Option<CheckOutcome>,
}

/// Everything one report page shows.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// Scene name (its file, or the built-in name).
    pub scene_name: &'a str,
    /// The scene (with the session's settings), shown as RON; `None` if unknown.
    pub scene: Option<&'a Scene>,
    /// The numbers.
    pub source: Source<'a>,
    /// The lesson being followed, if any.
    pub lesson: Option<&'a LessonNote>,
}

/// Why a report could not be written: the file or folder, and what failed.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No folder was given.
    #[error("no folder given for the report")]
    NoFolder,
    /// The report folder could not be created.
    #[error("cannot create the folder {}: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// A CSV file of the data could not be written (the message names the file).
    #[error("{message}")]
    Csv {
        /// The CSV folder.
        dir: PathBuf,
        /// What failed, with the file.
        message: String,
    },
    /// A figure could not be drawn or written (the message names the file).
    #[error("{message}")]
    Figure {
        /// The PNG file.
        path: PathBuf,
        /// What failed, with the file.
        message: String,
    },
    /// The page could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Page {
        /// `index.html`.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// Writes the report into `dir` (created if needed): `index.html`, the PNG plots and `csv/`.
/// Returns the files written (`index.html` first), or what could not be written.
pub fn write_report(dir: &Path, page: &Page) -> Result<Vec<PathBuf>, ReportError> {
    if dir.as_os_str().is_empty() {
        return Err(ReportError::NoFolder);
    }
    std::fs::create_dir_all(dir).map_err(|source| ReportError::CreateFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    let d = values::Data::of(&page.source);
    let mut files = csv::write_csv(&dir.join("csv"), &page.source)?;
    let (pictures, figures) = figures::write_figures(dir, &d)?;
    files.extend(pictures);
    let text = html::page_html(dir, page, &d, &figures, &files);
    let index = dir.join("index.html");
    std::fs::write(&index, text).map_err(|source| ReportError::Page {
        path: index.clone(),
        source,
    })?;
    files.insert(0, index);
    Ok(files)
}
