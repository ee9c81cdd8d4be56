//! Where wgpu and the CPU part: each stage of the shipped generator run on both from the CPU's input
//! to that stage, so a difference belongs to that stage alone (an end-to-end difference cannot say
//! which layer made it). Run it on any new adapter before trusting it:
//!
//!     cargo run --release -p ace-train --example wgpu_stage_diff -- <width> <height>
use burn::tensor::{Device, Tensor, TensorData};
use burn::tensor::activation::{relu, tanh};
use burn::tensor::module::interpolate;
use burn::tensor::ops::{InterpolateMode, InterpolateOptions, PadMode};

fn cmp(name: &str, a: &Tensor<4>, b: &Tensor<4>) {
    let a: Vec<f32> = a.to_data().try_into_vec::<f32>().unwrap();
    let b: Vec<f32> = b.to_data().try_into_vec::<f32>().unwrap();
    let scale = a.iter().map(|v| v.abs()).fold(0f32, f32::max).max(1e-6);
    let (mut max, mut sum) = (0f32, 0f64);
    for (x, y) in a.iter().zip(&b) { let d = (x - y).abs(); max = max.max(d); sum += d as f64; }
    println!("{name:40} n {:9} max|a| {scale:10.4} max diff {:.3e} ({:.2e} rel) mean {:.3e}", a.len(), max, max / scale, sum / a.len() as f64);
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("<width> <height> in pixels")).collect();
    let [w, h] = args[..] else { panic!("usage: wgpu_stage_diff <width> <height>") };
    let cpu = Device::flex();
    let gpu = Device::wgpu_options().init_with_setup().unwrap().0;
    let m_cpu = ace::weights::load_file(std::path::Path::new("weights/ace-default.safetensors"), &cpu).unwrap();
    let m_gpu = ace::weights::load_file(std::path::Path::new("weights/ace-default.safetensors"), &gpu).unwrap();
    let img = image::imageops::resize(&image::open("assets/samples/chelsea.png").unwrap().into_rgb8(), w as u32, h as u32, image::imageops::FilterType::Triangle);
    let x = Tensor::<4>::from_data(TensorData::new(ace::pipeline::to_chw(&img), [1, 3, h, w]), &cpu);
    let stage = |name: &str, x: &Tensor<4>, f: &dyn Fn(&ace::nn::ace::Ace, Tensor<4>) -> Tensor<4>| -> Tensor<4> {
        let a = f(&m_cpu, x.clone());
        let b = f(&m_gpu, x.clone().to_device(&gpu));
        cmp(name, &a, &b.to_device(&cpu));
        a
    };
    let f = stage("vgg", &x, &|m, x| m.features(x));
    let c = stage("content code", &f, &|m, x| m.content_code(x));
    let d = stage("decoder input", &c, &|m, x| m.decoder_input(x));
    let style = Tensor::<2>::from_data(TensorData::new(vec![1.0f32, 0.4, 0.0, 0.9, -0.6, -1.7, 0.7, 1.0], [1, 8]), &cpu);
    let p_cpu = m_cpu.adain_params(style.clone());
    let p_gpu = m_gpu.adain_params(style.to_device(&gpu));
    let mut y = stage("input norm", &d, &|m, x| m.decoder.input_norm.forward(x));
    let c_ch = d.dims()[1];
    for i in 0..m_cpu.decoder.blocks.len() {
        let a = m_cpu.decoder.blocks[i].forward(y.clone(), p_cpu.clone().narrow(1, i * 4 * c_ch, 4 * c_ch));
        let b = m_gpu.decoder.blocks[i].forward(y.clone().to_device(&gpu), p_gpu.clone().narrow(1, i * 4 * c_ch, 4 * c_ch));
        cmp(&format!("adain block {i}"), &a, &b.to_device(&cpu));
        y = a;
    }
    for i in 0..m_cpu.decoder.ups.len() {
        let [_, _, hh, ww] = y.dims();
        let up = |x: Tensor<4>| { let mut o = InterpolateOptions::new(InterpolateMode::Nearest); o.output_size = Some([hh * 2, ww * 2]); interpolate(x, o) };
        let u = up(y.clone()); cmp(&format!("up {i} interpolate"), &u, &up(y.clone().to_device(&gpu)).to_device(&cpu));
        let p = m_cpu.decoder.ups[i].conv.pad;
        let padf = |x: Tensor<4>| x.pad([(p, p), (p, p)], PadMode::Reflect);
        cmp(&format!("up {i} reflect pad"), &padf(u.clone()), &padf(u.clone().to_device(&gpu)).to_device(&cpu));
        let v = stage(&format!("up {i} conv"), &u, &move |m, x| m.decoder.ups[i].conv.forward(x));
        let n = stage(&format!("up {i} layer norm"), &v, &move |m, x| m.decoder.ups[i].norm.forward(x));
        y = relu(n);
    }
    stage("to rgb", &y, &|m, x| tanh(m.decoder.to_rgb.forward(x)));
}
