//! A WebGPU device for burn, created here rather than by `Device::wgpu_options().init_async()`:
//! that call can run only once per page, while a lost device must be replaced by a fresh one.
//! Registering our own `WgpuSetup` gives burn a new runtime each time, and lets us watch for loss.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use burn::tensor::Device;
use burn::tensor::wgpu::{WgpuSetup, wgpu};

use crate::error::{AceError, Result};

/// A burn device on a WebGPU adapter, with a flag the browser sets when the device is lost. (The
/// adapter's description comes from the JS side, where the browser's `GPUAdapterInfo` is complete.)
pub struct WebGpu {
    pub device: Device,
    /// The device's largest buffer in bytes (`min(max_buffer_size, max_storage_buffer_binding_size)`),
    /// for the translator's budget: a photo that would need more is refused before any GPU work.
    pub max_buffer_bytes: u64,
    lost: Arc<AtomicBool>,
}

impl WebGpu {
    pub fn is_lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }
}

pub async fn create() -> Result<WebGpu> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends: wgpu::Backends::BROWSER_WEBGPU,
        ..wgpu::InstanceDescriptor::new_without_display_handle()
    });
    let adapter = instance
        .request_adapter(&wgpu::RequestAdapterOptions { power_preference: wgpu::PowerPreference::HighPerformance, ..Default::default() })
        .await
        .map_err(|e| AceError::WebGpuUnavailable(format!("no WebGPU adapter: {e}")))?;
    // The same request burn makes for itself: every adapter feature and the adapter's own limits
    // (the defaults cap storage buffers at 128 MiB, too small for large photos).
    let (device, queue) = adapter
        .request_device(&wgpu::DeviceDescriptor {
            label: Some("ace"),
            required_features: adapter.features().difference(wgpu::Features::MAPPABLE_PRIMARY_BUFFERS),
            required_limits: adapter.limits(),
            memory_hints: wgpu::MemoryHints::MemoryUsage,
            ..Default::default()
        })
        .await
        .map_err(|e| AceError::WebGpuUnavailable(format!("the WebGPU device was refused: {e}")))?;
    let limits = device.limits();
    let max_buffer_bytes = limits.max_buffer_size.min(limits.max_storage_buffer_binding_size as u64);
    let lost = Arc::new(AtomicBool::new(false));
    let flag = lost.clone();
    device.set_device_lost_callback(move |reason, message| {
        log::warn!("WebGPU device lost ({reason:?}): {message}");
        flag.store(true, Ordering::SeqCst);
    });
    let setup = WgpuSetup { instance, adapter, device, queue, backend: wgpu::Backend::BrowserWebGpu };
    let device = Device::wgpu_options()
        .setup(setup)
        .init()
        .map_err(|e| AceError::WebGpuUnavailable(format!("burn could not use the WebGPU device: {e:?}")))?;
    Ok(WebGpu { device, max_buffer_bytes, lost })
}
