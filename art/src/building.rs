//! Hotel buildings for the scene illustrations, in six architectural styles.

use super::kit::{N, P, Rgb, Rng, Svg};
use super::props::sign;
use super::{classic, vernacular};
use std::fmt::Write as _;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Style {
    Modern,
    Classic,
    Villa,
    Chalet,
    Adobe,
    Gabled,
}

/// Already-lit colours for one building.
pub struct Colors {
    pub wall: Rgb,
    pub shade: Rgb,
    pub trim: Rgb,
    pub accent: Rgb,
    pub roof: Rgb,
    pub glass: Rgb,
    pub lamp: Rgb,
    /// Share of windows with the lights on.
    pub lit: f32,
    pub snow: bool,
}

/// Footprint: left edge, ground line, width, number of upper floors and floor height.
#[derive(Clone, Copy)]
pub struct Plan {
    pub x: f32,
    pub base: f32,
    pub w: f32,
    pub floors: u32,
    pub fh: f32,
}

/// Window panes batched into one lit and one dark path, which keeps the SVG small.
pub(super) struct Panes {
    lit: P,
    dark: P,
}

impl Panes {
    pub(super) fn new() -> Panes {
        Panes {
            lit: P::new(),
            dark: P::new(),
        }
    }
    pub(super) fn rect(&mut self, rng: &mut Rng, c: &Colors, x: f32, y: f32, w: f32, h: f32) {
        let p = if rng.chance(c.lit) {
            &mut self.lit
        } else {
            &mut self.dark
        };
        *p = std::mem::take(p).rect(x, y, w, h);
    }
    pub(super) fn arch(&mut self, rng: &mut Rng, c: &Colors, x: f32, y: f32, w: f32, h: f32) {
        let p = if rng.chance(c.lit) {
            &mut self.lit
        } else {
            &mut self.dark
        };
        *p = std::mem::take(p).arch(x, y, w, h);
    }
    pub(super) fn flush(&mut self, s: &mut Svg, c: &Colors) {
        for (p, col) in [
            (std::mem::take(&mut self.dark), c.glass),
            (std::mem::take(&mut self.lit), c.lamp),
        ] {
            if !p.is_empty() {
                s.path(p, col);
            }
        }
    }
}

/// Draws the building and returns the y of its highest point.
pub fn draw(
    s: &mut Svg,
    rng: &mut Rng,
    style: Style,
    p: Plan,
    c: &Colors,
    shade_right: bool,
) -> f32 {
    let mut w = Panes::new();
    let top = match style {
        Style::Modern => modern(s, rng, &mut w, p, c, shade_right),
        Style::Classic => classic::classic(s, rng, &mut w, p, c, shade_right),
        Style::Villa => classic::villa(s, rng, &mut w, p, c),
        Style::Chalet => vernacular::chalet(s, rng, &mut w, p, c),
        Style::Adobe => vernacular::adobe(s, rng, &mut w, p, c, shade_right),
        Style::Gabled => vernacular::gabled(s, rng, &mut w, p, c),
    };
    w.flush(s, c);
    top
}

/// Evenly spaced window columns: returns (x of first centre, pitch, count).
pub(super) fn columns(x: f32, w: f32, pitch: f32) -> (f32, f32, u32) {
    let n = ((w / pitch).floor() as u32).max(2);
    let p = w / n as f32;
    (x + p / 2.0, p, n)
}

/// Side face giving a flat building some depth.
pub(super) fn side(s: &mut Svg, p: &Plan, top: f32, d: f32, c: &Colors, right: bool) {
    let x = if right { p.x + p.w } else { p.x - d };
    s.rect(x, top + d * 0.4, d, p.base - top - d * 0.4, c.shade);
}

/// Horizontal stripes (siding, rustication) over a rectangle, done with one dashed stroke.
pub(super) fn stripes(
    s: &mut Svg,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    gap: f32,
    col: Rgb,
    opacity: &str,
) {
    let _ = write!(
        s.s,
        r#"<path d="M{} {}V{}" stroke="{col}" stroke-width="{}" stroke-dasharray="1.5 {}" opacity="{opacity}"/>"#,
        N(x + w / 2.0),
        N(y),
        N(y + h),
        N(w),
        N(gap)
    );
}

