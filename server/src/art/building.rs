//! Hotel buildings for the scene illustrations, in six architectural styles.

use super::kit::{N, P, Rgb, Rng, Svg, hsl};
use super::props::sign;
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
struct Panes {
    lit: P,
    dark: P,
}

impl Panes {
    fn new() -> Panes {
        Panes { lit: P::new(), dark: P::new() }
    }
    fn rect(&mut self, rng: &mut Rng, c: &Colors, x: f32, y: f32, w: f32, h: f32) {
        let p = if rng.chance(c.lit) { &mut self.lit } else { &mut self.dark };
        *p = std::mem::take(p).rect(x, y, w, h);
    }
    fn arch(&mut self, rng: &mut Rng, c: &Colors, x: f32, y: f32, w: f32, h: f32) {
        let p = if rng.chance(c.lit) { &mut self.lit } else { &mut self.dark };
        *p = std::mem::take(p).arch(x, y, w, h);
    }
    fn flush(&mut self, s: &mut Svg, c: &Colors) {
        for (p, col) in [(std::mem::take(&mut self.dark), c.glass), (std::mem::take(&mut self.lit), c.lamp)] {
            if !p.is_empty() {
                s.path(p, col);
            }
        }
    }
}

/// Draws the building and returns the y of its highest point.
pub fn draw(s: &mut Svg, rng: &mut Rng, style: Style, p: Plan, c: &Colors, shade_right: bool) -> f32 {
    let mut w = Panes::new();
    let top = match style {
        Style::Modern => modern(s, rng, &mut w, p, c, shade_right),
        Style::Classic => classic(s, rng, &mut w, p, c, shade_right),
        Style::Villa => villa(s, rng, &mut w, p, c),
        Style::Chalet => chalet(s, rng, &mut w, p, c),
        Style::Adobe => adobe(s, rng, &mut w, p, c, shade_right),
        Style::Gabled => gabled(s, rng, &mut w, p, c),
    };
    w.flush(s, c);
    top
}

/// Evenly spaced window columns: returns (x of first centre, pitch, count).
fn columns(x: f32, w: f32, pitch: f32) -> (f32, f32, u32) {
    let n = ((w / pitch).floor() as u32).max(2);
    let p = w / n as f32;
    (x + p / 2.0, p, n)
}

/// Side face giving a flat building some depth.
fn side(s: &mut Svg, p: &Plan, top: f32, d: f32, c: &Colors, right: bool) {
    let x = if right { p.x + p.w } else { p.x - d };
    s.rect(x, top + d * 0.4, d, p.base - top - d * 0.4, c.shade);
}

/// Horizontal stripes (siding, rustication) over a rectangle, done with one dashed stroke.
fn stripes(s: &mut Svg, x: f32, y: f32, w: f32, h: f32, gap: f32, col: Rgb, opacity: &str) {
    let _ = write!(
        s.s,
        r#"<path d="M{} {}V{}" stroke="{col}" stroke-width="{}" stroke-dasharray="1.5 {}" opacity="{opacity}"/>"#,
        N(x + w / 2.0), N(y), N(y + h), N(w), N(gap)
    );
}

/// Vertical slats or corrugation across a band, with one dashed stroke.
fn slats(s: &mut Svg, x: f32, y: f32, w: f32, h: f32, gap: f32, col: Rgb, opacity: &str) {
    let _ = write!(
        s.s,
        r#"<path d="M{} {}H{}" stroke="{col}" stroke-width="{}" stroke-dasharray="2 {}" opacity="{opacity}"/>"#,
        N(x), N(y + h / 2.0), N(x + w), N(h), N(gap)
    );
}

fn entrance(s: &mut Svg, cx: f32, base: f32, w: f32, h: f32, c: &Colors) {
    s.rect(cx - w / 2.0, base - h, w, h, c.lamp.mix(c.glass, 0.35));
    s.rect(cx - 1.0, base - h, 2.0, h, c.trim);
    s.rect(cx - w * 0.8, base - h - 10.0, w * 1.6, 10.0, c.accent);
    s.rect(cx - w * 0.8, base - h - 2.0, w * 1.6, 3.0, c.accent.darken(0.3));
}

