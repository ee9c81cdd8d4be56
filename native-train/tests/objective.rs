//! The training objective on real weights and real photos: one step trains what it should and
//! nothing else, and the stop-gradient rule of paper section 3.5 holds in the gradients themselves.

mod common;


use ace::AceConfig;
use ace::weights::vgg_import::{default_vgg_path, import_vgg};
use ace_train::photos::{list_images, load_batch};
use ace_train::train::config::DiscriminatorSettings;
use ace_train::train::discriminators::{self, Discriminators};
use ace_train::train::objective::{ObjectiveConfig, discriminator_loss, generator_losses};
use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams};
use burn::store::{ModuleSnapshot, bridge};
use burn::tensor::Device;
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

fn setup() -> (ace::Ace, Discriminators, burn::tensor::Tensor<4>, Device) {
    let device = Device::flex().autodiff();
    device.seed(5);
    let config = AceConfig::tiny();
    let mut model = config.init(&device);
    import_vgg(&mut model.vgg, &default_vgg_path()).expect("run scripts/fetch/vgg.sh");
    let settings = DiscriminatorSettings { width: 8, layers: 3, ..DiscriminatorSettings::default() };
    let discriminator = discriminators::init(&settings, &device);
    let photos = list_images(&common::repo().join("assets/samples"), 4).unwrap();
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
    let d_loss = discriminator_loss(&discriminator, x, losses.fakes, &mut rng, &ObjectiveConfig::default());
    let grads = d_loss.backward();
    assert!(discriminator.pixel.as_ref().unwrap().scales[0].convs[0].weight.val().grad(&grads).is_some());
    assert!(model.decoder.to_rgb.conv.weight.val().grad(&grads).is_none());
    let _ = model.valid();
}

/// The recipe switches together: the VGG discriminator behind DiffAugment, hinge loss, swapped-style
/// fakes. Two training steps train the heads and the generator and leave both VGGs and the fixed
/// projections exactly as imported; the generator's adversarial gradient passes through the
/// augmentation; real photos are augmented too.
#[test]
fn the_vgg_discriminator_trains_its_heads_only_and_gradients_pass_through_the_augmentation() {
    use ace_train::train::config::TrainConfig;
    use ace_train::train::objective::{DiffAugmentConfig, GanLoss};
    use ace_train::train::state::{Setup, TrainState};
    use ace_train::train::vgg_discriminator::VggDiscriminatorSettings;

    let (_, _, x, _) = setup();
    let plain = Device::flex();
    let objective = ObjectiveConfig {
        gan_loss: GanLoss::Hinge,
        swapped_style_gan: true,
        diff_augment: DiffAugmentConfig { color: true, translation: 0.125, cutout: 0.5 },
        ..ObjectiveConfig::default()
    };
    let config = TrainConfig {
        model: AceConfig::tiny(),
        objective: objective.clone(),
        discriminator: DiscriminatorSettings {
            pixel: false,
            vgg: Some(VggDiscriminatorSettings { projection: 8, width: 8, relu4_1: true }),
            ..DiscriminatorSettings::default()
        },
        batch_size: 4,
        crop: 32,
        ema: true,
        ..TrainConfig::default()
    };
    let vgg = default_vgg_path();
    let setup = Setup { device: &plain, vgg: &vgg, fine_tune: false, first_batch: x.clone().inner() };
    let mut state = TrainState::fresh(config, None, &setup).unwrap();
    let (g_before, d_before) = (values(&state.generator), values(&state.discriminators));

    // The adversarial term alone reaches the decoder, through the augmentation and VGG.
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let losses = generator_losses(&state.generator, &state.discriminators, x.clone(), &mut rng, &objective);
    let grads = losses.gan.backward();
    let grad = state.generator.decoder.to_rgb.conv.weight.val().grad(&grads).expect("a GAN gradient through DiffAugment");
    assert!(grad.abs().sum().into_scalar::<f32>() > 0.0);
    // Real photos are augmented: the same fakes judged against the same reals differ with it off.
    let d_loss = |config: &ObjectiveConfig| {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let fakes = generator_losses(&state.generator, &state.discriminators, x.clone(), &mut ChaCha8Rng::seed_from_u64(6), config).fakes;
        discriminator_loss(&state.discriminators, x.clone(), fakes, &mut rng, config).into_scalar::<f32>()
    };
    let plain_objective = ObjectiveConfig { diff_augment: DiffAugmentConfig::default(), ..objective.clone() };
    assert_ne!(d_loss(&objective), d_loss(&plain_objective));

    for _ in 0..2 {
        let losses = state.step(x.clone(), None).into_data().try_to_vec::<f32>().unwrap();
        assert!(losses.iter().all(|v| v.is_finite()), "{losses:?}");
    }
    let (g_after, d_after) = (values(&state.generator), values(&state.discriminators));
    for ((name, a), (_, b)) in d_before.iter().zip(&d_after) {
        if name.starts_with("vgg.vgg.") || name.starts_with("vgg.projections") {
            assert_eq!(a, b, "{name} is frozen but changed");
        } else if name.ends_with(".weight") {
            assert_ne!(a, b, "{name} did not train");
        }
    }
    for ((name, a), (_, b)) in g_before.iter().zip(&g_after) {
        if name.starts_with("vgg.") {
            assert_eq!(a, b, "{name} is frozen but changed");
        }
    }
    assert!(g_before.iter().zip(&g_after).any(|((n, a), (_, b))| n.starts_with("decoder.") && a != b), "the decoder did not train");
}

/// The windows of the crop-size rule (experiments/stage-5 rule 38): `critic_window` shows the
/// discriminators a smaller square of every image, real and fake, so their patch maps shrink to a
/// window's; `style_window` changes the style codes the reconstruction and style terms read, and a
/// window as large as the crop changes nothing at all (no number is drawn for it).
#[test]
fn the_critic_and_style_windows_show_parts_of_each_crop() {
    let (model, discriminator, _, _) = setup();
    let photos = list_images(&common::repo().join("assets/samples"), 4).unwrap();
    let x = load_batch(&photos, 64, &model.device()).unwrap();
    let run = |objective: &ObjectiveConfig| {
        let losses = generator_losses(&model, &discriminator, x.clone(), &mut ChaCha8Rng::seed_from_u64(7), objective);
        let sides: Vec<[usize; 2]> = discriminator.logits(losses.fakes).iter().map(|m| [m.dims()[2], m.dims()[3]]).collect();
        (losses.reconstruction.into_scalar::<f32>(), losses.style.into_scalar::<f32>(), sides)
    };
    let whole = run(&ObjectiveConfig::default());
    let windowed = run(&ObjectiveConfig { critic_window: Some(32), ..ObjectiveConfig::default() });
    let small = load_batch(&photos, 32, &model.device()).unwrap();
    let small_sides: Vec<[usize; 2]> = discriminator.logits(discriminator.see(small, &Default::default(), &mut ChaCha8Rng::seed_from_u64(7))).iter().map(|m| [m.dims()[2], m.dims()[3]]).collect();
    assert_eq!(windowed.2, small_sides, "the critics judge 32 px windows of the 64 px crops");
    assert_ne!(whole.2, small_sides);

    let same = run(&ObjectiveConfig { style_window: Some(64), ..ObjectiveConfig::default() });
    assert_eq!((same.0, same.1), (whole.0, whole.1), "a window as large as the crop is the crop");
    let part = run(&ObjectiveConfig { style_window: Some(32), ..ObjectiveConfig::default() });
    assert!(part.0.is_finite() && part.1.is_finite());
    assert_ne!((part.0, part.1), (whole.0, whole.1), "the style terms read a part of each crop");
}
