//! Structure files: the shipped geometries are what they claim (C60's two bond lengths, Au147's
//! Mackay shells), XYZ and PDB round-trip, a hand-written mmCIF file reads through pdbtbx, every
//! bad file in `tests/data/structure_files/bad/` gives its error, and mutated files of every
//! format give a result or an error, never a panic, within bounded time.

use std::path::Path;
use std::time::{Duration, Instant};

use multiscope::structure::{
    self, Format, Host, Rotor, Structure, StructureError, geometry, parse_bytes, to_pdb, to_xyz,
};
use proptest::prelude::*;

use crate::common::scratch;

const SHIPPED: &str = "assets/structures";
const DATA: &str = "tests/data/structure_files";

fn dist(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Every pair distance below `cutoff` [Å].
fn bonds(s: &Structure, cutoff: f64) -> Vec<f64> {
    let x = s.positions();
    let mut d = Vec::new();
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            let r = dist(x[i], x[j]);
            if r < cutoff {
                d.push(r);
            }
        }
    }
    d
}

/// The file's positions are centred: Σ rᵢ / N (the dipole of the positions about the particle's
/// centre) vanishes, and the three principal moments are equal (icosahedral symmetry).
fn centred_and_isotropic(s: &Structure) {
    let n = s.len() as f64;
    let mut sum = [0.0; 3];
    for p in s.positions() {
        for a in 0..3 {
            sum[a] += p[a] / n;
        }
    }
    assert!(dist(sum, [0.0; 3]) < 1e-9, "net dipole {sum:?}");
    let m = s.principal_moments().moments;
    assert!((m[2] - m[0]) / m[2] < 1e-9, "moments {m:?}");
    assert_eq!(s.rotor(), Rotor::Body);
}

#[test]
fn shipped_files_are_the_generators_output() {
    for (name, text) in geometry::shipped() {
        let path = Path::new(SHIPPED).join(name);
        if std::env::var("MULTISCOPE_REGENERATE_STRUCTURES").as_deref() == Ok("1") {
            std::fs::write(&path, &text).unwrap();
        }
        let file = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            file == text,
            "{} differs from structure::geometry's output; rerun this test with MULTISCOPE_REGENERATE_STRUCTURES=1 to rewrite it",
            path.display()
        );
    }
}

#[test]
fn c60_has_60_single_and_30_double_bonds() {
    let s = structure::read(&Path::new(SHIPPED).join("c60.xyz")).unwrap();
    assert_eq!(s.len(), 60);
    assert_eq!(s.formula(), "C60");
    // Bonds are the pairs below 1.6 Å (the next distance in C60 is about 2.3 Å).
    let b = bonds(&s, 1.6);
    assert_eq!(b.len(), 90, "{b:?}");
    let single = b.iter().filter(|d| (*d - 1.45).abs() < 0.005).count();
    let double = b.iter().filter(|d| (*d - 1.40).abs() < 0.005).count();
    assert_eq!((single, double), (60, 30), "{b:?}");
    centred_and_isotropic(&s);
    // 60 × 12.011 u; radius about 3.55 Å.
    assert!((s.total_mass() - 720.66).abs() < 1e-9);
    assert!((s.bounding_radius() - 3.55).abs() < 0.01);
}

#[test]
fn au147_is_a_three_shell_mackay_icosahedron() {
    let s = structure::read(&Path::new(SHIPPED).join("au147.xyz")).unwrap();
    assert_eq!(s.len(), 147);
    assert_eq!(s.formula(), "Au147");
    // Neighbours: the radial distance 2.88 Å and the 5.15 % longer tangential one of the Mackay
    // shells (1/sin(2π/5) = 1.0515); the next distance is about 4.9 Å.
    let strain = 1.0 / (2.0 * std::f64::consts::PI / 5.0).sin();
    let b = bonds(&s, 3.5);
    let nearest = b.iter().cloned().fold(f64::INFINITY, f64::min);
    assert!((nearest - 2.88).abs() < 1e-6, "{nearest}");
    for d in &b {
        assert!(*d > 2.88 - 1e-6 && *d < 2.88 * strain + 1e-6, "{d}");
    }
    // The centre atom has 12 neighbours at 2.88 Å.
    let centre = s
        .positions()
        .iter()
        .position(|p| dist(*p, [0.0; 3]) < 1e-9)
        .unwrap();
    let around = s
        .positions()
        .iter()
        .filter(|p| (dist(**p, s.positions()[centre]) - 2.88).abs() < 1e-6)
        .count();
    assert_eq!(around, 12);
    centred_and_isotropic(&s);
}