fn modern(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors, shade_right: bool) -> f32 {
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
            g.rect(rng, c, x0 + i as f32 * pitch - ww / 2.0, y + p.fh * 0.2, ww, p.fh * 0.62);
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
    s.rect(p.x + 12.0, gy + 14.0, p.w - 24.0, gh - 14.0, c.lamp.mix(c.glass, if c.lit > 0.5 { 0.25 } else { 0.6 }));
    slats(s, p.x + 12.0, gy + 14.0, p.w - 24.0, gh - 14.0, 46.0, c.trim, "1");
    entrance(s, p.x + p.w * 0.5, p.base, 44.0, gh * 0.7, c);
    // Roof sign and a pair of parasols on the terrace.
    let sx = p.x + p.w * rng.range(0.3, 0.7);
    let post = c.shade.darken(0.4);
    s.stroke(P::new().m(sx - 30.0, top - 12.0).l(sx - 30.0, top - 40.0).m(sx + 30.0, top - 12.0).l(sx + 30.0, top - 40.0), post, 3.0);
    sign(s, sx, top - 72.0, 110.0, c.accent, c.lamp.lighten(0.5));
    for k in [0.12, 0.88] {
        let px = p.x + p.w * k;
        s.line(px, top - 12.0, px, top - 34.0, post, 2.0);
        s.path(P::new().m(px - 22.0, top - 30.0).q(px, top - 48.0, px + 22.0, top - 30.0).z(), c.accent.lighten(0.2));
    }
    top - 72.0
}

fn classic(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors, shade_right: bool) -> f32 {
    let gh = p.fh * 1.3;
    let top = p.base - gh - p.floors as f32 * p.fh;
    side(s, &p, top, p.w * 0.08, c, shade_right);
    s.rect(p.x, top, p.w, p.base - top, c.wall);
    s.rect(p.x, p.base - gh, p.w, gh, c.wall.mix(c.trim, 0.35));
    stripes(s, p.x, p.base - gh + 6.0, p.w, gh - 6.0, 11.0, c.shade, ".5");
    let (x0, pitch, n) = columns(p.x + 10.0, p.w - 20.0, rng.range(52.0, 62.0));
    let ww = pitch * 0.46;
    let mut frames = P::new();
    for f in 0..p.floors {
        let y = top + f as f32 * p.fh;
        frames = frames.rect(p.x - 3.0, y + p.fh - 4.0, p.w + 6.0, 4.0);
        for i in 0..n {
            let wx = x0 + i as f32 * pitch - ww / 2.0;
            let (wy, wh) = (y + p.fh * 0.22, p.fh * 0.6);
            frames = frames.rect(wx - 3.0, wy - 3.0, ww + 6.0, wh + 6.0);
            g.rect(rng, c, wx, wy, ww, wh);
            if f == p.floors - 1 {
                frames = frames.m(wx - 6.0, wy - 5.0).l(wx + ww / 2.0, wy - 17.0).l(wx + ww + 6.0, wy - 5.0).z();
                frames = frames.rect(wx - 6.0, wy + wh + 3.0, ww + 12.0, 5.0);
            }
        }
    }
    // Cornice, portico and dormer frames share the trim colour.
    let cx = p.x + p.w / 2.0;
    let (ov, rh) = (10.0, p.fh * 0.9);
    let (pw, ph) = (pitch * 1.5, gh * 0.85);
    frames = frames.rect(p.x - ov, top - 10.0, p.w + 2.0 * ov, 12.0).rect(cx - pw / 2.0, p.base - ph, pw, ph);
    s.path(frames, c.trim);
    for i in 0..n {
        let ax = x0 + i as f32 * pitch;
        if (ax - cx).abs() > pitch * 0.8 {
            let (aw, ah) = (ww * 0.9, gh * 0.55);
            g.arch(rng, c, ax - aw / 2.0, p.base - gh * 0.22 - ah, aw, ah);
        }
    }
    s.path(P::new().arch(cx - pw * 0.3, p.base - ph * 0.82, pw * 0.6, ph * 0.82), c.lamp.mix(c.accent, 0.5));
    s.path(P::new().m(p.x - 2.0, top - 10.0).l(p.x + 24.0, top - 10.0 - rh).l(p.x + p.w - 24.0, top - 10.0 - rh).l(p.x + p.w + 2.0, top - 10.0).z(), c.roof);
    let mut dormers = P::new();
    for i in (2..n - 1).step_by(2) {
        let dx = x0 + i as f32 * pitch;
        dormers = dormers.rect(dx - 11.0, top - 10.0 - rh * 0.72, 22.0, rh * 0.5);
        g.rect(rng, c, dx - 6.0, top - 4.0 - rh * 0.66, 12.0, rh * 0.36);
    }
    if !dormers.is_empty() {
        s.path(dormers, c.trim);
    }
    g.flush(s, c);
    let ft = top - 10.0 - rh;
    s.line(cx, ft, cx, ft - 50.0, c.shade.darken(0.5), 2.5);
    s.path(P::new().m(cx + 1.0, ft - 50.0).q(cx + 18.0, ft - 54.0, cx + 34.0, ft - 46.0).l(cx + 34.0, ft - 30.0).q(cx + 18.0, ft - 38.0, cx + 1.0, ft - 34.0).z(), c.accent);
    ft - 54.0
}

