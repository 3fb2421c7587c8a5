//! Inland hotel scenes: city street, mountain meadow, formal garden and desert dunes.

use super::building::Style;
use super::hotel::Ctx;
use super::kit::{P, Rgb, Rng, Svg, Tod, hsl};
use super::land::{self, H, W};
use super::props::{cypress, palm, pine, round_tree, shrub};
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
    let win = if c.sky.night() { c.sky.lamp() } else { mid.lighten(0.25) };
    let op = if c.sky.night() { ".75" } else { ".55" };
    let mut clip = String::new();
    for (x, y, w) in rects {
        clip.push_str(&format!(r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}"/>"#, x + 6.0, y + 10.0, w - 12.0, street - y - 10.0));
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
        let g = if c.sky.night() && c.rng.chance(0.6) { c.sky.lamp() } else { col.mix(c.sky.top, 0.4).darken(0.35) };
        s.raw(&format!(
            r#"<pattern id="{np}" x="{:.0}" y="{:.0}" width="40" height="46" patternUnits="userSpaceOnUse"><rect x="10" y="10" width="20" height="28" fill="{g}"/></pattern><rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" fill="url(#{np})"/>"#,
            x + 10.0, street - h + 16.0, x + 10.0, street - h + 16.0, w - 20.0, h - 80.0
        ));
    }
    let style = if c.rng.chance(0.5) { Style::Modern } else { Style::Classic };
    let w = c.rng.range(360.0, 420.0);
    let floors = if style == Style::Modern { c.rng.int(6, 8) } else { c.rng.int(4, 5) } as u32;
    c.hotel(s, style, street, w, floors, 48.0, false);
    // Pavement, road, street trees and lamps.
    s.rect(0.0, street, W, 22.0, c.sky.lit(hsl(30.0, 8.0, 76.0)));
    s.rect(0.0, street + 22.0, W, H - street, c.sky.lit(hsl(220.0, 8.0, 34.0)));
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
            s.circle(x, street - 112.0, 40.0, &s.url("sg"));
        }
        s.circle(x, street - 112.0, 9.0, if c.sky.night() { c.sky.lamp() } else { c.sky.lit(hsl(40.0, 30.0, 90.0)) });
    }
    car(s, c.rng.range(80.0, 1000.0), street + 118.0, c.sky.lit(hsl(c.hue + 120.0, 55.0, 50.0)), c);
}

/// A row of simple towers; returns the rectangles (x, top, width) it drew.
fn skyline(s: &mut Svg, rng: &mut Rng, base: f32, lo: f32, hi: f32, c: Rgb, spires: bool) -> Vec<(f32, f32, f32)> {
    let mut out = Vec::new();
    let mut d = P::new();
    let mut x = -20.0;
    while x < W + 20.0 {
        let w = rng.range(44.0, 100.0);
        let h = rng.range(lo, hi);
        let top = base - h;
        d = d.m(x, base).l(x, top).l(x + w, top).l(x + w, base).z();
        if spires && rng.chance(0.22) {
            d = d.m(x + w * 0.2, top).l(x + w * 0.5, top - 40.0).l(x + w * 0.8, top).z().m(x + w * 0.48, top - 40.0).l(x + w * 0.48, top - 70.0).l(x + w * 0.52, top - 70.0).l(x + w * 0.52, top - 40.0).z();
        }
        out.push((x, top, w));
        x += w + rng.range(-10.0, 6.0);
    }
    s.path(d, c);
    out
}

