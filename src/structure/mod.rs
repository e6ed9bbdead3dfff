//! A nanoparticle's structure read from a file: XYZ (plain and extended), PDB, mmCIF and LAMMPS
//! data, each into one checked [`Structure`] (elements and positions in Å) with the quantities a
//! rigid body needs and their conversion to reduced units.
//!
//! A leaf of the program: it knows nothing of the engine or of scenes; the scene layer turns a
//! [`Structure`] into a nanoparticle. [`read`] picks the format by the file's extension
//! ([`Format::from_path`]), [`parse`] reads text already in memory, [`parse_bytes`] bytes (which
//! it checks are text first).
//!
//! Every reader is bounded: the file is refused above [`MAX_FILE_BYTES`] before it is read, a
//! declared atom count above [`MAX_ATOMS`] before anything is allocated, and the checks of
//! [`Structure::from_atoms`] run in time linear in the atoms. Bad input gives a
//! [`StructureError`], never a panic.

pub mod elements;
mod error;
pub mod geometry;
mod lammps_data;
mod mmcif;
mod pdb;
mod value;
mod write;
mod xyz;

use std::io::Read;
use std::path::Path;

pub use elements::Element;
pub use error::{Place, StructureError};
pub use value::{Atom, Host, PrincipalMoments, Rotor, Structure};
pub use write::{to_pdb, to_xyz};

/// The largest structure file read [bytes]: 256 MiB, a PDB file of about three million atoms,
/// far beyond any nanoparticle an MD box here can hold.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// The most atoms a structure may have: one million. A declared count above it is refused before
/// anything is allocated.
pub const MAX_ATOMS: usize = 1_000_000;

/// The largest coordinate magnitude accepted [Å]: 10⁵ Å = 10 µm, a hundred times the largest
/// virus capsid. Beyond it the coordinates are in another unit, or nonsense.
pub const MAX_COORDINATE: f64 = 1e5;

/// The closest two atoms may be [Å]: 0.5 Å, below every chemical bond (H₂'s is 0.74 Å). Closer
/// atoms are a duplicate, overlapping alternate locations, or coordinates in the wrong unit.
pub const MIN_DISTANCE: f64 = 0.5;

/// The file formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// XYZ, plain or extended (`.xyz`): a count line, a comment line, then `symbol x y z` lines.
    Xyz,
    /// PDB (`.pdb`, `.ent`): the fixed-column `ATOM` and `HETATM` records of the first model.
    Pdb,
    /// mmCIF / PDBx (`.cif`, `.mmcif`), read with the pdbtbx crate.
    Mmcif,
    /// LAMMPS data (`.data`, `.lmp`): the `Masses` and `Atoms` sections, in Å (units real or
    /// metal).
    LammpsData,
}

impl Format {
    /// The format `path`'s extension names, ignoring case; [`StructureError::UnknownFormat`]
    /// otherwise.
    pub fn from_path(path: &Path) -> Result<Self, StructureError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "xyz" => Ok(Format::Xyz),
            "pdb" | "ent" => Ok(Format::Pdb),
            "cif" | "mmcif" => Ok(Format::Mmcif),
            "data" | "lmp" => Ok(Format::LammpsData),
            _ => Err(StructureError::UnknownFormat {
                file: path.display().to_string(),
                extension: if extension.is_empty() {
                    "(no extension)".into()
                } else {
                    format!(".{extension}")
                },
            }),
        }
    }

    /// The format's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xyz => "XYZ",
            Format::Pdb => "PDB",
            Format::Mmcif => "mmCIF",
            Format::LammpsData => "LAMMPS data",
        }
    }
}

