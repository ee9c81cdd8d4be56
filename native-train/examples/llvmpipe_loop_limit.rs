//! The smallest reproduction of the wgpu fault of `docs/gpu-correctness.md`: a sum over one row of
//! ones, on the CPU and on the first wgpu adapter. burn's unfused reduce gives the whole row to one
//! thread; Mesa's llvmpipe ends a shader after 65,535 loop iterations, so past 65,532 vectors the
//! sum stops growing (65,532 for scalar rows, 262,128 for rows read 4 at a time). Real GPUs and
//! SwiftShader have no such limit.
//!
//!     cargo run --release -p ace-train --example llvmpipe_loop_limit
use burn::tensor::{Device, Tensor};

fn main() {
    let (device, setup) = Device::wgpu_options().init_with_setup().expect("a wgpu adapter");
    println!("adapter: {:?}", setup.adapter.get_info().name);
    for len in [65_532usize, 65_533, 70_001, 262_144, 262_148, 1 << 20] {
        let sum = |device: &Device| -> f32 { Tensor::<2>::ones([1, len], device).sum_dim(1).into_scalar() };
        let (cpu, gpu) = (sum(&Device::flex()), sum(&device));
        println!("{len:>9} ones: CPU {cpu:>9}, wgpu {gpu:>9}{}", if cpu == gpu { "" } else { "  <- wrong" });
    }
}
