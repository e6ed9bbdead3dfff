//! Before Bevy starts: is there a display, and a graphics adapter to draw with? Bevy panics on
//! either missing; here each becomes one message that says what is missing and what to install
//! ([`crate::system_check::advice`]), and the renderer falls back from Vulkan (or Metal, DX12) to
//! OpenGL ES when that is all the machine has.

use wgpu::{Backends, DeviceType};

use crate::system_check::{DisplayCheck, advice, check_display};

/// One graphics adapter wgpu found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adapter {
    /// Backend (`Vulkan`, `Gl`, `Metal`, `Dx12`).
    pub backend: String,
    /// Adapter name (`llvmpipe (LLVM 15.0.6, 256 bits)`, a GPU's model).
    pub name: String,
    /// Driver and its version, where the backend says.
    pub driver: String,
    /// Whether it draws on the processor (a software renderer such as lavapipe or llvmpipe).
    pub software: bool,
    /// Discrete, integrated, virtual, CPU or other.
    pub kind: &'static str,
}

impl Adapter {
    fn from_info(info: wgpu::AdapterInfo) -> Adapter {
        let kind = match info.device_type {
            DeviceType::DiscreteGpu => "discrete GPU",
            DeviceType::IntegratedGpu => "integrated GPU",
            DeviceType::VirtualGpu => "virtual GPU",
            DeviceType::Cpu => "software renderer",
            DeviceType::Other => "other",
        };
        let name_says_software = ["llvmpipe", "lavapipe", "softpipe", "swiftshader"]
            .iter()
            .any(|s| info.name.to_lowercase().contains(s));
        Adapter {
            backend: format!("{:?}", info.backend),
            driver: [info.driver, info.driver_info]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            software: info.device_type == DeviceType::Cpu || name_says_software,
            kind,
            name: info.name,
        }
    }

    /// One line for messages: backend, name, kind, and for software renderers what to expect.
    pub fn describe(&self) -> String {
        let mut s = format!("{} on {} ({})", self.backend, self.name, self.kind);
        if self.software {
            s.push_str(": drawn by the processor, expect 10–30 frames per second");
        }
        s
    }
}

/// The adapters wgpu finds on `backends`, best first (hardware before software).
pub fn adapters(backends: Backends) -> Vec<Adapter> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends,
        ..wgpu::InstanceDescriptor::new_without_display_handle_from_env()
    });
    let mut found: Vec<Adapter> = bevy::tasks::block_on(instance.enumerate_adapters(backends))
        .into_iter()
        .map(|a| Adapter::from_info(a.get_info()))
        .collect();
    found.sort_by_key(|a| a.software);
    found
}

/// What the window will draw with.
#[derive(Debug, Clone)]
pub struct Renderer {
    /// The backends Bevy may use (one backend: the probed one).
    pub backends: Backends,
    /// The adapter found there.
    pub adapter: Adapter,
    /// Set when this is a fallback: why the first choice was not taken.
    pub fallback_from: Option<String>,
}

/// Checks the display, then the adapters: `WGPU_BACKEND` when set, else the platform's primary
/// backends (Vulkan, Metal, DX12), else OpenGL ES. `Err` is the message for the user.
pub fn preflight() -> Result<Renderer, String> {
    if cfg!(all(unix, not(target_os = "macos"))) {
        let display = check_display(true);
        if !display.is_usable() {
            return Err(advice::no_display(&display, true));
        }
        if let DisplayCheck::Usable(c) = &display {
            bevy::log::debug!("display: {} {}", c.protocol, c.name);
        }
    }
    choose(Backends::from_env())
}

/// Picks the backend: `forced` (from `WGPU_BACKEND`) when given, else primary then GL.
fn choose(forced: Option<Backends>) -> Result<Renderer, String> {
    let steps: Vec<(Backends, &str)> = match forced {
        Some(b) => vec![(b, "the backends WGPU_BACKEND names")],
        None => vec![
            (Backends::PRIMARY, "Vulkan / Metal / DX12"),
            (Backends::GL, "OpenGL ES"),
        ],
    };
    let mut tried = Vec::new();
    for (backends, label) in steps {
        if let Some(adapter) = adapters(backends).into_iter().next() {
            let backends = backend_bit(&adapter.backend).unwrap_or(backends);
            let fallback_from = (!tried.is_empty()).then(|| {
                tried
                    .iter()
                    .map(|(b, why): &(String, String)| format!("{b}: {why}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            return Ok(Renderer {
                backends,
                adapter,
                fallback_from,
            });
        }
        tried.push((label.to_string(), "no adapter found".to_string()));
    }
    Err(advice::no_adapter(&tried))
}

/// The backend flag of a backend's name as [`Adapter::backend`] writes it.
fn backend_bit(name: &str) -> Option<Backends> {
    Some(match name {
        "Vulkan" => Backends::VULKAN,
        "Gl" => Backends::GL,
        "Metal" => Backends::METAL,
        "Dx12" => Backends::DX12,
        _ => return None,
    })
}
