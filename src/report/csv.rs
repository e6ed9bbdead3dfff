//! The report's data files in `csv/`: the very ones the app's "Save plots" or `measure --out`
//! write, so that a reader can redo every plot of the page.

use std::path::{Path, PathBuf};

use super::{ReportError, Source};
use crate::live::export::write_plotted_series;
use crate::predict::write_prediction_csv;

/// Writes the CSV files of `source` into `dir`; returns the files written.
pub(super) fn write_csv(dir: &Path, source: &Source) -> Result<Vec<PathBuf>, ReportError> {
    let failed = |message: String| ReportError::Csv {
        dir: dir.to_path_buf(),
        message,
    };
    match *source {
        Source::Live { analysis, phase } => {
            write_plotted_series(dir, Some(analysis), phase).map_err(failed)
        }
        Source::Measured {
            measured, curves, ..
        } => {
            let mut files = measured
                .report
                .write_csv(&measured.curves, dir)
                .map_err(|e| failed(e.to_string()))?;
            files.extend(write_prediction_csv(curves, dir).map_err(|e| failed(e.to_string()))?);
            Ok(files)
        }
    }
}
