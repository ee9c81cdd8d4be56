//! The report a person reads: `report.json` (every number and every input path) and `index.html` (the
//! numbers and grids of pictures: source, style, ACE over seeds, the Lab baseline, each labelled with
//! the classifier's verdict), with the pictures as JPEG files under `images/`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use image::RgbImage;

use super::classify::describe;
use super::report::{EvalReport, ShowcaseRow};

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
        let _ = write!(
            html,
            "<tr><td title=\"{}\">{}</td><td>{:.3}</td><td>{:.4}</td><td>{:.3}</td><td>{:.1}</td><td>{:.3}</td><td>{:.3}</td><td>{:.1}</td><td>{:.3}</td></tr>",
            escape(&m.description),
            escape(&m.name),
            m.target_rate,
            m.kid,
            m.gap_closed_kid,
            m.frechet,
            m.gap_closed_frechet,
            m.diversity,
            m.pixel_spread,
            m.content_kept
        );
    }
    html.push_str("</table>");
    html
}

/// Writes `report.json`, `index.html` and `images/` into `dir` (created if missing).
pub fn write(report: &EvalReport, showcase: &[ShowcaseRow], dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join("images")).with_context(|| format!("creating {}", dir.display()))?;
    let json = serde_json::to_string_pretty(report)?;
    ace::atomic_file::write(&dir.join("report.json"), (json + "\n").as_bytes()).with_context(|| format!("writing {}", dir.display()))?;

    let r = &report.reference;
    let mut html = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>ACE evaluation</title>\
         <style>body{{font:14px system-ui,sans-serif;margin:2em;max-width:1400px}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}td:first-child{{text-align:left}}\
         .row{{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0;align-items:flex-start}}figure{{margin:0;text-align:center}}\
         figcaption{{font-size:11px;color:#444;max-width:128px}}img{{width:128px;height:128px}}</style>\
         <h1>ACE zero-shot evaluation</h1>\
         <p>Weights <code>{}</code> (sha256 <code>{}</code>). Classifier EfficientNet-Lite0 (sha256 <code>{}</code>). \
         {} source photos translated at {}x{} px with {} seed(s) each; {} target test photos. Styles drawn with seed {}.</p>\
         <p>Before translation: the classifier calls {:.1}% of the target photos cats, {:.1}% of the source photos cats \
         and {:.1}% dogs; KID(source, target) = {:.4}, Fréchet = {:.1}.</p>{}\
         <p>Target rate: share of outputs (all seeds) in ImageNet cat classes {}. KID and Fréchet distance: first seed's outputs vs \
         the target test set, in EfficientNet-Lite0 features; gap closed = 1 - D(outputs, T) / D(source, T). Diversity: mean \
         pairwise feature distance over the seeds. Content kept: SSIM of low-pass luminance, source vs output. All numbers \
         and inputs are in <a href=\"report.json\">report.json</a>.</p><h2>Examples</h2>\
         <p>The pictures are written to <code>images/</code> beside this page by the command that made it \
         (<code>{}</code>); the repository does not carry them, because the DRIT photos have no licence and \
         AFHQ's is non-commercial. Each row: source, style photo, ACE at each seed, the Lab colour-transfer baseline. Captions give the \
         classifier's top class.</p>",
        escape(&report.weights.path),
        report.weights.sha256,
        report.classifier.sha256,
        r.source_images,
        report.settings.side,
        report.settings.side,
        report.settings.seeds,
        r.target_images,
        report.settings.style_seed,
        100.0 * r.target_rate_of_target,
        100.0 * r.target_rate_of_source,
        100.0 * r.source_rate_of_source,
        r.kid_source_to_target,
        r.frechet_source_to_target,
        numbers_table(report),
        report.settings.target_classes,
        escape(&report.command),
    );
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
