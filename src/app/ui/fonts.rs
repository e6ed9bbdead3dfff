//! The app's fonts: egui's defaults, with the DejaVu Sans that the report's plots already ship
//! (`assets/fonts`) added after them in both families, so that every character the panels, the
//! glossary and the lessons write (the angle brackets of ⟨δF(0)·δF(t)⟩, ∫, ≈, subscripts …)
//! has a glyph instead of a box.

use bevy_egui::egui::{FontData, FontDefinitions, FontFamily};

/// Name of the added font in [`FontDefinitions::font_data`].
pub const FALLBACK: &str = "DejaVuSans";

/// egui's default fonts, then DejaVu Sans as the fallback of both families.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        FALLBACK.to_owned(),
        std::sync::Arc::new(FontData::from_static(crate::report::plot::FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(FALLBACK.to_owned());
    }
    fonts
}
