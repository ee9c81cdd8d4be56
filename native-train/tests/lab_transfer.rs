//! The Lab colour-transfer baseline of `ace eval`: it moves the colour statistics and nothing else.

mod common;

use ace_train::eval::lab_transfer::{LabStatistics, transfer};
use ace_train::eval::metrics::content_kept;

fn fixture(name: &str) -> image::RgbImage {
    image::open(common::repo().join("assets/samples").join(name)).unwrap().into_rgb8()
}

#[test]
fn the_output_takes_the_style_statistics_and_keeps_the_structure() {
    let (content, style) = (fixture("chelsea.png"), fixture("coffee.png"));
    let wanted = LabStatistics::of(&style);
    let out = transfer(&content, &wanted);
    assert_eq!(out.dimensions(), content.dimensions());
    let got = LabStatistics::of(&out);
    let before = LabStatistics::of(&content);
    for c in 0..3 {
        // Clipping to the sRGB gamut and 8-bit rounding leave some error, a small part of the distance moved.
        let (error, moved) = ((got.mean[c] - wanted.mean[c]).abs(), (before.mean[c] - wanted.mean[c]).abs());
        assert!(error <= 0.25 * moved + 1.0, "channel {c}: mean {} vs {} (from {})", got.mean[c], wanted.mean[c], before.mean[c]);
        let (error, moved) = ((got.std[c] - wanted.std[c]).abs(), (before.std[c] - wanted.std[c]).abs());
        assert!(error <= 0.25 * moved + 1.0, "channel {c}: std {} vs {} (from {})", got.std[c], wanted.std[c], before.std[c]);
    }
    assert!((before.mean[1] - wanted.mean[1]).abs() > 3.0 || (before.mean[2] - wanted.mean[2]).abs() > 3.0, "the test needs different colours");
    assert!(content_kept(&content, &out) > 0.8, "structure kept: {}", content_kept(&content, &out));
}

#[test]
fn a_photo_recoloured_to_its_own_statistics_barely_changes() {
    let content = fixture("coffee.png");
    let out = transfer(&content, &LabStatistics::of(&content));
    let worst = content.as_raw().iter().zip(out.as_raw()).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
    assert!(worst <= 2, "round trip through Lab changed a value by {worst}");
}
