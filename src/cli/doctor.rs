//! `multiscope doctor`: what this machine offers multiscope, one line each, and what to install
//! for anything missing. Checks only; changes nothing.

use super::CliError;
use crate::scene::{available_memory, bytes_text};
use crate::system_check::{DisplayCheck, Processor, advice, check_display};

/// Prints the report; fails only if stdout cannot be written.
pub fn run() -> Result<(), CliError> {
    print!("{}", report());
    Ok(())
}

/// The report `doctor` prints.
pub fn report() -> String {
    let mut out = format!(
        "multiscope {}: what this machine offers\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut missing: Vec<String> = Vec::new();
    let line = |out: &mut String, key: &str, value: &str| {
        out.push_str(&format!("  {key:<10} {value}\n"));
    };
    let app_built = cfg!(feature = "gui");
    line(
        &mut out,
        "app:",
        if app_built {
            "built in (Bevy window on X11 or Wayland)"
        } else {
            "not built in: a headless build (--no-default-features); build with default features \
             for the window"
        },
    );
    let p = Processor::detect();
    line(
        &mut out,
        "processor:",
        &format!("{} ({})", p.model, std::env::consts::ARCH),
    );
    line(
        &mut out,
        "cores:",
        &format!(
            "{} (the MD uses all of them; --threads N to choose)",
            p.cores
        ),
    );
    line(
        &mut out,
        "SIMD:",
        &format!(
            "{} → the MD's pair kernel runs its {} path",
            if p.simd.is_empty() {
                "none the MD uses".to_string()
            } else {
                p.simd.join(", ")
            },
            p.md_path
        ),
    );
    line(
        &mut out,
        "memory:",
        &match available_memory() {
            Some(a) => format!("{} available ({})", bytes_text(a.bytes as f64), a.source),
            None => "unknown (no limit is applied to scenes)".to_string(),
        },
    );
    let display = check_display(app_built);
    line(
        &mut out,
        "display:",
        &match &display {
            DisplayCheck::Usable(c) => format!("{} `{}` answers", c.protocol, c.name),
            DisplayCheck::NotSet => {
                missing.push(advice::no_display(&display, app_built));
                "none: neither DISPLAY nor WAYLAND_DISPLAY is set".to_string()
            }
            DisplayCheck::Unusable(c) => {
                missing.push(advice::no_display(&display, app_built));
                c.iter()
                    .map(|c| {
                        format!(
                            "{} `{}`: {}",
                            c.protocol,
                            c.name,
                            c.reachable.as_ref().err().map_or("unsupported", |e| e)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        },
    );
    graphics(&mut out, &mut missing);
    if missing.is_empty() {
        line(&mut out, "to do:", "nothing: `multiscope` opens the window");
    } else {
        out.push_str("  to do:\n");
        for m in missing {
            for l in m.lines() {
                out.push_str(&format!("    {l}\n"));
            }
        }
    }
    out
}

/// The graphics adapters per backend, and the one the window will use.
#[cfg(feature = "gui")]
fn graphics(out: &mut String, missing: &mut Vec<String>) {
    use crate::app::preflight::adapters;
    use wgpu::Backends;
    let mut any = false;
    for (label, backends) in [
        ("Vulkan", Backends::VULKAN),
        ("Metal", Backends::METAL),
        ("DX12", Backends::DX12),
        ("OpenGL ES", Backends::GL),
    ] {
        if !wgpu::Instance::enabled_backend_features().contains(backends) {
            continue;
        }
        let found = adapters(backends);
        let value = if found.is_empty() {
            "no adapter".to_string()
        } else {
            any = true;
            found
                .iter()
                .map(|a| {
                    let mut s = format!("{} ({})", a.name, a.kind);
                    if !a.driver.is_empty() {
                        s.push_str(&format!(", driver {}", a.driver));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push_str(&format!("  {:<10} {label}: {value}\n", "graphics:"));
    }
    if let Some(forced) = Backends::from_env() {
        out.push_str(&format!(
            "  {:<10} WGPU_BACKEND restricts the window to {forced:?}\n",
            ""
        ));
    }
    if !any {
        missing.push(advice::no_adapter(&[(
            "every backend".to_string(),
            "no adapter".to_string(),
        )]));
    }
}

/// A headless build has no renderer to ask.
#[cfg(not(feature = "gui"))]
fn graphics(out: &mut String, _missing: &mut Vec<String>) {
    out.push_str(&format!(
        "  {:<10} not checked: this build has no app\n",
        "graphics:"
    ));
}
