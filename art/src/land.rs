//! Sky, terrain and water layers shared by the hotel scene illustrations.

use super::kit::{N, P, Rgb, Rng, Sky, Svg, Tod, WHITE, hsl};
use super::props::{cloud, stars};
use std::fmt::Write as _;

pub const W: f32 = 1200.0;
pub const H: f32 = 800.0;

/// Sky gradient, stars, sun or moon and a few clouds. `hz` is the horizon line.
pub fn sky(s: &mut Svg, rng: &mut Rng, sky: &Sky, hz: f32, sun: (f32, f32)) {
    s.raw("<defs>");
    s.glow("sg", sky.sun, if sky.night() { 0.35 } else { 0.75 });
    s.vgrad(
        "sk",
        &[
            (0.0, sky.top),
            (0.55 * hz / H, sky.mid),
            (hz / H, sky.low),
            (1.0, sky.low),
        ],
    );
    s.raw("</defs>");
    let _ = write!(
        s.s,
        r#"<rect width="{}" height="{}" fill="{}"/>"#,
        N(W),
        N(H),
        s.url("sk")
    );
    if sky.night() {
        stars(s, rng, W, hz * 0.6);
    }
    let (x, y) = sun;
    let r = match sky.tod {
        Tod::Morning => 46.0,
        Tod::Golden => 62.0,
        Tod::Dusk => 34.0,
    };
    let glow = s.url("sg");
    s.circle(x, y, r * 4.0, &glow);
    s.circle(x, y, r, sky.sun);
    if sky.night() {
        // Moon craters.
        let m = sky.sun.darken(0.08);
        s.circle(x - r * 0.3, y - r * 0.2, r * 0.22, m);
        s.circle(x + r * 0.35, y + r * 0.3, r * 0.14, m);
    }
    let cc = match sky.tod {
        Tod::Morning => WHITE.mix(sky.mid, 0.12),
        Tod::Golden => sky.low.lighten(0.45).mix(sky.mid, 0.25),
        Tod::Dusk => sky.mid.mix(sky.low, 0.35),
    };
    let n = rng.int(2, 4);
    for i in 0..n {
        let w = rng.range(150.0, 280.0);
        let x = (i as f32 + rng.range(0.05, 0.7)) * W / n as f32 - w * 0.3;
        let y = rng.range(90.0, hz * 0.55);
        s.raw(r#"<g opacity=".9">"#);
        cloud(s, x, y, w, cc);
        s.close();
    }
}

/// Gulls as small strokes.
pub fn gulls(s: &mut Svg, rng: &mut Rng, c: Rgb, hz: f32) {
    let mut d = P::new();
    let (cx, cy) = (rng.range(300.0, 900.0), rng.range(140.0, hz * 0.6));
    for _ in 0..rng.int(2, 4) {
        let (x, y, k) = (
            cx + rng.range(-160.0, 160.0),
            cy + rng.range(-50.0, 50.0),
            rng.range(0.7, 1.3),
        );
        d = d
            .m(x - 11.0 * k, y - 4.0 * k)
            .q(x - 5.0 * k, y - 8.0 * k, x, y)
            .q(x + 5.0 * k, y - 8.0 * k, x + 11.0 * k, y - 4.0 * k);
    }
    s.stroke(d, c, 2.2);
}

/// Random smooth skyline points between x0 and x1 around baseline `y`.
pub fn ridge(rng: &mut Rng, x0: f32, x1: f32, y: f32, amp: f32, step: f32) -> Vec<(f32, f32)> {
    let mut pts = Vec::new();
    let mut x = x0;
    let mut h = rng.range(0.3, 1.0);
    while x < x1 + step {
        pts.push((x, y - amp * h));
        h = (h + rng.range(-0.45, 0.45)).clamp(0.0, 1.0);
        x += step * rng.range(0.7, 1.3);
    }
    pts
}

/// Fill everything below a smooth curve through `pts` down to `bottom`.
pub fn fill_below(s: &mut Svg, pts: &[(f32, f32)], bottom: f32, c: Rgb) {
    let (x0, x1) = (pts[0].0, pts[pts.len() - 1].0);
    s.path(P::new().m(x0, bottom).smooth(pts).l(x1, bottom).z(), c);
}

/// A jagged mountain range with faceted shadows and optional snow caps.
pub fn mountains(
    s: &mut Svg,
    rng: &mut Rng,
    base: f32,
    amp: f32,
    c: Rgb,
    shadow: Rgb,
    snow: Option<Rgb>,
) {
    let mut pts = vec![(-40.0, base - amp * 0.3)];
    let mut x = -40.0;
    while x < W + 40.0 {
        x += rng.range(110.0, 220.0);
        let peak = (x, base - amp * rng.range(0.55, 1.0));
        x += rng.range(90.0, 200.0);
        let valley = (x, base - amp * rng.range(0.12, 0.42));
        pts.push(peak);
        pts.push(valley);
    }
    let mut d = P::new().m(-40.0, base + 60.0);
    for &(px, py) in &pts {
        d = d.l(px, py);
    }
    s.path(d.l(x, base + 60.0).z(), c);
    for i in (1..pts.len() - 1).step_by(2) {
        let (pk, v) = (pts[i], pts[i + 1]);
        let foot = (pk.0 + (v.0 - pk.0) * 0.25, base + 60.0);
        s.path(
            P::new()
                .m(pk.0, pk.1)
                .l(v.0, v.1)
                .l(foot.0 + (v.0 - foot.0) * 0.3, v.1 + (base - v.1) * 0.6)
                .l(foot.0, foot.1)
                .l(pk.0 - 4.0, pk.1 + 30.0)
                .z(),
            shadow,
        );
        if let Some(sn) = snow {
            let prev = pts[i - 1];
            let h = base - pk.1;
            if h < amp * 0.62 {
                continue;
            }
            let f = rng.range(0.22, 0.34);
            let a = (pk.0 + (prev.0 - pk.0) * f, pk.1 + (prev.1 - pk.1) * f);
            let b = (pk.0 + (v.0 - pk.0) * f, pk.1 + (v.1 - pk.1) * f);
            let dip = h * f * 0.35;
            s.path(
                P::new()
                    .m(pk.0, pk.1)
                    .l(b.0, b.1)
                    .l(pk.0 + (b.0 - pk.0) * 0.6, b.1 - dip * 0.2)
                    .l(pk.0 + (b.0 - pk.0) * 0.3, b.1 + dip)
                    .l(pk.0, b.1.max(a.1) - dip * 0.4)
                    .l(pk.0 + (a.0 - pk.0) * 0.45, a.1 + dip * 0.8)
                    .l(a.0, a.1)
                    .z(),
                sn,
            );
        }
    }
}

/// A forest edge: a band of conifer silhouettes following `pts`, filled down to `bottom`.
pub fn treeline(s: &mut Svg, rng: &mut Rng, x0: f32, x1: f32, y: f32, h: f32, bottom: f32, c: Rgb) {
    // Relative commands keep this long zigzag compact.
    let mut d = format!("M{} {}V{}", N(x0), N(bottom), N(y));
    let mut x = x0;
    let mut yy = y;
    while x < x1 {
        let w = rng.range(18.0, 32.0);
        let (a, b) = ((w * 0.2).round(), (w * 0.3).round());
        let th = (h * rng.range(0.5, 1.0)).round();
        let ny = (y + rng.range(-4.0, 4.0)).round();
        let _ = write!(
            d,
            "l{} {}l{} {}l{} {}",
            N(a),
            N(ny - yy),
            N(b),
            N(-th),
            N(b),
            N(th)
        );
        yy = ny;
        x += a + 2.0 * b;
    }
    let _ = write!(d, "L{} {}V{}Z", N(x1), N(y), N(bottom));
    s.path(P(d), c);
}

/// Water from `hz` down, with sun glitter and ripple lines.
pub fn water(
    s: &mut Svg,
    rng: &mut Rng,
    sky: &Sky,
    hz: f32,
    deep: Rgb,
    sun_x: f32,
    ripple_lines: u32,
) {
    let near = sky.lit(deep);
    let far = sky.low.mix(sky.lit(deep.lighten(0.35)), 0.45);
    s.raw("<defs>");
    s.vgrad(
        "wt",
        &[
            (0.0, far),
            (0.35, sky.lit(deep.lighten(0.15))),
            (1.0, near.darken(0.15)),
        ],
    );
    s.raw("</defs>");
    let _ = write!(
        s.s,
        r#"<rect y="{}" width="{}" height="{}" fill="{}"/>"#,
        N(hz),
        N(W),
        N(H - hz),
        s.url("wt")
    );
    ripples(s, rng, sky, hz, H, sun_x, 0.0, W, ripple_lines);
}

/// Ripple highlights and a sun path on a stretch of water.
pub fn ripples(
    s: &mut Svg,
    rng: &mut Rng,
    sky: &Sky,
    y0: f32,
    y1: f32,
    sun_x: f32,
    x0: f32,
    x1: f32,
    lines: u32,
) {
    let mut d = P::new();
    for _ in 0..lines {
        let y = rng.range(y0 + 8.0, y1 - 4.0);
        let t = (y - y0) / (y1 - y0);
        let w = 18.0 + 90.0 * t * rng.f();
        let x = rng.range(x0, x1 - w);
        d = d.m(x, y).l(x + w, y);
    }
    let light = sky.sun.mix(sky.low, 0.3).lighten(0.2);
    let _ = write!(
        s.s,
        r#"<path d="{}" stroke="{light}" stroke-width="2.5" stroke-linecap="round" opacity=".45"/>"#,
        d.0
    );
    let mut g = P::new();
    let mut y = y0 + 4.0;
    while y < y1.min(y0 + 260.0) {
        let t = (y - y0) / 260.0;
        let w = 30.0 + 120.0 * t * rng.range(0.3, 1.0);
        let x = sun_x + rng.range(-30.0, 30.0) * (0.4 + t);
        g = g.m(x - w / 2.0, y).l(x + w / 2.0, y);
        y += 7.0 + 12.0 * t;
    }
    let op = if sky.night() { ".35" } else { ".6" };
    let _ = write!(
        s.s,
        r#"<path d="{}" stroke="{}" stroke-width="3" stroke-linecap="round" opacity="{op}"/>"#,
        g.0, sky.sun
    );
}

/// Mirror an already drawn group (by id name) about the line `y`, clipped to everything below it.
pub fn reflect(s: &mut Svg, name: &str, y: f32, opacity: &str) {
    let clip = s.id(&format!("c{name}"));
    let href = s.id(name);
    let _ = write!(
        s.s,
        r##"<clipPath id="{clip}"><rect y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#{clip})" opacity="{opacity}"><use href="#{href}" transform="matrix(1 0 0 -1 0 {})"/></g>"##,
        N(y),
        N(W),
        N(H - y),
        N(2.0 * y)
    );
}

/// Natural colours for terrain, varied a little by seed.
pub struct Land {
    pub grass: Rgb,
    pub forest: Rgb,
    pub rock: Rgb,
    pub sand: Rgb,
    pub sea: Rgb,
}

pub fn land(rng: &mut Rng) -> Land {
    let j = rng.range(-8.0, 8.0);
    Land {
        grass: hsl(92.0 + j, 34.0, 50.0),
        forest: hsl(150.0 + j, 32.0, 27.0),
        rock: hsl(222.0 + j, 14.0, 52.0),
        sand: hsl(38.0 + j * 0.5, 58.0, 79.0),
        sea: hsl(196.0 + j, 58.0, 40.0),
    }
}
