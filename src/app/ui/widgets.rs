//! Small pieces the panels share, so that each panel file draws one panel and nothing of another:
//! the plots' height, colours and axis grid, the ±1 standard-error band, a value with its error as
//! text, and a label highlighted when the current lesson step watches it. Nothing here keeps
//! state: each is a function that draws (or writes) one thing.

use bevy_egui::egui;
use egui_plot::FilledArea;

use super::PanelContext;
use crate::analysis::Estimate;

/// Height of one plot in the plots panel [points].
pub const PLOT_HEIGHT: f32 = 130.0;
/// Colour of what the MD measured, wherever it is drawn beside a prediction.
pub const MD: egui::Color32 = egui::Color32::from_rgb(110, 170, 255);
/// Colour of the Fokker–Planck (Kramers) prediction.
pub const FOKKER_PLANCK: egui::Color32 = egui::Color32::from_rgb(120, 200, 120);
/// Colour of the Smoluchowski prediction.
pub const SMOLUCHOWSKI: egui::Color32 = egui::Color32::from_rgb(230, 120, 230);

/// A measured value with its standard error, written the one way ([`crate::format::estimate`]);
/// [`crate::format::MISSING`] when there is none.
pub fn with_error(e: Option<Estimate>) -> String {
    crate::format::maybe_estimate(e.map(|e| (e.mean, e.sem)))
}

/// `text`, marked and coloured when the current lesson step watches glossary entry `id`.
pub fn watched_text(id: &str, pc: &PanelContext, text: impl Into<String>) -> egui::RichText {
    let text = text.into();
    if super::hover::watched(id, pc) {
        egui::RichText::new(format!("▶ {text}")).color(super::hover::WATCH_COLOUR)
    } else {
        egui::RichText::new(text)
    }
}

/// ±1 standard error band where error bars exist (the leading lags with a finite error).
pub fn band(p: &mut egui_plot::PlotUi, xs: &[f64], es: &[Estimate], scale: f64) {
    let k = es.iter().take_while(|e| e.sem.is_finite()).count();
    if k < 2 {
        return;
    }
    let lo: Vec<f64> = es[..k].iter().map(|e| (e.mean - e.sem) * scale).collect();
    let hi: Vec<f64> = es[..k].iter().map(|e| (e.mean + e.sem) * scale).collect();
    p.add(
        FilledArea::new("±1 s.e.", &xs[..k], &lo, &hi)
            .fill_color(egui::Color32::from_rgba_unmultiplied(100, 150, 255, 50)),
    );
}

/// A 1, 2 or 5 times a power of ten near `x` (> 0): a step that reads well on an axis.
pub fn nice_step(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    let n = if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    n * p
}

/// Grid lines with about four labelled steps across whatever range is shown (egui_plot's default
/// powers of ten leave a 0–9 ps axis with the single label 0).
pub fn nice_grid_spacer() -> Box<dyn Fn(egui_plot::GridInput) -> Vec<egui_plot::GridMark>> {
    egui_plot::uniform_grid_spacer(|input: egui_plot::GridInput| {
        let span = (input.bounds.1 - input.bounds.0).abs();
        let major = nice_step(span / 4.0);
        [0.2 * major, major, 5.0 * major]
    })
}

/// The verdict in words under a plot.
pub fn verdict(ui: &mut egui::Ui, c: Option<&crate::analysis::Comparison>, what: &str) {
    match c {
        Some(c) => {
            let colour = if c.holds {
                egui::Color32::from_rgb(150, 210, 150)
            } else {
                egui::Color32::from_rgb(230, 170, 120)
            };
            ui.label(egui::RichText::new(&c.why).small().color(colour));
        }
        None => {
            ui.label(egui::RichText::new(format!("{what}: not measured yet")).small());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    fn nice_steps_are_one_two_or_five_times_a_power_of_ten() {
        for (x, want) in [
            (0.9, 1.0),
            (2.2, 2.0),
            (4.0, 5.0),
            (8.0, 10.0),
            (0.023, 0.02),
            (240.0, 200.0),
        ] {
            let got = nice_step(x);
            assert!((got - want).abs() < 1e-12 * want, "{x}: {got}");
        }
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }
}
