//! Prices for a stay: totals and the night-by-night breakdown.
use leptos::prelude::*;

use crate::model::{Quote, format_money};

pub fn money(amount_minor: i64, currency: &str) -> String {
    format_money(amount_minor, currency)
}

pub fn nights_label(n: u32) -> String {
    if n == 1 {
        "1 night".to_owned()
    } else {
        format!("{n} nights")
    }
}

/// Total and, on demand, each night's rate, subtotal and taxes (a `<details>`: no JS needed).
#[component]
pub fn PriceBreakdown(quote: Quote, #[prop(default = false)] open: bool) -> impl IntoView {
    let currency = quote.currency.clone();
    let c = currency.clone();
    let rows = quote
        .nights
        .iter()
        .map(|n| {
            view! {
                <tr>
                    <td>{n.night.format("%a %-d %b").to_string()}</td>
                    <td class="num">{money(n.rate_minor, &c)}</td>
                </tr>
            }
        })
        .collect_view();
    let tax_pct = format!("Taxes ({}%)", quote.tax_rate_bp as f64 / 100.0);
    view! {
        <details class="breakdown" open=open>
            <summary>
                {format!("Total for {}: ", nights_label(quote.nights.len() as u32))}
                <strong>{money(quote.total_minor, &currency)}</strong>
                " · "<span class="muted small">"price details"</span>
            </summary>
            <table>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <td>"Room subtotal"</td>
                        <td class="num">{money(quote.subtotal_minor, &currency)}</td>
                    </tr>
                    <tr>
                        <td>{tax_pct}</td>
                        <td class="num">{money(quote.taxes_minor, &currency)}</td>
                    </tr>
                    <tr class="total">
                        <td>"Total"</td>
                        <td class="num">{money(quote.total_minor, &currency)}</td>
                    </tr>
                </tfoot>
            </table>
        </details>
    }
}
