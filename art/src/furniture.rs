//! Furniture for the room interiors: beds, bunks, sofa, tables, lamps, plants, rugs and wall art.

use super::kit::{P, Rgb, Rng, Svg, hsl};

/// Floor line of every interior.
pub const FY: f32 = 470.0;

/// Interior colours, already adjusted for the time of day.
pub struct Pal {
    pub wall: Rgb,
    pub trim: Rgb,
    pub floor: Rgb,
    pub wood: Rgb,
    pub linen: Rgb,
    pub throw: Rgb,
    pub head: Rgb,
    pub accent: Rgb,
    pub leaf: Rgb,
    pub shade: Rgb,
    pub metal: Rgb,
    /// Lamp light; `glow` is the name of a radial gradient for halos.
    pub light: Rgb,
    pub night: bool,
}

/// A bed seen from its foot: headboard of height `hh`, pillows, duvet with a runner, base.
pub fn bed(s: &mut Svg, p: &Pal, cx: f32, w: f32, fy: f32, pillows: u32, hh: f32) {
    let x = cx - w / 2.0;
    s.rrect(x - 10.0, fy - 100.0 - hh, w + 20.0, hh + 20.0, 14.0, p.head);
    s.rrect(
        x + 2.0,
        fy - 88.0 - hh,
        w - 4.0,
        hh - 24.0,
        10.0,
        p.head.lighten(0.1),
    );
    s.rect(x - 4.0, fy - 22.0, 10.0, 22.0, p.metal);
    s.rect(x + w - 6.0, fy - 22.0, 10.0, 22.0, p.metal);
    s.rect(x - 2.0, fy - 56.0, w + 4.0, 36.0, p.head.darken(0.15));
    let pw = (w - 24.0) / pillows as f32;
    let mut pil = P::new();
    for i in 0..pillows {
        let px = x + 12.0 + i as f32 * pw + 4.0;
        pil = pil
            .m(px + 10.0, fy - 180.0)
            .q(
                px + (pw - 8.0) / 2.0,
                fy - 188.0,
                px + pw - 18.0,
                fy - 180.0,
            )
            .q(px + pw - 6.0, fy - 158.0, px + pw - 18.0, fy - 134.0)
            .l(px + 10.0, fy - 134.0)
            .q(px - 2.0, fy - 158.0, px + 10.0, fy - 180.0)
            .z();
    }
    s.path(pil, p.linen);
    s.rrect(cx - w * 0.11, fy - 166.0, w * 0.22, 34.0, 10.0, p.accent);
    s.rrect(
        x - 6.0,
        fy - 146.0,
        w + 12.0,
        96.0,
        16.0,
        p.linen.darken(0.05),
    );
    s.rect(x - 6.0, fy - 146.0, w + 12.0, 14.0, p.linen);
    s.rect(x - 6.0, fy - 112.0, w + 12.0, 32.0, p.throw);
    s.rect(x - 6.0, fy - 84.0, w + 12.0, 4.0, p.throw.darken(0.2));
    s.rect(x - 6.0, fy - 62.0, w + 12.0, 10.0, p.linen.darken(0.12));
}

