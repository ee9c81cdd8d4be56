//! The shipped model's stage configs still mean what its model card records. The files keep only the
//! keys that differ from the documented defaults, so a new setting whose default is not today's
//! behaviour would silently change them: each is compared, key by key, with the complete config the
//! card describes. A new setting must be added below with the value the shipped stages trained with.

mod common;


use ace_train::train::config::TrainConfig;
use serde_json::{Value, json};

/// Stage 1 as the model card records it: 64 px crops of faces resized to 72, reconstruction weight 10.
fn stage_one() -> Value {
    json!({
        "model": { "vgg_layer": "relu3_1", "content_channels": 64, "content_res_blocks": 4, "decoder_res_blocks": 4, "style_dim": 8, "mlp_hidden": 256 },
        "objective": {
            "contrastive": 1.0, "content": 1.0, "style": 1.0, "reconstruction": 10.0, "gan": 1.0, "aia_sigma": 0.5,
            "view_shift": 3, "fixed_projection": true,
            "gan_loss": "lsgan", "swapped_style_gan": false, "diff_augment": { "color": false, "translation": 0.0, "cutout": 0.0 }
        },
        "discriminator": { "pixel": true, "scales": 3, "width": 32, "layers": 4 },
        "batch_size": 8, "crop": 64, "resize": 72, "flip": true,
        "lr_generator": 0.0002, "lr_discriminator": 0.0004, "beta1": 0.5, "beta2": 0.999, "weight_decay": 0.0001,
        "steps": 3840, "seed": 1, "checkpoint_every": 100, "sample_every": 100, "loader_threads": 2,
        "ema": false, "readback_every": 1, "critic_warmup": 0
    })
}

fn parsed(name: &str) -> Value {
    let path = common::repo().join("configs/shipped").join(name);
    let config = TrainConfig::from_file(&path).unwrap();
    config.validate().unwrap();
    serde_json::to_value(config).unwrap()
}

/// f32 fields serialise through f64 (0.0001 becomes 0.0000999999974737875): compare numbers as f32.
fn assert_same(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(a), keys(e), "{at}: the keys differ");
            for (key, value) in e {
                assert_same(&a[key], value, &format!("{at}.{key}"));
            }
        }
        (Value::Number(a), Value::Number(e)) => assert_eq!(a.as_f64().unwrap() as f32, e.as_f64().unwrap() as f32, "{at}"),
        _ => assert_eq!(actual, expected, "{at}"),
    }
}

#[test]
fn the_shipped_stage_configs_are_what_the_model_card_records() {
    let one = stage_one();
    let mut two = one.clone();
    two["resize"] = json!(128);
    two["steps"] = json!(7453);
    let mut three = two.clone();
    three["objective"]["reconstruction"] = json!(3.0);
    three["steps"] = json!(850);
    // Stage 4, the recipe ablation's winner: content code pooled by 2, the VGG-feature discriminator
    // alone (no pixel PatchGAN; the pixel width is then unused and left at its default), EMA.
    let mut four = three.clone();
    four["model"]["content_pool"] = json!(2);
    four["discriminator"] = json!({ "pixel": false, "scales": 3, "width": 64, "layers": 4,
        "vgg": { "projection": 64, "width": 64, "relu4_1": true } });
    four["steps"] = json!(12500);
    four["sample_every"] = json!(500);
    four["ema"] = json!(true);
    // Stage 5 (experiments/stage-5): stage 4's recipe from its exported weights with the content code
    // pooled by 4 for 25,000 steps, then, carrying networks, critic and moments, pooled by 2 again for
    // 1,500 steps; the second part's EMA weights ship.
    let mut five_pool4 = four.clone();
    five_pool4["model"]["content_pool"] = json!(4);
    five_pool4["seed"] = json!(5);
    five_pool4["steps"] = json!(25000);
    let mut five_pool2 = five_pool4.clone();
    five_pool2["model"]["content_pool"] = json!(2);
    five_pool2["steps"] = json!(1500);
    for (name, expected) in [
        ("stage-1.json", one),
        ("stage-2.json", two),
        ("stage-3.json", three),
        ("stage-4.json", four),
        ("stage-5-pool4.json", five_pool4),
        ("stage-5-pool2.json", five_pool2),
    ] {
        assert_same(&parsed(name), &expected, name);
    }
}

/// A config that cannot mean what it says is refused with a message naming the setting, before a run
/// starts: an array for the config or a section (serde would read it as all defaults), negative
/// learning rates, Adam betas outside [0, 1), loss weights that are not positive, a pixel
/// discriminator without scales or width, windows larger than the crop or too small for what reads them.
#[test]
fn configs_that_cannot_mean_what_they_say_are_refused_by_name() {
    let dir = std::env::temp_dir().join(format!("ace-configs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let refusal = |text: &str| -> String {
        let path = dir.join("config.json");
        std::fs::write(&path, text).unwrap();
        match TrainConfig::from_file(&path).and_then(|config| config.validate()) {
            Ok(()) => panic!("accepted: {text}"),
            Err(error) => format!("{error:#}"),
        }
    };
    for (text, says) in [
        ("[]", "is an array"),
        (r#"{ "objective": [] }"#, "`objective` is an array"),
        (r#"{ "lr_generator": -0.0002 }"#, "lr_generator must be 0 or more"),
        (r#"{ "lr_discriminator": -1 }"#, "lr_discriminator must be 0 or more"),
        (r#"{ "beta1": 1.5 }"#, "beta1 must be in [0, 1)"),
        (r#"{ "weight_decay": -1 }"#, "weight_decay must be 0 or more"),
        (r#"{ "objective": { "gan": -1 } }"#, "objective.gan must be a positive weight"),
        (r#"{ "objective": { "contrastive": 0 } }"#, "objective.contrastive must be a positive weight"),
        (r#"{ "discriminator": { "scales": 0 } }"#, "scales, width and layers must be at least 1"),
        (r#"{ "discriminator": { "width": 0 } }"#, "scales, width and layers must be at least 1"),
        (r#"{ "resize": 128, "resize_max": 96 }"#, "resize_max 96 is below resize 128"),
        (r#"{ "crop": 64, "objective": { "critic_window": 96 } }"#, "objective.critic_window 96 must be 1 to the crop's 64 px"),
        (r#"{ "crop": 128, "objective": { "critic_window": 32 } }"#, "discriminators' view (32 px) is too small for the pixel discriminator"),
        (r#"{ "crop": 128, "objective": { "style_window": 62 } }"#, "objective.style_window 62 must be a multiple of"),
        (r#"{ "crop": 64, "objective": { "style_window": 128 } }"#, "objective.style_window 128 must be a multiple of"),
    ] {
        let message = refusal(text);
        assert!(message.contains(says), "{text}: {message}");
    }
}

/// Every training config the repository holds (configs/ and each experiment's configs/) reads and
/// validates: the rules above refuse none of them.
#[test]
fn every_config_in_the_repository_is_valid() {
    let root = common::repo();
    let mut folders = vec![];
    for top in ["configs", "experiments"] {
        for entry in std::fs::read_dir(root.join(top)).unwrap() {
            let path = entry.unwrap().path();
            folders.push(if top == "configs" { path } else { path.join("configs") });
        }
    }
    let mut checked = 0;
    for folder in folders.into_iter().filter(|f| f.is_dir()) {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let config = TrainConfig::from_file(&path).unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
                config.validate().unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} configs found");
}