fn villa(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors) -> f32 {
    let gh = p.fh * 1.1;
    let top = p.base - gh - p.floors as f32 * p.fh;
    let tower = rng.chance(0.6);
    let tw = p.w * 0.22;
    let tx = if rng.chance(0.5) { p.x - tw * 0.4 } else { p.x + p.w - tw * 0.6 };
    let ttop = top - p.fh * 1.2;
    if tower {
        s.rect(tx, ttop, tw, p.base - ttop, c.wall.mix(c.shade, 0.4));
        g.rect(rng, c, tx + tw * 0.3, ttop + 18.0, tw * 0.4, p.fh * 0.55);
        roof_hip(s, tx, ttop, tw, p.fh * 0.55, 8.0, c);
    }
    s.rect(p.x, top, p.w, p.base - top, c.wall);
    let (x0, pitch, n) = columns(p.x + 8.0, p.w - 16.0, rng.range(62.0, 78.0));
    let ww = pitch * 0.36;
    let mut shutters = P::new();
    for f in 0..p.floors {
        let y = top + f as f32 * p.fh;
        for i in 0..n {
            let wx = x0 + i as f32 * pitch - ww / 2.0;
            let (wy, wh) = (y + p.fh * 0.2, p.fh * 0.62);
            shutters = shutters.rect(wx - ww * 0.48, wy, ww * 0.44, wh).rect(wx + ww * 1.04, wy, ww * 0.44, wh);
            g.rect(rng, c, wx, wy, ww, wh);
        }
    }
    s.path(shutters, c.accent);
    g.flush(s, c);
    // A balcony along the lowest upper floor, then the arcaded ground floor.
    let by = top + (p.floors - 1) as f32 * p.fh + p.fh * 0.62;
    let iron = c.shade.darken(0.55);
    s.rect(p.x + 10.0, by + p.fh * 0.2, p.w - 20.0, 5.0, c.trim);
    slats(s, p.x + 12.0, by, p.w - 24.0, p.fh * 0.2, 7.0, iron, ".8");
    s.rect(p.x + 10.0, by - 2.0, p.w - 20.0, 3.0, iron);
    let gy = p.base - gh;
    s.rect(p.x, gy, p.w, 6.0, c.trim);
    let mut arches = P::new();
    let aw = pitch * 0.7;
    for i in 0..n {
        let ax = x0 + i as f32 * pitch - aw / 2.0;
        if i == n / 2 {
            s.path(P::new().arch(ax, gy + gh * 0.22, aw, gh * 0.78), c.lamp.mix(c.accent, 0.3));
        } else {
            arches = arches.arch(ax, gy + gh * 0.22, aw, gh * 0.78);
        }
    }
    s.path(arches, c.shade.mix(c.glass, 0.4));
    let rt = roof_hip(s, p.x, top, p.w, p.fh * 0.75, 16.0, c);
    if tower { rt.min(ttop - p.fh * 0.55) } else { rt }
}