/// A bunk bed seen from its long side, ladder on the right and drawers underneath.
pub fn bunk(s: &mut Svg, p: &Pal, x: f32, w: f32, fy: f32) {
    let post = p.wood.darken(0.1);
    s.rect(x, fy - 320.0, 14.0, 320.0, post);
    s.rect(x + w - 14.0, fy - 320.0, 14.0, 320.0, post);
    for (i, y) in [fy - 250.0, fy - 100.0].into_iter().enumerate() {
        let duvet = if i == 0 { p.accent } else { p.throw };
        s.rect(x + 14.0, y - 2.0, w - 28.0, 24.0, p.linen.darken(0.08));
        s.rrect(x + 22.0, y - 22.0, 62.0, 28.0, 11.0, p.linen);
        s.path(
            P::new()
                .m(x + 74.0, y + 22.0)
                .l(x + 74.0, y - 4.0)
                .q(x + 80.0, y - 12.0, x + 100.0, y - 10.0)
                .l(x + w - 14.0, y - 10.0)
                .l(x + w - 14.0, y + 22.0)
                .z(),
            duvet,
        );
        s.rect(x + 74.0, y - 10.0, w - 88.0, 6.0, duvet.lighten(0.2));
        s.rect(x + 6.0, y + 18.0, w - 12.0, 24.0, post);
        s.rect(x + 6.0, y + 18.0, w - 12.0, 5.0, post.lighten(0.12));
    }
    // Guard rail on the top bunk, drawers under the bottom one.
    let gy = fy - 300.0;
    let mut rail = P::new().rect(x + 6.0, gy, w * 0.6, 9.0);
    for k in 1..4 {
        rail = rail.rect(x + 6.0 + k as f32 * w * 0.15, gy, 6.0, 50.0);
    }
    s.path(rail, post);
    let dw = (w - 40.0) / 2.0;
    for k in 0..2 {
        let dx = x + 16.0 + k as f32 * (dw + 8.0);
        s.rect(dx, fy - 52.0, dw, 46.0, p.wood.lighten(0.08));
        s.rect(dx + dw / 2.0 - 12.0, fy - 34.0, 24.0, 5.0, p.metal);
    }
    let lx = x + w - 66.0;
    let mut ladder =
        P::new()
            .rect(lx, fy - 300.0, 6.0, 300.0)
            .rect(lx + 36.0, fy - 300.0, 6.0, 300.0);
    for k in 0..7 {
        ladder = ladder.rect(lx, fy - 30.0 - k as f32 * 38.0, 42.0, 6.0);
    }
    s.path(ladder, post.lighten(0.12));
}

/// A two- or three-seat sofa with cushions.
pub fn sofa(s: &mut Svg, p: &Pal, cx: f32, w: f32, fy: f32) {
    let x = cx - w / 2.0;
    let body = p.accent;
    s.rrect(
        x + 14.0,
        fy - 150.0,
        w - 28.0,
        80.0,
        18.0,
        body.darken(0.08),
    );
    s.rrect(x + 26.0, fy - 118.0, 46.0, 40.0, 10.0, p.throw);
    s.rrect(
        x + w - 72.0,
        fy - 118.0,
        46.0,
        40.0,
        10.0,
        p.linen.darken(0.05),
    );
    s.rrect(
        x + 10.0,
        fy - 84.0,
        w - 20.0,
        40.0,
        10.0,
        body.lighten(0.08),
    );
    s.rrect(x, fy - 110.0, 36.0, 84.0, 14.0, body);
    s.rrect(x + w - 36.0, fy - 110.0, 36.0, 84.0, 14.0, body);
    s.rect(x + 6.0, fy - 46.0, w - 12.0, 28.0, body.darken(0.12));
    s.rect(x + 14.0, fy - 18.0, 8.0, 18.0, p.metal);
    s.rect(x + w - 22.0, fy - 18.0, 8.0, 18.0, p.metal);
}

/// A bedside table with a table lamp.
pub fn nightstand(s: &mut Svg, p: &Pal, cx: f32, fy: f32, glow: &str) {
    s.rect(cx - 36.0, fy - 86.0, 72.0, 86.0, p.wood);
    s.rect(cx - 40.0, fy - 90.0, 80.0, 8.0, p.wood.darken(0.15));
    s.rect(cx - 28.0, fy - 70.0, 56.0, 26.0, p.wood.lighten(0.1));
    s.rect(cx - 6.0, fy - 60.0, 12.0, 4.0, p.metal);
    table_lamp(s, p, cx, fy - 90.0, glow);
}

