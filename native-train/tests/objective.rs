//! The training objective on real weights and real photos: one step trains what it should and
//! nothing else, and the stop-gradient rule of paper section 3.5 holds in the gradients themselves.

use std::path::Path;

use ace::weights::vgg_import::{default_vgg_path, import_vgg};
use ace::AceConfig;
use ace_train::photos::{list_images, load_batch};
use ace_train::train::discriminator::MultiScaleDiscriminatorConfig;
use ace_train::train::objective::{ObjectiveConfig, discriminator_loss, generator_losses};
use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams};
use burn::store::{ModuleSnapshot, bridge};
use burn::tensor::Device;
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

fn setup() -> (ace::Ace, ace_train::train::discriminator::MultiScaleDiscriminator, burn::tensor::Tensor<4>, Device) {
    let device = Device::flex().autodiff();
    device.seed(5);
    let config = AceConfig::tiny();
    let mut model = config.init(&device);
    import_vgg(&mut model.vgg, &default_vgg_path()).expect("run scripts/fetch-vgg.sh");
    let discriminator = MultiScaleDiscriminatorConfig::new().with_width(8).with_layers(3).init(&device);
    let photos = list_images(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/samples"), 4).unwrap();
    let x = load_batch(&photos, 32, &device).unwrap();
    (model, discriminator, x, device)
}

fn values(model: &impl ModuleSnapshot) -> Vec<(String, Vec<f32>)> {
    model
        .collect(None, None, true)
        .into_iter()
        .map(|t| (t.name.clone(), bridge::into_data(t).unwrap().try_into_vec::<f32>().unwrap()))
        .collect()
}

#[test]
fn one_step_changes_the_trainable_parameters_and_leaves_vgg_alone() {
    let (model, discriminator, x, _) = setup();
    let before = values(&model);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let losses = generator_losses(&model, &discriminator, x, &mut rng, &ObjectiveConfig::default());
    for (name, loss) in [("total", &losses.total), ("contrastive", &losses.contrastive), ("reconstruction", &losses.reconstruction)] {
        let v = loss.clone().into_scalar::<f32>();
        assert!(v.is_finite(), "{name} = {v}");
    }
    let grads = GradientsParams::from_grads(losses.total.backward(), &model);
    let mut optimizer = AdamConfig::new().with_beta_1(0.5).init();
    let model = optimizer.step(1e-3, model, grads);
    let after = values(&model);
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        let changed = a != b;
        if name.starts_with("vgg.") {
            assert!(!changed, "{name} is frozen but changed");
        } else if name.ends_with(".weight") {
            assert!(changed, "{name} did not change");
        }
    }
}

#[test]
fn content_encoder_gets_no_gradient_from_reconstruction_or_gan() {
    let (model, discriminator, x, _) = setup();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let losses = generator_losses(&model, &discriminator, x.clone(), &mut rng, &ObjectiveConfig::default());
    let autoencoder = losses.reconstruction.clone() + losses.gan.clone() + losses.style.clone();
    let grads = autoencoder.backward();
    let content_weight = model.content_encoder.blocks[0].conv1.conv.weight.val();
    let predictor_weight = model.predictor.squeeze.weight.val();
    assert!(content_weight.grad(&grads).is_none(), "content encoder got a gradient from the AE losses");
    assert!(predictor_weight.grad(&grads).is_none(), "predictor got a gradient from the AE losses");
    // ... while the decoder and the style path do get one from them,
    assert!(model.decoder.to_rgb.conv.weight.val().grad(&grads).is_some());
    assert!(model.style_encoder.project.weight.val().grad(&grads).is_some());

    // and the contrastive term does reach the content encoder.
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let losses = generator_losses(&model, &discriminator, x.clone(), &mut rng, &ObjectiveConfig::default());
    let grads = losses.contrastive.backward();
    let grad = model.content_encoder.blocks[0].conv1.conv.weight.val().grad(&grads).expect("contrastive gradient");
    assert!(grad.abs().sum().into_scalar::<f32>() > 0.0);

    // The discriminator's loss trains the discriminator only.
    let d_loss = discriminator_loss(&discriminator, x, losses.fakes);
    let grads = d_loss.backward();
    assert!(discriminator.scales[0].convs[0].weight.val().grad(&grads).is_some());
    assert!(model.decoder.to_rgb.conv.weight.val().grad(&grads).is_none());
    let _ = model.valid();
}