/// Terracotta hipped roof sitting on `top`; returns its ridge y.
fn roof_hip(s: &mut Svg, x: f32, top: f32, w: f32, h: f32, ov: f32, c: &Colors) -> f32 {
    s.path(P::new().m(x - ov, top + 2.0).l(x + w * 0.18, top - h).l(x + w * 0.82, top - h).l(x + w + ov, top + 2.0).z(), c.roof);
    s.rect(x - ov, top - 2.0, w + 2.0 * ov, 7.0, c.roof.darken(0.25));
    top - h
}

fn chalet(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors) -> f32 {
    let gh = p.fh * 1.1;
    let top = p.base - gh - p.floors as f32 * p.fh;
    // Lower side wing first, so the main block overlaps it.
    let wing_w = p.w * 0.45;
    let right = rng.chance(0.5);
    let wx = if right { p.x + p.w - 20.0 } else { p.x - wing_w + 20.0 };
    let wtop = p.base - gh - p.fh;
    s.rect(wx, wtop, wing_w, p.base - wtop, c.wall.mix(c.shade, 0.5));
    for i in 0..3 {
        g.rect(rng, c, wx + 12.0 + i as f32 * (wing_w - 52.0) / 2.0, wtop + p.fh * 0.25, 28.0, p.fh * 0.5);
    }
    g.flush(s, c);
    gable(s, wx, wtop, wing_w, p.fh * 0.9, 14.0, c);
    // Stone base and timber upper floors.
    s.rect(p.x, p.base - gh, p.w, gh, c.trim.mix(c.shade, 0.5));
    stripes(s, p.x, p.base - gh + 8.0, p.w, gh - 8.0, 13.0, c.shade.darken(0.3), ".5");
    s.rect(p.x, top, p.w, p.floors as f32 * p.fh, c.wall);
    stripes(s, p.x, top, p.w, p.floors as f32 * p.fh, 9.0, c.shade.darken(0.2), ".45");
    let (x0, pitch, n) = columns(p.x + 10.0, p.w - 20.0, rng.range(58.0, 72.0));
    let ww = pitch * 0.55;
    for f in 0..p.floors {
        let y = top + f as f32 * p.fh;
        for i in 0..n {
            g.rect(rng, c, x0 + i as f32 * pitch - ww / 2.0, y + p.fh * 0.14, ww, p.fh * 0.66);
        }
    }
    for i in 0..n {
        let gx = x0 + i as f32 * pitch;
        if i != n / 2 {
            g.rect(rng, c, gx - ww * 0.4, p.base - gh * 0.72, ww * 0.8, gh * 0.42);
        }
    }
    g.flush(s, c);
    let mut rails = P::new();
    for f in 0..p.floors {
        let by = top + f as f32 * p.fh + p.fh * 0.6;
        rails = rails.rect(p.x - 8.0, by - 3.0, p.w + 16.0, 5.0).rect(p.x - 8.0, by + p.fh * 0.36, p.w + 16.0, 6.0);
        slats(s, p.x - 6.0, by, p.w + 12.0, p.fh * 0.36, 7.0, c.accent, "1");
    }
    s.path(rails, c.accent.darken(0.25));
    let door = x0 + (n / 2) as f32 * pitch;
    s.rect(door - 20.0, p.base - gh * 0.8, 40.0, gh * 0.8, c.lamp.mix(c.accent, 0.4));
    let rh = p.w * 0.34;
    let chx = p.x + p.w * if right { 0.22 } else { 0.72 };
    s.rect(chx, top - rh * 0.75, 22.0, rh * 0.5, c.trim.mix(c.shade, 0.6));
    gable(s, p.x, top, p.w, rh, 26.0, c);
    let cx = p.x + p.w / 2.0;
    s.path(P::new().m(cx - rh * 0.5, top - 10.0).l(cx, top - rh * 0.66).l(cx + rh * 0.5, top - 10.0).z(), c.wall);
    let tri = if rng.chance(c.lit) { c.lamp } else { c.glass };
    s.path(P::new().m(cx - rh * 0.36, top - 18.0).l(cx, top - rh * 0.52).l(cx + rh * 0.36, top - 18.0).z(), tri);
    s.line(cx, top - 18.0, cx, top - rh * 0.52, c.wall, 3.0);
    top - rh - 10.0
}