fn car(s: &mut Svg, x: f32, y: f32, col: Rgb, c: &Ctx) {
    let tyre = c.sky.lit(hsl(220.0, 10.0, 16.0));
    s.path(P::new().m(x, y).l(x, y - 26.0).q(x + 4.0, y - 32.0, x + 30.0, y - 34.0).l(x + 50.0, y - 56.0).l(x + 112.0, y - 56.0).l(x + 136.0, y - 34.0).q(x + 160.0, y - 32.0, x + 162.0, y - 24.0).l(x + 162.0, y).z(), col);
    let glass = if c.sky.night() { c.sky.lamp().darken(0.3) } else { c.sky.lit(c.sky.top.lighten(0.2)) };
    s.path(P::new().m(x + 40.0, y - 34.0).l(x + 56.0, y - 50.0).l(x + 78.0, y - 50.0).l(x + 78.0, y - 34.0).z(), glass);
    s.path(P::new().m(x + 86.0, y - 34.0).l(x + 86.0, y - 50.0).l(x + 108.0, y - 50.0).l(x + 124.0, y - 34.0).z(), glass);
    s.circle(x + 36.0, y, 16.0, tyre);
    s.circle(x + 126.0, y, 16.0, tyre);
    s.circle(x + 36.0, y, 6.0, c.sky.lit(hsl(0.0, 0.0, 70.0)));
    s.circle(x + 126.0, y, 6.0, c.sky.lit(hsl(0.0, 0.0, 70.0)));
}

