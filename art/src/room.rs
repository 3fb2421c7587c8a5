//! Room interior illustrations (800x600): wall, floor, a window with a view, and furniture per room kind.

use super::RoomKind;
use super::furniture::{self as f, FY, Pal};
use super::kit::{N, P, Rgb, Rng, Sky, Svg, Tod, WHITE, fnv1a, hsl, pick_tod};
use super::land;
use std::fmt::Write as _;

const W: f32 = 800.0;
const H: f32 = 600.0;

pub fn render(seed: &str, kind: RoomKind, hue: u16) -> String {
    let mut rng = Rng::new(seed, 0x0b5e_7700 ^ kind as u64);
    let hue = f32::from(hue % 360);
    let tod = pick_tod(&mut rng);
    let sky = Sky::new(tod, hue);
    let p = palette(&mut rng, hue, tod);
    let mut s = Svg::new(800, 600, "Illustration of the room", fnv1a(seed) ^ 0x5a5a);
    s.raw("<defs>");
    s.glow("lg", p.light, 0.55);
    s.raw("</defs>");
    walls(&mut s, &mut rng, &p, kind);
    let glow = s.url("lg");
    let mirror = rng.chance(0.5);
    if mirror {
        s.raw(r#"<g transform="matrix(-1 0 0 1 800 0)">"#);
    }
    match kind {
        RoomKind::Single => {
            window(&mut s, &mut rng, &sky, &p, 60.0, 90.0, 190.0, 230.0, true);
            f::desk(&mut s, &p, 50.0, 220.0, FY);
            f::art(&mut s, &mut rng, &p, 410.0, 120.0, 130.0, 90.0);
            f::bed(&mut s, &p, 475.0, 190.0, FY, 1, 130.0);
            f::nightstand(&mut s, &p, 640.0, FY, &glow);
            f::plant(&mut s, &mut rng, &p, 740.0, FY, 0.9);
            f::rug(&mut s, &p, 470.0, 300.0, FY);
        }
        RoomKind::Double => {
            let left = rng.chance(0.5);
            let (wx, px) = if left { (28.0, 748.0) } else { (652.0, 52.0) };
            window(&mut s, &mut rng, &sky, &p, wx, 80.0, 120.0, 280.0, false);
            f::art(&mut s, &mut rng, &p, 320.0, 96.0, 160.0, 100.0);
            f::bed(&mut s, &p, 400.0, 290.0, FY, 2, 150.0);
            f::nightstand(&mut s, &p, 202.0, FY, &glow);
            f::nightstand(&mut s, &p, 598.0, FY, &glow);
            f::plant(&mut s, &mut rng, &p, px, FY, 0.8);
            f::rug(&mut s, &p, 400.0, 420.0, FY);
        }
        RoomKind::Twin => {
            window(&mut s, &mut rng, &sky, &p, 330.0, 74.0, 140.0, 130.0, true);
            f::bed(&mut s, &p, 220.0, 190.0, FY, 1, 130.0);
            f::bed(&mut s, &p, 580.0, 190.0, FY, 1, 130.0);
            f::nightstand(&mut s, &p, 400.0, FY, &glow);
            f::plant(&mut s, &mut rng, &p, 50.0, FY, 0.7);
            f::rug(&mut s, &p, 400.0, 600.0, FY);
        }
        RoomKind::Suite => {
            window(&mut s, &mut rng, &sky, &p, 60.0, 70.0, 250.0, 220.0, true);
            s.rect(388.0, 0.0, 26.0, FY, p.wall.darken(0.06));
            f::floor_lamp(&mut s, &p, 30.0, 62.0, FY, &glow);
            f::sofa(&mut s, &p, 190.0, 270.0, FY);
            f::coffee_table(&mut s, &p, 190.0, FY);
            f::art(&mut s, &mut rng, &p, 530.0, 110.0, 120.0, 90.0);
            f::bed(&mut s, &p, 590.0, 260.0, FY, 2, 150.0);
            f::table_lamp(&mut s, &p, 757.0, FY - 90.0, &glow);
            s.rect(730.0, FY - 90.0, 70.0, 90.0, p.wood);
            f::rug(&mut s, &p, 590.0, 300.0, FY);
        }
        RoomKind::Family => {
            window(&mut s, &mut rng, &sky, &p, 450.0, 74.0, 180.0, 130.0, true);
            f::bunk(&mut s, &p, 30.0, 250.0, FY);
            f::bed(&mut s, &p, 540.0, 270.0, FY, 2, 140.0);
            f::nightstand(&mut s, &p, 730.0, FY, &glow);
            f::rug(&mut s, &p, 430.0, 380.0, FY);
        }
        RoomKind::Loft => loft(&mut s, &mut rng, &sky, &p, &glow),
    }
    floor_shadow(&mut s, &p);
    if mirror {
        s.close();
    }
    s.finish()
}

fn palette(rng: &mut Rng, hue: f32, tod: Tod) -> Pal {
    // Evening interiors are warmer and a little darker; golden hour adds a touch of warmth.
    let (warm, amt) = match tod {
        Tod::Morning => (WHITE, 0.0),
        Tod::Golden => (hsl(36.0, 90.0, 70.0), 0.08),
        Tod::Dusk => (hsl(28.0, 40.0, 38.0), 0.22),
    };
    let i = |c: Rgb| c.mix(warm, amt);
    let wall = match rng.int(0, 2) {
        0 => hsl(hue, 24.0, 88.0),
        1 => hsl(hue + 20.0, 30.0, 80.0),
        _ => hsl(40.0, 25.0, 92.0),
    };
    let wood = if rng.chance(0.5) {
        hsl(30.0, 40.0, 56.0)
    } else {
        hsl(24.0, 30.0, 40.0)
    };
    Pal {
        wall: i(wall),
        trim: i(hsl(40.0, 25.0, 96.0)),
        floor: i(if rng.chance(0.6) {
            hsl(30.0, 38.0, 62.0)
        } else {
            hsl(hue + 30.0, 14.0, 62.0)
        }),
        wood: i(wood),
        linen: i(hsl(40.0, 30.0, 97.0)),
        throw: i(hsl(hue, 55.0, 48.0)),
        head: i(if rng.chance(0.5) {
            hsl(hue, 30.0, 38.0)
        } else {
            hsl(hue + 180.0, 18.0, 44.0)
        }),
        accent: i(hsl(hue + rng.pick(&[150.0, 200.0, 30.0]), 38.0, 58.0)),
        leaf: i(hsl(135.0, 38.0, 36.0)),
        shade: i(hsl(40.0, 40.0, 90.0)),
        metal: i(hsl(220.0, 12.0, 22.0)),
        light: hsl(42.0, 100.0, 78.0),
        night: tod == Tod::Dusk,
    }
}

fn walls(s: &mut Svg, rng: &mut Rng, p: &Pal, kind: RoomKind) {
    s.rect(0.0, 0.0, W, FY, p.wall);
    match rng.int(0, 2) {
        0 => {
            // Panelled lower wall.
            s.rect(0.0, 300.0, W, FY - 300.0, p.wall.darken(0.05));
            s.rect(0.0, 296.0, W, 8.0, p.trim);
        }
        1 => {
            // Subtle striped wallpaper.
            let _ = write!(
                s.s,
                r#"<path d="M0 {}H{}" stroke="{}" stroke-width="{}" stroke-dasharray="14 26" opacity=".5"/>"#,
                N(FY / 2.0),
                N(W),
                p.wall.darken(0.04),
                N(FY)
            );
        }
        _ => {}
    }
    if kind != RoomKind::Loft {
        s.rect(0.0, 0.0, W, 14.0, p.trim);
    }
    s.rect(0.0, FY, W, H - FY, p.floor);
    let _ = write!(
        s.s,
        r#"<path d="M400 {}V{}" stroke="{}" stroke-width="800" stroke-dasharray="2 24" opacity=".6"/>"#,
        N(FY + 20.0),
        N(H),
        p.floor.darken(0.12)
    );
    s.rect(0.0, FY - 10.0, W, 12.0, p.trim);
}

/// A soft band where the wall meets the floor, and a vignette at the bottom.
fn floor_shadow(s: &mut Svg, p: &Pal) {
    s.rect(0.0, FY + 2.0, W, 6.0, p.floor.darken(0.18));
}

/// A window with a view, optional curtains, sill and mullions.
fn window(
    s: &mut Svg,
    rng: &mut Rng,
    sky: &Sky,
    p: &Pal,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    curtains: bool,
) {
    view(s, rng, sky, x, y, w, h);
    let fr = p.trim;
    let mut frame = P::new()
        .rect(x - 10.0, y - 10.0, w + 20.0, 10.0)
        .rect(x - 10.0, y + h, w + 20.0, 10.0)
        .rect(x - 10.0, y, 10.0, h)
        .rect(x + w, y, 10.0, h);
    frame = frame.rect(x + w / 2.0 - 3.0, y, 6.0, h);
    let rows = if h > 300.0 {
        4
    } else if h > 180.0 {
        2
    } else {
        1
    };
    for r in 1..rows {
        frame = frame.rect(x, y + h * r as f32 / rows as f32 - 3.0, w, 6.0);
    }
    s.path(frame, fr);
    s.rect(x - 18.0, y + h + 8.0, w + 36.0, 10.0, fr.darken(0.08));
    if !curtains && h < 320.0 {
        let b = p.throw.mix(p.linen, 0.45);
        s.rect(x, y, w, h * 0.22, b);
        s.rect(x, y + h * 0.08, w, 3.0, b.darken(0.12));
        s.rect(x, y + h * 0.16, w, 3.0, b.darken(0.12));
        s.rect(x - 2.0, y + h * 0.22 - 4.0, w + 4.0, 6.0, b.darken(0.25));
    }
    if curtains {
        let c = p.throw.mix(p.linen, 0.35);
        s.rect(x - 50.0, y - 30.0, w + 100.0, 6.0, p.metal);
        for (cx, dir) in [(x - 40.0, 1.0), (x + w + 40.0, -1.0)] {
            let d = P::new()
                .m(cx, y - 26.0)
                .l(cx + dir * 62.0, y - 26.0)
                .q(cx + dir * 30.0, y + h * 0.45, cx + dir * 46.0, y + h * 0.6)
                .q(cx + dir * 40.0, y + h * 0.85, cx + dir * 58.0, y + h + 40.0)
                .l(cx - dir * 4.0, y + h + 40.0)
                .z();
            s.path(d, c);
            s.stroke(
                P::new().m(cx + dir * 16.0, y - 20.0).q(
                    cx + dir * 12.0,
                    y + h * 0.5,
                    cx + dir * 24.0,
                    y + h + 36.0,
                ),
                c.darken(0.12),
                3.0,
            );
            s.rect(
                cx + dir * 18.0 - 14.0,
                y + h * 0.58,
                28.0,
                8.0,
                c.darken(0.25),
            );
        }
    }
}

/// What's outside: sky, sun or moon, and one of hills, sea or a skyline.
fn view(s: &mut Svg, rng: &mut Rng, sky: &Sky, x: f32, y: f32, w: f32, h: f32) {
    let clip = s.id("wv");
    s.raw("<defs>");
    s.vgrad("vs", &[(0.0, sky.top), (0.6, sky.mid), (1.0, sky.low)]);
    let _ = write!(
        s.s,
        r#"<clipPath id="{clip}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
        N(x),
        N(y),
        N(w),
        N(h)
    );
    s.raw("</defs>");
    let _ = write!(s.s, r#"<g clip-path="url(#{clip})">"#);
    let _ = write!(
        s.s,
        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
        N(x),
        N(y),
        N(w),
        N(h),
        s.url("vs")
    );
    let hz = y + h * rng.range(0.6, 0.72);
    let sx = x + w * rng.range(0.25, 0.75);
    let sy = y + (hz - y) * if sky.night() { 0.3 } else { 0.55 };
    s.circle(sx, sy, w.min(h) * 0.09, sky.sun);
    match rng.int(0, 2) {
        0 => {
            s.rect(x, hz, w, y + h - hz, sky.lit(hsl(198.0, 55.0, 46.0)));
            s.rect(sx - 20.0, hz + 6.0, 40.0, 3.0, sky.sun);
            s.rect(sx - 12.0, hz + 16.0, 24.0, 3.0, sky.sun);
        }
        1 => {
            let pts = land::ridge(rng, x - 20.0, x + w + 20.0, hz, h * 0.25, 50.0);
            land::fill_below(s, &pts, y + h, sky.far(hsl(120.0, 25.0, 45.0), 0.5));
            let pts = land::ridge(rng, x - 20.0, x + w + 20.0, hz + h * 0.12, h * 0.12, 70.0);
            land::fill_below(s, &pts, y + h, sky.far(hsl(110.0, 30.0, 38.0), 0.2));
        }
        _ => {
            let (mut a, mut b, mut lights) = (P::new(), P::new(), P::new());
            let mut bx = x - 10.0;
            let mut odd = false;
            while bx < x + w {
                let bw = rng.range(18.0, 34.0);
                let top = hz - rng.range(10.0, h * 0.35);
                if odd {
                    a = a.rect(bx, top, bw, h);
                } else {
                    b = b.rect(bx, top, bw, h);
                }
                for _ in 0..3 {
                    lights = lights.rect(
                        bx + rng.range(3.0, bw - 6.0),
                        rng.range(top + 6.0, y + h),
                        3.0,
                        4.0,
                    );
                }
                odd = !odd;
                bx += bw;
            }
            let c = sky.far(hsl(220.0, 15.0, 45.0), 0.4);
            s.path(a, c);
            s.path(b, c.darken(0.12));
            if sky.night() {
                s.path(lights, sky.lamp());
            }
        }
    }
    s.close();
}

fn loft(s: &mut Svg, rng: &mut Rng, sky: &Sky, p: &Pal, glow: &str) {
    // Ceiling beams, a double-height window, a mezzanine with the bed, stairs and a lounge below.
    s.rect(0.0, 0.0, W, 20.0, p.wood.darken(0.3));
    s.rect(0.0, 20.0, W, 4.0, p.wood.darken(0.45));
    window(s, rng, sky, p, 596.0, 50.0, 176.0, 400.0, false);
    f::pendant(s, p, 500.0, 130.0, glow);
    let my = 236.0;
    f::plant(s, rng, p, 60.0, my, 0.55);
    f::bed(s, p, 250.0, 240.0, my, 2, 70.0);
    s.rect(0.0, my, 420.0, 24.0, p.wood.darken(0.1));
    s.rect(0.0, my + 24.0, 420.0, 6.0, p.wood.darken(0.3));
    let _ = write!(
        s.s,
        r#"<rect y="{}" width="420" height="64" fill="{}" opacity=".3"/>"#,
        N(my - 64.0),
        p.linen.mix(sky.top, 0.3)
    );
    s.rect(0.0, my - 68.0, 420.0, 6.0, p.metal);
    // Stairs from the floor up to the mezzanine edge.
    let mut steps = P::new();
    let n = 8;
    for k in 0..n {
        let t = k as f32 / n as f32;
        steps = steps.rect(
            420.0 + (1.0 - t) * 110.0 - 4.0,
            FY - (FY - my) * t - 30.0,
            44.0,
            8.0,
        );
    }
    s.path(
        P::new()
            .m(420.0, my + 24.0)
            .l(440.0, my + 24.0)
            .l(574.0, FY)
            .l(540.0, FY)
            .z(),
        p.wood.darken(0.25),
    );
    s.path(steps, p.wood);
    f::plant(s, rng, p, 46.0, FY, 0.75);
    f::sofa(s, p, 240.0, 250.0, FY);
    f::coffee_table(s, p, 240.0, FY);
    f::rug(s, p, 250.0, 380.0, FY);
}
