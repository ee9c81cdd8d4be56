//! A run survives a new machine through a packed checkpoint (`ace pack`, `ace unpack`): a fraction of
//! the checkpoint's bytes, networks equal to the checkpoint's within half precision, and a run folder
//! rebuilt from it continues the step count, the data order and the log under `--resume`. What is not
//! a packed checkpoint, or not the file it wrote, or would move a run backwards, is refused.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ace_train::train::checkpoint;
use ace_train::train::packed::DISCRIMINATOR_VGG;
use ace_train::train::vgg_discriminator::VggDiscriminatorSettings;
use burn::store::{ModuleSnapshot, bridge};
use common::tiny_run::{copy_photos, pretrain_command, tiny_config, tiny_data};

fn ace(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ace")).args(args).output().unwrap()
}

fn say(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn latest(run: &Path) -> PathBuf {
    checkpoint::latest(&run.join("checkpoints")).unwrap().expect("a checkpoint")
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum()
}

/// Every float parameter of a module, flattened, by name.
fn values<M: ModuleSnapshot>(module: &M) -> Vec<(String, Vec<f32>)> {
    module
        .collect(None, None, true)
        .into_iter()
        .map(|t| (t.name.clone(), bridge::into_data(t).unwrap().convert::<f32>().try_into_vec::<f32>().unwrap()))
        .collect()
}

/// The largest difference between two modules' parameters relative to each value's size (plus a
/// floor for values near zero), and the parameters compared.
fn worst_relative(a: &[(String, Vec<f32>)], b: &[(String, Vec<f32>)]) -> (f32, usize) {
    assert_eq!(a.iter().map(|p| &p.0).collect::<Vec<_>>(), b.iter().map(|p| &p.0).collect::<Vec<_>>());
    let worst = a
        .iter()
        .zip(b)
        .flat_map(|((_, x), (_, y))| x.iter().zip(y).map(|(x, y)| (x - y).abs() / (x.abs() + 1e-4)))
        .fold(0.0f32, f32::max);
    (worst, a.len())
}

#[test]
fn a_packed_checkpoint_continues_the_run_on_another_machine() {
    let dir = tiny_data("packed", 6);
    let mut config = tiny_config();
    config.steps = 4;
    config.checkpoint_every = 4;
    config.ema = true;
    // The recipe the long run trains: the VGG-feature discriminator beside the pixel one (crop 32
    // holds relu4_1's 4x4 patch).
    config.discriminator.vgg = Some(VggDiscriminatorSettings { projection: 8, width: 8, relu4_1: true });
    let run = dir.join("run");
    let first = pretrain_command(&dir, &config, &[]).output().unwrap();
    assert!(first.status.success(), "{}", say(&first));

    // Packed: no optimiser files and no discriminator VGG, half the bytes or less (the stage-5 run's:
    // a fifth), and the state says so.
    let packed = dir.join("packed");
    let out = ace(&["pack", "--checkpoint", path(&run), "--out", path(&packed)]);
    assert!(out.status.success(), "{}", say(&out));
    assert!(say(&out).contains("packed step 4"), "{}", say(&out));
    let names: Vec<String> = std::fs::read_dir(&packed).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.starts_with("optim-")), "{names:?}");
    for file in ["generator.bpk", "discriminator.bpk", "ema.bpk", "state.json"] {
        assert!(names.iter().any(|n| n == file), "{file} missing from {names:?}");
    }
    let (full, small) = (folder_bytes(&latest(&run)), folder_bytes(&packed));
    assert!(small * 2 <= full, "packed {small} bytes of {full}");
    let state = checkpoint::read_state(&packed).unwrap();
    assert!(state.packed && state.step == 4);
    let names = |file: &str| -> Vec<String> {
        burn::store::burn_pack::Reader::from_file(packed.join(file)).unwrap().tensor_names().iter().map(|n| n.to_string()).collect()
    };
    assert!(!names("discriminator.bpk").iter().any(|n| n.starts_with(DISCRIMINATOR_VGG)), "{:?}", names("discriminator.bpk"));
    assert!(names("generator.bpk").iter().any(|n| n.starts_with("vgg.")), "the generator's VGG stays in");
    assert!(!names("ema.bpk").iter().any(|n| n.starts_with("vgg.")), "the average's copy of it does not");

    // Its networks are the checkpoint's: what trains within half precision (2^-11 relative, and a
    // floor near zero), what does not exactly (the VGGs, the fixed projections, BatchNorm statistics).
    let device = burn::tensor::Device::flex();
    let (_, g_full, d_full) = checkpoint::load_networks(&latest(&run), &device).unwrap();
    let (_, g_packed, d_packed) = checkpoint::load_networks(&packed, &device).unwrap();
    for (what, a, b) in [("generator", values(&g_full), values(&g_packed)), ("discriminators", values(&d_full), values(&d_packed))] {
        let (worst, count) = worst_relative(&a, &b);
        println!("{what}: {count} tensors, worst relative difference {worst:.2e}");
        assert!(count > 10 && worst < 1e-3, "{what}: worst relative difference {worst}");
        let frozen = |set: &[(String, Vec<f32>)]| -> Vec<(String, Vec<f32>)> {
            let is_frozen = |n: &str| n.starts_with("vgg.vgg.") || n.starts_with("vgg.block") || n.contains("projections") || n.contains("running");
            set.iter().filter(|(n, _)| is_frozen(n)).cloned().collect()
        };
        assert!(!frozen(&a).is_empty() && frozen(&a) == frozen(&b), "{what}: a frozen tensor changed");
    }
    // ... and it exports the moving average the full checkpoint exports (f32 files, so nothing else rounds).
    let export = |from: &Path, to: &str| {
        let file = dir.join(to);
        let out = ace(&["export", "--checkpoint", path(from), "--out", path(&file), "--dtype", "f32"]);
        assert!(out.status.success() && say(&out).contains("averaged (EMA)"), "{}", say(&out));
        values(&ace::weights::load_file(&file, &device).unwrap())
    };
    let (from_full, from_packed) = (export(&latest(&run), "full.safetensors"), export(&packed, "packed.safetensors"));
    let (worst, count) = worst_relative(&from_full, &from_packed);
    assert!(count > 10 && worst < 1e-3, "the exported average: worst relative difference {worst}");
    let vgg = |set: &[(String, Vec<f32>)]| set.iter().filter(|(n, _)| n.starts_with("vgg.")).cloned().collect::<Vec<_>>();
    assert!(!vgg(&from_full).is_empty() && vgg(&from_full) == vgg(&from_packed), "the average's VGG is the generator's");

    // A new machine: the run folder rebuilt from the packed checkpoint continues at step 5.
    let elsewhere = dir.join("elsewhere");
    copy_photos(&dir.join("photos"), &elsewhere.join("photos"), 6);
    let out = ace(&["unpack", "--packed", path(&packed), "--out", path(&elsewhere.join("run"))]);
    assert!(out.status.success(), "{}", say(&out));
    let resumed = pretrain_command(&elsewhere, &config, &["--resume", "--steps", "6"]).output().unwrap();
    assert!(resumed.status.success(), "{}", say(&resumed));
    assert!(say(&resumed).contains("resuming from") && say(&resumed).contains("(step 4"), "{}", say(&resumed));
    let log = std::fs::read_to_string(elsewhere.join("run/log.jsonl")).unwrap();
    let steps: Vec<u64> = log.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["step"].as_u64().unwrap()).collect();
    assert_eq!(steps, vec![5, 6]);
    // The data order and the random stream carry on as they do in the run that stayed where it was.
    let stayed = pretrain_command(&dir, &config, &["--resume", "--steps", "6"]).output().unwrap();
    assert!(stayed.status.success(), "{}", say(&stayed));
    let stayed = checkpoint::read_state(&latest(&run)).unwrap();
    let continued = checkpoint::read_state(&latest(&elsewhere.join("run"))).unwrap();
    assert_eq!(continued.step, 6);
    assert_eq!((continued.data, continued.rng_word_pos), (stayed.data, stayed.rng_word_pos));
    assert!(!continued.packed, "the run's own checkpoints are full ones again");
    assert!(latest(&elsewhere.join("run")).join("optim-generator.bpk").exists());

    // A packed checkpoint packs as it is (a run continued on a new machine and not checkpointed since).
    let twice = ace(&["pack", "--checkpoint", path(&packed), "--out", path(&dir.join("twice"))]);
    assert!(twice.status.success() && say(&twice).contains("packed step 4"), "{}", say(&twice));
    for file in ["generator.bpk", "discriminator.bpk", "ema.bpk"] {
        assert_eq!(std::fs::read(packed.join(file)).unwrap(), std::fs::read(dir.join("twice").join(file)).unwrap(), "{file}");
    }

    // Refused: packing over anything but an earlier packed checkpoint (a typo must not replace the
    // run), unpacking behind the run's own progress, unpacking a full checkpoint, a damaged file.
    let over_the_run = ace(&["pack", "--checkpoint", path(&run), "--out", path(&run)]);
    assert!(!over_the_run.status.success() && say(&over_the_run).contains("is not a packed checkpoint"), "{}", say(&over_the_run));
    assert!(latest(&run).join("optim-generator.bpk").exists(), "the run is untouched");
    let again = ace(&["pack", "--checkpoint", path(&run), "--out", path(&packed)]);
    assert!(again.status.success() && say(&again).contains("packed step 6"), "an earlier packed checkpoint is replaced: {}", say(&again));
    let behind = ace(&["unpack", "--packed", path(&packed), "--out", path(&elsewhere.join("run"))]);
    assert!(!behind.status.success() && say(&behind).contains("already at step 6"), "{}", say(&behind));
    let full_one = ace(&["unpack", "--packed", path(&latest(&run)), "--out", path(&dir.join("other"))]);
    assert!(!full_one.status.success() && say(&full_one).contains("not a packed one"), "{}", say(&full_one));
    std::fs::write(packed.join("discriminator.bpk"), b"damaged").unwrap();
    let damaged = ace(&["unpack", "--packed", path(&packed), "--out", path(&dir.join("third"))]);
    assert!(!damaged.status.success() && say(&damaged).contains("not the file this checkpoint wrote"), "{}", say(&damaged));
    assert!(!dir.join("third/checkpoints/latest").exists(), "a refused unpack leaves no checkpoint behind");
}
