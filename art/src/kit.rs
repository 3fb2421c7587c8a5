//! Drawing kit shared by the generated artwork: seeded PRNG, colours, number formatting and sky palettes.

pub use super::svg::{P, Svg};
use std::fmt::{self, Display};

/// 64-bit FNV-1a hash, used to turn a seed string into PRNG state.
pub fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Small xorshift64* generator; plenty for picking shapes and colours.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: &str, salt: u64) -> Rng {
        // splitmix64 finaliser so that seeds differing in one character diverge completely.
        let mut z = fnv1a(seed) ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Rng(z | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f()
    }

    /// Uniform integer in lo..=hi.
    pub fn int(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i32
    }

    pub fn chance(&mut self, p: f32) -> bool {
        self.f() < p
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// An sRGB colour with channels in 0..=1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// HSL to RGB; `h` in degrees (any value, wrapped), `s` and `l` in percent.
pub fn hsl(h: f32, s: f32, l: f32) -> Rgb {
    let h = h.rem_euclid(360.0) / 60.0;
    let s = (s / 100.0).clamp(0.0, 1.0);
    let l = (l / 100.0).clamp(0.0, 1.0);
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    Rgb(r + m, g + m, b + m)
}

pub const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);
pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);

impl Rgb {
    /// Linear blend towards `o` by `t` (0 = self, 1 = o).
    pub fn mix(self, o: Rgb, t: f32) -> Rgb {
        Rgb(
            self.0 + (o.0 - self.0) * t,
            self.1 + (o.1 - self.1) * t,
            self.2 + (o.2 - self.2) * t,
        )
    }
    pub fn lighten(self, t: f32) -> Rgb {
        self.mix(WHITE, t)
    }
    pub fn darken(self, t: f32) -> Rgb {
        self.mix(BLACK, t)
    }
}

impl Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        write!(f, "#{:02x}{:02x}{:02x}", c(self.0), c(self.1), c(self.2))
    }
}

/// A number printed compactly: whole pixels for coordinates, one decimal for small values.
#[derive(Clone, Copy)]
pub struct N(pub f32);

impl Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.abs() >= 10.0 {
            return write!(f, "{}", self.0.round() as i64);
        }
        let v = (self.0 * 10.0).round() as i64;
        let (sign, v) = if v < 0 { ("-", -v) } else { ("", v) };
        if v % 10 == 0 {
            write!(f, "{sign}{}", v / 10)
        } else {
            write!(f, "{sign}{}.{}", v / 10, v % 10)
        }
    }
}

/// Time of day of an illustration.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tod {
    Morning,
    Golden,
    Dusk,
}

/// Sky colours plus the light that falls on the land for one time of day.
pub struct Sky {
    pub tod: Tod,
    pub top: Rgb,
    pub mid: Rgb,
    pub low: Rgb,
    pub sun: Rgb,
    /// Colour distant things fade into.
    pub haze: Rgb,
    /// Tint laid over everything lit by this sky, and how strongly.
    tint: Rgb,
    tint_amt: f32,
    dim: f32,
}

impl Sky {
    pub fn new(tod: Tod, hue: f32) -> Sky {
        // The sky stays natural; the hotel hue only nudges it a little.
        let nudge = ((hue - 210.0 + 540.0) % 360.0 - 180.0) * 0.06;
        match tod {
            Tod::Morning => Sky {
                tod,
                top: hsl(204.0 + nudge, 62.0, 66.0),
                mid: hsl(198.0 + nudge, 58.0, 82.0),
                low: hsl(38.0, 78.0, 89.0),
                sun: hsl(50.0, 100.0, 93.0),
                haze: hsl(200.0 + nudge, 42.0, 86.0),
                tint: hsl(205.0, 60.0, 85.0),
                tint_amt: 0.10,
                dim: 0.0,
            },
            Tod::Golden => Sky {
                tod,
                top: hsl(212.0 + nudge, 42.0, 64.0),
                mid: hsl(28.0, 82.0, 78.0),
                low: hsl(42.0, 96.0, 80.0),
                sun: hsl(40.0, 100.0, 72.0),
                haze: hsl(30.0, 62.0, 80.0),
                tint: hsl(30.0, 95.0, 62.0),
                tint_amt: 0.16,
                dim: 0.04,
            },
            Tod::Dusk => Sky {
                tod,
                top: hsl(236.0 + nudge, 42.0, 22.0),
                mid: hsl(282.0, 28.0, 42.0),
                low: hsl(18.0, 72.0, 66.0),
                sun: hsl(48.0, 70.0, 92.0),
                haze: hsl(290.0, 22.0, 52.0),
                tint: hsl(262.0, 48.0, 40.0),
                tint_amt: 0.3,
                dim: 0.14,
            },
        }
    }

    /// A colour as seen in this light.
    pub fn lit(&self, c: Rgb) -> Rgb {
        c.mix(self.tint, self.tint_amt).darken(self.dim)
    }

    /// A lit colour pushed back into the distance (`far` 0 = near, 1 = gone in haze).
    pub fn far(&self, c: Rgb, far: f32) -> Rgb {
        self.lit(c).mix(self.haze, far)
    }

    pub fn night(&self) -> bool {
        self.tod == Tod::Dusk
    }

    /// Colour of a lit window.
    pub fn lamp(&self) -> Rgb {
        hsl(44.0, 100.0, if self.night() { 72.0 } else { 80.0 })
    }
}

pub fn pick_tod(rng: &mut Rng) -> Tod {
    rng.pick(&[Tod::Morning, Tod::Golden, Tod::Dusk])
}
