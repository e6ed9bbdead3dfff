//! PDB files: the fixed-column `ATOM` and `HETATM` records of the first model.
//!
//! Columns (1-based, as the PDB format defines them): atom name 13–16, alternate location 17,
//! residue name 18–20, chain 22, residue number 23–26, x 31–38, y 39–46, z 47–54 (Å), element
//! 77–78. Where the element columns are blank the element comes from the atom name: by the
//! format's convention a one-letter element starts in column 14 (` CA ` is a carbon) and a
//! two-letter one in column 13 (`CA  ` is calcium). Of atoms with alternate locations only the
//! first location in the file is kept (the others would overlap it). Reading stops at the first
//! `ENDMDL` or `END`. Every other record is ignored.

use super::error::{Place, StructureError};
use super::value::{Atom, Structure};
use super::{MAX_ATOMS, coordinate, element_at, elements};

pub(super) fn read(text: &str, file: &str) -> Result<Structure, StructureError> {
    let mut atoms = Vec::new();
    let mut notes = Vec::new();
    let mut first_altloc: Option<char> = None;
    let mut skipped_altloc = 0usize;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let record = line.get(..6).unwrap_or(line).trim_end();
        if record == "ENDMDL" || record == "END" {
            if text
                .lines()
                .skip(n)
                .any(|l| l.starts_with("ATOM") || l.starts_with("HETATM"))
            {
                notes.push(format!("the first model is read; it ends on line {n}"));
            }
            break;
        }
        if record != "ATOM" && record != "HETATM" {
            continue;
        }
        let place = Place::line(file, n);
        let field = |from: usize, to: usize, what: &str| {
            line.get(from - 1..to).ok_or_else(|| StructureError::Syntax {
                place: place.clone(),
                message: format!(
                    "the {record} record has no {what} in columns {from}–{to} (a line of {} characters); PDB records are fixed columns: x 31–38, y 39–46, z 47–54",
                    line.chars().count()
                ),
            })
        };
        let altloc = line
            .get(16..17)
            .and_then(|s| s.chars().next())
            .unwrap_or(' ');
        if altloc != ' ' {
            match first_altloc {
                None => first_altloc = Some(altloc),
                Some(a) if a != altloc => {
                    skipped_altloc += 1;
                    continue;
                }
                _ => {}
            }
        }
        let name = field(13, 16, "atom name")?;
        let mut position = [0.0; 3];
        for (a, (axis, from)) in [("x", 31), ("y", 39), ("z", 47)].into_iter().enumerate() {
            let text = field(from, from + 7, axis)?;
            position[a] = coordinate(
                text,
                &format!("{axis} (columns {from}–{})", from + 7),
                &place,
            )?;
        }
        let symbol = line
            .get(76..)
            .map(|s| s.get(..2).unwrap_or(s))
            .unwrap_or("")
            .trim();
        let element = if symbol.is_empty() {
            element_from_name(name, &place)?
        } else if symbol.bytes().all(|b| b.is_ascii_alphabetic()) {
            element_at(symbol, place.clone())?
        } else {
            return Err(StructureError::UnknownElement {
                place,
                text: symbol.into(),
                suggestion: elements::suggest(symbol).map(|e| e.symbol.to_string()),
            });
        };
        if atoms.len() == MAX_ATOMS {
            return Err(StructureError::TooManyAtoms {
                place,
                declared: format!("more than {MAX_ATOMS}"),
                limit: MAX_ATOMS,
            });
        }
        let residue = line
            .get(17..26)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>();
        atoms.push(Atom {
            element,
            position,
            line: Some(n),
            label: format!("{} {}", name.trim(), residue.join(" "))
                .trim()
                .to_string(),
        });
    }
    if atoms.is_empty() {
        return Err(StructureError::Empty {
            file: file.into(),
            hint: "a PDB file lists its atoms in ATOM or HETATM records".into(),
        });
    }
    if skipped_altloc > 0 {
        notes.push(format!(
            "alternate locations skipped: {skipped_altloc} atoms at locations other than `{}`",
            first_altloc.unwrap_or(' ')
        ));
    }
    Structure::from_atoms(file, atoms, notes)
}

