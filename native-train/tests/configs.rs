//! The shipped model's stage configs still mean what its model card records. The files keep only the
//! keys that differ from the documented defaults, so a new setting whose default is not today's
//! behaviour would silently change them: each is compared, key by key, with the complete config the
//! card describes. A new setting must be added below with the value the shipped stages trained with.

use std::path::Path;

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
        "ema": false, "readback_every": 1
    })
}

fn parsed(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../configs/shipped").join(name);
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
    for (name, expected) in [("stage-1.json", one), ("stage-2.json", two), ("stage-3.json", three), ("stage-4.json", four)] {
        assert_same(&parsed(name), &expected, name);
    }
}