pub fn table_lamp(s: &mut Svg, p: &Pal, cx: f32, y: f32, glow: &str) {
    if p.night {
        s.circle(cx, y - 60.0, 110.0, glow);
    }
    s.ellipse(cx, y - 4.0, 16.0, 5.0, p.metal);
    s.rect(cx - 3.0, y - 44.0, 6.0, 40.0, p.metal);
    let shade = if p.night { p.light } else { p.shade };
    s.path(
        P::new()
            .m(cx - 18.0, y - 84.0)
            .l(cx + 18.0, y - 84.0)
            .l(cx + 30.0, y - 40.0)
            .l(cx - 30.0, y - 40.0)
            .z(),
        shade,
    );
}

/// A tall arc floor lamp standing at `x`, its shade at `hx`.
pub fn floor_lamp(s: &mut Svg, p: &Pal, x: f32, hx: f32, fy: f32, glow: &str) {
    if p.night {
        s.circle(hx, fy - 280.0, 130.0, glow);
    }
    s.stroke(
        P::new()
            .m(x, fy)
            .l(x, fy - 300.0)
            .q(x, fy - 340.0, hx, fy - 320.0),
        p.metal,
        5.0,
    );
    s.ellipse(x, fy - 4.0, 26.0, 6.0, p.metal);
    let shade = if p.night { p.light } else { p.shade };
    s.path(
        P::new()
            .m(hx - 30.0, fy - 276.0)
            .q(hx, fy - 340.0, hx + 30.0, fy - 276.0)
            .z(),
        shade,
    );
}

/// A pendant light hanging from the ceiling.
pub fn pendant(s: &mut Svg, p: &Pal, x: f32, y: f32, glow: &str) {
    if p.night {
        s.circle(x, y + 10.0, 90.0, glow);
    }
    s.line(x, 0.0, x, y - 20.0, p.metal, 2.0);
    let shade = if p.night { p.light } else { p.shade };
    s.path(
        P::new()
            .m(x - 28.0, y + 4.0)
            .q(x, y - 44.0, x + 28.0, y + 4.0)
            .z(),
        shade,
    );
}

/// A low round coffee table.
pub fn coffee_table(s: &mut Svg, p: &Pal, cx: f32, fy: f32) {
    s.rect(cx - 50.0, fy + 26.0, 6.0, 40.0, p.metal);
    s.rect(cx + 44.0, fy + 26.0, 6.0, 40.0, p.metal);
    s.ellipse(cx, fy + 26.0, 76.0, 14.0, p.wood.darken(0.1));
    s.ellipse(cx, fy + 22.0, 76.0, 12.0, p.wood.lighten(0.08));
    s.rrect(cx - 20.0, fy - 4.0, 26.0, 24.0, 4.0, p.throw);
    s.rect(cx + 14.0, fy + 6.0, 30.0, 10.0, p.linen);
}

/// A writing desk with a chair in front of it.
pub fn desk(s: &mut Svg, p: &Pal, x: f32, w: f32, fy: f32) {
    s.rect(x, fy - 120.0, w, 12.0, p.wood.darken(0.1));
    s.rect(x + 8.0, fy - 108.0, 8.0, 108.0, p.wood.darken(0.2));
    s.rect(x + w - 16.0, fy - 108.0, 8.0, 108.0, p.wood.darken(0.2));
    s.rect(x + w - 80.0, fy - 108.0, 64.0, 34.0, p.wood);
    s.rect(x + 30.0, fy - 150.0, 46.0, 30.0, p.linen.darken(0.1));
    let cx = x + w * 0.45;
    s.rrect(cx - 30.0, fy - 150.0, 60.0, 52.0, 14.0, p.accent);
    s.rect(cx - 26.0, fy - 104.0, 6.0, 14.0, p.metal);
    s.rect(cx + 20.0, fy - 104.0, 6.0, 14.0, p.metal);
    s.rrect(cx - 40.0, fy - 94.0, 80.0, 16.0, 6.0, p.accent.darken(0.1));
    s.rect(cx - 34.0, fy - 78.0, 6.0, 78.0, p.metal);
    s.rect(cx + 28.0, fy - 78.0, 6.0, 78.0, p.metal);
}

