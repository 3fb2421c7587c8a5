//! Text helpers for the page: prose with code spans, headings, fragment-safe ids.
use std::collections::HashSet;
use std::fmt::Write as _;

use super::escape;

/// Fragment-safe id text: ASCII letters, digits, `_` and `.`; runs of anything else become `-`.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `base`, or `base-2`, `base-3`… if an earlier element took it.
pub(super) fn unique(used: &mut HashSet<String>, base: String) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// A tag as a heading: first letter upper-cased.
pub(super) fn display_name(tag: &str) -> String {
    let mut chars = tag.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A summary as a heading: without its closing full stop.
pub(super) fn heading(summary: &str) -> &str {
    let s = summary.trim();
    s.strip_suffix('.')
        .filter(|s| !s.ends_with('.'))
        .unwrap_or(s)
}

pub(super) fn method_label(method: &str) -> &'static str {
    match method {
        "get" => "GET",
        "post" => "POST",
        "put" => "PUT",
        "patch" => "PATCH",
        "delete" => "DEL",
        "head" => "HEAD",
        "options" => "OPT",
        _ => "TRACE",
    }
}

/// Document prose as HTML: blank lines separate paragraphs, lines starting `- ` or `* ` make a
/// list, and backticks mark code. The text is escaped first.
pub(super) fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim();
        if !line.is_empty() {
            block.push(line);
            continue;
        }
        if block.is_empty() {
            continue;
        }
        let is_item = |l: &&str| l.starts_with("- ") || l.starts_with("* ");
        if block.iter().all(is_item) {
            out.push_str("<ul>");
            for item in &block {
                let _ = write!(out, "<li>{}</li>", inline(&item[2..]));
            }
            out.push_str("</ul>");
        } else {
            let _ = write!(out, "<p>{}</p>", inline(&block.join(" ")));
        }
        block.clear();
    }
    out
}

/// One line of prose: escaped, with `backtick` spans as code.
pub(super) fn inline(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let closed = parts.len() % 2 == 1;
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&escape(part));
        } else if closed || i + 1 < parts.len() {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            let _ = write!(out, "`{}", escape(part));
        }
    }
    out
}
