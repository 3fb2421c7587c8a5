//! City hotel scene: layered skyline, neighbouring buildings and a tree-lined street.

use super::building::Style;
use super::hotel::Ctx;
use super::kit::{P, Rgb, Rng, Svg, hsl};
use super::land::{self, H, W};
use super::props::round_tree;
use std::fmt::Write as _;

pub fn city(s: &mut Svg, c: &mut Ctx) {
    let street = c.rng.range(640.0, 660.0);
    land::sky(s, &mut c.rng, &c.sky, street, c.sun);
    let far = c.sky.far(hsl(c.hue + 200.0, 14.0, 52.0), 0.6);
    skyline(s, &mut c.rng, street - 20.0, 120.0, 340.0, far, true);
    let mid = c.sky.far(hsl(c.hue + 200.0, 16.0, 42.0), 0.35);
    let rects = skyline(s, &mut c.rng, street, 80.0, 260.0, mid, false);
    // Window grid over the mid skyline, clipped to its buildings.
    let (pid, cid) = (s.id("wp"), s.id("wc"));
    let win = if c.sky.night() {
        c.sky.lamp()
    } else {
        mid.lighten(0.25)
    };
    let op = if c.sky.night() { ".75" } else { ".55" };
    let mut clip = String::new();
    for (x, y, w) in rects {
        clip.push_str(&format!(
            r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}"/>"#,
            x + 6.0,
            y + 10.0,
            w - 12.0,
            street - y - 10.0
        ));
    }
    s.raw(&format!(
        r#"<pattern id="{pid}" width="14" height="20" patternUnits="userSpaceOnUse"><rect x="4" y="6" width="6" height="9" fill="{win}"/></pattern><clipPath id="{cid}">{clip}</clipPath><rect width="1200" height="{:.0}" fill="url(#{pid})" clip-path="url(#{cid})" opacity="{op}"/>"#,
        street
    ));
    let (d1, l1) = c.leaves(c.land.forest.mix(c.land.grass, 0.4), 0.3);
    for k in 0..6 {
        let x = 60.0 + k as f32 * 210.0 + c.rng.range(-30.0, 30.0);
        if (x - c.hx).abs() > 260.0 {
            round_tree(s, &mut c.rng, x, street, 110.0, d1, l1, None);
        }
    }
    // Neighbours either side, then the hotel itself.
    for side in [-1.0, 1.0] {
        let w = c.rng.range(170.0, 230.0);
        let h = c.rng.range(220.0, 420.0);
        let x = c.hx + side * 200.0 + if side < 0.0 { -w } else { 0.0 } + side * 30.0;
        let col = c.sky.lit(hsl(c.hue + side * 50.0 + 30.0, 28.0, 62.0));
        s.rect(x, street - h, w, h, col);
        s.rect(x - 4.0, street - h - 8.0, w + 8.0, 10.0, col.darken(0.15));
        let np = s.id(if side < 0.0 { "na" } else { "nb" });
        let g = if c.sky.night() && c.rng.chance(0.6) {
            c.sky.lamp()
        } else {
            col.mix(c.sky.top, 0.4).darken(0.35)
        };
        s.raw(&format!(
            r#"<pattern id="{np}" x="{:.0}" y="{:.0}" width="40" height="46" patternUnits="userSpaceOnUse"><rect x="10" y="10" width="20" height="28" fill="{g}"/></pattern><rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" fill="url(#{np})"/>"#,
            x + 10.0, street - h + 16.0, x + 10.0, street - h + 16.0, w - 20.0, h - 80.0
        ));
    }
    let style = if c.rng.chance(0.5) {
        Style::Modern
    } else {
        Style::Classic
    };
    let w = c.rng.range(360.0, 420.0);
    let floors = if style == Style::Modern {
        c.rng.int(6, 8)
    } else {
        c.rng.int(4, 5)
    } as u32;
    c.hotel(s, style, street, w, floors, 48.0, false);
    // Pavement, road, street trees and lamps.
    s.rect(0.0, street, W, 22.0, c.sky.lit(hsl(30.0, 8.0, 76.0)));
    s.rect(
        0.0,
        street + 22.0,
        W,
        H - street,
        c.sky.lit(hsl(220.0, 8.0, 34.0)),
    );
    let _ = write!(
        s.s,
        r#"<path d="M0 {:.0}H1200" stroke="{}" stroke-width="5" stroke-dasharray="44 36"/>"#,
        street + 92.0,
        c.sky.lit(hsl(45.0, 60.0, 86.0))
    );
    let (d2, l2) = c.leaves(c.land.forest.mix(c.land.grass, 0.5), 0.0);
    for x in [c.hx - 290.0, c.hx + 290.0] {
        round_tree(s, &mut c.rng, x, street + 18.0, 200.0, d2, l2, None);
    }
    let pole = c.sky.lit(hsl(220.0, 10.0, 22.0));
    for x in [c.hx - 150.0, c.hx + 150.0] {
        s.rect(x - 2.5, street - 110.0, 5.0, 124.0, pole);
        if c.sky.night() {
            s.circle(x, street - 112.0, 40.0, s.url("sg"));
        }
        s.circle(
            x,
            street - 112.0,
            9.0,
            if c.sky.night() {
                c.sky.lamp()
            } else {
                c.sky.lit(hsl(40.0, 30.0, 90.0))
            },
        );
    }
    car(
        s,
        c.rng.range(80.0, 1000.0),
        street + 118.0,
        c.sky.lit(hsl(c.hue + 120.0, 55.0, 50.0)),
        c,
    );
}