/// Steep pitched roof over a block, with a snow crest when it is cold.
fn gable(s: &mut Svg, x: f32, top: f32, w: f32, h: f32, ov: f32, c: &Colors) {
    let cx = x + w / 2.0;
    s.path(P::new().m(x - ov, top + 8.0).l(cx, top - h).l(x + w + ov, top + 8.0).l(x + w + ov - 6.0, top + 14.0).l(cx, top - h + 12.0).l(x - ov + 6.0, top + 14.0).z(), c.roof);
    if c.snow {
        let (dx, dy) = ((w / 2.0 + ov) * 0.35, (h + 8.0) * 0.35);
        s.path(P::new().m(cx - dx, top - h + dy).l(cx, top - h - 3.0).l(cx + dx, top - h + dy).q(cx, top - h + 10.0, cx - dx, top - h + dy).z(), hsl(210.0, 30.0, 97.0).mix(c.shade, 0.1));
    }
}

fn adobe(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors, shade_right: bool) -> f32 {
    let gh = p.fh;
    let top = p.base - gh - p.floors as f32 * p.fh;
    // A lower block beside the main one.
    let lw = p.w * 0.5;
    let lx = if shade_right { p.x - lw * 0.7 } else { p.x + p.w - lw * 0.3 };
    s.rrect(lx, p.base - gh * 1.15, lw, gh * 1.15 + 4.0, 10.0, c.wall.mix(c.shade, 0.35));
    for i in 0..3 {
        g.arch(rng, c, lx + 22.0 + i as f32 * (lw - 44.0) / 2.5, p.base - gh * 0.8, 24.0, gh * 0.55);
    }
    g.flush(s, c);
    side(s, &p, top + 6.0, p.w * 0.09, c, shade_right);
    s.rrect(p.x, top, p.w, p.base - top + 4.0, 12.0, c.wall);
    let (x0, pitch, n) = columns(p.x + 12.0, p.w - 24.0, rng.range(64.0, 82.0));
    let ww = pitch * 0.42;
    for f in 0..p.floors {
        let y = top + f as f32 * p.fh;
        for i in 0..n {
            g.arch(rng, c, x0 + i as f32 * pitch - ww / 2.0, y + p.fh * 0.22, ww, p.fh * 0.6);
        }
    }
    // Roof beams (vigas), door, parasols on the roof terrace and the sign.
    let mut vigas = P::new();
    for i in 0..n * 2 {
        let bx = p.x + 14.0 + i as f32 * (p.w - 28.0) / (n * 2 - 1) as f32;
        vigas = vigas.rect(bx - 3.0, top + 12.0, 6.0, 8.0);
    }
    s.path(vigas, c.accent.darken(0.45));
    let cx = p.x + p.w * 0.5;
    let dh = gh * 0.6;
    s.path(P::new().arch(cx - 24.0, p.base - dh - 4.0, 48.0, dh + 4.0), c.accent);
    s.path(P::new().arch(cx - 18.0, p.base - dh, 36.0, dh), c.lamp.mix(c.accent, 0.45));
    for k in [0.2, 0.8] {
        let px = p.x + p.w * k;
        s.line(px, top, px, top - 26.0, c.shade.darken(0.5), 2.0);
        s.path(P::new().m(px - 26.0, top - 22.0).q(px, top - 44.0, px + 26.0, top - 22.0).z(), c.accent.lighten(0.25));
    }
    sign(s, cx, p.base - dh - 32.0, 92.0, c.accent.darken(0.2), c.wall);
    top - 44.0
}

