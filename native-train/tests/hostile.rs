//! Hostile input through the `ace` command line: every case of the battery (tests/hostile/battery.mjs,
//! which the npm package's browser tests run too) is refused with its clear message, once, under a
//! memory limit, never with a panic, an abort or a picture. (The library-level checks have unit tests
//! beside them.)

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{repo, scratch};
use serde_json::Value;

/// `ace` under an address-space limit (`prlimit --as`), so a case that tried to allocate gigabytes
/// would abort instead of passing on a machine with memory to spare.
fn ace_limited(args: &[&std::ffi::OsStr]) -> Output {
    Command::new("prlimit").arg("--as=3000000000").arg(env!("CARGO_BIN_EXE_ace")).args(args).output().unwrap()
}

fn translate(weights: &Path, content: &Path, extra: &[&str], out: &Path) -> Output {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["translate".as_ref(), "--backend".as_ref(), "cpu".as_ref(), "--weights".as_ref(), weights.as_os_str()];
    args.extend(["--content".as_ref(), content.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    ace_limited(&args)
}

/// The battery's files and cases, written by its generator (node, which the test command installs).
fn battery(dir: &Path) -> Vec<Value> {
    let status = Command::new("node").arg(repo().join("tests/hostile/battery.mjs")).arg(dir).status().expect("node runs the battery's generator");
    assert!(status.success());
    serde_json::from_slice::<Vec<Value>>(&std::fs::read(dir.join("cases.json")).unwrap()).unwrap()
}

#[test]
fn every_case_of_the_hostile_battery_is_refused_with_its_message() {
    let dir = scratch("hostile-battery");
    let cases = battery(&dir);
    assert!(cases.len() >= 37, "the battery has its cases");
    let out = dir.join("out.png");
    let file = |case: &Value, key: &str| case[key].as_str().map(|name| dir.join(name));
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let weights = file(case, "weights").unwrap_or_else(|| repo().join("weights/ace-default.safetensors"));
        let mut extra: Vec<String> = case["args"].as_array().map_or(vec![], |a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect());
        if let Some(style) = file(case, "style") {
            extra.extend(["--style".to_string(), style.to_string_lossy().into_owned()]);
        }
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let output = match case["command"].as_array() {
            Some(command) => {
                let fill = |arg: &Value| {
                    arg.as_str()
                        .unwrap()
                        .replace("{dir}", &dir.to_string_lossy())
                        .replace("{samples}", &repo().join("assets/samples").to_string_lossy())
                        .replace("{weights}", &weights.to_string_lossy())
                };
                let args: Vec<String> = command.iter().map(fill).collect();
                ace_limited(&args.iter().map(std::ffi::OsStr::new).collect::<Vec<_>>())
            }
            None => translate(&weights, &file(case, "content").unwrap(), &extra, &out),
        };
        if let Some(absent) = case["absent"].as_str() {
            assert!(!dir.join(absent).exists(), "{name}: a refused command left {absent} behind");
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        if let Some(warning) = case["warning"].as_str() {
            assert!(output.status.success() && out.exists(), "{name}: {stderr}");
            assert_eq!(stderr.matches(warning).count(), 1, "{name}: expected {warning:?} once in: {stderr}");
            std::fs::remove_file(&out).unwrap();
            println!("{name}: {}", stderr.lines().last().unwrap_or(""));
            continue;
        }
        let expected = case["cli"].as_str().unwrap();
        assert_eq!(output.status.code(), Some(case["exit"].as_i64().unwrap_or(1) as i32), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        // Said once: a weights error used to print its message twice.
        assert_eq!(stderr.matches(expected).count(), 1, "{name}: expected {expected:?} once in: {stderr}");
        assert!(!out.exists(), "{name}: a refused run wrote a picture");
        println!("{name}: {}", stderr.lines().last().unwrap_or(""));
    }
}

#[test]
fn the_output_location_is_checked_before_any_work() {
    let photo = repo().join("assets/samples/chelsea.png");
    let output = translate(Path::new("/nonexistent/weights"), &photo, &[], Path::new("/nonexistent/folder/out.png"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the folder /nonexistent/folder does not exist"), "named before the weights are read: {stderr}");
}

/// `ace info` checks what it describes (the damaged file is the battery's `info-damaged`): a whole
/// file says so.
#[test]
fn info_describes_a_whole_file_as_checked() {
    let whole = ace_limited(&["info".as_ref(), repo().join("weights/ace-default.safetensors").as_os_str()]);
    assert!(whole.status.success() && String::from_utf8_lossy(&whole.stdout).contains("checked"), "{whole:?}");
}

#[test]
fn eval_refuses_a_side_in_its_own_option_names() {
    let nowhere = Path::new("/nonexistent");
    for (side, said) in [("5", "'5' for '--side <PX>': 5 is not in 16..=1024"), ("-1", "'-1' for '--side <PX>'")] {
        let mut args: Vec<&std::ffi::OsStr> = vec!["eval".as_ref(), "--side".as_ref(), side.as_ref()];
        for flag in ["--weights", "--source", "--target", "--out"] {
            args.extend([flag.as_ref(), nowhere.as_os_str()]);
        }
        let output = ace_limited(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(said) && !stderr.contains("max_side"), "{stderr}");
    }
}