/// A potted plant: a fan of long leaves in a tapered pot.
pub fn plant(s: &mut Svg, rng: &mut Rng, p: &Pal, x: f32, fy: f32, k: f32) {
    let top = fy - 70.0 * k;
    let leaf = p.leaf;
    let n = 7;
    for i in 0..n {
        let t = i as f32 / (n - 1) as f32 - 0.5;
        let len = k * rng.range(130.0, 190.0) * (1.0 - t.abs() * 0.5);
        let (tx, ty) = (x + t * 150.0 * k, top - len);
        let col = if i % 2 == 0 { leaf } else { leaf.lighten(0.15) };
        let w = 16.0 * k;
        s.path(
            P::new()
                .m(x - w * 0.3, top)
                .q(x + t * 40.0 * k - w, top - len * 0.6, tx, ty)
                .q(x + t * 40.0 * k + w, top - len * 0.5, x + w * 0.3, top)
                .z(),
            col,
        );
    }
    s.path(
        P::new()
            .m(x - 32.0 * k, top - 6.0)
            .l(x + 32.0 * k, top - 6.0)
            .l(x + 24.0 * k, fy)
            .l(x - 24.0 * k, fy)
            .z(),
        p.accent.darken(0.1),
    );
    s.rect(
        x - 35.0 * k,
        top - 10.0,
        70.0 * k,
        12.0,
        p.accent.darken(0.25),
    );
}

/// A rug lying on the floor, drawn as a flat trapezoid with a border and stripes.
pub fn rug(s: &mut Svg, p: &Pal, cx: f32, w: f32, fy: f32) {
    let tr = |i: f32| {
        P::new()
            .m(cx - w / 2.0 + 40.0 + i, fy + 34.0 + i * 0.4)
            .l(cx + w / 2.0 - 40.0 - i, fy + 34.0 + i * 0.4)
            .l(cx + w / 2.0 - i * 1.2, fy + 104.0 - i * 0.4)
            .l(cx - w / 2.0 + i * 1.2, fy + 104.0 - i * 0.4)
            .z()
    };
    s.path(tr(0.0), p.accent.mix(p.floor, 0.3));
    s.path(tr(14.0), p.linen.mix(p.floor, 0.25));
    s.path(tr(26.0), p.throw.mix(p.floor, 0.25));
    s.rect(
        cx - w * 0.3,
        fy + 66.0,
        w * 0.6,
        6.0,
        p.linen.mix(p.floor, 0.25),
    );
}

/// A framed picture: a tiny landscape with sun and hills.
pub fn art(s: &mut Svg, rng: &mut Rng, p: &Pal, x: f32, y: f32, w: f32, h: f32) {
    s.rect(x - 8.0, y - 8.0, w + 16.0, h + 16.0, p.wood.darken(0.25));
    s.rect(x, y, w, h, p.linen);
    let (ix, iy, iw, ih) = (x + 12.0, y + 12.0, w - 24.0, h - 24.0);
    s.rect(ix, iy, iw, ih, hsl(rng.range(20.0, 50.0), 60.0, 86.0));
    s.circle(
        ix + iw * rng.range(0.25, 0.75),
        iy + ih * 0.4,
        ih * 0.2,
        p.throw.lighten(0.1),
    );
    s.path(
        P::new()
            .m(ix, iy + ih)
            .l(ix, iy + ih * 0.7)
            .q(
                ix + iw * 0.35,
                iy + ih * 0.35,
                ix + iw * 0.6,
                iy + ih * 0.68,
            )
            .q(ix + iw * 0.8, iy + ih * 0.55, ix + iw, iy + ih * 0.62)
            .l(ix + iw, iy + ih)
            .z(),
        p.accent,
    );
}
