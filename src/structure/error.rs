//! Errors of structure files: each names the file, the line where there is one, what is wrong and
//! how to fix it.

use std::fmt;

use thiserror::Error;

/// Where in a file something is: the file's name and, where there is one, the line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// File name as the user gave it.
    pub file: String,
    /// Line (1-based), when the problem sits on one.
    pub line: Option<usize>,
}

impl Place {
    /// `file` as a whole.
    pub fn file(file: &str) -> Self {
        Self {
            file: file.into(),
            line: None,
        }
    }

    /// Line `line` (1-based) of `file`.
    pub fn line(file: &str, line: usize) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Why a structure file could not be read. Every message starts with `file` or `file:line`.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum StructureError {
    /// The file could not be opened or read (missing, a folder, no permission).
    #[error("{file}: cannot read the structure file: {message}; check the path")]
    Io {
        /// File name.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// The file's extension names no format multiscope reads.
    #[error(
        "{file}: `{extension}` is not a structure format multiscope reads; use .xyz (XYZ, extended XYZ), .pdb or .ent (PDB), .cif or .mmcif (mmCIF) or .data or .lmp (LAMMPS data), renaming the file if it is one of these"
    )]
    UnknownFormat {
        /// File name.
        file: String,
        /// The extension found (empty when there is none).
        extension: String,
    },
    /// The file is larger than [`super::MAX_FILE_BYTES`]; refused before it is read.
    #[error(
        "{file}: the file is {bytes} bytes, more than the {limit} bytes a nanoparticle's structure may take; cut it down to the particle"
    )]
    FileTooLarge {
        /// File name.
        file: String,
        /// Its size [bytes].
        bytes: u64,
        /// The limit [bytes].
        limit: u64,
    },
    /// The file is not text: a NUL byte or bytes that are not UTF-8.
    #[error(
        "{place}: the file is not text ({what}); a structure file is plain text: check that it is not compressed or in a binary format"
    )]
    Binary {
        /// File and the line of the first bad byte.
        place: Place,
        /// What was found, e.g. `a NUL byte at byte 17`.
        what: String,
    },
    /// Nothing in the file: no atoms.
    #[error("{file}: the file holds no atoms; {hint}")]
    Empty {
        /// File name.
        file: String,
        /// What the format expects.
        hint: String,
    },
    /// The file declares more atoms than multiscope takes ([`super::MAX_ATOMS`]); refused before
    /// anything is allocated.
    #[error(
        "{place}: the file declares {declared} atoms, more than the {limit} a nanoparticle may have; correct the count or cut the structure down to the particle"
    )]
    TooManyAtoms {
        /// File and the line of the count.
        place: Place,
        /// The count declared (as written, it may exceed every integer type).
        declared: String,
        /// The limit.
        limit: usize,
    },
    /// The file ends before the atoms it declares.
    #[error(
        "{place}: the file ends after {found} of the {declared} atoms it declares; it is truncated: complete it, or correct the count"
    )]
    Truncated {
        /// File and the line where more was expected.
        place: Place,
        /// Atoms declared.
        declared: usize,
        /// Atoms found.
        found: usize,
    },
    /// A line that does not read as its format says it should.
    #[error("{place}: {message}")]
    Syntax {
        /// File and line.
        place: Place,
        /// What is wrong and what was expected.
        message: String,
    },
    /// An element symbol that is not in the table (H … Lr).
    #[error("{place}: `{text}` is not an element symbol multiscope knows (H … Lr){}", suggestion_text(.suggestion))]
    UnknownElement {
        /// File and line.
        place: Place,
        /// The symbol as written.
        text: String,
        /// A known symbol it was probably meant to be.
        suggestion: Option<String>,
    },
    /// A coordinate that is NaN or infinite.
    #[error(
        "{place}: atom {atom} has a coordinate that is not a finite number ({value}); give x, y and z in Å"
    )]
    NotFinite {
        /// File and line.
        place: Place,
        /// The atom, as the file names it.
        atom: String,
        /// The value written.
        value: String,
    },
    /// A coordinate beyond [`super::MAX_COORDINATE`] Å.
    #[error(
        "{place}: atom {atom} lies {distance} Å from the origin, beyond the {limit} Å any nanoparticle's atom may; coordinates are in Å: check their unit"
    )]
    FarAway {
        /// File and line.
        place: Place,
        /// The atom, as the file names it.
        atom: String,
        /// Its largest coordinate's magnitude [Å].
        distance: String,
        /// The limit [Å].
        limit: f64,
    },
    /// Two atoms closer than [`super::MIN_DISTANCE`] Å: a duplicated atom, overlapping alternate
    /// locations, or coordinates in the wrong unit.
    #[error(
        "{file}: atoms {first} and {second} are {distance} Å apart, closer than the {limit} Å any two atoms may be; remove the duplicate, or check that the coordinates are in Å"
    )]
    TooClose {
        /// File name.
        file: String,
        /// The first atom: its index, symbol and line.
        first: String,
        /// The second atom.
        second: String,
        /// Their distance [Å].
        distance: String,
        /// The limit [Å].
        limit: f64,
    },
    /// An mmCIF file that pdbtbx refused.
    #[error("{place}: not a readable mmCIF file: {message}")]
    Mmcif {
        /// File and the line pdbtbx named, if any.
        place: Place,
        /// pdbtbx's description.
        message: String,
    },
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => "; write the element's symbol, e.g. C, Au or Cl".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_the_place() {
        let e = StructureError::UnknownElement {
            place: Place::line("a.xyz", 3),
            text: "Xx".into(),
            suggestion: None,
        };
        assert!(e.to_string().starts_with("a.xyz:3: `Xx`"), "{e}");
        let e = StructureError::UnknownElement {
            place: Place::file("a.cif"),
            text: "C1".into(),
            suggestion: Some("C".into()),
        };
        assert!(e.to_string().ends_with("did you mean `C`?"), "{e}");
    }
}
