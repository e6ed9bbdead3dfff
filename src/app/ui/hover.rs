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
        e.symbol, e.name, e.what, e.definition, e.unit, e.measured
    );
    let seen = Observed {
        analysis: pc.analysis,
        density: None,
    };
    if let Some(now) = glossary::how_measured(id, &seen) {
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

/// The ids the panels attach hover texts to; each must have a glossary entry (tested).
pub const USED_IDS: &[&str] = &[
    "epsilon",
    "mass",
    "temperature_target",
    "beta",
    "temperature_measured",
    "zeta",
    "tau_p",
    "tau_f",
    "tau_p_over_tau_f",
    "d_gamma",
    "d_theta",
    "eta",
    "d_se_slip",
    "d_se_stick",
    "d_gamma_infinite",
    "cpp",
    "cff",
    "traces-t",
    "theory-msd",
    "theory-cpp",
    "theory-cxx",
    "theory-rates",
    "theory-x",
    "theory-p",
    "phase-plane",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hover_id_has_a_glossary_entry_and_is_a_panel_id() {
        for id in USED_IDS {
            assert!(
                glossary::entry(id).is_some(),
                "no glossary entry for `{id}`"
            );
            assert!(
                glossary::PANEL_IDS.contains(id),
                "`{id}` is not in glossary::PANEL_IDS"
            );
        }
    }
}
