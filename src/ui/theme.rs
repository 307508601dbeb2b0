//! The app's two themes. egui's own light theme draws text fields white on an
//! almost-white panel with no border, so fields could not be seen; ours gives the
//! panels a light grey, the fields white with a visible border, and keeps the dark
//! theme as egui ships it.

use egui::{Color32, Stroke, Visuals};

/// The light theme: panels grey 236, fields white, field borders grey 128.
pub fn light() -> Visuals {
    let mut v = Visuals::light();
    v.panel_fill = Color32::from_gray(236);
    v.window_fill = Color32::from_gray(244);
    v.extreme_bg_color = Color32::WHITE;
    v.faint_bg_color = Color32::from_gray(226);
    // Resting widgets (text fields, checkboxes, combo boxes) get an outline.
    v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(128));
    v.widgets.inactive.weak_bg_fill = Color32::from_gray(222);
    v.widgets.inactive.bg_fill = Color32::from_gray(222);
    v
}

/// The dark theme (egui's).
pub fn dark() -> Visuals {
    Visuals::dark()
}

/// WCAG 2.x contrast ratio of two opaque colours (1.0 to 21.0).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn channel(c: u8) -> f32 {
        let c = f32::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    }
    let lum = |c: Color32| 0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b());
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_theme_fields_stand_out_from_their_panel() {
        let v = light();
        // WCAG 2.1 non-text contrast (1.4.11): a component's boundary needs 3:1 against what is next to it.
        let border = v.widgets.inactive.bg_stroke.color;
        assert!(contrast(border, v.panel_fill) >= 3.0, "field border vs panel: {}", contrast(border, v.panel_fill));
        assert!(contrast(border, v.extreme_bg_color) >= 3.0, "field border vs field");
        assert!(v.widgets.inactive.bg_stroke.width >= 1.0);
        // And text on a field reads (4.5:1 for body text).
        assert!(contrast(v.text_color(), v.extreme_bg_color) >= 4.5);
        assert!(contrast(v.text_color(), v.panel_fill) >= 4.5);
        // egui's own light theme draws resting fields with no border at all: the reason this module exists.
        let stock = Visuals::light().widgets.inactive.bg_stroke;
        assert!(stock.width == 0.0 || stock.color.a() == 0, "{stock:?}");
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.001);
    }
}
