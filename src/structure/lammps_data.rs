//! LAMMPS data files: the header's `N atoms` and box, the `Masses` and `Atoms` sections.
//!
//! Coordinates are taken as Å (LAMMPS `units real` or `metal`). Each atom type's element is the
//! symbol in a comment after its mass (`1 12.011 # C`) or, without one, the element whose
//! standard atomic weight is within 0.1 u of the mass (refused when none or several are). The
//! atom style is the comment after `Atoms` (`Atoms # full`); without one it is inferred from the
//! column count where that is unambiguous (5 atomic, 7 full; three more with image flags).
//! Image flags, where present, unwrap the positions with the header's box (tilts included).
//! Atoms are put in order of their id. Other sections are skipped.

use std::collections::BTreeMap;

use super::elements::{self, Element};
use super::error::{Place, StructureError};
use super::value::{Atom, Structure};
use super::{atom_count, coordinate, element_at};

/// Sections a data file may have; a line holding one of these names alone starts it.
const SECTIONS: &[&str] = &[
    "Atoms",
    "Velocities",
    "Masses",
    "Ellipsoids",
    "Lines",
    "Triangles",
    "Bodies",
    "Bonds",
    "Angles",
    "Dihedrals",
    "Impropers",
    "Pair Coeffs",
    "PairIJ Coeffs",
    "Bond Coeffs",
    "Angle Coeffs",
    "Dihedral Coeffs",
    "Improper Coeffs",
    "BondBond Coeffs",
    "BondAngle Coeffs",
    "MiddleBondTorsion Coeffs",
    "EndBondTorsion Coeffs",
    "AngleTorsion Coeffs",
    "AngleAngleTorsion Coeffs",
    "BondBond13 Coeffs",
    "AngleAngle Coeffs",
];

/// Where `id`, `type` and `x` are in an atom line, and how many columns it has without image
/// flags.
#[derive(Clone, Copy)]
struct Style {
    /// The style's name after `Atoms #`.
    name: &'static str,
    /// Column (0-based) of the atom type.
    type_col: usize,
    /// Column (0-based) of x; y and z follow.
    x_col: usize,
    /// Columns without image flags.
    columns: usize,
}

/// The atom styles read.
const STYLES: &[Style] = &[
    Style {
        name: "atomic",
        type_col: 1,
        x_col: 2,
        columns: 5,
    },
    Style {
        name: "charge",
        type_col: 1,
        x_col: 3,
        columns: 6,
    },
    Style {
        name: "bond",
        type_col: 2,
        x_col: 3,
        columns: 6,
    },
    Style {
        name: "angle",
        type_col: 2,
        x_col: 3,
        columns: 6,
    },
    Style {
        name: "molecular",
        type_col: 2,
        x_col: 3,
        columns: 6,
    },
    Style {
        name: "full",
        type_col: 2,
        x_col: 4,
        columns: 7,
    },
];

/// One line of the Atoms section, before its type is mapped to an element.
struct RawAtom {
    /// Atom id.
    id: u64,
    /// Atom type.
    kind: u64,
    /// Position as written [Å].
    position: [f64; 3],
    /// Image flags (periodic images crossed), zero without them.
    image: [i64; 3],
    /// Line (1-based).
    line: usize,
}