/// Reads the structure in `path`, its format chosen by the extension.
pub fn read(path: &Path) -> Result<Structure, StructureError> {
    let file = path.display().to_string();
    let format = Format::from_path(path)?;
    let io = |e: std::io::Error| StructureError::Io {
        file: file.clone(),
        message: e.to_string(),
    };
    let handle = std::fs::File::open(path).map_err(io)?;
    let meta = handle.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(StructureError::Io {
            file,
            message: "it is a folder, not a file".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(StructureError::FileTooLarge {
            file,
            bytes: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` bounds the read even if the file grows while it is read.
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(StructureError::FileTooLarge {
            file,
            bytes: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    parse_bytes(&bytes, format, &file)
}

/// Reads a structure of `format` from `bytes`, refusing what is not text (a NUL byte, invalid
/// UTF-8) with the line of the first bad byte; `file` names it in messages.
pub fn parse_bytes(bytes: &[u8], format: Format, file: &str) -> Result<Structure, StructureError> {
    let line_of = |offset: usize| 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
    if let Some(k) = bytes.iter().position(|&b| b == 0) {
        return Err(StructureError::Binary {
            place: Place::line(file, line_of(k)),
            what: format!("a NUL byte at byte {}", k + 1),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let k = e.valid_up_to();
        StructureError::Binary {
            place: Place::line(file, line_of(k)),
            what: format!("bytes that are not UTF-8 at byte {}", k + 1),
        }
    })?;
    parse(text, format, file)
}

/// Reads a structure of `format` from `text`; `file` names it in messages.
pub fn parse(text: &str, format: Format, file: &str) -> Result<Structure, StructureError> {
    if text.trim().is_empty() {
        return Err(StructureError::Empty {
            file: file.into(),
            hint: format!("it is empty; a {} file lists atoms", format.name()),
        });
    }
    match format {
        Format::Xyz => xyz::read(text, file),
        Format::Pdb => pdb::read(text, file),
        Format::Mmcif => mmcif::read(text, file),
        Format::LammpsData => lammps_data::read(text, file),
    }
}

/// The element `text` names (a symbol in any case, or an atomic number), or
/// [`StructureError::UnknownElement`] at `place` with a suggestion.
pub(crate) fn element_at(text: &str, place: Place) -> Result<&'static Element, StructureError> {
    elements::parse(text).ok_or_else(|| StructureError::UnknownElement {
        place,
        text: text.chars().take(40).collect(),
        suggestion: elements::suggest(text).map(|e| e.symbol.to_string()),
    })
}

/// A coordinate [Å] from `text`, or a syntax error at `place` naming `what` (`x`, `y`, `z`).
/// NaN and infinities parse, and are refused by the structure's checks with the atom named.
pub(crate) fn coordinate(text: &str, what: &str, place: &Place) -> Result<f64, StructureError> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| StructureError::Syntax {
            place: place.clone(),
            message: format!(
                "`{}` is not a number; {what} must be a coordinate in Å",
                text.trim().chars().take(40).collect::<String>()
            ),
        })
}

/// A declared atom count from `text` at `place`: refuses what is not a whole number and, before
/// anything is allocated, a count above [`MAX_ATOMS`] (also one that overflows every integer).
pub(crate) fn atom_count(
    text: &str,
    place: &Place,
    expected: &str,
) -> Result<usize, StructureError> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return match t.parse::<usize>() {
            Ok(n) if n <= MAX_ATOMS => Ok(n),
            _ => Err(StructureError::TooManyAtoms {
                place: place.clone(),
                declared: t.chars().take(40).collect(),
                limit: MAX_ATOMS,
            }),
        };
    }
    Err(StructureError::Syntax {
        place: place.clone(),
        message: format!(
            "`{}` is not an atom count; {expected}",
            t.chars().take(40).collect::<String>()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_choose_the_format_ignoring_case() {
        for (name, f) in [
            ("a.xyz", Format::Xyz),
            ("A.XYZ", Format::Xyz),
            ("b.pdb", Format::Pdb),
            ("b.Ent", Format::Pdb),
            ("c.cif", Format::Mmcif),
            ("c.MMCIF", Format::Mmcif),
            ("d.data", Format::LammpsData),
            ("d.lmp", Format::LammpsData),
        ] {
            assert_eq!(Format::from_path(Path::new(name)).unwrap(), f, "{name}");
        }
        let e = Format::from_path(Path::new("x.mol2"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x.mol2: `.mol2` is not a structure format"),
            "{e}"
        );
        let e = Format::from_path(Path::new("noext"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("(no extension)"), "{e}");
    }

    #[test]
    fn binary_and_empty_input_is_refused() {
        let e = parse_bytes(b"1\n\0x\n", Format::Xyz, "f.xyz").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.xyz:2: the file is not text (a NUL"),
            "{e}"
        );
        let e = parse_bytes(b"1\ncomment\n\xff\xfe", Format::Xyz, "f.xyz").unwrap_err();
        assert!(
            e.to_string().starts_with("f.xyz:3: the file is not text"),
            "{e}"
        );
        let e = parse_bytes(b"  \n\n", Format::Pdb, "f.pdb").unwrap_err();
        assert!(matches!(e, StructureError::Empty { .. }), "{e}");
    }

    #[test]
    fn counts_are_bounded_before_allocation() {
        let p = Place::line("f", 1);
        assert_eq!(atom_count("12", &p, "").unwrap(), 12);
        for huge in ["1000000000000", "99999999999999999999999999999"] {
            let e = atom_count(huge, &p, "").unwrap_err();
            assert!(matches!(e, StructureError::TooManyAtoms { .. }), "{e}");
        }
        assert!(matches!(
            atom_count("-3", &p, "x").unwrap_err(),
            StructureError::Syntax { .. }
        ));
    }

    #[test]
    fn a_missing_file_and_a_folder_are_named() {
        let e = read(Path::new("/nonexistent/x.xyz"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/nonexistent/x.xyz: cannot read"), "{e}");
        let dir = std::env::temp_dir().join(format!("multiscope-dir-{}.xyz", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let e = read(&dir).unwrap_err().to_string();
        let _ = std::fs::remove_dir(&dir);
        assert!(e.contains("cannot read"), "{e}");
    }
}
