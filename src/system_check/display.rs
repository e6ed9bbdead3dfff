//! The display the window needs: an X11 server (`DISPLAY`) or a Wayland compositor
//! (`WAYLAND_DISPLAY`, `WAYLAND_SOCKET`), checked by connecting to it, as the window system
//! would, before Bevy starts.

use std::path::PathBuf;
use std::time::Duration;

/// A display protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The X Window System, from `DISPLAY`.
    X11,
    /// Wayland, from `WAYLAND_DISPLAY` or `WAYLAND_SOCKET`.
    Wayland,
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Protocol::X11 => "X11",
            Protocol::Wayland => "Wayland",
        })
    }
}

/// One display named by the environment, and whether it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Its protocol.
    pub protocol: Protocol,
    /// What the environment names (`:0`, `wayland-0`, …).
    pub name: String,
    /// `Ok(())` when a connection was made, else why not.
    pub reachable: Result<(), String>,
    /// Whether this build of multiscope can open a window on this protocol.
    pub supported: bool,
}

/// The outcome of [`check_display`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisplayCheck {
    /// A display this build can use answered.
    Usable(Candidate),
    /// The environment names no display at all.
    NotSet,
    /// Displays are named but none is usable; each says why.
    Unusable(Vec<Candidate>),
}

impl DisplayCheck {
    /// Whether the window can open.
    pub fn is_usable(&self) -> bool {
        matches!(self, DisplayCheck::Usable(_))
    }
}

/// Checks the displays the process environment names; `wayland_built` says whether this build
/// opens windows on Wayland (X11 always).
pub fn check_display(wayland_built: bool) -> DisplayCheck {
    check_display_in(|k| std::env::var(k).ok(), wayland_built)
}

/// [`check_display`] with the environment given by `env`.
pub fn check_display_in(env: impl Fn(&str) -> Option<String>, wayland_built: bool) -> DisplayCheck {
    let set = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let mut candidates = Vec::new();
    if let Some(name) = set("WAYLAND_DISPLAY") {
        candidates.push(Candidate {
            protocol: Protocol::Wayland,
            reachable: wayland_socket(&name, set("XDG_RUNTIME_DIR")).and_then(connect_unix),
            name,
            supported: wayland_built,
        });
    } else if let Some(fd) = set("WAYLAND_SOCKET") {
        // An inherited socket: nothing to connect to, it is open or it is not.
        candidates.push(Candidate {
            protocol: Protocol::Wayland,
            name: format!("socket {fd}"),
            reachable: Ok(()),
            supported: wayland_built,
        });
    }
    if let Some(name) = set("DISPLAY") {
        candidates.push(Candidate {
            protocol: Protocol::X11,
            reachable: connect_x11(&name),
            name,
            supported: true,
        });
    }
    if candidates.is_empty() {
        return DisplayCheck::NotSet;
    }
    match candidates
        .iter()
        .find(|c| c.supported && c.reachable.is_ok())
    {
        Some(c) => DisplayCheck::Usable(c.clone()),
        None => DisplayCheck::Unusable(candidates),
    }
}

/// The socket of Wayland display `name` (absolute, or under `XDG_RUNTIME_DIR`).
fn wayland_socket(name: &str, runtime_dir: Option<String>) -> Result<PathBuf, String> {
    let path = PathBuf::from(name);
    if path.is_absolute() {
        return Ok(path);
    }
    match runtime_dir {
        Some(dir) => Ok(PathBuf::from(dir).join(path)),
        None => Err("XDG_RUNTIME_DIR is not set, so its socket cannot be found".to_string()),
    }
}

/// Connects to the X server `DISPLAY` names: `[host]:N[.screen]`, local (`:N`, `unix:N`) through
/// its Unix socket (path or abstract), remote through TCP port 6000 + N.
fn connect_x11(display: &str) -> Result<(), String> {
    let Some((host, rest)) = display.rsplit_once(':') else {
        return Err(format!("`{display}` is not of the form [host]:N"));
    };
    let number: u16 = rest
        .split('.')
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("`{display}` has no display number after the colon"))?;
    if host.is_empty() || host == "unix" {
        let path = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let by_path = connect_unix(path.clone());
        if by_path.is_ok() {
            return by_path;
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::linux::net::SocketAddrExt;
            use std::os::unix::net::{SocketAddr, UnixStream};
            let name = format!("/tmp/.X11-unix/X{number}");
            if let Ok(addr) = SocketAddr::from_abstract_name(name.as_bytes())
                && UnixStream::connect_addr(&addr).is_ok()
            {
                return Ok(());
            }
        }
        return by_path.map_err(|e| format!("no X server answers on display {number} ({e})"));
    }
    let port = 6000 + u32::from(number);
    let addrs = std::net::ToSocketAddrs::to_socket_addrs(&(host, port as u16))
        .map_err(|e| format!("cannot resolve `{host}`: {e}"))?;
    let mut last = format!("`{host}` resolves to no address");
    for addr in addrs {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("no X server answers at {addr}: {e}"),
        }
    }
    Err(last)
}

/// Connects to a Unix socket.
fn connect_unix(path: PathBuf) -> Result<(), String> {
    std::os::unix::net::UnixStream::connect(&path)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn nothing_set_is_not_set() {
        assert_eq!(check_display_in(env(&[]), true), DisplayCheck::NotSet);
        assert_eq!(
            check_display_in(env(&[("DISPLAY", " ")]), true),
            DisplayCheck::NotSet
        );
    }

    #[test]
    fn an_x_display_nobody_serves_is_unusable_with_a_reason() {
        let DisplayCheck::Unusable(c) = check_display_in(env(&[("DISPLAY", ":987")]), false) else {
            panic!("display 987 should not answer");
        };
        assert_eq!(c[0].protocol, Protocol::X11);
        assert!(c[0].reachable.as_ref().unwrap_err().contains("987"));
    }

    #[test]
    fn malformed_display_is_explained() {
        let DisplayCheck::Unusable(c) = check_display_in(env(&[("DISPLAY", "nonsense")]), false)
        else {
            panic!("`nonsense` is not a display");
        };
        assert!(c[0].reachable.as_ref().unwrap_err().contains("[host]:N"));
    }

    #[test]
    fn wayland_needs_a_runtime_dir_and_a_build_that_has_it() {
        let DisplayCheck::Unusable(c) =
            check_display_in(env(&[("WAYLAND_DISPLAY", "wayland-0")]), true)
        else {
            panic!("no runtime dir");
        };
        assert!(
            c[0].reachable
                .as_ref()
                .unwrap_err()
                .contains("XDG_RUNTIME_DIR")
        );
        let DisplayCheck::Unusable(c) = check_display_in(env(&[("WAYLAND_SOCKET", "3")]), false)
        else {
            panic!("a build without Wayland cannot use it");
        };
        assert!(!c[0].supported);
    }

    #[test]
    fn a_listening_unix_socket_counts_as_a_wayland_display() {
        let dir = std::env::temp_dir().join(format!("multiscope-wl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let _listener = std::os::unix::net::UnixListener::bind(dir.join("wayland-test")).unwrap();
        let runtime = dir.display().to_string();
        let check = check_display_in(
            env(&[
                ("WAYLAND_DISPLAY", "wayland-test"),
                ("XDG_RUNTIME_DIR", &runtime),
            ]),
            true,
        );
        std::fs::remove_dir_all(&dir).ok();
        assert!(check.is_usable(), "{check:?}");
    }
}