/// The element of a PDB atom name (columns 13–16) when the element columns are blank: two
/// letters from column 13 when it is a letter and they make a symbol, else the first letter.
fn element_from_name(
    name: &str,
    place: &Place,
) -> Result<&'static elements::Element, StructureError> {
    let chars: Vec<char> = name.chars().collect();
    let unknown = || StructureError::UnknownElement {
        place: place.clone(),
        text: name.trim().into(),
        suggestion: elements::suggest(name).map(|e| e.symbol.to_string()),
    };
    if chars.first().is_some_and(|c| c.is_ascii_alphabetic()) {
        let two: String = chars.iter().take(2).collect();
        if two.chars().all(|c| c.is_ascii_alphabetic())
            && let Some(e) = elements::by_symbol(&two)
        {
            return Ok(e);
        }
    }
    let first = chars
        .iter()
        .find(|c| c.is_ascii_alphabetic())
        .ok_or_else(unknown)?;
    elements::by_symbol(&first.to_string()).ok_or_else(unknown)
}

#[cfg(test)]
mod tests {
    use crate::structure::{Format, parse};

    const GLY: &str = "\
HEADER    TEST
ATOM      1  N   GLY A   1      -0.966   0.493   1.500  1.00  0.00           N
ATOM      2  CA  GLY A   1       0.257   0.418   0.692  1.00  0.00           C
ATOM      3  C   GLY A   1      -0.094   0.017  -0.716  1.00  0.00           C
HETATM    4 CA    CA A   2       5.000   5.000   5.000  1.00  0.00          CA
HETATM    5 FE   HEM A   3       9.000   5.000   5.000  1.00  0.00
END
";

    #[test]
    fn atom_and_hetatm_records_with_their_elements() {
        let s = parse(GLY, Format::Pdb, "g.pdb").unwrap();
        let symbols: Vec<_> = s.elements().iter().map(|e| e.symbol).collect();
        assert_eq!(symbols, ["N", "C", "C", "Ca", "Fe"]);
        assert_eq!(s.positions()[2], [-0.094, 0.017, -0.716]);
    }

    #[test]
    fn alternate_locations_keep_the_first() {
        let text = "\
ATOM      1  CA AGLY A   1       0.000   0.000   0.000  0.50  0.00           C
ATOM      2  CA BGLY A   1       0.100   0.000   0.000  0.50  0.00           C
ATOM      3  N   GLY A   1       1.400   0.000   0.000  1.00  0.00           N
";
        let s = parse(text, Format::Pdb, "a.pdb").unwrap();
        assert_eq!(s.len(), 2);
        assert!(s.notes()[0].contains("alternate"), "{:?}", s.notes());
    }

    #[test]
    fn only_the_first_model_is_read() {
        let text = "\
MODEL        1
ATOM      1  C   UNK A   1       0.000   0.000   0.000  1.00  0.00           C
ENDMDL
MODEL        2
ATOM      1  C   UNK A   1       0.000   0.000   0.000  1.00  0.00           C
ENDMDL
";
        let s = parse(text, Format::Pdb, "m.pdb").unwrap();
        assert_eq!(s.len(), 1);
        assert!(s.notes()[0].contains("first model"));
    }

    #[test]
    fn bad_records_name_the_line_and_columns() {
        let cases = [
            (
                "ATOM      1  C   UNK A   1       0.000   0.0\n",
                "b.pdb:1: the ATOM record has no y in columns 39–46",
            ),
            (
                "ATOM      1  C   UNK A   1       0.000   abcde   0.000  1.00  0.00           C\n",
                "b.pdb:1: `abcde` is not a number; y (columns 39–46)",
            ),
            (
                "ATOM      1  C   UNK A   1       0.000     nan   0.000  1.00  0.00           C\n",
                "b.pdb:1: atom C UNK A 1 has a coordinate that is not a finite number",
            ),
            (
                "ATOM      1  C   UNK A   1       0.000   0.000   0.000  1.00  0.00          Qq\n",
                "b.pdb:1: `Qq` is not an element symbol",
            ),
            ("REMARK nothing here\n", "b.pdb: the file holds no atoms"),
        ];
        for (text, want) in cases {
            let e = parse(text, Format::Pdb, "b.pdb").unwrap_err().to_string();
            assert!(e.contains(want), "{text:?}: {e}");
        }
    }
}
