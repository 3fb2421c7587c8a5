//! Outdoor props for hotel scenes: trees, shrubs, boats, clouds, stars and the hotel sign.

use super::kit::{N, P, Rgb, Rng, Svg, hsl};
use std::f32::consts::PI;
use std::fmt::Write as _;

/// A leaning palm with drooping fronds. `h` is the trunk height.
pub fn palm(s: &mut Svg, rng: &mut Rng, x: f32, y: f32, h: f32, trunk: Rgb, leaf: Rgb) {
    let lean = rng.range(-0.22, 0.22) * h;
    let (tx, ty) = (x + lean, y - h);
    let (w0, w1) = (h * 0.04, h * 0.022);
    let bend = (x + lean * 0.15, y - h * 0.55);
    s.path(
        P::new()
            .m(x - w0, y)
            .q(bend.0 - w0, bend.1, tx - w1, ty)
            .l(tx + w1, ty)
            .q(bend.0 + w0, bend.1, x + w0, y)
            .z(),
        trunk,
    );
    // A few trunk rings give texture cheaply.
    let ring = trunk.darken(0.18);
    for i in 1..5 {
        let t = i as f32 / 5.0;
        let (cx, cy) = quad((x, y), bend, (tx, ty), t);
        let hw = w0 + (w1 - w0) * t;
        s.line(cx - hw, cy, cx + hw, cy + h * 0.01, ring, 1.5);
    }
    // Fronds: back layer darker, alternating sides, arching up then drooping at the tip.
    let back = leaf.darken(0.2);
    for (pass, col) in [(0, back), (1, leaf)] {
        for i in 0..4 {
            let side = if (i + pass) % 2 == 0 { -1.0 } else { 1.0 };
            let up = (if pass == 0 { 34.0 } else { 4.0 } + i as f32 * 9.0 + rng.range(-5.0, 5.0))
                .to_radians();
            let len = h * rng.range(0.44, 0.58) * if i == 3 { 0.8 } else { 1.0 };
            frond(s, tx, ty, side * up.cos(), up.sin(), len, col);
        }
    }
    s.circle(tx, ty + 4.0, h * 0.03, trunk.darken(0.35));
}

/// One palm frond from the crown in direction (dx, up), as a crescent leaf.
fn frond(s: &mut Svg, x: f32, y: f32, dx: f32, up: f32, len: f32, c: Rgb) {
    let droop = len * (0.5 - 0.45 * up);
    let tip = (x + dx * len, y - up * len * 0.55 + droop);
    let ctl = (x + dx * len * 0.55, y - up * len * 0.6 - len * 0.22);
    let w = len * 0.14;
    s.path(
        P::new()
            .m(x, y)
            .q(ctl.0 - dx * w * 0.3, ctl.1 - w, tip.0, tip.1)
            .q(ctl.0 + dx * w * 0.6, ctl.1 + w * 1.3, x, y + 3.0)
            .z(),
        c,
    );
}

fn quad(a: (f32, f32), c: (f32, f32), b: (f32, f32), t: f32) -> (f32, f32) {
    let u = 1.0 - t;
    (
        u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
        u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
    )
}

/// A tiered conifer, two-toned with the sunny side lighter.
pub fn pine(s: &mut Svg, x: f32, y: f32, h: f32, dark: Rgb, light: Rgb) {
    let w = h * 0.34;
    s.rect(
        x - h * 0.025,
        y - h * 0.14,
        h * 0.05,
        h * 0.14,
        dark.darken(0.3),
    );
    let tiers = 4;
    let mut right = Vec::new();
    for k in 0..tiers {
        let t0 = k as f32 / tiers as f32;
        let t1 = (k + 1) as f32 / tiers as f32;
        let yb = y - h * 0.1 - (h * 0.9) * (1.0 - t1);
        let wb = w * (0.35 + 0.65 * t1);
        let wt = w * (0.2 + 0.65 * t0) * 0.55;
        if k > 0 {
            right.push((wt, y - h * 0.1 - (h * 0.9) * (1.0 - t0) + h * 0.04));
        }
        right.push((wb, yb));
    }
    let mut full = P::new().m(x, y - h);
    for &(dx, yy) in &right {
        full = full.l(x + dx, yy);
    }
    for &(dx, yy) in right.iter().rev() {
        full = full.l(x - dx, yy);
    }
    s.path(full.z(), dark);
    let mut half = P::new().m(x, y - h);
    for &(dx, yy) in &right {
        half = half.l(x - dx, yy);
    }
    s.path(half.l(x, y - h * 0.1).z(), light);
}