/// Vertical slats or corrugation across a band, with one dashed stroke.
pub(super) fn slats(
    s: &mut Svg,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    gap: f32,
    col: Rgb,
    opacity: &str,
) {
    let _ = write!(
        s.s,
        r#"<path d="M{} {}H{}" stroke="{col}" stroke-width="{}" stroke-dasharray="2 {}" opacity="{opacity}"/>"#,
        N(x),
        N(y + h / 2.0),
        N(x + w),
        N(h),
        N(gap)
    );
}

pub(super) fn entrance(s: &mut Svg, cx: f32, base: f32, w: f32, h: f32, c: &Colors) {
    s.rect(cx - w / 2.0, base - h, w, h, c.lamp.mix(c.glass, 0.35));
    s.rect(cx - 1.0, base - h, 2.0, h, c.trim);
    s.rect(cx - w * 0.8, base - h - 10.0, w * 1.6, 10.0, c.accent);
    s.rect(
        cx - w * 0.8,
        base - h - 2.0,
        w * 1.6,
        3.0,
        c.accent.darken(0.3),
    );
}

fn modern(
    s: &mut Svg,
    rng: &mut Rng,
    g: &mut Panes,
    p: Plan,
    c: &Colors,
    shade_right: bool,
) -> f32 {
    let gh = p.fh * 1.5;
    let top = p.base - gh - p.floors as f32 * p.fh;
    side(s, &p, top, p.w * 0.1, c, shade_right);
    s.rect(p.x, top, p.w, p.base - top, c.wall);
    let (x0, pitch, n) = columns(p.x + 14.0, p.w - 28.0, rng.range(56.0, 74.0));
    let ww = pitch - 8.0;
    let mut slabs = P::new();
    let mut rails = P::new();
    for f in 0..=p.floors {
        let y = top + f as f32 * p.fh;
        slabs = slabs.rect(p.x - 5.0, y - 3.0, p.w + 10.0, 6.0);
        if f == p.floors {
            break;
        }
        for i in 0..n {
            g.rect(
                rng,
                c,
                x0 + i as f32 * pitch - ww / 2.0,
                y + p.fh * 0.2,
                ww,
                p.fh * 0.62,
            );
        }
        if f % 2 == 1 {
            rails = rails.rect(p.x, y + p.fh * 0.58, p.w, p.fh * 0.24);
        }
    }
    g.flush(s, c);
    s.path(slabs.rect(p.x - 5.0, top - 12.0, p.w + 10.0, 12.0), c.trim);
    if !rails.is_empty() {
        s.path(rails, c.trim.mix(c.glass, 0.25));
    }
    let gy = p.base - gh;
    s.rect(
        p.x + 12.0,
        gy + 14.0,
        p.w - 24.0,
        gh - 14.0,
        c.lamp.mix(c.glass, if c.lit > 0.5 { 0.25 } else { 0.6 }),
    );
    slats(
        s,
        p.x + 12.0,
        gy + 14.0,
        p.w - 24.0,
        gh - 14.0,
        46.0,
        c.trim,
        "1",
    );
    entrance(s, p.x + p.w * 0.5, p.base, 44.0, gh * 0.7, c);
    // Roof sign and a pair of parasols on the terrace.
    let sx = p.x + p.w * rng.range(0.3, 0.7);
    let post = c.shade.darken(0.4);
    s.stroke(
        P::new()
            .m(sx - 30.0, top - 12.0)
            .l(sx - 30.0, top - 40.0)
            .m(sx + 30.0, top - 12.0)
            .l(sx + 30.0, top - 40.0),
        post,
        3.0,
    );
    sign(s, sx, top - 72.0, 110.0, c.accent, c.lamp.lighten(0.5));
    for k in [0.12, 0.88] {
        let px = p.x + p.w * k;
        s.line(px, top - 12.0, px, top - 34.0, post, 2.0);
        s.path(
            P::new()
                .m(px - 22.0, top - 30.0)
                .q(px, top - 48.0, px + 22.0, top - 30.0)
                .z(),
            c.accent.lighten(0.2),
        );
    }
    top - 72.0
}
