//! Vernacular hotel styles: Alpine chalet, whitewashed adobe and Nordic gabled houses.

use super::building::{Colors, Panes, Plan, columns, entrance, side, slats, stripes};
use super::kit::{P, Rgb, Rng, Svg, hsl};
use super::props::sign;

/// Timber chalet on a stone base: balconies on every floor, steep gable, side wing and chimney.
pub fn chalet(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors) -> f32 {
    let gh = p.fh * 1.1;
    let top = p.base - gh - p.floors as f32 * p.fh;
    // Lower side wing first, so the main block overlaps it.
    let wing_w = p.w * 0.45;
    let right = rng.chance(0.5);
    let wx = if right {
        p.x + p.w - 20.0
    } else {
        p.x - wing_w + 20.0
    };
    let wtop = p.base - gh - p.fh;
    s.rect(wx, wtop, wing_w, p.base - wtop, c.wall.mix(c.shade, 0.5));
    for i in 0..3 {
        g.rect(
            rng,
            c,
            wx + 12.0 + i as f32 * (wing_w - 52.0) / 2.0,
            wtop + p.fh * 0.25,
            28.0,
            p.fh * 0.5,
        );
    }
    g.flush(s, c);
    gable(
        s,
        wx,
        wtop,
        wing_w,
        p.fh * 0.9,
        14.0,
        c.wall.mix(c.shade, 0.5),
        c,
    );
    // Stone base and timber upper floors.
    s.rect(p.x, p.base - gh, p.w, gh, c.trim.mix(c.shade, 0.5));
    stripes(
        s,
        p.x,
        p.base - gh + 8.0,
        p.w,
        gh - 8.0,
        13.0,
        c.shade.darken(0.3),
        ".5",
    );
    s.rect(p.x, top, p.w, p.floors as f32 * p.fh, c.wall);
    stripes(
        s,
        p.x,
        top,
        p.w,
        p.floors as f32 * p.fh,
        9.0,
        c.shade.darken(0.2),
        ".45",
    );
    let (x0, pitch, n) = columns(p.x + 10.0, p.w - 20.0, rng.range(58.0, 72.0));
    let ww = pitch * 0.55;
    for f in 0..p.floors {
        let y = top + f as f32 * p.fh;
        for i in 0..n {
            g.rect(
                rng,
                c,
                x0 + i as f32 * pitch - ww / 2.0,
                y + p.fh * 0.14,
                ww,
                p.fh * 0.66,
            );
        }
    }
    for i in 0..n {
        let gx = x0 + i as f32 * pitch;
        if i != n / 2 {
            g.rect(
                rng,
                c,
                gx - ww * 0.4,
                p.base - gh * 0.72,
                ww * 0.8,
                gh * 0.42,
            );
        }
    }
    g.flush(s, c);
    let mut rails = P::new();
    for f in 0..p.floors {
        let by = top + f as f32 * p.fh + p.fh * 0.6;
        rails = rails.rect(p.x - 8.0, by - 3.0, p.w + 16.0, 5.0).rect(
            p.x - 8.0,
            by + p.fh * 0.36,
            p.w + 16.0,
            6.0,
        );
        slats(
            s,
            p.x - 6.0,
            by,
            p.w + 12.0,
            p.fh * 0.36,
            7.0,
            c.accent,
            "1",
        );
    }
    s.path(rails, c.accent.darken(0.25));
    let door = x0 + (n / 2) as f32 * pitch;
    s.rect(
        door - 20.0,
        p.base - gh * 0.8,
        40.0,
        gh * 0.8,
        c.lamp.mix(c.accent, 0.4),
    );
    let rh = p.w * 0.34;
    let chx = p.x + p.w * if right { 0.22 } else { 0.72 };
    s.rect(
        chx,
        top - rh * 0.75,
        22.0,
        rh * 0.5,
        c.trim.mix(c.shade, 0.6),
    );
    gable(s, p.x, top, p.w, rh, 26.0, c.wall, c);
    let cx = p.x + p.w / 2.0;
    s.path(
        P::new()
            .m(cx - rh * 0.5, top - 10.0)
            .l(cx, top - rh * 0.66)
            .l(cx + rh * 0.5, top - 10.0)
            .z(),
        c.trim.mix(c.wall, 0.5),
    );
    let tri = if rng.chance(c.lit) { c.lamp } else { c.glass };
    s.path(
        P::new()
            .m(cx - rh * 0.36, top - 18.0)
            .l(cx, top - rh * 0.52)
            .l(cx + rh * 0.36, top - 18.0)
            .z(),
        tri,
    );
    s.line(cx, top - 18.0, cx, top - rh * 0.52, c.wall, 3.0);
    top - rh - 10.0
}