fn gabled(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors) -> f32 {
    let gh = p.fh;
    let top = p.base - gh - p.floors as f32 * p.fh;
    let parts = if p.w > 300.0 { 2 } else { 1 };
    let pw = p.w / parts as f32;
    let rh = pw * 0.42;
    for k in 0..parts {
        let x = p.x + k as f32 * pw;
        let wall = if k == 1 { c.wall.mix(c.shade, 0.25) } else { c.wall };
        let cx = x + pw / 2.0;
        s.path(P::new().m(x, p.base).l(x, top).l(cx, top - rh).l(x + pw, top).l(x + pw, p.base).z(), wall);
        slats(s, x, top, pw, p.base - top, 6.0, c.shade, ".35");
        s.path(P::new().m(x - 12.0, top + 6.0).l(cx, top - rh - 4.0).l(x + pw + 12.0, top + 6.0).l(x + pw + 6.0, top + 12.0).l(cx, top - rh + 10.0).l(x - 6.0, top + 12.0).z(), c.roof);
        let mut frames = P::new().rect(cx - 14.0, top - rh * 0.55, 28.0, rh * 0.4);
        g.rect(rng, c, cx - 10.0, top - rh * 0.5, 20.0, rh * 0.3);
        let (x0, pitch, n) = columns(x + 10.0, pw - 20.0, 54.0);
        for f in 0..p.floors {
            for i in 0..n {
                let wx = x0 + i as f32 * pitch - 13.0;
                let wy = top + f as f32 * p.fh + p.fh * 0.2;
                frames = frames.rect(wx - 3.0, wy - 3.0, 32.0, p.fh * 0.6 + 6.0);
                g.rect(rng, c, wx, wy, 26.0, p.fh * 0.6);
            }
        }
        if k == 1 || parts == 1 {
            let gx = if parts == 1 { x + pw * 0.45 } else { x + 16.0 };
            g.rect(rng, c, gx, p.base - gh * 0.7, x + pw - 16.0 - gx, gh * 0.46);
        }
        s.path(frames, c.trim);
        g.flush(s, c);
    }
    let (ex, sx) = if parts == 2 { (p.x + pw * 0.5, p.x + pw * 1.5) } else { (p.x + p.w * 0.25, p.x + p.w * 0.7) };
    entrance(s, ex, p.base, 46.0, gh * 0.72, c);
    sign(s, sx, p.base - gh * 0.7 - 26.0, 84.0, c.trim, c.accent.darken(0.35));
    top - rh - 4.0
}

/// A small gabled harbour house for the quay-side row.
pub fn house(s: &mut Svg, rng: &mut Rng, x: f32, base: f32, w: f32, h: f32, wall: Rgb, roof: Rgb, c: &Colors) {
    let rh = w * rng.range(0.3, 0.5);
    s.rect(x, base - h, w, h, wall);
    s.path(P::new().m(x - 4.0, base - h + 3.0).l(x + w / 2.0, base - h - rh).l(x + w + 4.0, base - h + 3.0).z(), roof);
    let rows = ((h - 20.0) / 34.0).floor().max(1.0) as u32;
    let cols = ((w - 10.0) / 26.0).floor().max(1.0) as u32;
    let pitch = w / cols as f32;
    let mut g = Panes::new();
    for r in 0..rows {
        for k in 0..cols {
            g.rect(rng, c, x + pitch * (k as f32 + 0.5) - 7.0, base - h + 12.0 + r as f32 * 34.0, 14.0, 18.0);
        }
    }
    g.flush(s, c);
}
