//! XYZ files, plain and extended.
//!
//! Line 1: the atom count. Line 2: a comment; in extended XYZ it carries `key=value` pairs, of
//! which `Properties=` says where the element (`species:S:1`) and the position (`pos:R:3`) are
//! among the columns (`Lattice=` and the rest are tolerated and ignored). Then one line per
//! atom: an element (symbol in any case, or atomic number) and x y z in Å (plain XYZ; extra
//! columns are ignored). Of a file with several frames the first is read.

use super::error::{Place, StructureError};
use super::value::{Atom, Structure};
use super::{atom_count, coordinate, element_at};

/// Where the element and the position are among an atom line's columns.
struct Columns {
    species: usize,
    pos: usize,
}

pub(super) fn read(text: &str, file: &str) -> Result<Structure, StructureError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    // Blank lines before the count are tolerated.
    let (count_line, count_text) = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or_else(|| StructureError::Empty {
            file: file.into(),
            hint: "an XYZ file starts with the number of atoms".into(),
        })?;
    let count_place = Place::line(file, count_line);
    let first_word = count_text.split_whitespace().next().unwrap_or("");
    let declared = atom_count(
        first_word,
        &count_place,
        "an XYZ file starts with the number of atoms on a line of its own",
    )?;
    if declared == 0 {
        return Err(StructureError::Empty {
            file: file.into(),
            hint: format!("line {count_line} declares 0 atoms; give the count and the atoms"),
        });
    }
    let truncated = |line: usize, found: usize| StructureError::Truncated {
        place: Place::line(file, line),
        declared,
        found,
    };
    let (comment_line, comment) = lines.next().ok_or_else(|| truncated(count_line + 1, 0))?;
    let columns = properties(comment, &Place::line(file, comment_line))?;
    let mut notes = Vec::new();
    if columns.species != 0 || columns.pos != 1 {
        notes.push(format!(
            "extended XYZ: element in column {}, x y z in columns {}–{} (Properties= on line {comment_line})",
            columns.species + 1,
            columns.pos + 1,
            columns.pos + 3
        ));
    }
    let needed = columns.species.max(columns.pos + 2) + 1;
    // Each atom line takes at least 8 bytes ("C 0 0 0\n"): no more atoms than that can follow.
    let mut atoms = Vec::with_capacity(declared.min(text.len() / 8 + 1));
    let mut last = comment_line;
    for found in 0..declared {
        let (n, line) = lines.next().ok_or_else(|| truncated(last + 1, found))?;
        last = n;
        let place = Place::line(file, n);
        let words: Vec<&str> = line.split_whitespace().take(needed).collect();
        if words.len() < needed {
            return Err(if words.is_empty() {
                truncated(n, found)
            } else {
                StructureError::Syntax {
                    place,
                    message: format!(
                        "expected an element and x y z in Å, found `{}`; atom {} of the {declared} declared on line {count_line}",
                        line.trim().chars().take(60).collect::<String>(),
                        found + 1
                    ),
                }
            });
        }
        let element = element_at(words[columns.species], place.clone())?;
        let mut position = [0.0; 3];
        for (a, axis) in ["x", "y", "z"].iter().enumerate() {
            position[a] = coordinate(words[columns.pos + a], axis, &place)?;
        }
        atoms.push(Atom {
            element,
            position,
            line: Some(n),
            label: format!("{} (atom {})", element.symbol, found + 1),
        });
    }
    // What follows: nothing, blank lines, or more frames.
    if let Some((n, l)) = lines.find(|(_, l)| !l.trim().is_empty()) {
        let word = l.split_whitespace().next().unwrap_or("");
        if word.bytes().all(|b| b.is_ascii_digit()) && l.split_whitespace().count() == 1 {
            notes.push(format!(
                "more frames follow from line {n}; the first is read"
            ));
        } else {
            return Err(StructureError::Syntax {
                place: Place::line(file, n),
                message: format!(
                    "more atom lines than the {declared} declared on line {count_line}; correct the count"
                ),
            });
        }
    }
    Structure::from_atoms(file, atoms, notes)
}

