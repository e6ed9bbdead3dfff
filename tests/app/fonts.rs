//! Claim: every character the app can write has a glyph in the fonts it gives egui (no boxes in
//! place of ⟨ ⟩ or ∫). The text checked is every string literal under `src/` (panels, glossary,
//! lessons' code, the numbers' formatting, the physics' messages) and every shipped scene and
//! lesson file.

use std::collections::BTreeSet;
use std::path::Path;

use ab_glyph::{Font, FontRef};
use bevy_egui::egui::FontFamily;
use multiscope::app::ui::fonts::definitions;

/// The contents of every string literal in Rust source `text` (escapes left as written: they
/// are ASCII).
fn string_literals(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    let mut in_comment = false;
    let mut prev = '\0';
    while let Some(c) = chars.next() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
            }
        } else if in_string {
            if c == '\\' {
                chars.next();
            } else if c == '"' {
                in_string = false;
            } else {
                out.push(c);
            }
        } else if c == '/' && chars.peek() == Some(&'/') {
            in_comment = true;
        } else if c == '"' && prev != '\'' {
            in_string = true;
        }
        prev = c;
    }
    out
}

/// Every file below `dir` ending in `ext`.
fn files(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn every_character_the_app_writes_has_a_glyph() {
    let mut text = BTreeSet::new();
    let mut sources = Vec::new();
    files(Path::new("src"), "rs", &mut sources);
    for f in &sources {
        let body = std::fs::read_to_string(f).unwrap();
        text.extend(string_literals(&body).chars().map(|c| (c, f.clone())));
    }
    let mut scenes = Vec::new();
    files(Path::new("scenes"), "ron", &mut scenes);
    assert!(scenes.len() > 5, "the shipped scenes and lessons");
    for f in &scenes {
        let body = std::fs::read_to_string(f).unwrap();
        text.extend(body.chars().map(|c| (c, f.clone())));
    }
    let defs = definitions();
    let fonts: Vec<FontRef> = defs.families[&FontFamily::Proportional]
        .iter()
        .map(|name| FontRef::try_from_slice(&defs.font_data[name].font).unwrap())
        .collect();
    let mut missing: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for (c, file) in &text {
        if c.is_control() || !seen.insert(*c) {
            continue;
        }
        if !fonts.iter().any(|f| f.glyph_id(*c).0 != 0) {
            missing.push(format!(
                "{c:?} (U+{:04X}, in {})",
                *c as u32,
                file.display()
            ));
        }
    }
    eprintln!(
        "{} distinct characters checked against {} fonts",
        seen.len(),
        fonts.len()
    );
    assert!(missing.is_empty(), "no glyph for: {}", missing.join(", "));
}

/// The same check fails without the added font: the default fonts lack the angle brackets.
#[test]
fn the_default_fonts_alone_lack_the_angle_brackets() {
    let defs = bevy_egui::egui::FontDefinitions::default();
    let covered = |c: char| {
        defs.families[&FontFamily::Proportional].iter().any(|name| {
            FontRef::try_from_slice(&defs.font_data[name].font)
                .unwrap()
                .glyph_id(c)
                .0
                != 0
        })
    };
    assert!(!covered('⟨') && !covered('⟩'));
    assert!(covered('a'));
}
