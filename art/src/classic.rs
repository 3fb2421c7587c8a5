//! Classical hotel styles: a belle-époque town palace and a Mediterranean villa with a tower.

use super::building::{Colors, Panes, Plan, columns, side, slats, stripes};
use super::kit::{P, Rng};
use super::svg::Svg;

/// Town palace: rusticated ground floor, framed windows with pediments, mansard roof and a flag.
pub fn classic(
    s: &mut Svg,
    rng: &mut Rng,
    g: &mut Panes,
    p: Plan,
    c: &Colors,
    shade_right: bool,
) -> f32 {
    let gh = p.fh * 1.3;
    let top = p.base - gh - p.floors as f32 * p.fh;
    side(s, &p, top, p.w * 0.08, c, shade_right);
    s.rect(p.x, top, p.w, p.base - top, c.wall);
    s.rect(p.x, p.base - gh, p.w, gh, c.wall.mix(c.trim, 0.35));
    stripes(
        s,
        p.x,
        p.base - gh + 6.0,
        p.w,
        gh - 6.0,
        11.0,
        c.shade,
        ".5",
    );
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
                frames = frames
                    .m(wx - 6.0, wy - 5.0)
                    .l(wx + ww / 2.0, wy - 17.0)
                    .l(wx + ww + 6.0, wy - 5.0)
                    .z();
                frames = frames.rect(wx - 6.0, wy + wh + 3.0, ww + 12.0, 5.0);
            }
        }
    }
    // Cornice, portico and dormer frames share the trim colour.
    let cx = p.x + p.w / 2.0;
    let (ov, rh) = (10.0, p.fh * 0.9);
    let (pw, ph) = (pitch * 1.5, gh * 0.85);
    frames = frames
        .rect(p.x - ov, top - 10.0, p.w + 2.0 * ov, 12.0)
        .rect(cx - pw / 2.0, p.base - ph, pw, ph);
    s.path(frames, c.trim);
    for i in 0..n {
        let ax = x0 + i as f32 * pitch;
        if (ax - cx).abs() > pitch * 0.8 {
            let (aw, ah) = (ww * 0.9, gh * 0.55);
            g.arch(rng, c, ax - aw / 2.0, p.base - gh * 0.22 - ah, aw, ah);
        }
    }
    s.path(
        P::new().arch(cx - pw * 0.3, p.base - ph * 0.82, pw * 0.6, ph * 0.82),
        c.lamp.mix(c.accent, 0.5),
    );
    s.path(
        P::new()
            .m(p.x - 2.0, top - 10.0)
            .l(p.x + 24.0, top - 10.0 - rh)
            .l(p.x + p.w - 24.0, top - 10.0 - rh)
            .l(p.x + p.w + 2.0, top - 10.0)
            .z(),
        c.roof,
    );
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
    s.path(
        P::new()
            .m(cx + 1.0, ft - 50.0)
            .q(cx + 18.0, ft - 54.0, cx + 34.0, ft - 46.0)
            .l(cx + 34.0, ft - 30.0)
            .q(cx + 18.0, ft - 38.0, cx + 1.0, ft - 34.0)
            .z(),
        c.accent,
    );
    ft - 54.0
}

/// Villa with shutters, an arcaded ground floor, a long balcony, hipped roof and optional tower.
pub fn villa(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors) -> f32 {
    let gh = p.fh * 1.1;
    let top = p.base - gh - p.floors as f32 * p.fh;
    let tower = rng.chance(0.6);
    let tw = p.w * 0.22;
    let tx = if rng.chance(0.5) {
        p.x - tw * 0.4
    } else {
        p.x + p.w - tw * 0.6
    };
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
            shutters = shutters.rect(wx - ww * 0.48, wy, ww * 0.44, wh).rect(
                wx + ww * 1.04,
                wy,
                ww * 0.44,
                wh,
            );
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
            s.path(
                P::new().arch(ax, gy + gh * 0.22, aw, gh * 0.78),
                c.lamp.mix(c.accent, 0.3),
            );
        } else {
            arches = arches.arch(ax, gy + gh * 0.22, aw, gh * 0.78);
        }
    }
    s.path(arches, c.shade.mix(c.glass, 0.4));
    let rt = roof_hip(s, p.x, top, p.w, p.fh * 0.75, 16.0, c);
    if tower {
        rt.min(ttop - p.fh * 0.55)
    } else {
        rt
    }
}

/// Terracotta hipped roof sitting on `top`; returns its ridge y.
fn roof_hip(s: &mut Svg, x: f32, top: f32, w: f32, h: f32, ov: f32, c: &Colors) -> f32 {
    s.path(
        P::new()
            .m(x - ov, top + 2.0)
            .l(x + w * 0.18, top - h)
            .l(x + w * 0.82, top - h)
            .l(x + w + ov, top + 2.0)
            .z(),
        c.roof,
    );
    s.rect(x - ov, top - 2.0, w + 2.0 * ov, 7.0, c.roof.darken(0.25));
    top - h
}