pub fn mountain(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(520.0, 550.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    let snow = c.sky.far(hsl(210.0, 30.0, 97.0), 0.35);
    land::mountains(s, &mut c.rng, hz - 40.0, 300.0, c.sky.far(c.land.rock, 0.6), c.sky.far(c.land.rock.darken(0.25), 0.6), Some(snow));
    let snow2 = c.sky.far(hsl(210.0, 30.0, 97.0), 0.2);
    land::mountains(s, &mut c.rng, hz + 20.0, 210.0, c.sky.far(c.land.rock.darken(0.1), 0.35), c.sky.far(c.land.rock.darken(0.3), 0.35), Some(snow2));
    land::treeline(s, &mut c.rng, -10.0, W + 10.0, hz + 30.0, 46.0, hz + 80.0, c.sky.far(c.land.forest, 0.3));
    let pts = land::ridge(&mut c.rng, -40.0, W + 40.0, hz + 90.0, 50.0, 180.0);
    land::fill_below(s, &pts, H, c.sky.far(c.land.grass, 0.12));
    let base = hz + 130.0;
    let w = c.rng.range(280.0, 330.0);
    let (floors, snow) = (c.rng.int(2, 3) as u32, c.sky.tod != Tod::Golden || c.rng.chance(0.5));
    c.hotel(s, Style::Chalet, base, w, floors, 54.0, snow);
    // Meadow, path to the door, pines and shrubs.
    s.rect(0.0, base, W, H - base, c.sky.lit(c.land.grass.lighten(0.06)));
    s.path(P::new().m(c.hx - 20.0, base).q(c.hx + 60.0, base + 60.0, c.hx - 30.0, H).l(c.hx + 70.0, H).q(c.hx + 120.0, base + 60.0, c.hx + 20.0, base).z(), c.sky.lit(c.land.sand.darken(0.08)));
    let (d1, l1) = c.leaves(c.land.forest, 0.0);
    let dir = if c.hx < 600.0 { 1.0 } else { -1.0 };
    pine(s, c.hx - dir * (w / 2.0 + 130.0), base + 10.0, 200.0, d1, l1);
    pine(s, c.hx + dir * (w / 2.0 + 120.0), base + 30.0, 240.0, d1, l1);
    pine(s, c.hx + dir * (w / 2.0 + 220.0), base + 60.0, 300.0, d1, l1);
    let (d2, l2) = c.leaves(c.land.grass.darken(0.2), 0.0);
    for k in 0..3 {
        shrub(s, c.hx - w / 2.0 + 40.0 + k as f32 * 90.0, base + 8.0, 60.0, d2, l2);
    }
    flowers(s, c, base + 40.0);
}

fn flowers(s: &mut Svg, c: &mut Ctx, y0: f32) {
    let mut d = P::new();
    for _ in 0..40 {
        let (x, y) = (c.rng.range(0.0, W), c.rng.range(y0, H));
        d = d.m(x, y).l(x + 0.1, y);
    }
    let col = c.sky.lit(hsl(c.hue + 30.0, 70.0, 72.0));
    let _ = write!(s.s, r#"<path d="{}" stroke="{col}" stroke-width="6" stroke-linecap="round"/>"#, d.0);
}

pub fn garden(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(480.0, 520.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    let pts = land::ridge(&mut c.rng, -40.0, W + 40.0, hz, 90.0, 200.0);
    land::fill_below(s, &pts, hz + 60.0, c.sky.far(c.land.grass, 0.62));
    let (dc, lc) = c.leaves(c.land.forest, 0.5);
    for p in pts.iter().skip(1).step_by(2) {
        cypress(s, p.0, p.1 + 8.0, 70.0, dc, lc);
    }
    // Mid hill with vineyard rows.
    let pts2 = land::ridge(&mut c.rng, -40.0, W + 40.0, hz + 60.0, 60.0, 260.0);
    let hill = c.sky.far(c.land.grass, 0.35);
    land::fill_below(s, &pts2, H, hill);
    let mut d = P::new();
    for k in 0..6 {
        let y = hz + 40.0 + k as f32 * 14.0;
        d = d.m(-20.0, y + 20.0).q(600.0, y - 30.0, W + 20.0, y + 10.0);
    }
    s.stroke(d, hill.darken(0.14), 3.5);
    let base = hz + 150.0;
    s.rect(0.0, base - 20.0, W, H - base + 20.0, c.sky.lit(c.land.grass.lighten(0.05)));
    let (d1, l1) = c.leaves(c.land.forest, 0.0);
    let w = c.rng.range(340.0, 400.0);
    for k in [-1.0, 1.0] {
        cypress(s, c.hx + k * (w / 2.0 + 30.0), base, 250.0, d1, l1);
        cypress(s, c.hx + k * (w / 2.0 + 66.0), base + 6.0, 200.0, d1, l1);
    }
    let style = if c.rng.chance(0.75) { Style::Villa } else { Style::Classic };
    c.hotel(s, style, base, w, 2, 64.0, false);
    // Accent trees: blossom, maple or citrus depending on the hotel colour.
    let warm = !(70.0..=290.0).contains(&c.hue);
    let (ad, al) = if warm { (c.sky.lit(hsl(c.hue, 50.0, 46.0)), c.sky.lit(hsl(c.hue + 8.0, 60.0, 62.0))) } else { c.leaves(c.land.grass.darken(0.15), 0.0) };
    let fruit = if warm { None } else { Some(c.sky.lit(hsl(32.0, 90.0, 56.0))) };
    for k in [-1.0, 1.0] {
        let x = c.hx + k * (w / 2.0 + 160.0 + c.rng.range(0.0, 60.0));
        round_tree(s, &mut c.rng, x, base + 40.0, 230.0, ad, al, fruit);
    }
    // Gravel walk to the door with a fountain, clipped hedges and flowers.
    let gravel = c.sky.lit(hsl(38.0, 28.0, 82.0));
    s.path(P::new().m(c.hx - 24.0, base).l(c.hx + 24.0, base).l(c.hx + 170.0, H).l(c.hx - 170.0, H).z(), gravel);
    let fy = base + 70.0;
    let stone = c.sky.lit(hsl(35.0, 18.0, 72.0));
    s.ellipse(c.hx, fy + 6.0, 120.0, 26.0, stone.darken(0.15));
    s.ellipse(c.hx, fy, 112.0, 20.0, stone);
    s.ellipse(c.hx, fy + 2.0, 96.0, 13.0, c.sky.lit(hsl(190.0, 55.0, 60.0)));
    s.rect(c.hx - 7.0, fy - 38.0, 14.0, 40.0, stone);
    s.ellipse(c.hx, fy - 38.0, 26.0, 6.0, stone);
    let spray = c.sky.lit(hsl(195.0, 60.0, 88.0));
    s.stroke(P::new().m(c.hx, fy - 40.0).q(c.hx - 20.0, fy - 80.0, c.hx - 40.0, fy - 10.0).m(c.hx, fy - 40.0).q(c.hx + 20.0, fy - 80.0, c.hx + 40.0, fy - 10.0).m(c.hx, fy - 40.0).l(c.hx, fy - 70.0), spray, 4.0);
    let hedge = c.sky.lit(c.land.forest.lighten(0.12));
    for k in [-1.0, 1.0] {
        for (row, y) in [(0.0, base + 40.0), (1.0, base + 120.0)] {
            let x0 = c.hx + k * (150.0 + row * 60.0);
            let len = 260.0 + row * 80.0;
            let x = if k < 0.0 { x0 - len } else { x0 };
            s.rrect(x, y, len, 34.0 + row * 8.0, 17.0, hedge.darken(row * 0.06));
        }
    }
    flowers(s, c, base + 20.0);
}
pub fn desert(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(500.0, 530.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    // Far mesas.
    let mesa = c.sky.far(hsl(18.0, 40.0, 50.0), 0.55);
    let mut d = P::new();
    for _ in 0..2 {
        let x = c.rng.range(0.0, 1000.0);
        let (w, h) = (c.rng.range(160.0, 260.0), c.rng.range(50.0, 90.0));
        d = d.m(x, hz + 10.0).l(x + 30.0, hz - h).l(x + w - 30.0, hz - h).l(x + w, hz + 10.0).z();
    }
    s.path(d, mesa);
    // Dunes: a darker copy shifted right shows as the shadow side of each crest.
    let sand = hsl(30.0 + c.rng.range(-6.0, 6.0), 66.0, 72.0);
    for (k, y, amp) in [(0.5, hz + 20.0, 70.0), (0.3, hz + 90.0, 80.0), (0.12, hz + 180.0, 70.0)] {
        let pts = land::ridge(&mut c.rng, -80.0, W + 80.0, y, amp, 240.0);
        let shifted: Vec<_> = pts.iter().map(|p| (p.0 + 46.0, p.1 + 10.0)).collect();
        land::fill_below(s, &shifted, H, c.sky.far(sand.mix(hsl(14.0, 55.0, 50.0), 0.45), k));
        land::fill_below(s, &pts, H, c.sky.far(sand, k));
    }
    let base = hz + 160.0;
    let (d1, l1) = c.leaves(hsl(105.0, 40.0, 30.0), 0.0);
    let trunk = c.sky.lit(hsl(30.0, 30.0, 38.0));
    let w = c.rng.range(360.0, 420.0);
    palm(s, &mut c.rng, c.hx - w / 2.0 - 20.0, base - 4.0, 230.0, trunk, l1);
    palm(s, &mut c.rng, c.hx + w / 2.0 + 10.0, base - 10.0, 200.0, trunk, l1);
    c.hotel(s, Style::Adobe, base, w, 2, 74.0, false);
    s.path(P::new().m(-20.0, base + 30.0).q(600.0, base - 30.0, W + 20.0, base + 40.0).l(W + 20.0, H).l(-20.0, H).z(), c.sky.lit(sand.lighten(0.12)));
    for (dx, h) in [(w / 2.0 + 60.0, 280.0), (w / 2.0 + 150.0, 220.0), (-(w / 2.0) - 140.0, 320.0)] {
        palm(s, &mut c.rng, c.hx + dx, base + 50.0 + h * 0.2, h, trunk, if h > 250.0 { d1 } else { l1 });
    }
    let (d2, l2) = c.leaves(hsl(95.0, 25.0, 40.0), 0.0);
    for k in 0..4 {
        shrub(s, c.rng.range(0.0, W), base + 90.0 + k as f32 * 30.0, c.rng.range(50.0, 90.0), d2, l2);
    }
}