/// Steep pitched roof over a block, with a snow crest when it is cold.
fn gable(s: &mut Svg, x: f32, top: f32, w: f32, h: f32, ov: f32, wall: Rgb, c: &Colors) {
    let cx = x + w / 2.0;
    s.path(
        P::new()
            .m(x, top + 1.0)
            .l(cx, top - h + 8.0)
            .l(x + w, top + 1.0)
            .z(),
        wall,
    );
    stripes(
        s,
        x + w * 0.25,
        top - h * 0.6,
        w * 0.5,
        h * 0.6,
        9.0,
        c.shade.darken(0.2),
        ".35",
    );
    s.path(
        P::new()
            .m(x - ov, top + 8.0)
            .l(cx, top - h)
            .l(x + w + ov, top + 8.0)
            .l(x + w + ov - 6.0, top + 14.0)
            .l(cx, top - h + 12.0)
            .l(x - ov + 6.0, top + 14.0)
            .z(),
        c.roof,
    );
    if c.snow {
        let (dx, dy) = ((w / 2.0 + ov) * 0.35, (h + 8.0) * 0.35);
        s.path(
            P::new()
                .m(cx - dx, top - h + dy)
                .l(cx, top - h - 3.0)
                .l(cx + dx, top - h + dy)
                .q(cx, top - h + 10.0, cx - dx, top - h + dy)
                .z(),
            hsl(210.0, 30.0, 97.0).mix(c.shade, 0.1),
        );
    }
}

