//! The report page: renders [`Data`] and its figures as one self-contained `index.html` (inline
//! CSS, no script, no network; the pictures are the PNG files beside it). Every symbol carries its
//! glossary text as a tooltip, and the page ends with the glossary entries of what it shows.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::figures::Figure;
use super::values::{Data, value_rows};
use super::{Page, format_value};
use crate::analysis::Estimate;
use crate::analysis::TensorRows;
use crate::analysis::estimate_of;
use crate::format::significant;
use crate::glossary;

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1000px;margin:24px auto;\
padding:0 16px;color:#222;line-height:1.4}h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;\
border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}table{border-collapse:collapse;\
margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f2f2f2}td.num{font-family:'DejaVu Sans Mono',monospace;white-space:nowrap}\
td[title]{text-decoration:underline dotted}.holds{color:#1a7f37;font-weight:bold}\
.fails{color:#b42318;font-weight:bold}.none{color:#8a6d00;font-weight:bold}\
.small{font-size:13px;color:#555}img{max-width:100%;border:1px solid #ddd;margin:6px 0}\
pre{background:#f7f7f7;padding:8px;overflow-x:auto;font-size:12px}.lesson{background:#eef5ff;\
border:1px solid #b6d4fe;padding:8px 12px}";

fn tooltip(id: &str) -> String {
    glossary::entry(id).map_or_else(String::new, |e| {
        format!(
            " title=\"{}\"",
            html_escape(&format!(
                "{} — {} Definition: {}",
                e.name, e.what, e.definition
            ))
        )
    })
}

fn tensor_html(name: &str, id: &str, unit: &str, t: &TensorRows) -> String {
    let mut s = format!(
        "<h3{}>{}</h3><table><tr><th>{}</th><th>x</th><th>y</th><th>z</th></tr>",
        tooltip(id),
        html_escape(name),
        html_escape(unit)
    );
    for (a, axis) in ["x", "y", "z"].iter().enumerate() {
        let _ = write!(s, "<tr><th>{axis}</th>");
        for b in 0..3 {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td>",
                html_escape(&estimate_of(Estimate::new(t.mean[a][b], t.sem[a][b])))
            );
        }
        s.push_str("</tr>");
    }
    s.push_str("</table>");
    s
}

/// The page's HTML: `dir` is the report folder (the data files are linked relative to it),
/// `files` what was written there so far.
pub(super) fn page_html(
    dir: &Path,
    page: &Page,
    d: &Data,
    figures: &[Figure],
    files: &[PathBuf],
) -> String {
    let r = d.report;
    let mut h = String::new();
    let title = format!("multiscope report: {}", r.scene);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{CSS}</style></head><body>\n",
        html_escape(&title)
    );
    let _ = writeln!(
        h,
        "<h1>multiscope report</h1><p class=\"small\">{} · reduced Lennard-Jones units (σ, τ, m̂, \
         ε_LJ, k_B = 1) · every value ± one standard error (block averaging) · hover a symbol \
         for its definition</p>",
        html_escape(page.scene_name)
    );
    if let Some(l) = page.lesson {
        let _ = write!(
            h,
            "<div class=\"lesson\"><b>Lesson:</b> {} — <b>step:</b> {}",
            html_escape(&l.lesson),
            html_escape(&l.step)
        );
        if let Some(o) = &l.outcome {
            let _ = write!(
                h,
                "<br><b>Check:</b> {:?}: {} <span class=\"small\">{}</span>",
                o.status,
                html_escape(&o.message),
                html_escape(&o.detail)
            );
        }
        h.push_str("</div>\n");
    }
    // Scene and settings.
    h.push_str("<h2>Scene and settings</h2><table>\n");
    let mut setting = |k: &str, v: String| {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td>{}</td></tr>",
            html_escape(k),
            html_escape(&v)
        );
    };
    setting("scene", page.scene_name.to_string());
    setting("description", r.scene.clone());
    setting("seed", r.seed.to_string());
    setting("box edge L [σ]", significant(r.box_length, 4));
    if let Some(s) = page.scene {
        setting(
            "atoms",
            format!("{} host + {} nanoparticle", s.host_atoms, s.n_star()),
        );
    }
    setting("T target [ε_LJ/k_B]", significant(r.temperature, 4));
    setting("time step Δt [τ]", significant(r.time_step, 4));
    setting("dynamics", r.dynamics.clone());
    setting("external field", format!("{:?}", r.field));
    if r.mass > 0.0 {
        setting("ε = m̂/m", significant(r.epsilon, 4));
        setting(
            "hydrodynamic radius a [σ]",
            significant(r.hydrodynamic_radius, 4),
        );
    }
    if let Some(held) = d.held {
        setting(
            "nanoparticle now",
            if held {
                "held (centre of mass constrained)"
            } else {
                "free"
            }
            .into(),
        );
    }
    setting(
        "steps measured",
        format!("{} free, {} held", r.free_steps, r.constrained_steps),
    );
    h.push_str("</table>\n");
    if let Some(s) = page.scene {
        let _ = writeln!(
            h,
            "<details><summary>Scene file (RON, with the settings in use)</summary><pre>{}</pre></details>",
            html_escape(&s.to_ron())
        );
    }
    // Values.
    h.push_str(
        "<h2>Measured values</h2><table><tr><th>quantity</th><th>value ± standard error</th>\
         <th>unit</th></tr>\n",
    );
    let rows = value_rows(&page.source);
    for row in &rows {
        let _ = writeln!(
            h,
            "<tr><td{}>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            tooltip(row.id),
            html_escape(&row.label),
            html_escape(&format_value(row.value)),
            html_escape(row.unit)
        );
    }
    h.push_str("</table>\n");
    let tensors: Vec<String> = [
        (
            "γ_ab = ∫⟨P_a P_b⟩ (free)",
            "d_gamma",
            "m̂²σ²/τ",
            r.gamma.as_ref(),
        ),
        ("θ_ab (held)", "zeta", "ε_LJ²τ/σ²", r.theta.as_ref()),
        ("ζ_ab = βεθ_ab (held)", "zeta", "m̂/τ", r.zeta.as_ref()),
    ]
    .iter()
    .filter_map(|(n, id, u, t)| t.map(|t| tensor_html(n, id, u, t)))
    .collect();
    if !tensors.is_empty() {
        h.push_str("<h2>Tensors</h2>\n");
        h.push_str(&tensors.join("\n"));
    }
    // Predictions.
    let entries = d.predictions.entries();
    if !entries.is_empty() {
        h.push_str(
            "<h2>MD against the coarse-grained theory</h2><table><tr><th>prediction</th>\
             <th>MD</th><th>predicted</th><th>z</th><th>verdict</th></tr>\n",
        );
        for (key, c) in &entries {
            let (class, verdict) = if !c.z.is_finite() {
                ("none", "no verdict yet")
            } else if c.holds {
                ("holds", "holds")
            } else {
                ("fails", "does not hold")
            };
            let _ = writeln!(
                h,
                "<tr><td{}>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td><span class=\"{class}\">{verdict}</span><br>\
                 <span class=\"small\">{}</span></td></tr>",
                tooltip(key),
                html_escape(&key.replace('_', " ")),
                html_escape(&estimate_of(c.md)),
                html_escape(&estimate_of(c.predicted)),
                significant(c.z, 4),
                html_escape(&c.why)
            );
        }
        h.push_str("</table>\n");
    }
    if let Some(f) = &r.f_th {
        h.push_str(
            "<h2>Thermal force f^th along x</h2><table><tr><th>R_x [σ]</th><th>f^th [ε_LJ/σ]</th>\
             <th>A [ε_LJ]</th><th>field −∂U/∂x [ε_LJ/σ]</th></tr>\n",
        );
        for i in 0..f.positions.len() {
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td></tr>",
                significant(f.positions[i], 4),
                html_escape(&estimate_of(f.values[i])),
                html_escape(&estimate_of(f.potential_of_mean_force[i])),
                significant(f.field_force[i], 4)
            );
        }
        h.push_str("</table>\n");
    }
    // Plots.
    if !figures.is_empty() {
        h.push_str("<h2>Plots</h2>\n");
        for Figure {
            file: name,
            id,
            caption,
            ..
        } in figures
        {
            let _ = writeln!(
                h,
                "<figure><img src=\"{name}\" alt=\"{}\"><figcaption class=\"small\"{}>{}</figcaption></figure>",
                html_escape(caption),
                tooltip(id),
                html_escape(caption)
            );
        }
    }
    if !r.notes.is_empty() {
        h.push_str("<h2>Notes of the measurement</h2><ul>\n");
        for n in &r.notes {
            let _ = writeln!(h, "<li>{}</li>", html_escape(n));
        }
        h.push_str("</ul>\n");
    }
    // Data files.
    h.push_str("<h2>Data</h2><ul>\n");
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "csv"))
    {
        let rel = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        let _ = writeln!(
            h,
            "<li><a href=\"{}\">{}</a></li>",
            html_escape(&rel),
            html_escape(&rel)
        );
    }
    h.push_str("</ul>\n");
    // Glossary of what the page shows.
    let mut ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
    ids.extend(figures.iter().map(|f| f.id));
    ids.extend(entries.iter().map(|e| e.0));
    let mut seen = Vec::new();
    h.push_str("<h2>Glossary</h2><table><tr><th>symbol</th><th>what it is</th><th>definition</th><th>unit</th><th>how it is measured</th></tr>\n");
    for id in ids {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(e) = glossary::entry(id) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"small\">{}</td></tr>",
                html_escape(e.symbol),
                html_escape(e.what),
                html_escape(e.definition),
                html_escape(e.unit),
                html_escape(&e.measured())
            );
        }
    }
    h.push_str("</table>\n<p class=\"small\">Written by multiscope ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str(".</p></body></html>\n");
    h
}