pub(super) fn read(text: &str, file: &str) -> Result<Structure, StructureError> {
    let syntax = |line: usize, message: String| StructureError::Syntax {
        place: Place::line(file, line),
        message,
    };
    let mut declared: Option<(usize, usize)> = None;
    let mut bounds = [None::<f64>; 3];
    let mut tilt = [0.0; 3];
    let mut section: Option<&str> = None;
    let mut style: Option<Style> = None;
    let mut style_line = 0;
    let mut masses: BTreeMap<u64, (&'static Element, usize)> = BTreeMap::new();
    let mut notes = vec!["LAMMPS data read as units real or metal: coordinates in Å".to_string()];
    let mut raw: Vec<RawAtom> = Vec::new();
    let mut images = false;
    // Line 1 is the title.
    for (i, full) in text.lines().enumerate().skip(1) {
        let n = i + 1;
        let (body, comment) = match full.find('#') {
            Some(k) => (&full[..k], full[k + 1..].trim()),
            None => (full, ""),
        };
        let body = body.trim();
        if body.is_empty() {
            continue;
        }
        if let Some(name) = SECTIONS.iter().find(|s| **s == body) {
            section = Some(name);
            if *name == "Atoms" {
                style_line = n;
                style = match comment.split_whitespace().next() {
                    None => None,
                    Some(word) => Some(*STYLES.iter().find(|s| s.name == word).ok_or_else(|| {
                        syntax(n, format!("atom style `{word}` is not read; multiscope reads atomic, charge, bond, angle, molecular and full: write the file in one of these"))
                    })?),
                };
            }
            continue;
        }
        let words: Vec<&str> = body.split_whitespace().collect();
        match section {
            None => header_line(&words, n, &mut declared, &mut bounds, &mut tilt, file)?,
            Some("Masses") => {
                let [kind, mass, ..] = words[..] else {
                    return Err(syntax(
                        n,
                        "expected `type mass` in the Masses section".into(),
                    ));
                };
                let kind: u64 = kind.parse().map_err(|_| {
                    syntax(
                        n,
                        format!("`{kind}` is not an atom type (a whole number from 1)"),
                    )
                })?;
                let mass: f64 = mass
                    .parse()
                    .ok()
                    .filter(|m: &f64| m.is_finite() && *m > 0.0)
                    .ok_or_else(|| {
                        syntax(
                            n,
                            format!("`{mass}` is not a mass in u (a positive number)"),
                        )
                    })?;
                let (element, how) = type_element(comment, mass, kind, &Place::line(file, n))?;
                notes.push(format!("type {kind} → {} ({how})", element.symbol));
                masses.insert(kind, (element, n));
            }
            Some("Atoms") => {
                let Some((count, count_line)) = declared else {
                    return Err(syntax(n, "the Atoms section comes before the header's `N atoms`; add it to the header".into()));
                };
                if raw.len() == count {
                    return Err(syntax(
                        n,
                        format!(
                            "more atoms than the {count} declared on line {count_line}; correct the count"
                        ),
                    ));
                }
                let st = match style {
                    Some(s) => s,
                    None => {
                        let inferred = match words.len() {
                            5 | 8 => STYLES[0],
                            7 | 10 => STYLES[5],
                            k => {
                                return Err(syntax(
                                    style_line,
                                    format!(
                                        "the atom style is not named and {k} columns (line {n}) fit more than one; write it after the section name, e.g. `Atoms # full`"
                                    ),
                                ));
                            }
                        };
                        notes.push(format!(
                            "atom style {} inferred from {} columns",
                            inferred.name,
                            words.len()
                        ));
                        style = Some(inferred);
                        inferred
                    }
                };
                let has_images = match words.len() {
                    k if k == st.columns => false,
                    k if k == st.columns + 3 => true,
                    k => {
                        return Err(syntax(
                            n,
                            format!(
                                "{k} columns; atom style {} has {} (or {} with image flags)",
                                st.name,
                                st.columns,
                                st.columns + 3
                            ),
                        ));
                    }
                };
                if raw.is_empty() {
                    raw.reserve(count.min(text.len() / 10 + 1));
                }
                let id: u64 = words[0].parse().map_err(|_| {
                    syntax(
                        n,
                        format!("`{}` is not an atom id (a whole number)", words[0]),
                    )
                })?;
                let kind: u64 = words[st.type_col].parse().map_err(|_| {
                    syntax(
                        n,
                        format!(
                            "`{}` is not an atom type (a whole number from 1)",
                            words[st.type_col]
                        ),
                    )
                })?;
                let place = Place::line(file, n);
                let mut position = [0.0; 3];
                for (a, axis) in ["x", "y", "z"].iter().enumerate() {
                    position[a] = coordinate(words[st.x_col + a], axis, &place)?;
                }
                let mut image = [0i64; 3];
                if has_images {
                    images = true;
                    for a in 0..3 {
                        let w = words[st.columns + a];
                        image[a] = w
                            .parse()
                            .ok()
                            .filter(|v: &i64| v.abs() <= 1_000_000)
                            .ok_or_else(|| {
                                syntax(n, format!("`{w}` is not an image flag (a whole number)"))
                            })?;
                    }
                }
                raw.push(RawAtom {
                    id,
                    kind,
                    position,
                    image,
                    line: n,
                });
            }
            Some(_) => {}
        }
    }
    let Some((count, count_line)) = declared else {
        return Err(StructureError::Syntax {
            place: Place::file(file),
            message: "the header has no `N atoms` line; a LAMMPS data file declares its atom count before the sections".into(),
        });
    };
    if count == 0 {
        return Err(StructureError::Empty {
            file: file.into(),
            hint: format!("line {count_line} declares 0 atoms"),
        });
    }
    if raw.len() < count {
        let last = text.lines().count();
        return Err(StructureError::Truncated {
            place: Place::line(file, last + 1),
            declared: count,
            found: raw.len(),
        });
    }
    if masses.is_empty() {
        return Err(StructureError::Syntax {
            place: Place::file(file),
            message: "no Masses section: it says each atom type's element; add `Masses` with `type mass # Symbol` lines".into(),
        });
    }
    raw.sort_by_key(|a| a.id);
    if let Some(w) = raw.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(syntax(
            w[1].line,
            format!(
                "atom id {} is used twice (also on line {}); give every atom its own id",
                w[1].id, w[0].line
            ),
        ));
    }
    let lengths: Option<[f64; 3]> = if images && raw.iter().any(|a| a.image != [0; 3]) {
        let mut l = [0.0; 3];
        for a in 0..3 {
            l[a] = bounds[a].ok_or_else(|| StructureError::Syntax {
                place: Place::file(file),
                message: "image flags need the box: the header has no `xlo xhi`, `ylo yhi` and `zlo zhi` lines".into(),
            })?;
        }
        notes.push("positions unwrapped with the image flags".into());
        Some(l)
    } else {
        None
    };
    let mut atoms = Vec::with_capacity(raw.len());
    for a in raw {
        let (element, _) = *masses.get(&a.kind).ok_or_else(|| {
            syntax(
                a.line,
                format!(
                    "atom type {} has no mass in the Masses section; add `{} MASS # Symbol`",
                    a.kind, a.kind
                ),
            )
        })?;
        let mut p = a.position;
        if let Some([lx, ly, lz]) = lengths {
            let [ix, iy, iz] = a.image.map(|v| v as f64);
            p[0] += ix * lx + iy * tilt[0] + iz * tilt[1];
            p[1] += iy * ly + iz * tilt[2];
            p[2] += iz * lz;
        }
        atoms.push(Atom {
            element,
            position: p,
            line: Some(a.line),
            label: format!("{} (id {}, type {})", element.symbol, a.id, a.kind),
        });
    }
    Structure::from_atoms(file, atoms, notes)
}

