//! Money in integer minor units of an ISO 4217 currency, and how guests read it.
use serde::{Deserialize, Serialize};

/// Digits after the decimal point in the currency's minor unit.
pub fn currency_exponent(currency: &str) -> u32 {
    match currency {
        "JPY" | "ISK" | "KRW" | "CLP" | "VND" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    }
}

fn symbol(currency: &str) -> Option<&'static str> {
    Some(match currency {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" => "¥",
        "ZAR" => "R",
        _ => return None,
    })
}

/// Formats `amount_minor` of `currency` for display, e.g. `€1,234.50`, `¥32,000`, `ISK 25,000`.
pub fn format_money(amount_minor: i64, currency: &str) -> String {
    let exponent = currency_exponent(currency);
    let scale = 10_i64.pow(exponent);
    let sign = if amount_minor < 0 { "-" } else { "" };
    let abs = amount_minor.unsigned_abs();
    let major = abs / scale as u64;
    let minor = abs % scale as u64;
    let digits = major.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let number = if exponent == 0 {
        grouped
    } else {
        format!("{grouped}.{minor:0width$}", width = exponent as usize)
    };
    match symbol(currency) {
        Some(s) => format!("{sign}{s}{number}"),
        None => format!("{sign}{currency} {number}"),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount_minor: i64,
    pub currency: String,
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_money(self.amount_minor, &self.currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_currency_exponent() {
        assert_eq!(format_money(123450, "EUR"), "€1,234.50");
        assert_eq!(format_money(5, "USD"), "$0.05");
        assert_eq!(format_money(32000, "JPY"), "¥32,000");
        assert_eq!(format_money(2500000, "ISK"), "ISK 2,500,000");
        assert_eq!(format_money(-1999, "ZAR"), "-R19.99");
        assert_eq!(format_money(100, "CHF"), "CHF 1.00");
        assert_eq!(format_money(1234, "KWD"), "KWD 1.234");
    }
}