/// A slim Mediterranean cypress.
pub fn cypress(s: &mut Svg, x: f32, y: f32, h: f32, dark: Rgb, light: Rgb) {
    let w = h * 0.13;
    s.path(
        P::new()
            .m(x, y)
            .q(x - w * 1.5, y - h * 0.45, x, y - h)
            .q(x + w * 1.5, y - h * 0.45, x, y)
            .z(),
        dark,
    );
    s.path(
        P::new()
            .m(x, y)
            .q(x - w * 1.5, y - h * 0.45, x, y - h)
            .q(x - w * 0.3, y - h * 0.5, x, y)
            .z(),
        light,
    );
}

/// A rounded broadleaf tree; `fruit` adds dots (oranges, blossom).
pub fn round_tree(
    s: &mut Svg,
    rng: &mut Rng,
    x: f32,
    y: f32,
    h: f32,
    dark: Rgb,
    light: Rgb,
    fruit: Option<Rgb>,
) {
    let r = h * 0.3;
    s.path(
        P::new()
            .m(x - h * 0.03, y)
            .l(x - h * 0.015, y - h * 0.55)
            .l(x + h * 0.015, y - h * 0.55)
            .l(x + h * 0.03, y)
            .z(),
        dark.darken(0.45).mix(hsl(25.0, 30.0, 30.0), 0.5),
    );
    let cy = y - h + r;
    s.circle(x - r * 0.55, cy + r * 0.35, r * 0.75, dark);
    s.circle(x + r * 0.55, cy + r * 0.3, r * 0.8, dark);
    s.circle(x, cy, r, dark);
    s.circle(x - r * 0.3, cy - r * 0.15, r * 0.62, light);
    s.circle(x - r * 0.75, cy + r * 0.3, r * 0.42, light);
    if let Some(f) = fruit {
        for _ in 0..7 {
            let a = rng.range(0.0, 2.0 * PI);
            let d = rng.range(0.2, 0.95) * r;
            s.circle(
                x + a.cos() * d,
                cy + r * 0.2 + a.sin() * d * 0.8,
                r * 0.07,
                f,
            );
        }
    }
}

/// A low shrub made of overlapping lobes.
pub fn shrub(s: &mut Svg, x: f32, y: f32, w: f32, dark: Rgb, light: Rgb) {
    s.ellipse(x, y - w * 0.18, w * 0.5, w * 0.22, dark);
    s.ellipse(x - w * 0.15, y - w * 0.28, w * 0.26, w * 0.2, dark);
    s.ellipse(x - w * 0.18, y - w * 0.3, w * 0.16, w * 0.12, light);
}

/// A sailing yacht with its reflection; `wy` is the waterline.
pub fn sailboat(s: &mut Svg, x: f32, wy: f32, k: f32, hull: Rgb, sail: Rgb, flip: bool) {
    let dir = if flip { -1.0 } else { 1.0 };
    let mut g = Svg::fragment();
    g.path(
        P::new()
            .m(x - 44.0 * k * dir, wy - 12.0 * k)
            .l(x + 48.0 * k * dir, wy - 12.0 * k)
            .l(x + 34.0 * k * dir, wy)
            .l(x - 36.0 * k * dir, wy)
            .z(),
        hull,
    );
    g.rect(
        x - 3.0 * k,
        wy - 118.0 * k,
        3.0 * k,
        106.0 * k,
        hull.darken(0.3),
    );
    g.path(
        P::new()
            .m(x + 3.0 * k * dir, wy - 114.0 * k)
            .q(
                x + 34.0 * k * dir,
                wy - 60.0 * k,
                x + 42.0 * k * dir,
                wy - 18.0 * k,
            )
            .l(x + 3.0 * k * dir, wy - 18.0 * k)
            .z(),
        sail,
    );
    g.path(
        P::new()
            .m(x - 5.0 * k * dir, wy - 100.0 * k)
            .l(x - 5.0 * k * dir, wy - 18.0 * k)
            .l(x - 38.0 * k * dir, wy - 18.0 * k)
            .z(),
        sail.darken(0.12),
    );
    let body = g.s;
    s.raw(&body);
    let _ = write!(
        s.s,
        r#"<g opacity=".22" transform="matrix(1 0 0 -0.6 0 {})">{body}</g>"#,
        N(wy * 1.6)
    );
}

