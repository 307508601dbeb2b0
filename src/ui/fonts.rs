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

/// Adds the first font found of each fallback group.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let mut added = false;
    for (i, group) in FALLBACK_CANDIDATES.iter().enumerate() {
        let Some(bytes) = group.iter().find_map(|p| std::fs::read(p).ok()) else {
            continue;
        };
        let name = format!("fallback-{i}");
        fonts.font_data.insert(name.clone(), Arc::new(egui::FontData::from_owned(bytes)));
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts.families.entry(family).or_default().push(name.clone());
        }
        added = true;
    }
    if added {
        ctx.set_fonts(fonts);
    }
}
