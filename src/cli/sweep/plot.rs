//! `sweep.png`: D_γ/D_θ and D_MSD/D_θ against the swept value, with their error bars, the
//! Einstein value 1 (dashed) and the finite-host expectation (M_host/M_total)².
//!
//! Drawn with plotters' bitmap backend and the font shipped in `assets/fonts`
//! ([`crate::report::plot::register_font`]), so the picture needs no system library and looks the
//! same everywhere.

use std::ops::Range;
use std::path::Path;

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

use super::{Parameter, Row};
use crate::analysis::Estimate;
use crate::report::plot::register_font;

/// Picture size [pixels].
const SIZE: (u32, u32) = (900, 600);
const GAMMA_COLOUR: RGBColor = RGBColor(31, 119, 180);
const MSD_COLOUR: RGBColor = RGBColor(214, 39, 40);
const EXPECTED_COLOUR: RGBColor = RGBColor(40, 40, 40);

/// Moves a point's x by a signed number of small steps: x ↦ shift(x, steps).
type XShift = Box<dyn Fn(f64, f64) -> f64>;

/// One plotted series: points (x, estimate).
struct Series {
    label: &'static str,
    colour: RGBColor,
    points: Vec<(f64, Estimate)>,
}

/// Writes the picture of `rows` to `path`.
pub fn write_png(path: &Path, parameter: Parameter, rows: &[Row]) -> Result<(), String> {
    register_font();
    let ok: Vec<&Row> = rows.iter().filter(|r| r.error.is_none()).collect();
    let xs: Vec<f64> = rows.iter().map(|r| r.value.mean).collect();
    let (lo, hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (1.0, 1.0) };
    // The two series sit slightly apart so that their error bars do not hide each other.
    let (x_range, shift): (Range<f64>, XShift) = match parameter {
        Parameter::Epsilon => (lo / 1.6..hi * 1.6, Box::new(|x, s| x * 1.04f64.powf(s))),
        Parameter::HostAtoms => {
            let pad = if hi > lo { 0.12 * (hi - lo) } else { 0.2 * hi };
            let step = 0.012 * (hi - lo + 2.0 * pad);
            (
                (lo - pad).max(0.0)..hi + pad,
                Box::new(move |x, s| x + s * step),
            )
        }
    };
    let series = [
        Series {
            label: "D_γ / D_θ (free momentum / held force)",
            colour: GAMMA_COLOUR,
            points: ok
                .iter()
                .filter_map(|r| Some((shift(r.value.mean, -1.0), r.gamma_over_theta?)))
                .collect(),
        },
        Series {
            label: "D_MSD / D_θ (free displacement / held force)",
            colour: MSD_COLOUR,
            points: ok
                .iter()
                .filter_map(|r| Some((shift(r.value.mean, 1.0), r.msd_over_theta?)))
                .collect(),
        },
    ];
    let expected: Vec<(f64, f64)> = ok
        .iter()
        .filter_map(|r| Some((r.value.mean, r.expected_ratio?.mean)))
        .collect();
    let y_range = y_range(&series, &expected);
    let root = BitMapBackend::new(path, SIZE).into_drawing_area();
    let (x_label, title) = match parameter {
        Parameter::Epsilon => (
            "ε = m_host atom / m_nanoparticle (mass ratio, log scale)",
            "Einstein relation against the mass ratio",
        ),
        Parameter::HostAtoms => (
            "host atoms (box grows at fixed density)",
            "Einstein relation against the host size",
        ),
    };
    match parameter {
        Parameter::Epsilon => draw(
            &root,
            x_range.clone().log_scale(),
            x_range,
            y_range,
            x_label,
            title,
            &series,
            &expected,
        ),
        Parameter::HostAtoms => draw(
            &root,
            x_range.clone(),
            x_range,
            y_range,
            x_label,
            title,
            &series,
            &expected,
        ),
    }
    .map_err(|e| format!("cannot draw the sweep picture: {e}"))?;
    root.present()
        .map_err(|e| format!("cannot write the sweep picture: {e}"))
}

/// The y range: every error bar, 1 and the expected points, with a margin and room for the
/// legend on top.
fn y_range(series: &[Series], expected: &[(f64, f64)]) -> Range<f64> {
    let mut lo = 1.0f64;
    let mut hi = 1.0f64;
    for s in series {
        for (_, e) in &s.points {
            let sem = if e.sem.is_finite() { e.sem } else { 0.0 };
            if e.mean.is_finite() {
                lo = lo.min(e.mean - sem);
                hi = hi.max(e.mean + sem);
            }
        }
    }
    for &(_, y) in expected {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    let pad = 0.1 * (hi - lo).max(0.1);
    let (lo, hi) = ((lo - pad).max(0.0), hi + pad);
    // The legend sits in the top quarter, above every point and error bar.
    lo..lo + (hi - lo) / 0.72
}

#[allow(clippy::too_many_arguments)]
fn draw<'a, X>(
    root: &'a DrawingArea<BitMapBackend, plotters::coord::Shift>,
    x_coord: X,
    x_range: Range<f64>,
    y_range: Range<f64>,
    x_label: &str,
    title: &str,
    series: &[Series],
    expected: &[(f64, f64)],
) -> Result<(), Box<dyn std::error::Error + 'a>>
where
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
{
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 26))
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(x_coord, y_range)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .x_label_formatter(&|x| crate::format::number(*x))
        .y_desc("diffusion ratio")
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .light_line_style(RGBColor(246, 246, 246))
        .draw()?;
    chart
        .draw_series(DashedLineSeries::new(
            [(x_range.start, 1.0), (x_range.end, 1.0)],
            10,
            6,
            BLACK.stroke_width(2),
        ))?
        .label("1 (Einstein relation, infinite system)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 24, y)], BLACK.stroke_width(2)));
    for s in series {
        let colour = s.colour;
        chart.draw_series(
            s.points
                .iter()
                .filter(|(_, e)| e.sem.is_finite())
                .map(|&(x, e)| {
                    ErrorBar::new_vertical(
                        x,
                        e.mean - e.sem,
                        e.mean,
                        e.mean + e.sem,
                        colour.stroke_width(2),
                        10,
                    )
                }),
        )?;
        chart
            .draw_series(LineSeries::new(
                s.points.iter().map(|&(x, e)| (x, e.mean)),
                colour.stroke_width(1),
            ))?
            .label(s.label)
            .legend(move |(x, y)| Circle::new((x + 12, y), 5, colour.filled()));
        chart.draw_series(
            s.points
                .iter()
                .map(|&(x, e)| Circle::new((x, e.mean), 5, colour.filled())),
        )?;
    }
    chart
        .draw_series(
            expected
                .iter()
                .map(|&(x, y)| Cross::new((x, y), 7, EXPECTED_COLOUR.stroke_width(3))),
        )?
        .label("(M_host / M_total)², expected D_γ/D_θ in a finite box")
        .legend(|(x, y)| Cross::new((x + 12, y), 6, EXPECTED_COLOUR.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(150, 150, 150))
        .label_font(("sans-serif", 15))
        .draw()?;
    Ok(())
}