/// The columns of the element and the position, from an extended XYZ comment's `Properties=`
/// (`species:S:1:pos:R:3:…`); element first and x y z next without one.
fn properties(comment: &str, place: &Place) -> Result<Columns, StructureError> {
    let Some(start) = comment.find("Properties=") else {
        return Ok(Columns { species: 0, pos: 1 });
    };
    let value = comment[start + "Properties=".len()..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches('"');
    let fields: Vec<&str> = value.split(':').collect();
    let bad = |why: String| StructureError::Syntax {
        place: place.clone(),
        message: format!(
            "`Properties={value}` {why}; extended XYZ needs `Properties=species:S:1:pos:R:3` (name:type:columns triples)"
        ),
    };
    if !fields.len().is_multiple_of(3) {
        return Err(bad("is not a list of name:type:columns triples".into()));
    }
    let (mut column, mut species, mut pos) = (0usize, None, None);
    for t in fields.chunks(3) {
        let width: usize = t[2]
            .parse()
            .ok()
            .filter(|&w| w > 0 && w <= 1000)
            .ok_or_else(|| bad(format!("gives `{}` columns for `{}`", t[2], t[0])))?;
        match t[0].to_ascii_lowercase().as_str() {
            "species" | "element" | "symbol" if species.is_none() => species = Some(column),
            "pos" | "positions" if pos.is_none() && width == 3 => pos = Some(column),
            _ => {}
        }
        column += width;
    }
    match (species, pos) {
        (Some(species), Some(pos)) => Ok(Columns { species, pos }),
        (None, _) => Err(bad("has no `species` column".into())),
        (_, None) => Err(bad("has no three-column `pos`".into())),
    }
}

#[cfg(test)]
mod tests {
    use crate::structure::{Format, parse};

    #[test]
    fn plain_xyz_reads_symbols_in_any_case_and_numbers() {
        let s = parse(
            "3\nwater and a chloride\nO 0 0 0\nh 0.9572 0 0\nCL 0 3 0\n",
            Format::Xyz,
            "w.xyz",
        )
        .unwrap();
        assert_eq!(s.formula(), "ClHO");
        let s = parse("1\n\n79 1 2 3 extra columns\n", Format::Xyz, "g.xyz").unwrap();
        assert_eq!(s.elements()[0].symbol, "Au");
        assert_eq!(s.positions()[0], [1.0, 2.0, 3.0]);
    }

    #[test]
    fn extended_xyz_follows_properties() {
        let text = "2\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=id:I:1:species:S:1:pos:R:3:forces:R:3 pbc=\"T T T\"\n\
                    1 C 0 0 0 9 9 9\n2 O 1.2 0 0 9 9 9\n";
        let s = parse(text, Format::Xyz, "e.xyz").unwrap();
        assert_eq!(s.positions()[1], [1.2, 0.0, 0.0]);
        assert_eq!(s.formula(), "CO");
        assert!(s.notes()[0].contains("column 2"), "{:?}", s.notes());
        let e = parse("1\nProperties=pos:R:3\n0 0 0\n", Format::Xyz, "e.xyz").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("e.xyz:2: `Properties=pos:R:3` has no `species`"),
            "{e}"
        );
    }

    #[test]
    fn bad_files_name_the_line() {
        let cases = [
            (
                "3\nc\nC 0 0 0\nC 2 0 0\n",
                "t.xyz:5: the file ends after 2 of the 3 atoms",
            ),
            ("x\nc\n", "t.xyz:1: `x` is not an atom count"),
            (
                "1000000000000\nc\nC 0 0 0\n",
                "t.xyz:1: the file declares 1000000000000 atoms",
            ),
            (
                "1\nc\nC 0 nan 0\n",
                "t.xyz:3: atom C (atom 1) has a coordinate that is not a finite",
            ),
            (
                "1\nc\nC 0 1e999 0\n",
                "t.xyz:3: atom C (atom 1) has a coordinate that is not a finite",
            ),
            (
                "1\nc\nC 0 zero 0\n",
                "t.xyz:3: `zero` is not a number; y must be",
            ),
            ("1\nc\nXq 0 0 0\n", "t.xyz:3: `Xq` is not an element symbol"),
            ("1\nc\nC1 0 0 0\n", "did you mean `C`?"),
            ("1\nc\nC 0 0\n", "t.xyz:3: expected an element and x y z"),
            (
                "1\nc\nC 0 0 0\nC 1 0 0\n",
                "t.xyz:4: more atom lines than the 1 declared",
            ),
            (
                "2\nc\nC 0 0 0\nC 0.2 0 0\n",
                "atoms 1 (C (atom 1), line 3) and 2 (C (atom 2), line 4) are 0.200 Å apart",
            ),
            ("0\nc\n", "t.xyz: the file holds no atoms"),
        ];
        for (text, want) in cases {
            let e = parse(text, Format::Xyz, "t.xyz").unwrap_err().to_string();
            assert!(e.contains(want), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_first_of_several_frames_is_read() {
        let s = parse("1\na\nC 0 0 0\n1\nb\nC 5 0 0\n", Format::Xyz, "m.xyz").unwrap();
        assert_eq!(s.len(), 1);
        assert!(s.notes()[0].contains("more frames"), "{:?}", s.notes());
    }
}