/// One header line: `N atoms`, `lo hi xlo xhi` (and y, z), `xy xz yz`; others ignored.
fn header_line(
    words: &[&str],
    n: usize,
    declared: &mut Option<(usize, usize)>,
    bounds: &mut [Option<f64>; 3],
    tilt: &mut [f64; 3],
    file: &str,
) -> Result<(), StructureError> {
    let place = Place::line(file, n);
    match words {
        [count, "atoms"] => {
            let c = atom_count(count, &place, "the header's `N atoms` needs a whole number")?;
            *declared = Some((c, n));
        }
        [lo, hi, a, b] if a.len() == 3 && a.ends_with("lo") && b.ends_with("hi") => {
            let axis = match *a {
                "xlo" => 0,
                "ylo" => 1,
                "zlo" => 2,
                _ => return Ok(()),
            };
            let lo = coordinate(lo, a, &place)?;
            let hi = coordinate(hi, b, &place)?;
            let length = hi - lo;
            if !(length.is_finite() && length > 0.0) {
                return Err(StructureError::Syntax {
                    place,
                    message: format!("the box's {a} {b} do not give a positive length"),
                });
            }
            bounds[axis] = Some(length);
        }
        [xy, xz, yz, "xy", "xz", "yz"] => {
            for (k, (w, name)) in [(xy, "xy"), (xz, "xz"), (yz, "yz")].into_iter().enumerate() {
                tilt[k] = coordinate(w, name, &place)?;
                if !tilt[k].is_finite() {
                    return Err(StructureError::Syntax {
                        place,
                        message: format!("the tilt {name} is not a finite number"),
                    });
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The element of atom type `kind`: the symbol in the Masses line's `comment`, or the element
/// whose standard atomic weight is within 0.1 u of `mass`; with how it was found.
fn type_element(
    comment: &str,
    mass: f64,
    kind: u64,
    place: &Place,
) -> Result<(&'static Element, String), StructureError> {
    if let Some(word) = comment.split_whitespace().next()
        && word.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return element_at(word, place.clone()).map(|e| (e, format!("comment `# {word}`")));
    }
    match elements::by_mass(mass, 0.1) {
        Ok(e) => Ok((e, format!("mass {mass} u matches {} u", e.mass))),
        Err(candidates) => Err(StructureError::Syntax {
            place: place.clone(),
            message: if candidates.is_empty() {
                format!(
                    "the mass {mass} u of type {kind} is no element's standard atomic weight; name the element in a comment: `{kind} {mass} # Symbol`"
                )
            } else {
                let names: Vec<_> = candidates.iter().map(|e| e.symbol).collect();
                format!(
                    "the mass {mass} u of type {kind} fits {}; name the element in a comment: `{kind} {mass} # Symbol`",
                    names.join(" and ")
                )
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::structure::{Format, parse};

    const CO: &str = "\
carbon monoxide and a gold atom

3 atoms
3 atom types
-10 10 xlo xhi
-10 10 ylo yhi
-10 10 zlo zhi

Masses

1 12.011
2 15.999 # O
3 196.97

Atoms # full

2 1 2 0.0 1.128 0 0
1 1 1 0.0 0 0 0
3 2 3 0.0 5 5 5
";

    #[test]
    fn types_map_by_comment_or_mass_and_ids_order_atoms() {
        let s = parse(CO, Format::LammpsData, "co.data").unwrap();
        let symbols: Vec<_> = s.elements().iter().map(|e| e.symbol).collect();
        assert_eq!(symbols, ["C", "O", "Au"]);
        assert_eq!(s.positions()[1], [1.128, 0.0, 0.0]);
        let notes = s.notes().join("\n");
        assert!(
            notes.contains("type 1 → C (mass 12.011 u matches 12.011 u)"),
            "{notes}"
        );
        assert!(notes.contains("type 2 → O (comment `# O`)"), "{notes}");
    }

    #[test]
    fn image_flags_unwrap_and_style_is_inferred() {
        let text = "t\n\n2 atoms\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 39.948\n\nAtoms\n\n1 1 9.5 0 0 0 0 0\n2 1 0.5 0 0 1 0 0\n";
        let s = parse(text, Format::LammpsData, "i.data").unwrap();
        assert_eq!(s.positions()[1], [10.5, 0.0, 0.0]);
        assert!(
            s.notes()
                .iter()
                .any(|n| n.contains("atom style atomic inferred"))
        );
    }

    #[test]
    fn bad_files_name_the_line() {
        let base = CO.to_string();
        // (text replaced, by what, the message expected)
        let cases = [
            (
                "3 atoms",
                "4 atoms",
                "b.data:20: the file ends after 3 of the 4 atoms",
            ),
            (
                "3 atoms",
                "1000000000000 atoms",
                "b.data:3: the file declares 1000000000000 atoms",
            ),
            (
                "3 atoms",
                "2 atoms",
                "b.data:19: more atoms than the 2 declared on line 3",
            ),
            (
                "1 12.011",
                "1 13.5",
                "b.data:11: the mass 13.5 u of type 1 is no element's",
            ),
            ("# O", "# Oxy", "b.data:12: `Oxy` is not an element symbol"),
            (
                "# full",
                "# dipole",
                "b.data:15: atom style `dipole` is not read",
            ),
            (
                "0.0 5 5 5",
                "0.0 5 nan 5",
                "b.data:19: atom Au (id 3, type 3) has a coordinate that is not a finite",
            ),
            (
                "3 2 3 0.0",
                "2 2 3 0.0",
                "b.data:19: atom id 2 is used twice (also on line 17)",
            ),
            (
                "3 2 3 0.0",
                "3 2 4 0.0",
                "b.data:19: atom type 4 has no mass",
            ),
            ("1 1 1 0.0 0 0 0", "1 1 1 0.0 0.8 0 0", "are 0.328 Å apart"),
        ];
        for (from, to, want) in cases {
            let e = parse(&base.replace(from, to), Format::LammpsData, "b.data")
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{want}: {e}");
        }
    }
}