/// A small fishing boat with a wheelhouse.
pub fn fishing_boat(s: &mut Svg, x: f32, wy: f32, k: f32, hull: Rgb, cabin: Rgb, flip: bool) {
    let dir = if flip { -1.0 } else { 1.0 };
    let mut g = Svg::fragment();
    g.line(
        x + 20.0 * k * dir,
        wy - 20.0 * k,
        x + 20.0 * k * dir,
        wy - 78.0 * k,
        hull.darken(0.4),
        2.5 * k,
    );
    g.line(
        x + 20.0 * k * dir,
        wy - 74.0 * k,
        x + 62.0 * k * dir,
        wy - 22.0 * k,
        hull.darken(0.4),
        1.2 * k,
    );
    g.rect(x - 26.0 * k, wy - 44.0 * k, 30.0 * k, 26.0 * k, cabin);
    g.rect(
        x - 20.0 * k,
        wy - 38.0 * k,
        18.0 * k,
        9.0 * k,
        hsl(205.0, 40.0, 30.0),
    );
    g.rect(
        x - 29.0 * k,
        wy - 47.0 * k,
        36.0 * k,
        4.0 * k,
        cabin.darken(0.3),
    );
    g.path(
        P::new()
            .m(x - 58.0 * k * dir, wy - 24.0 * k)
            .l(x + 66.0 * k * dir, wy - 26.0 * k)
            .l(x + 50.0 * k * dir, wy)
            .l(x - 48.0 * k * dir, wy)
            .z(),
        hull,
    );
    g.rect(
        x - 52.0 * k,
        wy - 12.0 * k,
        102.0 * k,
        4.0 * k,
        hsl(0.0, 0.0, 96.0),
    );
    let body = g.s;
    s.raw(&body);
    let _ = write!(
        s.s,
        r#"<g opacity=".22" transform="matrix(1 0 0 -0.6 0 {})">{body}</g>"#,
        N(wy * 1.6)
    );
}

/// A flat-bottomed poster cloud.
pub fn cloud(s: &mut Svg, x: f32, y: f32, w: f32, c: Rgb) {
    let h = w * 0.16;
    let d = P::new()
        .m(x + h * 0.5, y)
        .q(x, y, x, y - h * 0.5)
        .q(x, y - h, x + w * 0.2, y - h)
        .q(x + w * 0.24, y - h * 2.2, x + w * 0.42, y - h * 1.6)
        .q(x + w * 0.55, y - h * 3.1, x + w * 0.7, y - h * 1.5)
        .q(x + w * 0.86, y - h * 1.9, x + w * 0.88, y - h)
        .q(x + w, y - h, x + w, y - h * 0.5)
        .q(x + w, y, x + w - h * 0.5, y)
        .z();
    s.path(d, c);
}

/// Scattered stars in the upper sky.
pub fn stars(s: &mut Svg, rng: &mut Rng, w: f32, h: f32) {
    let mut d = String::new();
    for _ in 0..26 {
        let (x, y, r) = (
            rng.range(0.0, w),
            rng.range(0.0, h) * rng.f().sqrt(),
            rng.range(0.8, 2.2),
        );
        let _ = write!(d, "M{} {}h{}v{}h-{}z", N(x), N(y), N(r), N(r), N(r));
    }
    s.path_x(P(d), r##"fill="#fff8e0" opacity=".8""##);
}

/// A small "HOTEL" sign board centred on `cx`.
pub fn sign(s: &mut Svg, cx: f32, y: f32, w: f32, bg: Rgb, fg: Rgb) {
    let h = w * 0.26;
    s.rrect(cx - w / 2.0, y, w, h, h * 0.18, bg);
    let _ = write!(
        s.s,
        r#"<text x="{}" y="{}" font-family="Futura,'Trebuchet MS',Arial,sans-serif" font-weight="700" font-size="{}" fill="{fg}" text-anchor="middle" textLength="{}" lengthAdjust="spacingAndGlyphs">HOTEL</text>"#,
        N(cx),
        N(y + h * 0.74),
        N(h * 0.62),
        N(w * 0.72)
    );
}