/// Whitewashed adobe with rounded corners, arched windows, roof beams and a roof terrace.
pub fn adobe(
    s: &mut Svg,
    rng: &mut Rng,
    g: &mut Panes,
    p: Plan,
    c: &Colors,
    shade_right: bool,
) -> f32 {
    let gh = p.fh;
    let top = p.base - gh - p.floors as f32 * p.fh;
    // A lower block beside the main one.
    let lw = p.w * 0.5;
    let lx = if shade_right {
        p.x - lw * 0.7
    } else {
        p.x + p.w - lw * 0.3
    };
    s.rrect(
        lx,
        p.base - gh * 1.15,
        lw,
        gh * 1.15 + 4.0,
        10.0,
        c.wall.mix(c.shade, 0.35),
    );
    for i in 0..3 {
        g.arch(
            rng,
            c,
            lx + 22.0 + i as f32 * (lw - 44.0) / 2.5,
            p.base - gh * 0.8,
            24.0,
            gh * 0.55,
        );
    }
    g.flush(s, c);
    side(s, &p, top + 6.0, p.w * 0.09, c, shade_right);
    s.rrect(p.x, top, p.w, p.base - top + 4.0, 12.0, c.wall);
    let (x0, pitch, n) = columns(p.x + 12.0, p.w - 24.0, rng.range(64.0, 82.0));
    let ww = pitch * 0.42;
    for f in 0..p.floors {
        let y = top + f as f32 * p.fh;
        for i in 0..n {
            g.arch(
                rng,
                c,
                x0 + i as f32 * pitch - ww / 2.0,
                y + p.fh * 0.22,
                ww,
                p.fh * 0.6,
            );
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
    s.path(
        P::new().arch(cx - 24.0, p.base - dh - 4.0, 48.0, dh + 4.0),
        c.accent,
    );
    s.path(
        P::new().arch(cx - 18.0, p.base - dh, 36.0, dh),
        c.lamp.mix(c.accent, 0.45),
    );
    for k in [0.2, 0.8] {
        let px = p.x + p.w * k;
        s.line(px, top, px, top - 26.0, c.shade.darken(0.5), 2.0);
        s.path(
            P::new()
                .m(px - 26.0, top - 22.0)
                .q(px, top - 44.0, px + 26.0, top - 22.0)
                .z(),
            c.accent.lighten(0.25),
        );
    }
    sign(
        s,
        cx,
        p.base - dh - 32.0,
        92.0,
        c.accent.darken(0.2),
        c.wall,
    );
    top - 44.0
}

/// One or two tall gables clad in painted corrugated iron, as on a Nordic harbour front.
pub fn gabled(s: &mut Svg, rng: &mut Rng, g: &mut Panes, p: Plan, c: &Colors) -> f32 {
    let gh = p.fh;
    let top = p.base - gh - p.floors as f32 * p.fh;
    let parts = if p.w > 300.0 { 2 } else { 1 };
    let pw = p.w / parts as f32;
    let rh = pw * 0.42;
    for k in 0..parts {
        let x = p.x + k as f32 * pw;
        let wall = if k == 1 {
            c.wall.mix(c.shade, 0.25)
        } else {
            c.wall
        };
        let cx = x + pw / 2.0;
        s.path(
            P::new()
                .m(x, p.base)
                .l(x, top)
                .l(cx, top - rh)
                .l(x + pw, top)
                .l(x + pw, p.base)
                .z(),
            wall,
        );
        slats(s, x, top, pw, p.base - top, 6.0, c.shade, ".35");
        s.path(
            P::new()
                .m(x - 12.0, top + 6.0)
                .l(cx, top - rh - 4.0)
                .l(x + pw + 12.0, top + 6.0)
                .l(x + pw + 6.0, top + 12.0)
                .l(cx, top - rh + 10.0)
                .l(x - 6.0, top + 12.0)
                .z(),
            c.roof,
        );
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
    let (ex, sx) = if parts == 2 {
        (p.x + pw * 0.5, p.x + pw * 1.5)
    } else {
        (p.x + p.w * 0.25, p.x + p.w * 0.7)
    };
    entrance(s, ex, p.base, 46.0, gh * 0.72, c);
    sign(
        s,
        sx,
        p.base - gh * 0.7 - 26.0,
        84.0,
        c.trim,
        c.accent.darken(0.35),
    );
    top - rh - 4.0
}

/// A small gabled harbour house for the quay-side row.
pub fn house(
    s: &mut Svg,
    rng: &mut Rng,
    x: f32,
    base: f32,
    w: f32,
    h: f32,
    wall: Rgb,
    roof: Rgb,
    c: &Colors,
) {
    let rh = w * rng.range(0.3, 0.5);
    s.rect(x, base - h, w, h, wall);
    s.path(
        P::new()
            .m(x - 4.0, base - h + 3.0)
            .l(x + w / 2.0, base - h - rh)
            .l(x + w + 4.0, base - h + 3.0)
            .z(),
        roof,
    );
    let rows = ((h - 20.0) / 34.0).floor().max(1.0) as u32;
    let cols = ((w - 10.0) / 26.0).floor().max(1.0) as u32;
    let pitch = w / cols as f32;
    let mut g = Panes::new();
    for r in 0..rows {
        for k in 0..cols {
            g.rect(
                rng,
                c,
                x + pitch * (k as f32 + 0.5) - 7.0,
                base - h + 12.0 + r as f32 * 34.0,
                14.0,
                18.0,
            );
        }
    }
    g.flush(s, c);
}
