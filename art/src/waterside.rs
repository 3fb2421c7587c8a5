//! Waterside hotel scenes: coast, lake and harbour layouts.

use super::building::Style;
use super::hotel::Ctx;
use super::kit::{P, Svg, hsl};
use super::land::{self, H, W};
use super::props::{cypress, fishing_boat, palm, pine, sailboat};
use super::vernacular;

pub fn coast(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(455.0, 490.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    let away = c.sun.0;
    // Distant headland behind the sun side, dotted with white houses.
    let (a, b) = if away < 600.0 {
        (-40.0, c.rng.range(380.0, 520.0))
    } else {
        (c.rng.range(680.0, 820.0), 1240.0)
    };
    let mut pts = land::ridge(&mut c.rng, a, b, hz + 2.0, 70.0, 90.0);
    let n = pts.len();
    if away < 600.0 {
        pts[n - 1].1 = hz + 2.0;
    } else {
        pts[0].1 = hz + 2.0;
    }
    land::fill_below(s, &pts, hz + 4.0, c.sky.far(c.land.grass, 0.62));
    land::water(s, &mut c.rng, &c.sky, hz, c.land.sea, c.sun.0, 16);
    let sail = c.sky.lit(hsl(40.0, 30.0, 96.0));
    let bx = (a + b) / 2.0 + c.rng.range(-80.0, 80.0);
    sailboat(
        s,
        bx,
        hz + c.rng.range(40.0, 70.0),
        0.42,
        c.sky.lit(hsl(c.hue, 40.0, 40.0)),
        sail,
        c.rng.chance(0.5),
    );
    land::gulls(s, &mut c.rng, c.sky.far(hsl(220.0, 15.0, 30.0), 0.3), hz);
    // Near hill on the hotel side, running down to a curved beach.
    let dir = if c.hx < 600.0 { 1.0 } else { -1.0 };
    let edge = if dir > 0.0 { -20.0 } else { W + 20.0 };
    let toe = c.hx + dir * c.rng.range(330.0, 420.0);
    let top = hz - c.rng.range(60.0, 120.0);
    s.path(
        P::new()
            .m(edge, H)
            .l(edge, top)
            .q(c.hx - dir * 120.0, top - 10.0, c.hx + dir * 60.0, hz + 60.0)
            .q(toe - dir * 90.0, hz + 110.0, toe, hz + 150.0)
            .l(toe, H)
            .z(),
        c.sky.far(c.land.grass, 0.2),
    );
    let (d1, l1) = c.leaves(c.land.forest, 0.25);
    for k in 0..4 {
        let x = c.hx - dir * (150.0 + 60.0 * k as f32);
        cypress(
            s,
            x,
            hz + 10.0 + 12.0 * k as f32,
            60.0 + 10.0 * k as f32,
            d1,
            l1,
        );
    }
    let base = hz + 150.0;
    // Stone terrace under the hotel.
    s.rect(
        c.hx - 260.0,
        base,
        520.0,
        40.0,
        c.sky.lit(hsl(35.0, 22.0, 70.0)),
    );
    s.rect(
        c.hx - 260.0,
        base,
        520.0,
        6.0,
        c.sky.lit(hsl(35.0, 22.0, 86.0)),
    );
    let style = if c.rng.chance(0.5) {
        Style::Villa
    } else {
        Style::Modern
    };
    let w = c.rng.range(360.0, 430.0);
    let floors = if style == Style::Villa {
        c.rng.int(2, 3)
    } else {
        c.rng.int(3, 4)
    } as u32;
    c.hotel(s, style, base, w, floors, 62.0, false);
    // Beach, surf line and parasols.
    let sand = c.sky.lit(c.land.sand);
    let beach = P::new()
        .m(-20.0, base + 60.0)
        .q(600.0, base + 20.0, W + 20.0, base + 70.0)
        .l(W + 20.0, H)
        .l(-20.0, H)
        .z();
    s.path(beach, sand);
    s.stroke(
        P::new()
            .m(-20.0, base + 58.0)
            .q(600.0, base + 18.0, W + 20.0, base + 68.0),
        c.sky.lit(hsl(190.0, 40.0, 94.0)),
        5.0,
    );
    for i in 0..c.rng.int(3, 5) {
        let px = c.sun.0 + dir * (i as f32 * 110.0 - 120.0);
        let py = base + 90.0 + c.rng.range(0.0, 40.0);
        let col = c.sky.lit(hsl(c.hue + i as f32 * 40.0, 60.0, 55.0));
        s.line(
            px,
            py,
            px + 4.0,
            py - 56.0,
            c.sky.lit(hsl(30.0, 20.0, 35.0)),
            3.0,
        );
        s.path(
            P::new()
                .m(px - 40.0, py - 48.0)
                .q(px + 4.0, py - 90.0, px + 48.0, py - 48.0)
                .z(),
            col,
        );
        s.ellipse(px + 4.0, py + 2.0, 30.0, 5.0, sand.darken(0.12));
    }
    let (trunk, (ld, ll)) = (
        c.sky.lit(hsl(30.0, 30.0, 38.0)),
        c.leaves(hsl(110.0, 38.0, 32.0), 0.05),
    );
    for (k, hh) in [(-1.0, 230.0), (1.0, 270.0)] {
        let x = c.hx + k * c.rng.range(240.0, 290.0);
        palm(s, &mut c.rng, x, base + 50.0, hh, trunk, ll.mix(ld, 0.3));
    }
    let fx = if dir > 0.0 { W - 90.0 } else { 90.0 };
    palm(s, &mut c.rng, fx, H + 20.0, 420.0, trunk.darken(0.2), ld);
}

pub fn lake(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(430.0, 460.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    let snow = Some(c.sky.far(hsl(210.0, 30.0, 96.0), 0.4));
    let mid_id = s.id("mt");
    s.raw(&format!(r#"<g id="{mid_id}">"#));
    land::mountains(
        s,
        &mut c.rng,
        hz,
        230.0,
        c.sky.far(c.land.rock, 0.55),
        c.sky.far(c.land.rock.darken(0.2), 0.55),
        snow,
    );
    land::treeline(
        s,
        &mut c.rng,
        -10.0,
        W + 10.0,
        hz - 2.0,
        34.0,
        hz + 2.0,
        c.sky.far(c.land.forest, 0.45),
    );
    s.close();
    land::water(
        s,
        &mut c.rng,
        &c.sky,
        hz,
        c.land.sea.mix(c.land.forest, 0.3),
        c.sun.0,
        10,
    );
    land::reflect(s, "mt", hz + 1.0, ".3");
    // The hotel's shore, mirrored in the lake.
    let shore = c.rng.range(600.0, 625.0);
    let dir = if c.hx < 600.0 { 1.0 } else { -1.0 };
    let edge = if dir > 0.0 { -20.0 } else { W + 20.0 };
    let toe = c.hx + dir * c.rng.range(330.0, 400.0);
    let rid = s.id("rf");
    s.raw(&format!(r#"<g id="{rid}">"#));
    s.path(
        P::new()
            .m(edge, shore)
            .l(edge, hz - 40.0)
            .q(c.hx, hz - 80.0, c.hx + dir * 200.0, shore - 70.0)
            .q(toe - dir * 40.0, shore - 10.0, toe, shore)
            .z(),
        c.sky.far(c.land.forest, 0.15),
    );
    let (d2, l2) = c.leaves(c.land.forest, 0.2);
    for k in 0..3 {
        let x = edge + dir * (40.0 + k as f32 * 60.0);
        pine(
            s,
            x,
            shore - 40.0 + k as f32 * 8.0,
            124.0 - k as f32 * 10.0,
            d2,
            l2,
        );
    }
    s.rect(
        c.hx - 250.0,
        shore - 36.0,
        500.0,
        36.0,
        c.sky.lit(hsl(30.0, 12.0, 58.0)),
    );
    let style = if c.rng.chance(0.7) {
        Style::Chalet
    } else {
        Style::Villa
    };
    let w = c.rng.range(300.0, 360.0);
    let floors = c.rng.int(2, 3) as u32;
    c.hotel(s, style, shore - 36.0, w, floors, 56.0, false);
    let (d3, l3) = c.leaves(c.land.forest, 0.05);
    pine(s, c.hx + dir * (w / 2.0 + 70.0), shore, 170.0, d3, l3);
    s.close();
    land::reflect(s, "rf", shore, ".32");
    land::ripples(s, &mut c.rng, &c.sky, shore, H, c.sun.0, 0.0, W, 10);
    // Jetty running out from the shore, with a moored boat.
    let wood = c.sky.lit(hsl(28.0, 35.0, 42.0));
    let (j0, j1) = if dir > 0.0 {
        (toe - 60.0, toe + 170.0)
    } else {
        (toe - 170.0, toe + 60.0)
    };
    let jy = shore + 18.0;
    for k in 0..5 {
        let px = j0 + 10.0 + k as f32 * (j1 - j0 - 20.0) / 4.0;
        s.rect(px - 3.0, jy, 6.0, 30.0, wood.darken(0.4));
    }
    s.rect(j0, jy - 8.0, j1 - j0, 10.0, wood);
    s.rect(j0, jy - 8.0, j1 - j0, 3.0, wood.lighten(0.25));
    fishing_boat(
        s,
        (j0 + j1) / 2.0 + dir * 40.0,
        jy + 70.0,
        0.55,
        c.sky.lit(hsl(c.hue, 50.0, 45.0)),
        c.sky.lit(hsl(40.0, 20.0, 92.0)),
        dir < 0.0,
    );
    // Reeds in the foreground.
    let reed = c.sky.far(hsl(75.0, 30.0, 32.0), 0.05);
    let mut d = P::new();
    for _ in 0..18 {
        let x = if c.rng.chance(0.5) {
            c.rng.range(0.0, 260.0)
        } else {
            c.rng.range(940.0, W)
        };
        let h = c.rng.range(40.0, 110.0);
        d = d
            .m(x, H)
            .q(x + 4.0, H - h * 0.6, x + c.rng.range(-14.0, 14.0), H - h);
    }
    s.stroke(d, reed, 3.0);
}

pub fn harbour(s: &mut Svg, c: &mut Ctx) {
    let hz = c.rng.range(440.0, 470.0);
    land::sky(s, &mut c.rng, &c.sky, hz, c.sun);
    // Long flat-topped mountain across the bay, snow in the gullies.
    let mut pts = land::ridge(&mut c.rng, -40.0, W + 40.0, hz + 2.0, 120.0, 160.0);
    for p in pts.iter_mut() {
        p.1 = p.1.max(hz - 120.0) * 0.5 + (hz - 80.0) * 0.5;
    }
    pts[0].1 = hz - 20.0;
    let back = land::ridge(&mut c.rng, -40.0, W + 40.0, hz - 30.0, 110.0, 220.0);
    land::fill_below(s, &back, hz + 4.0, c.sky.far(c.land.rock, 0.72));
    land::fill_below(s, &pts, hz + 4.0, c.sky.far(c.land.rock, 0.5));
    land::water(
        s,
        &mut c.rng,
        &c.sky,
        hz,
        c.land.sea.darken(0.1),
        c.sun.0,
        16,
    );
    land::gulls(s, &mut c.rng, c.sky.far(hsl(220.0, 15.0, 30.0), 0.3), hz);
    // Breakwater and lighthouse on the far side.
    let dir = if c.hx < 600.0 { 1.0 } else { -1.0 };
    let lx = if dir > 0.0 {
        c.rng.range(880.0, 1040.0)
    } else {
        c.rng.range(160.0, 320.0)
    };
    s.rect(
        lx - 260.0,
        hz + 34.0,
        520.0,
        8.0,
        c.sky.far(c.land.rock, 0.35),
    );
    let lh = c.sky.far(hsl(0.0, 0.0, 96.0), 0.2);
    s.path(
        P::new()
            .m(lx - 12.0, hz + 36.0)
            .l(lx - 8.0, hz - 40.0)
            .l(lx + 8.0, hz - 40.0)
            .l(lx + 12.0, hz + 36.0)
            .z(),
        lh,
    );
    s.rect(
        lx - 10.0,
        hz - 12.0,
        20.0,
        12.0,
        c.sky.far(hsl(2.0, 65.0, 48.0), 0.2),
    );
    s.rect(lx - 7.0, hz - 52.0, 14.0, 12.0, c.sky.lamp());
    s.path(
        P::new()
            .m(lx - 10.0, hz - 52.0)
            .l(lx, hz - 62.0)
            .l(lx + 10.0, hz - 52.0)
            .z(),
        c.sky.far(hsl(2.0, 65.0, 40.0), 0.2),
    );
    // Quay with a row of painted houses and the hotel.
    let quay = c.rng.range(600.0, 620.0);
    let end = c.hx + dir * c.rng.range(380.0, 460.0);
    let (qa, qb) = if dir > 0.0 {
        (-20.0, end)
    } else {
        (end, W + 20.0)
    };
    let rid = s.id("rf");
    s.raw(&format!(r#"<g id="{rid}">"#));
    let hc = c.colors(Style::Gabled);
    let mut x = qa;
    while x < qb - 40.0 {
        let w = c.rng.range(60.0, 100.0);
        if (x + w / 2.0 - c.hx).abs() > 200.0 + w / 2.0 {
            let wall = c.sky.lit(hsl(
                c.hue + c.rng.pick(&[40.0, 110.0, 180.0, 250.0, 300.0]),
                50.0,
                c.rng.range(50.0, 72.0),
            ));
            let roof = c.sky.lit(c.rng.pick(&[
                hsl(2.0, 55.0, 40.0),
                hsl(210.0, 12.0, 28.0),
                hsl(160.0, 30.0, 35.0),
            ]));
            let h = c.rng.range(70.0, 130.0);
            vernacular::house(s, &mut c.rng, x, quay, w - 6.0, h, wall, roof, &hc);
        }
        x += w;
    }
    let w = c.rng.range(300.0, 360.0);
    let floors = c.rng.int(2, 3) as u32;
    c.hotel(s, Style::Gabled, quay, w, floors, 58.0, false);
    s.rect(qa, quay, qb - qa, 24.0, c.sky.lit(hsl(30.0, 8.0, 50.0)));
    s.rect(qa, quay, qb - qa, 5.0, c.sky.lit(hsl(30.0, 8.0, 70.0)));
    s.close();
    land::reflect(s, "rf", quay + 24.0, ".3");
    land::ripples(s, &mut c.rng, &c.sky, quay + 24.0, H, c.sun.0, 0.0, W, 10);
    let sail = c.sky.lit(hsl(40.0, 30.0, 96.0));
    let white = c.sky.lit(hsl(40.0, 20.0, 94.0));
    fishing_boat(
        s,
        c.hx - dir * 40.0,
        quay + 110.0,
        0.9,
        c.sky.lit(hsl(c.hue + 180.0, 55.0, 40.0)),
        white,
        dir > 0.0,
    );
    fishing_boat(
        s,
        c.hx + dir * 300.0,
        quay + 80.0,
        0.7,
        c.sky.lit(hsl(2.0, 60.0, 42.0)),
        white,
        dir < 0.0,
    );
    sailboat(
        s,
        c.sun.0 + c.rng.range(-60.0, 60.0),
        quay + 150.0,
        1.05,
        white,
        sail,
        dir > 0.0,
    );
}
