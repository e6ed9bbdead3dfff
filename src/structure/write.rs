//! Writing a [`Structure`] back as XYZ or PDB text (the shipped geometries, round trips).

use super::value::Structure;

/// The structure as plain XYZ text: count, `comment` (its line breaks replaced by spaces), then
/// `symbol x y z` with coordinates in Å to 10⁻⁸ Å.
pub fn to_xyz(structure: &Structure, comment: &str) -> String {
    let mut out = format!(
        "{}\n{}\n",
        structure.len(),
        comment.replace(['\n', '\r'], " ")
    );
    for (e, p) in structure.elements().iter().zip(structure.positions()) {
        out.push_str(&format!(
            "{:<2} {:>15.8} {:>15.8} {:>15.8}\n",
            e.symbol, p[0], p[1], p[2]
        ));
    }
    out
}

/// The structure as PDB text: one `HETATM` record per atom (residue `UNK`, the element in
/// columns 77–78), coordinates in Å to the format's 10⁻³ Å, then `END`. Serial numbers above
/// 99 999 wrap, as the fixed columns allow no more.
pub fn to_pdb(structure: &Structure) -> String {
    let mut out = String::new();
    for (k, (e, p)) in structure
        .elements()
        .iter()
        .zip(structure.positions())
        .enumerate()
    {
        let serial = (k + 1) % 100_000;
        let upper = e.symbol.to_ascii_uppercase();
        // A one-letter element's name starts in column 14, a two-letter one in column 13.
        let name = if upper.len() == 1 {
            format!(" {upper:<3}")
        } else {
            format!("{upper:<4}")
        };
        out.push_str(&format!(
            "HETATM{serial:>5} {name} UNK A   1    {:>8.3}{:>8.3}{:>8.3}  1.00  0.00          {upper:>2}\n",
            p[0], p[1], p[2]
        ));
    }
    out.push_str("END\n");
    out
}
