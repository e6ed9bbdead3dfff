//! Hover texts and highlights: every value and plot the panels show names its glossary id
//! ([`crate::glossary`]); its hover text says what it is, its definition, its unit and how it was
//! measured in this session, and a lesson step that watches it draws it highlighted.

use bevy_egui::egui;

use super::PanelContext;
use crate::glossary;
use crate::lesson::Observed;

/// Colour of what the current lesson step asks to watch.
pub const WATCH_COLOUR: egui::Color32 = egui::Color32::from_rgb(255, 200, 60);

/// The hover text of glossary entry `id`, with the live "how measured" where there is one.
pub fn text(id: &str, pc: &PanelContext) -> String {
    let Some(e) = glossary::entry(id) else {
        return format!("({id}: no glossary entry)");
    };
    let mut s = format!(
        "{} — {}\n{}\nDefinition: {}\nUnit: {}\nMeasured: {}",
        e.symbol,
        e.name,
        e.what,
        e.definition,
        e.unit,
        e.measured()
    );
    let seen = Observed {
        analysis: pc.analysis,
        density: None,
    };
    if let Some(now) = crate::lesson::how_measured(id, &seen) {
        s.push_str(&format!("\nIn this session: {now}"));
    }
    s
}

/// Whether the current lesson step watches `id`.
pub fn watched(id: &str, pc: &PanelContext) -> bool {
    pc.watch.contains(&id)
}

/// A plot's or section's title, with its hover text, highlighted when a lesson step watches it.
pub fn title(ui: &mut egui::Ui, pc: &PanelContext, id: &str, title: &str) -> egui::Response {
    let mut rich = egui::RichText::new(title).strong();
    if watched(id, pc) {
        rich = egui::RichText::new(format!("▶ {title}  (watch this)"))
            .strong()
            .color(WATCH_COLOUR);
    }
    ui.label(rich).on_hover_text(text(id, pc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The panels' sources: every id a panel shows is named in one of them, quoted, in a call
    /// that attaches its hover text.
    const PANEL_SOURCES: &[(&str, &str)] = &[
        ("controls.rs", include_str!("controls.rs")),
        ("plots.rs", include_str!("plots.rs")),
        ("theory.rs", include_str!("theory.rs")),
        ("density.rs", include_str!("density.rs")),
        ("rotation.rs", include_str!("rotation.rs")),
    ];

    #[test]
    fn every_panel_id_has_a_glossary_entry_and_a_hover_text_in_a_panel() {
        let mut missing = Vec::new();
        for id in glossary::panel_ids() {
            // The theory tab's summary gives each comparison's key its hover text.
            if crate::predict::Predictions::KEYS.contains(id) {
                assert!(PANEL_SOURCES[2].1.contains("hover::text(key, pc)"));
            }
            assert!(
                glossary::entry(id).is_some(),
                "no glossary entry for `{id}`"
            );
            let quoted = format!("\"{id}\"");
            let hovered = PANEL_SOURCES.iter().any(|(_, src)| {
                src.match_indices(&quoted).any(|(at, _)| {
                    // The call that uses the id: `hover::text(`, `hover::title(`, a row, or
                    // a list of (id, …) a loop gives hover texts.
                    let before = &src[at.saturating_sub(160)..at];
                    before.contains("hover::text(")
                        || before.contains("hover::title(")
                        || before.contains("row(")
                        || before.contains("integral_plot(")
                        || before.contains("log_slider(")
                        // An (id, …) tuple in a list whose loop calls `hover::text(id, pc)`.
                        || before.trim_end().ends_with('(') && src.contains("hover::text(id, pc)")
                })
            });
            if !hovered && !crate::predict::Predictions::KEYS.contains(id) {
                missing.push(*id);
            }
        }
        assert!(
            missing.is_empty(),
            "panel ids without a hover text in src/app/ui/: {missing:?}"
        );
    }
}
