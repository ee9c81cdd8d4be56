//! The fused training step's fault, cut down (docs/gpu-correctness.md): under burn 0.22.1's wgpu
//! fusion with autodiff, `mean((y - 1)^2)` of a convolution's output `y` comes out wrong, value and
//! gradient, while `mean(y^2)`, `mean(y - 1)`, the same on a leaf tensor, and all of it without autodiff
//! agree with the CPU. The LSGAN losses of `train::losses` avoid that form; the last lines check them
//! on the pixel discriminator as a training step uses them. Exit status 1 when those differ.
//!
//!     cargo run --release -p ace-train --features fusion --example fused_discriminator
use ace_train::train::discriminator::MultiScaleDiscriminatorConfig;
use ace_train::train::losses::GanLoss;
use burn::module::Module;
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Distribution, Tensor};

fn difference<const D: usize>(name: &str, cpu: Tensor<D>, gpu: Tensor<D>) -> f32 {
    let a: Vec<f32> = cpu.into_data().convert::<f32>().try_into_vec::<f32>().unwrap();
    let b: Vec<f32> = gpu.into_data().convert::<f32>().try_into_vec::<f32>().unwrap();
    let scale = a.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-6);
    let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max) / scale;
    println!("{name:52} largest |cpu| {scale:9.4}, worst difference {worst:.2e} of it");
    worst
}

type Form = fn(Tensor<4>) -> Tensor<1>;
const FORMS: [(&str, Form); 4] = [
    ("mean((y - 1)^2)", |y| y.sub_scalar(1.0).powf_scalar(2.0).mean()),
    ("mean((y - 1) * (y - 1))", |y| { let z = y.sub_scalar(1.0); (z.clone() * z).mean() }),
    ("mean(y^2)", |y| y.powf_scalar(2.0).mean()),
    ("mean(y - 1)", |y| y.sub_scalar(1.0).mean()),
];

fn main() {
    let cpu = Device::flex();
    let gpu = Device::wgpu_options().init_with_setup().expect("a wgpu adapter").0;
    println!("wgpu: {gpu:?}");
    cpu.seed(7);
    let x = Tensor::<4>::random([2, 3, 32, 32], Distribution::Normal(0.0, 0.5), &cpu);
    let disc = MultiScaleDiscriminatorConfig::new().with_scales(2).with_width(16).with_layers(3).init(&cpu);

    // burn's fault: a stride-2 convolution with a tracked weight, then each form of the loss.
    let w = Tensor::<4>::random([1, 3, 4, 4], Distribution::Normal(0.0, 0.1), &cpu);
    for (autodiff, leaf) in [(true, false), (false, false), (true, true)] {
        for (name, form) in FORMS {
            let run = |d: &Device| {
                let d = if autodiff { d.clone().autodiff() } else { d.clone() };
                let weight = Tensor::<4>::from_data(w.to_data(), &d);
                let weight = if autodiff { weight.require_grad() } else { weight };
                let input = Tensor::<4>::from_data(x.to_data(), &d);
                let options = ConvOptions::new([2, 2], [1, 1], [1, 1], 1);
                let y = conv2d(input, weight.clone(), None, options);
                // y moves into the loss (kept alive, as a leaf is, the fault does not show).
                let (loss, grad) = if leaf {
                    let y = Tensor::<4>::from_data(y.to_data(), &d).require_grad();
                    let loss = form(y.clone());
                    let grad = y.grad(&loss.backward()).unwrap();
                    (loss, grad)
                } else {
                    let loss = form(y);
                    let grad = if autodiff { weight.grad(&loss.backward()).unwrap() } else { weight.inner() };
                    (loss, grad)
                };
                (loss.inner(), grad)
            };
            let (a, b) = (run(&cpu), run(&gpu));
            let how = match (autodiff, leaf) { (true, false) => "autodiff", (false, _) => "no autodiff", (true, true) => "autodiff, y a leaf" };
            difference(&format!("conv, {how}: {name}"), a.0, b.0);
            if autodiff {
                difference(&format!("conv, {how}: its gradient"), a.1, b.1);
            }
        }
    }

    // The project's losses on the pixel discriminator, reals and fakes over one graph, as a step runs them.
    let step = |d: &Device| {
        let d = d.clone().autodiff();
        let disc = disc.clone().fork(&d).train();
        let reals = Tensor::<4>::from_data(x.to_data(), &d);
        let fakes = Tensor::<4>::from_data(x.clone().flip([3]).to_data(), &d).require_grad();
        let d_loss = GanLoss::Lsgan.discriminator(disc.forward(reals), disc.forward(fakes.clone().detach()));
        let g_loss = GanLoss::Lsgan.generator(disc.forward(fakes.clone()));
        let d_grad = disc.scales[0].convs[0].weight.val().grad(&d_loss.clone().backward()).unwrap();
        let g_grad = fakes.grad(&g_loss.clone().backward()).unwrap();
        (d_loss.inner(), g_loss.inner(), d_grad, g_grad)
    };
    let (a, b) = (step(&cpu), step(&gpu));
    let worst = [
        difference("train::losses: discriminator's LSGAN loss", a.0, b.0),
        difference("train::losses: generator's LSGAN loss", a.1, b.1),
        difference("  d (discriminator's) / d first conv weight", a.2, b.2),
        difference("  d (generator's) / d fakes", a.3, b.3),
    ]
    .into_iter()
    .fold(0f32, f32::max);
    println!("the project's losses {}", if worst < 1e-3 { "agree" } else { "DIFFER" });
    std::process::exit(i32::from(worst >= 1e-3));
}