#[test]
fn xyz_and_pdb_round_trip_c60() {
    let c60 = geometry::c60(1.40, 1.45);
    let dir = scratch("structure-round-trip");
    for (name, text, tolerance) in [
        ("c60.xyz", to_xyz(&c60, "round trip"), 1e-8),
        ("C60.PDB", to_pdb(&c60), 5e-4),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let back = structure::read(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.len(), 60, "{name}");
        assert_eq!(back.formula(), "C60");
        for (a, b) in back.positions().iter().zip(c60.positions()) {
            assert!(dist(*a, *b) < tolerance, "{name}: {a:?} vs {b:?}");
        }
    }
}

#[test]
fn a_hand_written_mmcif_file_reads_through_pdbtbx() {
    let s =
        structure::read(&Path::new(DATA).join("good/ligand.cif")).unwrap_or_else(|e| panic!("{e}"));
    // Six atom sites, of which the chlorine's second alternate location is skipped.
    let symbols: Vec<_> = s.elements().iter().map(|e| e.symbol).collect();
    assert_eq!(symbols, ["C", "O", "N", "Cl", "Au"], "{:?}", s.notes());
    assert_eq!(s.positions()[3], [-0.9, -1.6, 0.0]);
    assert_eq!(s.positions()[4], [5.0, 5.0, 5.0]);
    let text = s.summary(&Host::default());
    assert!(text.contains("atoms: 5 (CAuClNO)"), "{text}");
    assert!(text.contains("alternate locations skipped"), "{text}");
}

#[test]
fn the_summary_reports_mass_ratio_and_sizes_in_both_units() {
    let s = structure::read(&Path::new(SHIPPED).join("c60.xyz")).unwrap();
    let text = s.summary(&Host::default());
    // ε = 39.948 / 720.66 = 0.05543; R = 3.549 Å = 1.042 σ.
    for want in [
        "atoms: 60 (C60)",
        "720.7 u",
        "ε = m̂/M = 0.05543",
        "3.549 Å = 1.042 σ",
        "host atom 39.948 u",
        // A spherical shell: I = (2/3) M R² = 6050 u·Å² about every axis.
        "principal moments: 6050, 6050, 6050 u·Å²",
    ] {
        assert!(text.contains(want), "`{want}` missing from:\n{text}");
    }
}

#[test]
fn each_bad_file_gives_its_error() {
    let expected: &[(&str, &[&str])] = &[
        ("binary.xyz", &[":3: the file is not text (a NUL byte"]),
        (
            "close_atoms.pdb",
            &["atoms 2 (AU UNK A 1, line 2) and 3 (AU UNK A 1, line 3) are 0.300 Å apart"],
        ),
        ("empty.xyz", &[": the file holds no atoms"]),
        (
            "huge_count.xyz",
            &[":1: the file declares 1000000000000 atoms"],
        ),
        (
            "infinite.pdb",
            &[":2: atom C UNK A 1 has a coordinate that is not a finite number (inf)"],
        ),
        (
            "nan.xyz",
            &[":4: atom C (atom 2) has a coordinate that is not a finite number (NaN)"],
        ),
        ("no_atoms.cif", &[": the file holds no atoms", "_atom_site"]),
        (
            "truncated.data",
            &[":17: the file ends after 2 of the 3 atoms"],
        ),
        (
            "truncated.xyz",
            &[":5: the file ends after 2 of the 3 atoms"],
        ),
        (
            "unknown_element.xyz",
            &[":4: `Xx` is not an element symbol"],
        ),
        (
            "unknown_extension.mol2",
            &["`.mol2` is not a structure format"],
        ),
    ];
    let mut seen = 0;
    for entry in std::fs::read_dir(Path::new(DATA).join("bad")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parts = expected
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} has no expected error in this test"))
            .1;
        let err = match structure::read(&path) {
            Ok(s) => panic!("{name} was accepted: {}", s.summary(&Host::default())),
            Err(e) => e.to_string(),
        };
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        for part in parts {
            assert!(err.contains(part), "{name}: expected `{part}` in: {err}");
        }
        seen += 1;
    }
    assert_eq!(seen, expected.len());
}

