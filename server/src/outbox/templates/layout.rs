//! How an email's outline becomes plain text and HTML: one table-based layout with inline
//! styles (what mail clients render reliably), and HTML escaping of everything people typed.
use app::model::EmailKind;

use super::Rendered;

pub(super) struct PriceLines {
    pub lines: Vec<(String, String)>,
    pub total: (String, String),
}

/// One email's content, before it becomes text or HTML.
pub(super) struct Outline {
    pub preheader: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub details: Vec<(&'static str, String)>,
    pub price: Option<PriceLines>,
    pub notices: Vec<String>,
    pub button: Option<(String, String)>,
    pub footer: String,
}

impl Outline {
    pub fn render(self, kind: EmailKind, recipient: &str, subject: String) -> Rendered {
        // A line break in a subject would end the header; names come from people, so strip them.
        let subject: String = subject
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        Rendered {
            kind,
            recipient: recipient.to_owned(),
            text: self.text(),
            html: self.html(&subject),
            subject,
        }
    }

    fn text(&self) -> String {
        let mut out = format!(
            "{}\n{}\n\n",
            self.heading,
            "-".repeat(self.heading.chars().count())
        );
        for p in &self.paragraphs {
            out.push_str(p);
            out.push_str("\n\n");
        }
        let width = self.details.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 1;
        for (label, value) in &self.details {
            out.push_str(&format!("{:width$} {value}\n", format!("{label}:")));
        }
        if let Some(price) = &self.price {
            out.push_str("\nPrice\n");
            let all: Vec<_> = price.lines.iter().chain([&price.total]).collect();
            let width = all
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            for (label, amount) in all {
                out.push_str(&format!("  {label:width$}  {amount:>12}\n"));
            }
        }
        if !self.notices.is_empty() {
            out.push_str("\nGood to know\n");
            for n in &self.notices {
                out.push_str(&format!("  - {n}\n"));
            }
        }
        if let Some((label, url)) = &self.button {
            out.push_str(&format!("\n{label}: {url}\n"));
        }
        out.push_str(&format!("\n-- \nVision Stays\n{}\n", self.footer));
        out
    }

    fn html(&self, subject: &str) -> String {
        const SANS: &str = "font-family:Helvetica,Arial,sans-serif;";
        const INK: &str = "color:#1d2a33;";
        const MUTED: &str = "color:#5f6b73;";
        let mut body = format!(
            r#"<h1 style="margin:0 0 16px;{SANS}font-size:22px;line-height:1.3;{INK}">{}</h1>"#,
            esc(&self.heading)
        );
        for p in &self.paragraphs {
            body.push_str(&format!(
                r#"<p style="margin:0 0 14px;{SANS}font-size:15px;line-height:1.5;{INK}">{}</p>"#,
                esc(p)
            ));
        }
        body.push_str(r#"<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:8px 0 20px;border-collapse:collapse;">"#);
        for (label, value) in &self.details {
            body.push_str(&format!(
                r#"<tr><td style="padding:7px 12px 7px 0;border-bottom:1px solid #ece7df;{SANS}font-size:13px;{MUTED}width:130px;vertical-align:top;">{}</td><td style="padding:7px 0;border-bottom:1px solid #ece7df;{SANS}font-size:14px;{INK}">{}</td></tr>"#,
                esc(label),
                esc(value)
            ));
        }
        body.push_str("</table>");
        if let Some(price) = &self.price {
            body.push_str(&format!(
                r#"<h2 style="margin:0 0 8px;{SANS}font-size:16px;{INK}">Price</h2><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 20px;border-collapse:collapse;background:#faf8f4;">"#
            ));
            for (label, amount) in &price.lines {
                body.push_str(&format!(
                    r#"<tr><td style="padding:6px 12px;{SANS}font-size:14px;{INK}">{}</td><td align="right" style="padding:6px 12px;{SANS}font-size:14px;{INK}white-space:nowrap;">{}</td></tr>"#,
                    esc(label),
                    esc(amount)
                ));
            }
            let (label, amount) = &price.total;
            body.push_str(&format!(
                r#"<tr><td style="padding:10px 12px;border-top:2px solid #1f3a4d;{SANS}font-size:15px;font-weight:bold;{INK}">{}</td><td align="right" style="padding:10px 12px;border-top:2px solid #1f3a4d;{SANS}font-size:15px;font-weight:bold;{INK}white-space:nowrap;">{}</td></tr></table>"#,
                esc(label),
                esc(amount)
            ));
        }
        if !self.notices.is_empty() {
            body.push_str(&format!(
                r#"<div style="margin:0 0 20px;padding:12px 16px;background:#eef4f7;border-left:4px solid #1f3a4d;{SANS}font-size:14px;line-height:1.5;{INK}"><strong>Good to know</strong>"#
            ));
            for n in &self.notices {
                body.push_str(&format!(r#"<p style="margin:6px 0 0;">{}</p>"#, esc(n)));
            }
            body.push_str("</div>");
        }
        if let Some((label, url)) = &self.button {
            body.push_str(&format!(
                r#"<p style="margin:24px 0 8px;"><a href="{}" style="display:inline-block;padding:12px 22px;background:#1f3a4d;border-radius:6px;color:#ffffff;{SANS}font-size:15px;font-weight:bold;text-decoration:none;">{}</a></p><p style="margin:0;{SANS}font-size:12px;{MUTED}">Or open {}</p>"#,
                esc(url),
                esc(label),
                esc(url)
            ));
        }
        format!(
            r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body style="margin:0;padding:0;background:#f4f1ec;">
<div style="display:none;max-height:0;overflow:hidden;">{preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f1ec;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e4ded4;border-radius:8px;border-collapse:separate;">
<tr><td style="padding:18px 32px;background:#1f3a4d;border-radius:8px 8px 0 0;{SANS}font-size:18px;font-weight:bold;letter-spacing:0.5px;color:#ffffff;">Vision Stays</td></tr>
<tr><td style="padding:28px 32px 12px;">{body}</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid #ece7df;{SANS}font-size:12px;line-height:1.5;{MUTED}">{footer}</td></tr>
</table></td></tr></table>
</body></html>
"#,
            title = esc(subject),
            preheader = esc(&self.preheader),
            footer = esc(&self.footer),
        )
    }
}

pub use app::html::escape as esc;
