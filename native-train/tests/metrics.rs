//! Each evaluation metric on a case whose answer is known.

mod common;

use ace_train::eval::metrics::{self, content_kept, diversity, frechet_distance, gap_closed, kid, target_rate};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// `n` vectors of `d` standard-normal values (Box-Muller), shifted by `shift`.
fn gaussian(n: usize, d: usize, shift: f32, seed: u64) -> Vec<Vec<f32>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut uniform = move || (rng.next_u32() as f64 + 0.5) / (u32::MAX as f64 + 1.0);
    (0..n)
        .map(|_| {
            (0..d)
                .map(|_| ((-2.0 * uniform().ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos()) as f32 + shift)
                .collect()
        })
        .collect()
}

#[test]
fn kid_is_near_zero_for_one_distribution_and_grows_with_a_shift() {
    let a = gaussian(200, 16, 0.0, 1);
    let b = gaussian(200, 16, 0.0, 2);
    let far = gaussian(200, 16, 1.0, 3);
    let same = kid(&a, &b).unwrap();
    let shifted = kid(&a, &far).unwrap();
    assert!(shifted > 0.5, "a one-sigma shift in every dimension: {shifted}");
    assert!(same.abs() < 0.02 * shifted, "same distribution {same} vs shifted {shifted}");
    assert!(kid(&a, &a).unwrap().abs() < 0.02 * shifted, "identical sets");
    assert!(kid(&a[..1], &b).is_err(), "one sample cannot estimate a within-set term");
}

#[test]
fn frechet_distance_is_zero_for_identical_sets_and_the_squared_shift_for_a_translated_one() {
    let a = gaussian(300, 8, 0.0, 4);
    assert!(frechet_distance(&a, &a).unwrap() < 1e-6);
    // The same points moved by 0.5 in each of 8 dimensions: same covariance, |mu_a - mu_b|^2 = 8 * 0.25.
    let moved: Vec<Vec<f32>> = a.iter().map(|v| v.iter().map(|x| x + 0.5).collect()).collect();
    let fd = frechet_distance(&a, &moved).unwrap();
    assert!((fd - 2.0).abs() < 1e-3, "{fd}");
}

#[test]
fn gap_closed_runs_from_zero_to_one() {
    assert_eq!(gap_closed(4.0, 4.0), 0.0);
    assert_eq!(gap_closed(0.0, 4.0), 1.0);
    assert_eq!(gap_closed(1.0, 4.0), 0.75);
}

#[test]
fn a_constant_output_has_zero_diversity() {
    let same = vec![vec![0.3f32, -1.0, 2.0]; 10];
    assert_eq!(diversity(&same), 0.0);
    let varied = gaussian(10, 3, 0.0, 5);
    assert!(diversity(&varied) > 1.0);
}

#[test]
fn content_kept_is_maximal_for_the_identity_and_low_for_another_picture() {
    let photo = |name: &str| image::open(common::repo().join("assets/samples").join(name)).unwrap().into_rgb8();
    let cat = photo("chelsea.png");
    let coffee = image::imageops::resize(&photo("coffee.png"), cat.width(), cat.height(), image::imageops::FilterType::Triangle);
    let identity = content_kept(&cat, &cat);
    assert!((identity - 1.0).abs() < 1e-9, "{identity}");
    // Same structure, other colours (channels rotated): kept; a different photo: not.
    let recoloured = image::RgbImage::from_fn(cat.width(), cat.height(), |x, y| {
        let p = cat.get_pixel(x, y).0;
        image::Rgb([p[2], p[0], p[1]])
    });
    let kept = content_kept(&cat, &recoloured);
    let other = content_kept(&cat, &coffee);
    assert!(kept > 0.8 && kept < identity, "recoloured {kept}");
    assert!(other < 0.5, "another photo {other}");
}

#[test]
fn swapping_source_and_target_swaps_the_target_rate() {
    const CATS: std::ops::RangeInclusive<usize> = 281..=285;
    const DOGS: std::ops::RangeInclusive<usize> = 151..=268;
    let predicted = [281, 282, 285, 207, 967]; // three cats, a golden retriever, an espresso
    assert_eq!(target_rate(&predicted, &[CATS]), 0.6);
    assert_eq!(target_rate(&predicted, &[DOGS]), 0.2);
    assert_eq!(target_rate(&[], &[CATS]), 0.0);
}

#[test]
fn pixel_spread_is_the_mean_pairwise_level_difference() {
    let flat = |v: u8| image::RgbImage::from_pixel(4, 3, image::Rgb([v, v, v]));
    assert_eq!(metrics::pixel_spread(&[flat(10)]), 0.0, "one output has no pair");
    assert_eq!(metrics::pixel_spread(&[flat(10), flat(10)]), 0.0);
    // Pairs (0, 30), (0, 60), (30, 60): 30, 60 and 30 levels apart.
    assert!((metrics::pixel_spread(&[flat(0), flat(30), flat(60)]) - 40.0).abs() < 1e-9);
}