#[test]
fn a_missing_file_is_named() {
    let e = structure::read(Path::new("no/such/particle.xyz")).unwrap_err();
    assert!(matches!(e, StructureError::Io { .. }), "{e}");
    assert!(
        e.to_string()
            .starts_with("no/such/particle.xyz: cannot read"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Mutated files of every format.

/// A valid file of each format to mutate: the shipped C60 (XYZ, PDB), the mmCIF fixture, and a
/// LAMMPS data file of C60.
fn seeds() -> Vec<(Format, &'static str, String)> {
    let c60 = geometry::c60(1.40, 1.45);
    let mut data = String::from(
        "C60\n\n60 atoms\n1 atom types\n-20 20 xlo xhi\n-20 20 ylo yhi\n-20 20 zlo zhi\n\nMasses\n\n1 12.011 # C\n\nAtoms # atomic\n\n",
    );
    for (k, p) in c60.positions().iter().enumerate() {
        data.push_str(&format!("{} 1 {} {} {}\n", k + 1, p[0], p[1], p[2]));
    }
    vec![
        (
            Format::Xyz,
            "m.xyz",
            to_xyz(&c60, "Properties=species:S:1:pos:R:3"),
        ),
        (Format::Pdb, "m.pdb", to_pdb(&c60)),
        (
            Format::Mmcif,
            "m.cif",
            std::fs::read_to_string(Path::new(DATA).join("good/ligand.cif")).unwrap(),
        ),
        (Format::LammpsData, "m.data", data),
    ]
}

/// One way of spoiling a file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut at this fraction of its length.
    Truncate(f64),
    /// Set the byte at this fraction of the length to this value.
    Flip(f64, u8),
    /// Duplicate the line at this fraction of the line count.
    DuplicateLine(f64),
    /// Delete the line at this fraction of the line count.
    DeleteLine(f64),
    /// Insert this text at this fraction of the length.
    Insert(f64, &'static str),
    /// Replace every whole number by this one.
    HugeCounts(&'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        at.clone().prop_map(Mutation::Truncate),
        (at.clone(), any::<u8>()).prop_map(|(f, b)| Mutation::Flip(f, b)),
        at.clone().prop_map(Mutation::DuplicateLine),
        at.clone().prop_map(Mutation::DeleteLine),
        (
            at,
            prop::sample::select(vec![
                "NaN",
                " nan ",
                "inf",
                "-1e999",
                "\0",
                "\n",
                "\n\n\n",
                " 1e308 ",
                "Xx",
                "#",
                "'",
                "\"",
                "loop_",
                "_atom_site.",
                "Atoms",
                "Masses",
                "ENDMDL\n",
                "99999999999999999999",
            ])
        )
            .prop_map(|(f, s)| Mutation::Insert(f, s)),
        prop::sample::select(vec![
            "1000000000000",
            "18446744073709551616",
            "0",
            "4294967296"
        ])
        .prop_map(Mutation::HugeCounts),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let at = |f: f64, n: usize| ((f * n as f64) as usize).min(n.saturating_sub(1));
        match m {
            Mutation::Truncate(f) => bytes.truncate(at(*f, bytes.len())),
            Mutation::Flip(f, b) => {
                if !bytes.is_empty() {
                    let k = at(*f, bytes.len());
                    bytes[k] = *b;
                }
            }
            Mutation::DuplicateLine(f) | Mutation::DeleteLine(f) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let k = at(*f, lines.len());
                if matches!(m, Mutation::DuplicateLine(_)) {
                    let line = lines[k].clone();
                    lines.insert(k, line);
                } else {
                    lines.remove(k);
                }
                bytes = lines.join(&b'\n');
            }
            Mutation::Insert(f, s) => {
                let k = at(*f, bytes.len() + 1);
                bytes.splice(k..k, s.bytes());
            }
            Mutation::HugeCounts(n) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let out: Vec<String> = text
                    .split('\n')
                    .map(|l| {
                        let t = l.trim();
                        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                            n.to_string()
                        } else if let Some(rest) = t.strip_suffix(" atoms") {
                            if rest.bytes().all(|b| b.is_ascii_digit()) {
                                format!("{n} atoms")
                            } else {
                                l.to_string()
                            }
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                bytes = out.join("\n").into_bytes();
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_give_a_structure_or_an_error(
        which in 0..4usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let seeds = seeds();
        let (format, file, text) = &seeds[which];
        let bytes = apply(text, &mutations);
        let start = Instant::now();
        match parse_bytes(&bytes, *format, file) {
            Ok(s) => {
                let summary = s.summary(&Host::default());
                prop_assert!(!summary.contains("NaN") && !summary.contains("inf"), "{summary}");
                prop_assert!(s.total_mass() > 0.0 && s.radius_of_gyration().is_finite());
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with(file), "{message}");
            }
        }
        prop_assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    }

    #[test]
    fn random_bytes_are_refused_or_read_quickly(
        which in 0..4usize,
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
    ) {
        let (format, file, _) = &seeds()[which];
        let start = Instant::now();
        if let Err(e) = parse_bytes(&bytes, *format, file) {
            prop_assert!(e.to_string().starts_with(file), "{e}");
        }
        prop_assert!(start.elapsed() < Duration::from_secs(5));
    }
}
