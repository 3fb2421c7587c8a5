//! Inland hotel scenes: mountain meadow, formal garden and desert dunes.

use super::building::Style;
use super::hotel::Ctx;
use super::kit::{P, Svg, Tod, hsl};
use super::land::{self, H, W};
use super::props::{cypress, palm, pine, round_tree, shrub};
use std::fmt::Write as _;

pub fn mountain(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(520.0, 550.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    let snow = c.sky.far(hsl(210.0, 30.0, 97.0), 0.35);
    land::mountains(
        s,
        &mut c.rng,
        hz - 40.0,
        300.0,
        c.sky.far(c.land.rock, 0.6),
        c.sky.far(c.land.rock.darken(0.25), 0.6),
        Some(snow),
    );
    let snow2 = c.sky.far(hsl(210.0, 30.0, 97.0), 0.2);
    land::mountains(
        s,
        &mut c.rng,
        hz + 20.0,
        210.0,
        c.sky.far(c.land.rock.darken(0.1), 0.35),
        c.sky.far(c.land.rock.darken(0.3), 0.35),
        Some(snow2),
    );
    land::treeline(
        s,
        &mut c.rng,
        -10.0,
        W + 10.0,
        hz + 30.0,
        46.0,
        hz + 160.0,
        c.sky.far(c.land.forest, 0.3),
    );
    let pts = land::ridge(&mut c.rng, -40.0, W + 40.0, hz + 90.0, 50.0, 180.0);
    land::fill_below(s, &pts, H, c.sky.far(c.land.grass, 0.12));
    let base = hz + 130.0;
    let w = c.rng.range(280.0, 330.0);
    let (floors, snow) = (
        c.rng.int(2, 3) as u32,
        c.sky.tod != Tod::Golden || c.rng.chance(0.5),
    );
    c.hotel(s, Style::Chalet, base, w, floors, 54.0, snow);
    // Meadow, path to the door, pines and shrubs.
    s.rect(
        0.0,
        base,
        W,
        H - base,
        c.sky.lit(c.land.grass.lighten(0.06)),
    );
    s.path(
        P::new()
            .m(c.hx - 20.0, base)
            .q(c.hx + 60.0, base + 60.0, c.hx - 30.0, H)
            .l(c.hx + 70.0, H)
            .q(c.hx + 120.0, base + 60.0, c.hx + 20.0, base)
            .z(),
        c.sky.lit(c.land.sand.darken(0.08)),
    );
    let (d1, l1) = c.leaves(c.land.forest, 0.0);
    let dir = if c.hx < 600.0 { 1.0 } else { -1.0 };
    pine(
        s,
        c.hx - dir * (w / 2.0 + 130.0),
        base + 10.0,
        200.0,
        d1,
        l1,
    );
    pine(
        s,
        c.hx + dir * (w / 2.0 + 120.0),
        base + 30.0,
        240.0,
        d1,
        l1,
    );
    pine(
        s,
        c.hx + dir * (w / 2.0 + 220.0),
        base + 60.0,
        300.0,
        d1,
        l1,
    );
    let (d2, l2) = c.leaves(c.land.grass.darken(0.2), 0.0);
    for k in 0..3 {
        shrub(
            s,
            c.hx - w / 2.0 + 40.0 + k as f32 * 90.0,
            base + 8.0,
            60.0,
            d2,
            l2,
        );
    }
    flowers(s, c, base + 40.0);
}

/// Dots of flowers in the grass, keeping clear of the path to the door.
fn flowers(s: &mut Svg, c: &mut Ctx, y0: f32) {
    let mut d = P::new();
    for _ in 0..40 {
        let (x, y) = (c.rng.range(0.0, W), c.rng.range(y0, H));
        if (x - c.hx).abs() > 60.0 + (y - y0) * 0.8 {
            d = d.m(x, y).l(x + 1.0, y);
        }
    }
    let col = c.sky.lit(hsl(c.hue + 30.0, 70.0, 72.0));
    let _ = write!(
        s.s,
        r#"<path d="{}" stroke="{col}" stroke-width="6" stroke-linecap="round"/>"#,
        d.0
    );
}

pub fn garden(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(480.0, 520.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    let pts = land::ridge(&mut c.rng, -40.0, W + 40.0, hz, 90.0, 200.0);
    land::fill_below(s, &pts, hz + 60.0, c.sky.far(c.land.grass, 0.62));
    let (dc, lc) = c.leaves(c.land.forest, 0.5);
    // The smooth ridge passes through the midpoints of its control points.
    for w in pts.windows(2).skip(1).step_by(2) {
        let (x, y) = ((w[0].0 + w[1].0) / 2.0, (w[0].1 + w[1].1) / 2.0);
        cypress(s, x, y + 6.0, 64.0, dc, lc);
        cypress(s, x + 16.0, y + 8.0, 48.0, dc, lc);
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
    s.rect(
        0.0,
        base - 20.0,
        W,
        H - base + 20.0,
        c.sky.lit(c.land.grass.lighten(0.05)),
    );
    let (d1, l1) = c.leaves(c.land.forest, 0.0);
    let w = c.rng.range(340.0, 400.0);
    for k in [-1.0, 1.0] {
        cypress(s, c.hx + k * (w / 2.0 + 30.0), base, 250.0, d1, l1);
        cypress(s, c.hx + k * (w / 2.0 + 66.0), base + 6.0, 200.0, d1, l1);
    }
    let style = if c.rng.chance(0.75) {
        Style::Villa
    } else {
        Style::Classic
    };
    c.hotel(s, style, base, w, 2, 64.0, false);
    // Accent trees: blossom, maple or citrus depending on the hotel colour.
    let warm = !(70.0..=290.0).contains(&c.hue);
    let (ad, al) = if warm {
        (
            c.sky.lit(hsl(c.hue, 50.0, 46.0)),
            c.sky.lit(hsl(c.hue + 8.0, 60.0, 62.0)),
        )
    } else {
        c.leaves(c.land.grass.darken(0.15), 0.0)
    };
    let fruit = if warm {
        None
    } else {
        Some(c.sky.lit(hsl(32.0, 90.0, 56.0)))
    };
    for k in [-1.0, 1.0] {
        let x = c.hx + k * (w / 2.0 + 160.0 + c.rng.range(0.0, 60.0));
        round_tree(s, &mut c.rng, x, base + 40.0, 230.0, ad, al, fruit);
    }
    // Gravel walk to the door with a fountain, clipped hedges and flowers.
    let gravel = c.sky.lit(hsl(38.0, 28.0, 82.0));
    s.path(
        P::new()
            .m(c.hx - 24.0, base)
            .l(c.hx + 24.0, base)
            .l(c.hx + 170.0, H)
            .l(c.hx - 170.0, H)
            .z(),
        gravel,
    );
    let fy = base + 70.0;
    let stone = c.sky.lit(hsl(35.0, 18.0, 72.0));
    s.ellipse(c.hx, fy + 6.0, 120.0, 26.0, stone.darken(0.15));
    s.ellipse(c.hx, fy, 112.0, 20.0, stone);
    s.ellipse(
        c.hx,
        fy + 2.0,
        96.0,
        13.0,
        c.sky.lit(hsl(190.0, 55.0, 60.0)),
    );
    s.rect(c.hx - 7.0, fy - 38.0, 14.0, 40.0, stone);
    s.ellipse(c.hx, fy - 38.0, 26.0, 6.0, stone);
    let spray = c.sky.lit(hsl(195.0, 60.0, 88.0));
    s.stroke(
        P::new()
            .m(c.hx, fy - 40.0)
            .q(c.hx - 20.0, fy - 80.0, c.hx - 40.0, fy - 10.0)
            .m(c.hx, fy - 40.0)
            .q(c.hx + 20.0, fy - 80.0, c.hx + 40.0, fy - 10.0)
            .m(c.hx, fy - 40.0)
            .l(c.hx, fy - 70.0),
        spray,
        4.0,
    );
    let hedge = c.sky.lit(c.land.grass.mix(c.land.forest, 0.45));
    for k in [-1.0, 1.0] {
        for (row, y) in [(0.0, base + 40.0), (1.0, base + 120.0)] {
            let x0 = c.hx + k * (150.0 + row * 60.0);
            let len = 260.0 + row * 80.0;
            let x = if k < 0.0 { x0 - len } else { x0 };
            let hh = 34.0 + row * 8.0;
            s.rrect(x, y, len, hh, hh / 2.0, hedge.darken(0.12 + row * 0.06));
            s.rrect(
                x + 6.0,
                y,
                len - 12.0,
                hh * 0.55,
                hh * 0.27,
                hedge.lighten(0.06),
            );
            s.rect(
                x + 10.0,
                y + hh - 4.0,
                len - 20.0,
                6.0,
                c.sky.lit(c.land.grass.darken(0.25)),
            );
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
        d = d
            .m(x, hz + 10.0)
            .l(x + 30.0, hz - h)
            .l(x + w - 30.0, hz - h)
            .l(x + w, hz + 10.0)
            .z();
    }
    s.path(d, mesa);
    // Dunes: a darker copy shifted right shows as the shadow side of each crest.
    let sand = hsl(30.0 + c.rng.range(-6.0, 6.0), 66.0, 72.0);
    for (k, y, amp) in [
        (0.38, hz + 20.0, 70.0),
        (0.2, hz + 90.0, 80.0),
        (0.06, hz + 180.0, 70.0),
    ] {
        let pts = land::ridge(&mut c.rng, -80.0, W + 80.0, y, amp, 240.0);
        let shifted: Vec<_> = pts.iter().map(|p| (p.0 + 46.0, p.1 + 10.0)).collect();
        land::fill_below(
            s,
            &shifted,
            H,
            c.sky.far(sand.mix(hsl(14.0, 55.0, 50.0), 0.45), k),
        );
        land::fill_below(s, &pts, H, c.sky.far(sand, k));
    }
    let base = hz + 160.0;
    let (d1, l1) = c.leaves(hsl(105.0, 40.0, 30.0), 0.0);
    let trunk = c.sky.lit(hsl(30.0, 30.0, 38.0));
    let w = c.rng.range(360.0, 420.0);
    // Palms behind the hotel rise over its roof terrace.
    palm(
        s,
        &mut c.rng,
        c.hx - w / 2.0 + 40.0,
        base - 40.0,
        300.0,
        trunk,
        l1,
    );
    palm(
        s,
        &mut c.rng,
        c.hx + w / 2.0 - 30.0,
        base - 40.0,
        270.0,
        trunk,
        l1,
    );
    c.hotel(s, Style::Adobe, base, w, 2, 74.0, false);
    let front = c.sky.lit(sand.lighten(0.12));
    s.path(
        P::new()
            .m(-20.0, base + 30.0)
            .q(600.0, base - 30.0, W + 20.0, base + 40.0)
            .l(W + 20.0, H)
            .l(-20.0, H)
            .z(),
        front,
    );
    let mut d = P::new();
    for k in 0..7 {
        let (x, y) = (c.rng.range(-100.0, 1000.0), base + 80.0 + k as f32 * 20.0);
        d = d.m(x, y).q(x + 120.0, y - 14.0, x + 260.0, y + 4.0);
    }
    s.stroke(d, front.darken(0.08), 3.0);
    // A pool in front of the door.
    let pw = w * 0.7;
    s.rrect(
        c.hx - pw / 2.0,
        base + 34.0,
        pw,
        40.0,
        8.0,
        c.sky.lit(hsl(36.0, 40.0, 90.0)),
    );
    s.rrect(
        c.hx - pw / 2.0 + 8.0,
        base + 41.0,
        pw - 16.0,
        26.0,
        4.0,
        c.sky.lit(hsl(186.0, 62.0, 60.0)),
    );
    land::ripples(
        s,
        &mut c.rng,
        &c.sky,
        base + 41.0,
        base + 67.0,
        c.hx,
        c.hx - pw / 2.0 + 16.0,
        c.hx + pw / 2.0 - 16.0,
        6,
    );
    let dir = if c.hx < 600.0 { 1.0 } else { -1.0 };
    palm(
        s,
        &mut c.rng,
        c.hx + dir * (w / 2.0 + 190.0),
        H + 10.0,
        380.0,
        trunk,
        d1,
    );
    palm(
        s,
        &mut c.rng,
        c.hx - dir * (w / 2.0 + 110.0),
        base + 110.0,
        250.0,
        trunk,
        l1,
    );
    let (d2, l2) = c.leaves(hsl(95.0, 25.0, 40.0), 0.0);
    for k in 0..4 {
        shrub(
            s,
            c.rng.range(0.0, W),
            base + 90.0 + k as f32 * 30.0,
            c.rng.range(50.0, 90.0),
            d2,
            l2,
        );
    }
}
