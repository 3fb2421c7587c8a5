//! Hotel illustrations (1200x800): shared scene context, hotel placement and dispatch to the scene layouts.

use super::Scene;
use super::building::{self, Colors, Plan, Style};
use super::kit::{Rgb, Rng, Sky, Svg, Tod, hsl, pick_tod};
use super::land::{self, Land};
use super::{inland, street, waterside};

/// Everything a scene layout needs to know.
pub struct Ctx {
    pub rng: Rng,
    pub sky: Sky,
    pub hue: f32,
    pub land: Land,
    /// Hotel centre x; the sun sits on the other side of the picture.
    pub hx: f32,
    pub sun: (f32, f32),
}

impl Ctx {
    pub fn lit(&self, c: Rgb) -> Rgb {
        self.sky.lit(c)
    }
    pub fn far(&self, c: Rgb, t: f32) -> Rgb {
        self.sky.far(c, t)
    }
    /// Leaf colours (dark, sunny side) at a given distance.
    pub fn leaves(&self, base: Rgb, t: f32) -> (Rgb, Rgb) {
        (
            self.far(base, t),
            self.far(base.mix(self.sky.sun, 0.25).lighten(0.18), t),
        )
    }
    pub fn shade_right(&self) -> bool {
        self.sun.0 < self.hx
    }

    pub fn colors(&mut self, style: Style) -> Colors {
        let h = self.hue;
        let r = &mut self.rng;
        let (wall, accent, roof) = match style {
            Style::Modern => (hsl(h, 14.0, 93.0), hsl(h, 62.0, 46.0), hsl(h, 10.0, 40.0)),
            Style::Classic => (
                hsl(h, 46.0, 78.0),
                hsl(h + 150.0, 40.0, 42.0),
                r.pick(&[hsl(214.0, 16.0, 38.0), hsl(168.0, 26.0, 48.0)]),
            ),
            Style::Villa => (
                if r.chance(0.5) {
                    hsl(42.0, 38.0, 93.0)
                } else {
                    hsl(h, 52.0, 84.0)
                },
                hsl(h + r.pick(&[0.0, 160.0, 200.0]), 48.0, 44.0),
                hsl(14.0, 62.0, 50.0),
            ),
            Style::Chalet => (
                hsl(26.0 + (h - 180.0) * 0.04, 42.0, 40.0),
                hsl(h, 46.0, 40.0),
                hsl(20.0, 18.0, 24.0),
            ),
            Style::Adobe => (
                hsl(32.0 + (h - 180.0) * 0.04, 48.0, 86.0),
                hsl(h, 56.0, 44.0),
                hsl(20.0, 50.0, 50.0),
            ),
            Style::Gabled => (
                hsl(h, 58.0, 50.0),
                hsl(h + 180.0, 45.0, 45.0),
                if r.chance(0.5) {
                    hsl(2.0, 58.0, 38.0)
                } else {
                    hsl(210.0, 12.0, 26.0)
                },
            ),
        };
        let night = self.sky.night();
        Colors {
            wall: self.lit(wall),
            shade: self.lit(wall.mix(hsl(h + 20.0, 30.0, 30.0), 0.35)),
            trim: self.lit(hsl(40.0, 24.0, 95.0)),
            accent: self.lit(accent),
            roof: self.lit(roof),
            glass: if night {
                hsl(232.0, 28.0, 24.0)
            } else {
                self.lit(self.sky.top.mix(hsl(215.0, 35.0, 28.0), 0.5))
            },
            lamp: self.sky.lamp(),
            lit: match self.sky.tod {
                Tod::Morning => 0.1,
                Tod::Golden => 0.32,
                Tod::Dusk => 0.72,
            },
            snow: false,
        }
    }

    /// Draws the hotel centred on `hx` standing on `base`; returns its left edge and width.
    pub fn hotel(
        &mut self,
        s: &mut Svg,
        style: Style,
        base: f32,
        w: f32,
        floors: u32,
        fh: f32,
        snow: bool,
    ) -> (f32, f32) {
        let mut c = self.colors(style);
        c.snow = snow;
        let plan = Plan {
            x: self.hx - w / 2.0,
            base,
            w,
            floors,
            fh,
        };
        let right = self.shade_right();
        building::draw(s, &mut self.rng, style, plan, &c, right);
        (plan.x, w)
    }
}

pub fn render(seed: &str, scene: Scene, hue: u16) -> String {
    let mut rng = Rng::new(seed, 0x4f7e_1a11 ^ scene as u64);
    let hue = f32::from(hue % 360);
    let tod = pick_tod(&mut rng);
    let left = rng.chance(0.5);
    let hx = if left {
        rng.range(300.0, 420.0)
    } else {
        rng.range(780.0, 900.0)
    };
    let sun_x = if left {
        rng.range(760.0, 1020.0)
    } else {
        rng.range(180.0, 440.0)
    };
    let sun_y = match tod {
        Tod::Morning => rng.range(150.0, 230.0),
        Tod::Golden => rng.range(290.0, 360.0),
        Tod::Dusk => rng.range(100.0, 170.0),
    };
    let land = land::land(&mut rng);
    let mut cx = Ctx {
        rng,
        sky: Sky::new(tod, hue),
        hue,
        land,
        hx,
        sun: (sun_x, sun_y),
    };
    let mut s = Svg::new(
        1200,
        800,
        "Illustration of the hotel in its setting",
        super::kit::fnv1a(seed),
    );
    match scene {
        Scene::Coast => waterside::coast(&mut s, &mut cx),
        Scene::Lake => waterside::lake(&mut s, &mut cx),
        Scene::Harbour => waterside::harbour(&mut s, &mut cx),
        Scene::City => street::city(&mut s, &mut cx),
        Scene::Mountain => inland::mountain(&mut s, &mut cx),
        Scene::Garden => inland::garden(&mut s, &mut cx),
        Scene::Desert => inland::desert(&mut s, &mut cx),
    }
    s.finish()
}
