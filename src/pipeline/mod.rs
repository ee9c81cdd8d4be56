//! From image bytes to a translated image: decoding with limits, fitting any size to the network
//! (downscale, minimum size, reflection padding to the pooling multiple), the seeded style code, and
//! the [`Translator`] that ties them to a loaded model.

pub mod budget;
pub mod detail;
pub mod fit;
pub mod image_io;
pub mod options;
pub mod seed;
pub mod style;
pub mod translator;

pub use fit::{Downscaled, Fitted};
pub use image_io::{ImageLimits, check_size, decode_image, from_chw, from_rgba, to_chw, to_rgba};
pub use options::{DetailFrom, TranslateOptions};
pub use seed::{normal_from, standard_normal};
pub use style::StyleCode;
pub use translator::{Translation, Translator};
