//! A tiny SVG writer and path builder with compact number formatting and per-image unique ids.

use super::kit::{N, Rgb};
use std::fmt::{Display, Write as _};

/// Path data builder with compact number formatting.
#[derive(Default)]
pub struct P(pub String);

impl P {
    pub fn new() -> P {
        P(String::with_capacity(128))
    }
    pub fn m(mut self, x: f32, y: f32) -> P {
        let _ = write!(self.0, "M{} {}", N(x), N(y));
        self
    }
    pub fn l(mut self, x: f32, y: f32) -> P {
        let _ = write!(self.0, "L{} {}", N(x), N(y));
        self
    }
    pub fn q(mut self, cx: f32, cy: f32, x: f32, y: f32) -> P {
        let _ = write!(self.0, "Q{} {} {} {}", N(cx), N(cy), N(x), N(y));
        self
    }
    /// Appends a closed rectangle subpath.
    pub fn rect(mut self, x: f32, y: f32, w: f32, h: f32) -> P {
        let _ = write!(self.0, "M{} {}h{}v{}h{}z", N(x), N(y), N(w), N(h), N(-w));
        self
    }
    /// Appends a round-topped (arched) opening.
    pub fn arch(mut self, x: f32, y: f32, w: f32, h: f32) -> P {
        let r = w / 2.0;
        let _ = write!(
            self.0,
            "M{} {}V{}a{} {} 0 0 1 {} 0V{}z",
            N(x),
            N(y + h),
            N(y + r),
            N(r),
            N(r),
            N(w),
            N(y + h)
        );
        self
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn z(mut self) -> P {
        self.0.push('Z');
        self
    }
    /// A smooth curve through `pts` (quadratic segments via midpoints), starting with a line to the first point.
    pub fn smooth(mut self, pts: &[(f32, f32)]) -> P {
        if let Some(&(x, y)) = pts.first() {
            self = self.l(x, y);
        }
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            self = self.q(a.0, a.1, (a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        }
        if let Some(&(x, y)) = pts.last() {
            self = self.l(x, y);
        }
        self
    }
}

/// Minimal SVG writer. Attributes passed as `extra` are written verbatim and must be our own constants.
pub struct Svg {
    pub s: String,
    /// Suffix that keeps this image's ids unique when several SVGs are inlined in one page.
    uid: String,
}

impl Svg {
    pub fn new(w: u32, h: u32, label: &str, uid: u64) -> Svg {
        let mut s = String::with_capacity(12_000);
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{label}" preserveAspectRatio="xMidYMid slice">"#
        );
        Svg {
            s,
            uid: format!("{:06x}", uid & 0xff_ffff),
        }
    }

    /// An empty buffer for drawing a fragment that is copied into the image afterwards.
    pub fn fragment() -> Svg {
        Svg {
            s: String::new(),
            uid: String::new(),
        }
    }

    /// A document-unique id for `name`.
    pub fn id(&self, name: &str) -> String {
        format!("{name}{}", self.uid)
    }

    /// `url(#id)` reference for `name`.
    pub fn url(&self, name: &str) -> String {
        format!("url(#{name}{})", self.uid)
    }

    pub fn raw(&mut self, t: &str) {
        self.s.push_str(t);
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: impl Display) {
        let _ = write!(
            self.s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            N(x),
            N(y),
            N(w),
            N(h)
        );
    }

    pub fn rrect(&mut self, x: f32, y: f32, w: f32, h: f32, r: f32, fill: impl Display) {
        let _ = write!(
            self.s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{fill}"/>"#,
            N(x),
            N(y),
            N(w),
            N(h),
            N(r)
        );
    }

    pub fn circle(&mut self, x: f32, y: f32, r: f32, fill: impl Display) {
        let _ = write!(
            self.s,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}"/>"#,
            N(x),
            N(y),
            N(r)
        );
    }

    pub fn ellipse(&mut self, x: f32, y: f32, rx: f32, ry: f32, fill: impl Display) {
        let _ = write!(
            self.s,
            r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}" fill="{fill}"/>"#,
            N(x),
            N(y),
            N(rx),
            N(ry)
        );
    }

    pub fn path(&mut self, d: P, fill: impl Display) {
        let _ = write!(self.s, r#"<path d="{}" fill="{fill}"/>"#, d.0);
    }

    pub fn path_x(&mut self, d: P, extra: &str) {
        let _ = write!(self.s, r#"<path d="{}" {extra}/>"#, d.0);
    }

    /// A stroked, unfilled path.
    pub fn stroke(&mut self, d: P, color: impl Display, width: f32) {
        let _ = write!(
            self.s,
            r#"<path d="{}" fill="none" stroke="{color}" stroke-width="{}" stroke-linecap="round"/>"#,
            d.0,
            N(width)
        );
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: impl Display, width: f32) {
        self.stroke(P::new().m(x1, y1).l(x2, y2), color, width);
    }

    pub fn close(&mut self) {
        self.s.push_str("</g>");
    }

    /// Vertical linear gradient definition (wrap calls in `<defs>`).
    pub fn vgrad(&mut self, name: &str, stops: &[(f32, Rgb)]) {
        let id = self.id(name);
        let _ = write!(
            self.s,
            r#"<linearGradient id="{id}" x1="0" y1="0" x2="0" y2="1">"#
        );
        for (o, c) in stops {
            let _ = write!(self.s, r#"<stop offset="{:.2}" stop-color="{c}"/>"#, o);
        }
        self.s.push_str("</linearGradient>");
    }

    /// Radial glow: `c` at the centre fading to transparent.
    pub fn glow(&mut self, name: &str, c: Rgb, strength: f32) {
        let id = self.id(name);
        let _ = write!(
            self.s,
            r#"<radialGradient id="{id}"><stop offset="0" stop-color="{c}" stop-opacity="{}"/><stop offset="1" stop-color="{c}" stop-opacity="0"/></radialGradient>"#,
            N(strength)
        );
    }

    pub fn finish(mut self) -> String {
        self.s.push_str("</svg>");
        self.s
    }
}
