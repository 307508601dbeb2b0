//! Fonts: egui's default font covers Latin (with diacritics), Greek and Cyrillic.
//! Broader system fonts, when installed, are added as fallbacks so that symbols
//! and CJK text in sources show as text rather than boxes.

use std::sync::Arc;

/// Common places of wide-coverage and CJK fonts on Linux, macOS and Windows.
const FALLBACK_CANDIDATES: [&[&str]; 2] = [
    &[
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        "C:\\Windows\\Fonts\\seguisym.ttf",
    ],
    &[
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/System/Library/Fonts/PingFang.ttc",
        "C:\\Windows\\Fonts\\malgun.ttf",
    ],
];

/// Serif faces for the reader's Serif choice, first found wins.
const SERIF_CANDIDATES: [&str; 6] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/TTF/DejaVuSerif.ttf",
    "/System/Library/Fonts/Supplemental/Georgia.ttf",
    "C:\\Windows\\Fonts\\georgia.ttf",
];

/// The font family the reader uses for its Serif choice (falls back to the
/// proportional fonts when no serif face is installed).
pub const SERIF: &str = "serif";

/// Adds the first font found of each fallback group, and a serif family for the reader.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let mut serif: Vec<String> = Vec::new();
    if let Some(bytes) = SERIF_CANDIDATES.iter().find_map(|p| std::fs::read(p).ok()) {
        fonts.font_data.insert("serif-0".into(), Arc::new(egui::FontData::from_owned(bytes)));
        serif.push("serif-0".into());
    }
    for (i, group) in FALLBACK_CANDIDATES.iter().enumerate() {
        let Some(bytes) = group.iter().find_map(|p| std::fs::read(p).ok()) else {
            continue;
        };
        let name = format!("fallback-{i}");
        fonts.font_data.insert(name.clone(), Arc::new(egui::FontData::from_owned(bytes)));
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts.families.entry(family).or_default().push(name.clone());
        }
    }
    // The serif family always exists (so the reader can ask for it): the serif face
    // if any, then the proportional fonts for everything it lacks.
    serif.extend(fonts.families.get(&egui::FontFamily::Proportional).cloned().unwrap_or_default());
    fonts.families.insert(egui::FontFamily::Name(SERIF.into()), serif);
    ctx.set_fonts(fonts);
}
