//! A problem at a place in a file: the one shape of the errors every reader and writer of
//! files reports (scenes, lessons, LAMMPS exports and imports, trajectories), so that each says
//! the file, the line where there is one, and what is wrong with its fix, written the same way.
//! A leaf: it imports nothing from multiscope.

use std::fmt;
use std::path::Path;

/// What went wrong with a file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// The file or folder, as the user named it.
    pub path: String,
    /// The line (1-based), where the problem has one.
    pub line: Option<u64>,
    /// What was found, what was expected and how to fix it (or the operating system's message).
    pub message: String,
}

impl FileProblem {
    /// A file or folder that could not be opened, read or written: `e` is the operating system's
    /// message, or a sentence saying what was missing.
    pub fn io(path: &Path, e: impl fmt::Display) -> Self {
        Self {
            path: path.display().to_string(),
            line: None,
            message: e.to_string(),
        }
    }

    /// Something wrong at `line` (1-based) of `path`.
    pub fn at(path: &Path, line: u64, message: impl Into<String>) -> Self {
        Self {
            path: path.display().to_string(),
            line: Some(line),
            message: message.into(),
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for FileProblem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_file_and_the_line_where_there_is_one() {
        let p = Path::new("scenes/x.ron");
        assert_eq!(
            FileProblem::io(p, "no such file").to_string(),
            "scenes/x.ron: no such file"
        );
        assert_eq!(
            FileProblem::at(p, 7, "expected a number").to_string(),
            "scenes/x.ron:7: expected a number"
        );
    }
}
