//! mmCIF (PDBx) files, read with the pdbtbx crate (no parser of multiscope's own).
//!
//! The `_atom_site` loop of the first model: the element from `type_symbol` (from the atom name
//! when pdbtbx found none), positions from `Cartn_x/y/z` in Å. Of atoms with alternate locations
//! only the first location of each residue is kept. pdbtbx is read at its loose strictness:
//! warnings pass, breaking errors are reported with the line pdbtbx names.

use std::io::BufReader;

use pdbtbx::{Context, ErrorLevel, Format, PDBError, ReadOptions, StrictnessLevel};

use super::error::{Place, StructureError};
use super::value::{Atom, Structure};
use super::{MAX_ATOMS, element_at};

pub(super) fn read(text: &str, file: &str) -> Result<Structure, StructureError> {
    let mut options = ReadOptions::new();
    options
        .set_format(Format::Mmcif)
        .set_level(StrictnessLevel::Loose)
        .set_only_first_model(true);
    let (pdb, _warnings) = quietly(|| options.read_raw(BufReader::new(text.as_bytes())))
        .map_err(|why| StructureError::Mmcif {
            place: Place::file(file),
            message: format!(
                "pdbtbx stopped on a malformed value ({why}); check the `_atom_site` loop: every atom needs type_symbol, label_atom_id, id and Cartn_x/y/z"
            ),
        })?
        .map_err(|errors| convert(file, &errors))?;
    // pdbtbx gives each alternate location of a residue as a conformer that also holds the atoms
    // without one: keep the residue's first alternate location, then restore the file's order
    // (atom ids) and keep each id once.
    let mut kept: Vec<(usize, Atom)> = Vec::new();
    let mut others: Vec<usize> = Vec::new();
    for chain in pdb.chains() {
        for residue in chain.residues() {
            let mut first_alt: Option<&str> = None;
            for conformer in residue.conformers() {
                let skip = match (conformer.alternative_location(), first_alt) {
                    (Some(alt), None) => {
                        first_alt = Some(alt);
                        false
                    }
                    (Some(alt), Some(first)) => alt != first,
                    (None, _) => false,
                };
                for atom in conformer.atoms() {
                    if skip {
                        others.push(atom.serial_number());
                        continue;
                    }
                    if kept.len() == MAX_ATOMS {
                        return Err(StructureError::TooManyAtoms {
                            place: Place::file(file),
                            declared: format!("more than {MAX_ATOMS}"),
                            limit: MAX_ATOMS,
                        });
                    }
                    let label = format!(
                        "{} {} {} {} (id {})",
                        atom.name(),
                        conformer.name(),
                        chain.id(),
                        residue.serial_number(),
                        atom.serial_number()
                    );
                    let symbol = atom.element().map_or(atom.name(), |e| e.symbol());
                    let element = element_at(symbol, Place::file(file))?;
                    let (x, y, z) = atom.pos();
                    kept.push((
                        atom.serial_number(),
                        Atom {
                            element,
                            position: [x, y, z],
                            line: None,
                            label,
                        },
                    ));
                }
            }
        }
    }
    kept.sort_by_key(|(id, _)| *id);
    kept.dedup_by_key(|(id, _)| *id);
    others.sort_unstable();
    others.dedup();
    let skipped = others
        .iter()
        .filter(|id| kept.binary_search_by_key(id, |(k, _)| k).is_err())
        .count();
    let atoms: Vec<Atom> = kept.into_iter().map(|(_, a)| a).collect();
    if atoms.is_empty() {
        return Err(StructureError::Empty {
            file: file.into(),
            hint: "an mmCIF file lists its atoms in the `_atom_site` loop".into(),
        });
    }
    let mut notes = vec!["mmCIF read with pdbtbx: `_atom_site` of the first model".to_string()];
    if skipped > 0 {
        notes.push(format!(
            "alternate locations skipped: {skipped} atoms beyond the first location of their residue"
        ));
    }
    Structure::from_atoms(file, atoms, notes)
}

/// `f`'s value, or the message of its panic: pdbtbx 0.12 panics on some malformed files (a
/// `loop_` without tags, a required `_atom_site` value given as `?`) where it should return an
/// error. The panic is caught (multiscope builds with unwinding) and its message kept off the
/// terminal: a filter on the panic hook, installed once and delegating every other panic to the
/// hook before it, stays quiet on this thread while `f` runs.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    use std::cell::Cell;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::Once;
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static FILTER: Once = Once::new();
    FILTER.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".into())
            .chars()
            .take(200)
            .collect()
    })
}

/// The first breaking error among pdbtbx's `errors` (or the first of all), with its line.
fn convert(file: &str, errors: &[PDBError]) -> StructureError {
    let e = errors
        .iter()
        .find(|e| e.level() == ErrorLevel::BreakingError)
        .or(errors.first());
    let Some(e) = e else {
        return StructureError::Mmcif {
            place: Place::file(file),
            message: "pdbtbx refused it without saying why".into(),
        };
    };
    if e.short_description() == "No Atoms" {
        return StructureError::Empty {
            file: file.into(),
            hint: "an mmCIF file lists its atoms in the `_atom_site` loop".into(),
        };
    }
    let place = match line_of(e.context()) {
        Some(line) => Place::line(file, line),
        None => Place::file(file),
    };
    let long = e.long_description().trim();
    let message = if long.is_empty() || long == e.short_description() {
        e.short_description().to_string()
    } else {
        format!("{}: {long}", e.short_description())
    };
    StructureError::Mmcif {
        place,
        message: message.chars().take(400).collect(),
    }
}

/// The line number of pdbtbx's error context, where it has one.
fn line_of(context: &Context) -> Option<usize> {
    match context {
        Context::FullLine { linenumber, .. } | Context::Line { linenumber, .. } => {
            Some(*linenumber)
        }
        Context::Range {
            start_linenumber, ..
        }
        | Context::RangeHighlights {
            start_linenumber, ..
        } => Some(*start_linenumber),
        Context::Multiple { contexts } => contexts.iter().find_map(|(_, c)| line_of(c)),
        Context::None | Context::Show { .. } => None,
    }
}
