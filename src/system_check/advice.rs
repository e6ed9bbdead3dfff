//! What to tell a user whose machine lacks something the window needs: what is missing, the
//! package that provides it (Debian/Ubuntu and Fedora), and how to work without a window.

use super::display::{DisplayCheck, Protocol};

/// How to work without the window, and how to run it under a virtual X server.
pub const WITHOUT_A_WINDOW: &str = concat!(
    "  Without a window, the command line does everything the app measures:\n",
    "    multiscope run SCENE --out DIR      (the MD, its time series and checkpoints)\n",
    "    multiscope measure SCENE            (γ, θ, ζ, D with error bars, and the theory against the MD)\n",
    "    multiscope solve --coefficients F   (the Smoluchowski / Fokker–Planck densities)\n",
    "  Or run the window in a virtual X server:\n",
    "    xvfb-run -a multiscope              (Debian/Ubuntu: apt install xvfb; Fedora: dnf install xorg-x11-server-Xvfb)",
);

/// The graphics packages, per distribution.
pub const GRAPHICS_PACKAGES: &str = concat!(
    "    Debian/Ubuntu: sudo apt install mesa-vulkan-drivers libvulkan1   (Vulkan; includes the lavapipe software renderer)\n",
    "                   sudo apt install libegl1 libgl1-mesa-dri          (OpenGL ES through EGL, the fallback)\n",
    "    Fedora:        sudo dnf install mesa-vulkan-drivers vulkan-loader\n",
    "                   sudo dnf install mesa-libEGL mesa-dri-drivers",
);

/// The message for a window that has no display to open on.
pub fn no_display(check: &DisplayCheck, wayland_built: bool) -> String {
    let mut out = String::from("multiscope's window needs a display, ");
    match check {
        DisplayCheck::Usable(_) => return String::new(),
        DisplayCheck::NotSet => out.push_str(
            "and this session has none: neither DISPLAY (X11) nor WAYLAND_DISPLAY (Wayland) is \
             set.\n  Start multiscope from a terminal inside the desktop session, or over SSH with \
             X forwarding (`ssh -X`).\n",
        ),
        DisplayCheck::Unusable(candidates) => {
            out.push_str("and none of those this session names can be used:\n");
            for c in candidates {
                let why = match (&c.reachable, c.supported) {
                    (_, false) => format!(
                        "this build of multiscope opens windows on X11 only{}",
                        if c.protocol == Protocol::Wayland {
                            "; run it through XWayland (set DISPLAY), or rebuild with Wayland"
                        } else {
                            ""
                        }
                    ),
                    (Err(e), true) => e.clone(),
                    (Ok(()), true) => "answers".to_string(),
                };
                out.push_str(&format!("    {} `{}`: {why}\n", c.protocol, c.name));
            }
            if !wayland_built {
                out.push_str("  This build has no Wayland support; X11 (or XWayland) is needed.\n");
            }
        }
    }
    out.push_str(WITHOUT_A_WINDOW);
    out
}

/// The message for a window that found no graphics adapter; `tried` lists each backend tried and
/// what it said.
pub fn no_adapter(tried: &[(String, String)]) -> String {
    let mut out = String::from(
        "multiscope's window found no graphics adapter to draw with (it tries Vulkan, then OpenGL \
         ES):\n",
    );
    for (backend, why) in tried {
        out.push_str(&format!("    {backend}: {why}\n"));
    }
    out.push_str(
        "  Install a driver (a software one is enough; expect 10–30 frames per second):\n",
    );
    out.push_str(GRAPHICS_PACKAGES);
    out.push('\n');
    out.push_str(WITHOUT_A_WINDOW);
    out
}

/// The message for an OpenGL ES fallback that found an adapter but cannot present to this
/// display (`why`: the renderer's words), as under a virtual X server, whose EGL has no DRI driver.
pub fn gl_cannot_present(why: &str) -> String {
    format!(
        "multiscope's window found no Vulkan driver, and its OpenGL ES fallback cannot draw on this \
         display ({why}). Virtual X servers such as Xvfb give OpenGL ES no driver to present with; \
         Vulkan's software renderer works there.\n  Install a Vulkan driver:\n{GRAPHICS_PACKAGES}\n{WITHOUT_A_WINDOW}"
    )
}

/// The message for a display that answered the check but then refused the window (`why`: the
/// windowing library's words): X11 authorisation, or a virtual X server caught resetting.
pub fn display_refused(why: &str) -> String {
    format!(
        "multiscope's window could not open on the display ({why}). The display's socket \
         answers, but the X server refused the connection.\n  \
         Check that this session may use it: XAUTHORITY names the right file (`xauth list`), or \
         `xhost +SI:localuser:$USER` on the desktop.\n  \
         A virtual X server resets while its last client leaves and refuses new ones meanwhile: \
         start it with `-noreset` (xvfb-run -a -s \"-noreset\" multiscope), or try again.\n{WITHOUT_A_WINDOW}"
    )
}

/// The answer of a build without the app to `open` or to no subcommand.
pub const NO_APP_IN_BUILD: &str = "\
this build has no app: it was built without the `gui` feature (`--no-default-features`).
  Build with default features to get the window:  cargo build --release
  This build runs everything headless: multiscope --help lists run, measure, solve, sweep, bench,
  check and doctor.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system_check::display::Candidate;

    #[test]
    fn not_set_says_which_variables_and_what_to_do() {
        let m = no_display(&DisplayCheck::NotSet, false);
        for needle in [
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "xvfb-run",
            "multiscope measure",
            "apt install xvfb",
        ] {
            assert!(m.contains(needle), "{needle} missing from:\n{m}");
        }
    }

    #[test]
    fn wayland_only_on_an_x11_build_says_so() {
        let m = no_display(
            &DisplayCheck::Unusable(vec![Candidate {
                protocol: Protocol::Wayland,
                name: "wayland-0".into(),
                reachable: Ok(()),
                supported: false,
            }]),
            false,
        );
        assert!(m.contains("XWayland"), "{m}");
    }

    #[test]
    fn no_adapter_names_the_packages() {
        let m = no_adapter(&[("Vulkan".into(), "no adapter".into())]);
        for needle in [
            "mesa-vulkan-drivers",
            "libegl1",
            "mesa-libEGL",
            "Vulkan: no adapter",
        ] {
            assert!(m.contains(needle), "{needle} missing from:\n{m}");
        }
    }
}
