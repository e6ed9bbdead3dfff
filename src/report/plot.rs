//! PNG line plots drawn from data with plotters' bitmap backend and the font shipped in
//! `assets/fonts` (rendered by ab_glyph), so pictures need no system library and look the same
//! everywhere. The report draws every plot with [`line_plot`]; `sweep.png` shares the font.

use std::path::Path;
use std::sync::Once;

use crate::format::significant;
use plotters::prelude::*;

/// DejaVu Sans (Bitstream Vera / DejaVu licence, see `assets/fonts/README`).
pub const FONT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));

/// Registers the shipped font as plotters' `sans-serif` (once per process).
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
            .unwrap_or_else(|_| panic!("the shipped DejaVuSans.ttf is a valid font"));
    });
}

/// Colours of the series, in order (matplotlib's first four, then grey).
pub const COLOURS: [RGBColor; 5] = [
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(90, 90, 90),
];

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A solid line (with error bars where given).
    Line,
    /// A dashed line (a prediction).
    Dashed,
    /// Points (a histogram).
    Points,
}

/// One series of a plot.
#[derive(Debug, Clone)]
pub struct PlotSeries {
    /// Legend text.
    pub label: String,
    /// Points (x, y); non-finite ones are skipped.
    pub points: Vec<(f64, f64)>,
    /// Standard error of each y (same length as `points`), drawn as a band of error bars.
    pub errors: Option<Vec<f64>>,
    /// How it is drawn.
    pub style: Style,
}

/// A picture: title, axis labels (with units) and series.
#[derive(Debug, Clone)]
pub struct Plot {
    /// Title.
    pub title: String,
    /// x axis label, with its unit.
    pub x_label: String,
    /// y axis label, with its unit.
    pub y_label: String,
    /// Logarithmic axes (points ≤ 0 are skipped).
    pub log: bool,
    /// The series.
    pub series: Vec<PlotSeries>,
}

/// Picture size [pixels].
pub const SIZE: (u32, u32) = (900, 520);

impl Plot {
    fn finite(&self) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        let log = self.log;
        self.series.iter().flat_map(move |s| {
            s.points.iter().enumerate().filter_map(move |(i, &(x, y))| {
                let e = s
                    .errors
                    .as_ref()
                    .and_then(|e| e.get(i).copied())
                    .filter(|e| e.is_finite())
                    .unwrap_or(0.0);
                let ok = x.is_finite() && y.is_finite() && (!log || (x > 0.0 && y > 0.0));
                ok.then_some((x, y, e))
            })
        })
    }

    /// Whether there is anything to draw.
    pub fn is_empty(&self) -> bool {
        self.finite().next().is_none()
    }
}

fn bounds(v: impl Iterator<Item = (f64, f64)>, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (a, b) in v {
        lo = lo.min(a);
        hi = hi.max(b);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if log {
        let (l, h) = (lo.log10(), hi.log10());
        let pad = 0.05 * (h - l).max(0.2);
        return (10f64.powf(l - pad), 10f64.powf(h + pad));
    }
    let pad = 0.06 * (hi - lo).max(1e-12 * hi.abs().max(1e-300));
    if hi - lo <= 0.0 {
        return (lo - 1.0, hi + 1.0);
    }
    (lo - pad, hi + pad)
}

/// Writes `plot` to `path` as a PNG.
pub fn line_plot(path: &Path, plot: &Plot) -> Result<(), String> {
    register_font();
    let x = bounds(plot.finite().map(|(x, _, _)| (x, x)), plot.log);
    let y = bounds(
        plot.finite()
            .map(|(_, y, e)| if plot.log { (y, y) } else { (y - e, y + e) }),
        plot.log,
    );
    let root = BitMapBackend::new(path, SIZE).into_drawing_area();
    let result = if plot.log {
        draw(&root, plot, (x.0..x.1).log_scale(), (y.0..y.1).log_scale())
    } else {
        draw(&root, plot, x.0..x.1, y.0..y.1)
    };
    result.map_err(|e| format!("cannot draw {}: {e}", path.display()))?;
    root.present()
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn draw<'a, X, Y>(
    root: &'a DrawingArea<BitMapBackend, plotters::coord::Shift>,
    plot: &Plot,
    x: X,
    y: Y,
) -> Result<(), Box<dyn std::error::Error + 'a>>
where
    X: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
    X::CoordDescType: plotters::coord::ranged1d::ValueFormatter<f64>,
    Y: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
    Y::CoordDescType: plotters::coord::ranged1d::ValueFormatter<f64>,
{
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .caption(&plot.title, ("sans-serif", 22))
        .margin(14)
        .x_label_area_size(46)
        .y_label_area_size(80)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .x_desc(plot.x_label.as_str())
        .y_desc(plot.y_label.as_str())
        .x_label_formatter(&|v| significant(*v, 4))
        .y_label_formatter(&|v| significant(*v, 4))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 16))
        .light_line_style(RGBColor(244, 244, 244))
        .draw()?;
    let log = plot.log;
    let keep =
        move |x: f64, y: f64| x.is_finite() && y.is_finite() && (!log || (x > 0.0 && y > 0.0));
    for (k, s) in plot.series.iter().enumerate() {
        let colour = COLOURS[k.min(COLOURS.len() - 1)];
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .copied()
            .filter(|&(x, y)| keep(x, y))
            .collect();
        if pts.is_empty() {
            continue;
        }
        if let (Some(errors), false) = (&s.errors, log) {
            chart.draw_series(
                s.points
                    .iter()
                    .zip(errors)
                    .filter(|&(&(x, y), &e)| keep(x, y) && e.is_finite() && e > 0.0)
                    .map(|(&(x, y), &e)| {
                        ErrorBar::new_vertical(
                            x,
                            y - e,
                            y,
                            y + e,
                            colour.mix(0.35).stroke_width(1),
                            4,
                        )
                    }),
            )?;
        }
        let drawn = match s.style {
            Style::Line => chart.draw_series(LineSeries::new(pts, colour.stroke_width(2)))?,
            Style::Dashed => {
                chart.draw_series(DashedLineSeries::new(pts, 8, 5, colour.stroke_width(2)))?
            }
            Style::Points => chart.draw_series(
                pts.into_iter()
                    .map(move |p| Circle::new(p, 3, colour.filled())),
            )?,
        };
        let points = s.style == Style::Points;
        // Lines show a stroke in the legend, points a dot.
        let (line, dot) = if points {
            (colour.mix(0.0), 4)
        } else {
            (colour.to_rgba(), 0)
        };
        drawn.label(s.label.as_str()).legend(move |(x, y)| {
            EmptyElement::at((x, y))
                + PathElement::new(vec![(0, 0), (22, 0)], line.stroke_width(3))
                + Circle::new((11, 0), dot, colour.filled())
        });
    }
    chart
        .configure_series_labels()
        // A log–log plot rises to the upper right: its legend goes to the upper left.
        .position(if log {
            SeriesLabelPosition::UpperLeft
        } else {
            SeriesLabelPosition::UpperRight
        })
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(150, 150, 150))
        .label_font(("sans-serif", 14))
        .draw()?;
    Ok(())
}
