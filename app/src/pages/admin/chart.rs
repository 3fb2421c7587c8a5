//! The dashboard's charts as inline SVG, drawn on the server from the numbers (no JavaScript,
//! no chart library): bars with axes and labels, a `<title>` and `<desc>` for screen readers,
//! and a `<title>` on each bar for a pointer's tooltip.
//!
//! The SVG is built as text and set with `inner_html`: the browser's HTML parser then puts every
//! element in the SVG namespace, also when the page is rendered in the browser after a
//! client-side navigation.
use std::fmt::Write;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::html::escape;
use crate::model::{DayCount, NightOccupancy};

const W: f64 = 800.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 30.0;

fn day_label(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

fn plot_height() -> f64 {
    H - TOP - BOTTOM
}

/// Opens the SVG with its accessible name and description, and draws the horizontal grid
/// with `ticks` (value, label) on the left axis; `scale` maps a value to its y.
fn open(
    out: &mut String,
    id: &str,
    title: &str,
    desc: &str,
    ticks: &[(f64, String)],
    scale: impl Fn(f64) -> f64,
) {
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="{id}-t {id}-d" class="chart-svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        escape(title),
        escape(desc)
    );
    out.push_str(r#"<g class="grid">"#);
    for (value, label) in ticks {
        let y = scale(*value);
        let _ = write!(
            out,
            r#"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            escape(label)
        );
    }
    out.push_str("</g>");
}

/// Day labels under the bars: the first day and then every seventh.
fn x_labels(out: &mut String, days: &[NaiveDate], slot: f64) {
    out.push_str(r#"<g class="x-labels">"#);
    for (i, d) in days.iter().enumerate().filter(|(i, _)| i % 7 == 0) {
        let x = LEFT + slot * (i as f64 + 0.5);
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"#,
            H - 10.0,
            escape(&day_label(*d))
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" x2="{}" y1="{}" y2="{}"/>"#,
        W - RIGHT,
        H - BOTTOM,
        H - BOTTOM
    );
    out.push_str("</g>");
}

/// Per cent of rooms sold, 0 when none were for sale.
pub fn percent(sold: u32, rooms: u32) -> f64 {
    if rooms == 0 {
        0.0
    } else {
        f64::from(sold) * 100.0 / f64::from(rooms)
    }
}

/// Rooms sold over rooms for sale per night, as bars from 0 to 100 %; weekend nights are
/// drawn in a second colour.
pub fn occupancy_svg(nights: &[NightOccupancy], hotel: &str) -> String {
    let mut out = String::new();
    let y = |pct: f64| TOP + plot_height() * (1.0 - pct.clamp(0.0, 100.0) / 100.0);
    let ticks: Vec<(f64, String)> = [0.0, 25.0, 50.0, 75.0, 100.0]
        .iter()
        .map(|v| (*v, format!("{v}%")))
        .collect();
    let peak = nights
        .iter()
        .max_by(|a, b| percent(a.sold, a.rooms).total_cmp(&percent(b.sold, b.rooms)));
    let desc = match peak {
        Some(p) => format!(
            "{} nights from {}. Busiest night {}: {:.0}% of rooms sold.",
            nights.len(),
            day_label(nights[0].night),
            p.night.format("%a %-d %b"),
            percent(p.sold, p.rooms)
        ),
        None => "No nights to show.".to_owned(),
    };
    open(
        &mut out,
        "occ",
        &format!("Occupancy at {hotel}, next {} nights", nights.len()),
        &desc,
        &ticks,
        y,
    );
    let slot = (W - LEFT - RIGHT) / nights.len().max(1) as f64;
    out.push_str(r#"<g class="bars">"#);
    for (i, n) in nights.iter().enumerate() {
        let pct = percent(n.sold, n.rooms);
        let top = y(pct);
        let weekend = matches!(n.night.weekday(), Weekday::Fri | Weekday::Sat);
        let _ = write!(
            out,
            r#"<rect class="{}" x="{:.1}" y="{top:.1}" width="{:.1}" height="{:.1}"><title>{}: {} of {} rooms sold ({pct:.0}%)</title></rect>"#,
            if weekend { "bar bar-weekend" } else { "bar" },
            LEFT + slot * i as f64 + slot * 0.15,
            slot * 0.7,
            (H - BOTTOM - top).max(0.0),
            n.night.format("%a %-d %b"),
            n.sold,
            n.rooms
        );
    }
    out.push_str("</g>");
    x_labels(
        &mut out,
        &nights.iter().map(|n| n.night).collect::<Vec<_>>(),
        slot,
    );
    out.push_str("</svg>");
    out
}

/// A round top for the count axis, and its step: four steps of 1, 2, 5, 10, 20, 50, ...
fn count_scale(max: u32) -> (u32, u32) {
    let mut magnitude = 1;
    loop {
        for s in [1, 2, 5] {
            let step = s * magnitude;
            if step * 4 >= max {
                return (step * 4, step);
            }
        }
        magnitude *= 10;
    }
}

/// Bookings made and cancellations per day, two bars side by side per day.
pub fn bookings_svg(days: &[DayCount], hotel: &str) -> String {
    let mut out = String::new();
    let max = days
        .iter()
        .map(|d| d.bookings.max(d.cancellations))
        .max()
        .unwrap_or(0);
    let (top, step) = count_scale(max.max(1));
    let y = |v: f64| TOP + plot_height() * (1.0 - v / f64::from(top));
    let ticks: Vec<(f64, String)> = (0..=4)
        .map(|i| (f64::from(i * step), (i * step).to_string()))
        .collect();
    let (made, cancelled): (u32, u32) = days
        .iter()
        .fold((0, 0), |(a, b), d| (a + d.bookings, b + d.cancellations));
    let desc = format!(
        "Last {} days: {made} bookings made, {cancelled} cancelled.",
        days.len()
    );
    open(
        &mut out,
        "bpd",
        &format!("Bookings and cancellations per day at {hotel}"),
        &desc,
        &ticks,
        y,
    );
    let slot = (W - LEFT - RIGHT) / days.len().max(1) as f64;
    out.push_str(r#"<g class="bars">"#);
    for (i, d) in days.iter().enumerate() {
        let x = LEFT + slot * i as f64 + slot * 0.1;
        let label = d.day.format("%a %-d %b");
        for (k, (class, value, what)) in [
            ("bar", d.bookings, "bookings"),
            ("bar bar-cancel", d.cancellations, "cancellations"),
        ]
        .into_iter()
        .enumerate()
        {
            let top_y = y(f64::from(value));
            let _ = write!(
                out,
                r#"<rect class="{class}" x="{:.1}" y="{top_y:.1}" width="{:.1}" height="{:.1}"><title>{label}: {value} {what}</title></rect>"#,
                x + slot * 0.4 * k as f64,
                slot * 0.4,
                (H - BOTTOM - top_y).max(0.0)
            );
        }
    }
    out.push_str("</g>");
    x_labels(
        &mut out,
        &days.iter().map(|d| d.day).collect::<Vec<_>>(),
        slot,
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_axis_has_four_round_steps() {
        assert_eq!(count_scale(1), (4, 1));
        assert_eq!(count_scale(4), (4, 1));
        assert_eq!(count_scale(5), (8, 2));
        assert_eq!(count_scale(17), (20, 5));
        assert_eq!(count_scale(45), (80, 20));
    }

    #[test]
    fn charts_name_themselves_and_every_bar() {
        let d = NaiveDate::from_ymd_opt(2030, 3, 1).unwrap();
        let nights: Vec<NightOccupancy> = (0..30)
            .map(|i| NightOccupancy {
                night: d + chrono::Duration::days(i),
                sold: i as u32 % 5,
                rooms: 4,
            })
            .collect();
        let svg = occupancy_svg(&nights, "Casa <Tejo>");
        assert!(svg.contains("Occupancy at Casa &lt;Tejo&gt;, next 30 nights"));
        assert_eq!(svg.matches("<rect").count(), 30);
        assert!(svg.contains("4 of 4 rooms sold (100%)"));
        let days: Vec<DayCount> = (0..30)
            .map(|i| DayCount {
                day: d + chrono::Duration::days(i),
                bookings: 2,
                cancellations: 1,
            })
            .collect();
        let svg = bookings_svg(&days, "Casa");
        assert!(svg.contains("60 bookings made, 30 cancelled"));
        assert_eq!(svg.matches("<rect").count(), 60);
    }
}
