//! Choosing where to compute. `auto` takes a real GPU when one is present and says why it did or did
//! not: a wgpu adapter that is itself a CPU emulation (Mesa's lavapipe, SwiftShader) is slower than
//! burn's own CPU backend, so it loses to `flex`.

use anyhow::Result;
use burn::tensor::Device;
use clap::ValueEnum;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    /// The best available: a wgpu GPU, else the CPU.
    Auto,
    /// burn's pure-Rust CPU backend (`flex`).
    Cpu,
    /// wgpu (Vulkan/Metal/DX12), whatever adapter it finds.
    #[cfg(feature = "wgpu")]
    Wgpu,
    /// wgpu pinned to Vulkan, with SPIR-V kernels (built with the `vulkan` feature).
    #[cfg(feature = "vulkan")]
    Vulkan,
    /// burn's CUDA backend, device 0 (built with the `cuda` feature: scripts/gpu/build-cuda.sh).
    #[cfg(feature = "cuda")]
    Cuda,
}

/// CUDA device 0, opened now: burn opens the driver on first use and panics where there is none, so
/// a one-number tensor is made first and a missing driver or GPU becomes one line of error.
#[cfg(feature = "cuda")]
fn cuda() -> Result<Chosen> {
    use std::sync::{Arc, Mutex};
    let device = Device::cuda(0);
    let probe = device.clone();
    // The driver is opened on burn's CUDA thread: its panic (the first one) says why, not ours.
    let first: Arc<Mutex<Option<String>>> = Arc::default();
    let hook = std::panic::take_hook();
    let seen = first.clone();
    std::panic::set_hook(Box::new(move |info| {
        let mut first = seen.lock().unwrap_or_else(|e| e.into_inner());
        if first.is_none() {
            let payload = info.payload();
            let text = payload.downcast_ref::<String>().cloned().or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()));
            *first = text;
        }
    }));
    let opened = std::panic::catch_unwind(move || burn::tensor::Tensor::<1>::zeros([1], &probe).into_data());
    std::panic::set_hook(hook);
    if opened.is_ok() {
        let tuned = if cfg!(feature = "autotune") { "autotuned" } else { "not autotuned" };
        return Ok(Chosen { device, description: format!("CUDA ({tuned}): device 0"), max_buffer_bytes: None });
    }
    let why = first.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_else(|| "the driver could not be opened".into());
    // The loader's message goes on to list every library name it tried: the first clause says it.
    let why = why.lines().next().unwrap_or("").split(" - ").next().unwrap_or("").trim_end_matches('.');
    anyhow::bail!("cuda: no usable CUDA device ({why})")
}

/// How this build runs wgpu: with or without kernel fusion and autotune (features of the same names).
#[cfg(feature = "wgpu")]
const WGPU_BUILD: &str = match (cfg!(feature = "fusion"), cfg!(feature = "autotune")) {
    (true, true) => "fused, autotuned",
    (true, false) => "fused",
    (false, true) => "unfused, autotuned",
    (false, false) => "unfused",
};

/// The wgpu device these options open, described; with the adapter's name when it is a CPU emulation.
#[cfg(feature = "wgpu")]
fn wgpu_chosen(
    options: burn::tensor::wgpu::WgpuOptions,
    why: &str,
) -> std::result::Result<(Chosen, Option<String>), burn::tensor::wgpu::WgpuInitError> {
    let (device, setup) = options.init_with_setup()?;
    let info = setup.adapter.get_info();
    let emulated = (info.device_type == burn::tensor::wgpu::wgpu::DeviceType::Cpu).then(|| format!("{} ({:?})", info.name, info.backend));
    let description = format!("wgpu ({WGPU_BUILD}): {} ({:?}, {:?}){why}", info.name, info.device_type, info.backend);
    let limits = setup.device.limits();
    let max_buffer_bytes = Some(limits.max_buffer_size.min(limits.max_storage_buffer_binding_size as u64));
    Ok((Chosen { device, description, max_buffer_bytes }, emulated))
}

/// The device that will run, and a sentence saying which and why.
pub struct Chosen {
    pub device: Device,
    pub description: String,
    /// The device's largest buffer in bytes, for a GPU (`Translator::with_buffer_limit`).
    pub max_buffer_bytes: Option<u64>,
}

impl Chosen {
    /// A translator on this device that knows the device's largest buffer.
    pub fn translator(&self, model: ace::Ace) -> ace::Translator {
        let translator = ace::Translator::new(model, self.device.clone());
        match self.max_buffer_bytes {
            Some(bytes) => translator.with_buffer_limit(bytes),
            None => translator,
        }
    }
}

pub fn choose(backend: Backend) -> Result<Chosen> {
    let cpu = |why: String| Chosen { device: Device::flex(), description: format!("CPU (burn flex){why}"), max_buffer_bytes: None };
    match backend {
        Backend::Cpu => Ok(cpu(String::new())),
        #[cfg(feature = "wgpu")]
        Backend::Wgpu => {
            Ok(wgpu_chosen(Device::wgpu_options(), "").map_err(|e| anyhow::anyhow!("wgpu: {e:?}"))?.0)
        }
        #[cfg(feature = "cuda")]
        Backend::Cuda => cuda(),
        #[cfg(feature = "vulkan")]
        Backend::Vulkan => {
            let options = Device::wgpu_options().graphics_api(burn::tensor::wgpu::WgpuBackend::Vulkan);
            Ok(wgpu_chosen(options, " (SPIR-V)").map_err(|e| anyhow::anyhow!("vulkan: {e:?}"))?.0)
        }
        Backend::Auto => {
            #[cfg(feature = "wgpu")]
            {
                return Ok(match wgpu_chosen(Device::wgpu_options(), " (auto)") {
                    Ok((chosen, None)) => chosen,
                    Ok((_, Some(adapter))) => cpu(format!(" (auto: the wgpu adapter {adapter} is a CPU emulation, slower than flex)")),
                    Err(error) => cpu(format!(" (auto: no wgpu adapter: {error:?})")),
                });
            }
            #[allow(unreachable_code)]
            Ok(cpu(" (auto: built without GPU backends)".into()))
        }
    }
}
