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
}

/// The device that will run, and a sentence saying which and why.
pub struct Chosen {
    pub device: Device,
    pub description: String,
}

pub fn choose(backend: Backend) -> Result<Chosen> {
    let cpu = |why: String| Chosen { device: Device::flex(), description: format!("CPU (burn flex){why}") };
    match backend {
        Backend::Cpu => Ok(cpu(String::new())),
        #[cfg(feature = "wgpu")]
        Backend::Wgpu => {
            let (device, setup) = Device::wgpu_options().init_with_setup().map_err(|e| anyhow::anyhow!("wgpu: {e:?}"))?;
            let info = setup.adapter.get_info();
            Ok(Chosen { device, description: format!("wgpu: {} ({:?}, {:?})", info.name, info.device_type, info.backend) })
        }
        Backend::Auto => {
            #[cfg(feature = "wgpu")]
            {
                use burn::tensor::wgpu::wgpu::DeviceType;
                match Device::wgpu_options().init_with_setup() {
                    Ok((device, setup)) => {
                        let info = setup.adapter.get_info();
                        if info.device_type != DeviceType::Cpu {
                            return Ok(Chosen {
                                device,
                                description: format!("wgpu: {} ({:?}, {:?}) (auto)", info.name, info.device_type, info.backend),
                            });
                        }
                        return Ok(cpu(format!(
                            " (auto: the wgpu adapter \"{}\" is a CPU emulation, slower than flex)",
                            info.name
                        )));
                    }
                    Err(error) => return Ok(cpu(format!(" (auto: no wgpu adapter: {error:?})"))),
                }
            }
            #[allow(unreachable_code)]
            Ok(cpu(" (auto: built without GPU backends)".into()))
        }
    }
}