/// A row of simple towers; returns the rectangles (x, top, width) it drew.
fn skyline(
    s: &mut Svg,
    rng: &mut Rng,
    base: f32,
    lo: f32,
    hi: f32,
    c: Rgb,
    spires: bool,
) -> Vec<(f32, f32, f32)> {
    let mut out = Vec::new();
    let mut d = P::new();
    let mut x = -20.0;
    while x < W + 20.0 {
        let w = rng.range(44.0, 100.0);
        let h = rng.range(lo, hi);
        let top = base - h;
        d = d.m(x, base).l(x, top).l(x + w, top).l(x + w, base).z();
        if spires && rng.chance(0.22) {
            d = d
                .m(x + w * 0.2, top)
                .l(x + w * 0.5, top - 40.0)
                .l(x + w * 0.8, top)
                .z()
                .m(x + w * 0.48, top - 40.0)
                .l(x + w * 0.48, top - 70.0)
                .l(x + w * 0.52, top - 70.0)
                .l(x + w * 0.52, top - 40.0)
                .z();
        }
        out.push((x, top, w));
        x += w + rng.range(-10.0, 6.0);
    }
    s.path(d, c);
    out
}

fn car(s: &mut Svg, x: f32, y: f32, col: Rgb, c: &Ctx) {
    let tyre = c.sky.lit(hsl(220.0, 10.0, 16.0));
    s.path(
        P::new()
            .m(x, y)
            .l(x, y - 26.0)
            .q(x + 4.0, y - 32.0, x + 30.0, y - 34.0)
            .l(x + 50.0, y - 56.0)
            .l(x + 112.0, y - 56.0)
            .l(x + 136.0, y - 34.0)
            .q(x + 160.0, y - 32.0, x + 162.0, y - 24.0)
            .l(x + 162.0, y)
            .z(),
        col,
    );
    let glass = if c.sky.night() {
        c.sky.lamp().darken(0.3)
    } else {
        c.sky.lit(c.sky.top.lighten(0.2))
    };
    s.path(
        P::new()
            .m(x + 40.0, y - 34.0)
            .l(x + 56.0, y - 50.0)
            .l(x + 78.0, y - 50.0)
            .l(x + 78.0, y - 34.0)
            .z(),
        glass,
    );
    s.path(
        P::new()
            .m(x + 86.0, y - 34.0)
            .l(x + 86.0, y - 50.0)
            .l(x + 108.0, y - 50.0)
            .l(x + 124.0, y - 34.0)
            .z(),
        glass,
    );
    s.circle(x + 36.0, y, 16.0, tyre);
    s.circle(x + 126.0, y, 16.0, tyre);
    s.circle(x + 36.0, y, 6.0, c.sky.lit(hsl(0.0, 0.0, 70.0)));
    s.circle(x + 126.0, y, 6.0, c.sky.lit(hsl(0.0, 0.0, 70.0)));
}
