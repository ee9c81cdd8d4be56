//! The report a person reads: `report.json` (every number and every input path) and `index.html` (the
//! numbers and grids of pictures: source, style, ACE over seeds, the Lab baseline, each labelled with
//! the classifier's verdict), with the pictures as JPEG files under `images/`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use image::RgbImage;

use super::classify::describe;
use super::report::{EvalReport, MethodNumbers, ShowcaseRow};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn save(picture: &RgbImage, dir: &Path, name: &str) -> Result<String> {
    let path = dir.join("images").join(name);
    ace::atomic_file::write_image(&path, picture).with_context(|| format!("writing {}", path.display()))?;
    Ok(format!("images/{name}"))
}

fn cell(src: &str, caption: &str) -> String {
    format!("<figure><img src=\"{src}\" alt=\"{0}\"><figcaption>{0}</figcaption></figure>", escape(caption))
}

fn numbers_table(report: &EvalReport) -> String {
    let mut html = String::from(
        "<table><tr><th>method</th><th>target rate ↑</th><th>KID ↓</th><th>gap closed (KID) ↑</th>\
         <th>Fréchet ↓</th><th>gap closed (Fréchet) ↑</th><th>diversity ↑</th><th>pixel spread</th><th>content kept ↑</th></tr>",
    );
    for m in &report.methods {
        let (description, name) = (escape(&m.description), escape(&m.name));
        let MethodNumbers { target_rate, kid, gap_closed_kid, frechet, gap_closed_frechet, diversity, pixel_spread, content_kept, .. } = m;
        let _ = write!(
            html,
            "<tr><td title=\"{description}\">{name}</td><td>{target_rate:.3}</td><td>{kid:.4}</td><td>{gap_closed_kid:.3}</td>\
             <td>{frechet:.1}</td><td>{gap_closed_frechet:.3}</td><td>{diversity:.3}</td><td>{pixel_spread:.1}</td><td>{content_kept:.3}</td></tr>"
        );
    }
    html.push_str("</table>");
    html
}

const HEAD: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>ACE evaluation</title>\
    <style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse}\
    td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}\
    .row{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0;align-items:flex-start}figure{margin:0;text-align:center}\
    figcaption{font-size:11px;color:#444;max-width:128px}img{width:128px;height:128px}</style>\
    <h1>ACE zero-shot evaluation</h1>";

/// What was evaluated, on what, and where the two domains stood before translation.
fn summary(report: &EvalReport) -> String {
    let weights = escape(&report.weights.path);
    let weights_sha256 = &report.weights.sha256;
    let classifier_sha256 = &report.classifier.sha256;
    let r = &report.reference;
    let (sources, targets) = (r.source_images, r.target_images);
    let (side, seeds, style_seed) = (report.settings.side, report.settings.seeds, report.settings.style_seed);
    let target_rate_of_target = 100.0 * r.target_rate_of_target;
    let target_rate_of_source = 100.0 * r.target_rate_of_source;
    let source_rate_of_source = 100.0 * r.source_rate_of_source;
    let (kid, frechet) = (r.kid_source_to_target, r.frechet_source_to_target);
    format!(
        "<p>Weights <code>{weights}</code> (sha256 <code>{weights_sha256}</code>). Classifier EfficientNet-Lite0 (sha256 \
         <code>{classifier_sha256}</code>). {sources} source photos translated at {side}x{side} px with {seeds} seed(s) each; \
         {targets} target test photos. Styles drawn with seed {style_seed}.</p>\
         <p>Before translation: the classifier calls {target_rate_of_target:.1}% of the target photos cats, \
         {target_rate_of_source:.1}% of the source photos cats and {source_rate_of_source:.1}% dogs; KID(source, target) = \
         {kid:.4}, Fréchet = {frechet:.1}.</p>"
    )
}

/// What each column of the numbers table measures.
fn explanation(report: &EvalReport) -> String {
    let target_classes = &report.settings.target_classes;
    format!(
        "<p>Target rate: share of outputs (all seeds) in ImageNet cat classes {target_classes}. KID and Fréchet distance: first \
         seed's outputs vs the target test set, in EfficientNet-Lite0 features; gap closed = 1 - D(outputs, T) / D(source, T). \
         Diversity: mean pairwise feature distance over the seeds. Content kept: SSIM of low-pass luminance, source vs output. \
         All numbers and inputs are in <a href=\"report.json\">report.json</a>.</p>"
    )
}

/// Where the pictures come from and why the repository does not hold them.
fn examples_note(report: &EvalReport) -> String {
    let command = escape(&report.command);
    format!(
        "<p>The pictures are written to <code>images/</code> beside this page by the command that made it \
         (<code>{command}</code>); the repository does not carry them, because the DRIT photos have no licence and \
         AFHQ's is non-commercial. Each row: source, style photo, ACE at each seed, the Lab colour-transfer baseline. \
         Captions give the classifier's top class.</p>"
    )
}

/// Writes `report.json`, `index.html` and `images/` into `dir` (created if missing).
pub fn write(report: &EvalReport, showcase: &[ShowcaseRow], dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join("images")).with_context(|| format!("creating {}", dir.display()))?;
    let json = serde_json::to_string_pretty(report)?;
    ace::atomic_file::write(&dir.join("report.json"), (json + "\n").as_bytes()).with_context(|| format!("writing {}", dir.display()))?;

    let mut html = format!("{HEAD}{}{}<h2>Examples</h2>{}", summary(report), numbers_table(report) + &explanation(report), examples_note(report));
    for (i, row) in showcase.iter().enumerate() {
        html.push_str("<div class=\"row\">");
        html.push_str(&cell(&save(&row.source, dir, &format!("{i:03}-source.jpg"))?, &format!("source: {}", describe(row.identity_class))));
        html.push_str(&cell(&save(&row.style, dir, &format!("{i:03}-style.jpg"))?, "style"));
        for (seed, (output, class)) in row.ace.iter().zip(&row.ace_classes).enumerate() {
            let src = save(output, dir, &format!("{i:03}-ace-{seed}.jpg"))?;
            html.push_str(&cell(&src, &format!("ACE seed {seed}: {}", describe(*class))));
        }
        html.push_str(&cell(&save(&row.lab, dir, &format!("{i:03}-lab.jpg"))?, &format!("Lab: {}", describe(row.lab_class))));
        html.push_str("</div>");
    }
    html.push_str("</html>\n");
    ace::atomic_file::write(&dir.join("index.html"), html.as_bytes()).with_context(|| format!("writing {}", dir.display()))?;
    Ok(())
}
