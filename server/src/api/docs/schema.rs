//! Schemas on the API reference page: field notes, property tables and the Schemas section.
use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::Value;

use super::text::prose;
use super::types::{
    chip, inner, json, nullable, ref_link, ref_name, type_cell, type_html, types, variants,
};
use super::{Doc, escape, example, str_at};

/// How deep the page follows inline objects inside properties.
const MAX_DEPTH: usize = 3;

/// Description of a property or parameter schema: its own, else that of what it wraps.
pub(super) fn description(s: &Value) -> Option<&str> {
    let i = inner(s);
    str_at(s, "description").or_else(|| {
        if ref_name(i).is_none() {
            str_at(i, "description")
        } else {
            None
        }
    })
}

/// Everything besides the description worth knowing: allowed values, limits, default, examples.
pub(super) fn notes(s: &Value) -> String {
    let i = inner(s);
    let own = ref_name(i).is_none();
    let get = |k: &str| s.get(k).or_else(|| if own { i.get(k) } else { None });
    let mut out = String::new();
    let values = get("enum").or_else(|| if own { i.pointer("/items/enum") } else { None });
    if let Some(values) = values.and_then(Value::as_array) {
        let chips: Vec<String> = values.iter().filter(|v| !v.is_null()).map(chip).collect();
        let _ = write!(
            out,
            "<div class=\"note\"><span class=\"k\">One of</span> {}</div>",
            chips.join(" ")
        );
    }
    if let Some(v) = get("const") {
        let _ = write!(
            out,
            "<div class=\"note\"><span class=\"k\">Always</span> {}</div>",
            chip(v)
        );
    }
    const LIMITS: [(&str, &str); 10] = [
        ("minimum", "Min"),
        ("exclusiveMinimum", "Greater than"),
        ("maximum", "Max"),
        ("exclusiveMaximum", "Less than"),
        ("minLength", "Min length"),
        ("maxLength", "Max length"),
        ("pattern", "Pattern"),
        ("minItems", "Min items"),
        ("maxItems", "Max items"),
        ("default", "Default"),
    ];
    let limits: Vec<String> = LIMITS
        .iter()
        .filter_map(|(k, label)| {
            get(k).map(|v| format!("<span class=\"k\">{label}</span> <code>{}</code>", json(v)))
        })
        .collect();
    if !limits.is_empty() {
        let _ = write!(out, "<div class=\"note\">{}</div>", limits.join(" · "));
    }
    let flags = [
        ("uniqueItems", "Unique items"),
        ("readOnly", "Read-only"),
        ("writeOnly", "Write-only"),
        ("deprecated", "Deprecated"),
    ];
    for (k, label) in flags {
        if get(k) == Some(&Value::Bool(true)) {
            let _ = write!(
                out,
                "<div class=\"note\"><span class=\"badge\">{label}</span></div>"
            );
        }
    }
    let mut examples: Vec<&Value> = get("examples")
        .and_then(Value::as_array)
        .map(|e| e.iter().collect())
        .unwrap_or_default();
    if examples.is_empty() {
        examples.extend(get("example"));
    }
    if !examples.is_empty() {
        let list: Vec<String> = examples
            .iter()
            .take(3)
            .map(|v| format!("<code>{}</code>", json(v)))
            .collect();
        let _ = write!(
            out,
            "<div class=\"note\"><span class=\"k\">Example</span> {}</div>",
            list.join(", ")
        );
    }
    out
}

/// The table of an object's properties (with nested inline objects flattened as `a.b`), if it has any.
pub(super) fn props_table(doc: &Doc, s: &Value) -> Option<String> {
    let mut rows = String::new();
    prop_rows(doc, s, "", 0, &mut rows);
    if rows.is_empty() {
        return None;
    }
    Some(format!(
        "<div class=\"tw\"><table class=\"stack props\"><thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead><tbody>{rows}</tbody></table></div>"
    ))
}

/// `s` and the inline parts of its `allOf`: where its properties live.
fn object_parts(s: &Value) -> Vec<&Value> {
    let mut parts = vec![s];
    let all_of = s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    parts.extend(all_of.filter(|p| ref_name(p).is_none()));
    parts
}

fn prop_rows(doc: &Doc, s: &Value, prefix: &str, depth: usize, out: &mut String) {
    let parts = object_parts(s);
    let required: HashSet<&str> = parts
        .iter()
        .filter_map(|p| p.get("required")?.as_array())
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for part in parts {
        let Some(props) = part.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (name, p) in props {
            let _ = write!(out, "<tr><td data-label=\"Field\"><code class=\"name\">");
            if !prefix.is_empty() {
                let _ = write!(out, "<span class=\"pre\">{}</span>", escape(prefix));
            }
            out.push_str(&escape(name));
            out.push_str("</code>");
            if required.contains(name.as_str()) {
                out.push_str(" <span class=\"badge req\">required</span>");
            }
            let _ = write!(
                out,
                "</td><td data-label=\"Type\">{}</td><td data-label=\"Description\">",
                type_cell(doc, p)
            );
            out.push_str(&description(p).map(prose).unwrap_or_default());
            out.push_str(&notes(p));
            out.push_str("</td></tr>");
            let i = inner(p);
            if depth < MAX_DEPTH && ref_name(i).is_none() {
                if i.get("properties").is_some() || i.get("allOf").is_some() {
                    prop_rows(doc, i, &format!("{prefix}{name}."), depth + 1, out);
                } else if let Some(items) = i.get("items").filter(|it| ref_name(it).is_none()) {
                    prop_rows(
                        doc,
                        inner(items),
                        &format!("{prefix}{name}[]."),
                        depth + 1,
                        out,
                    );
                }
            }
        }
    }
}

/// A short word for what a schema is, shown next to its name.
fn kind(s: &Value) -> String {
    if ref_name(s).is_some() {
        return "alias".into();
    }
    if s.get("enum").is_some() {
        return "enum".into();
    }
    if variants(s).is_some_and(|v| v.len() > 1) {
        return "one of".into();
    }
    let ts = types(s);
    if s.get("properties").is_some() || s.get("allOf").is_some() || ts.contains(&"object") {
        return "object".into();
    }
    ts.first().map_or_else(|| "any".into(), |t| (*t).to_owned())
}

/// The Schemas section: every component schema once, each with its own anchor.
pub(super) fn schemas_section(out: &mut String, doc: &Doc) {
    let Some(schemas) = doc.schemas.filter(|s| !s.is_empty()) else {
        return;
    };
    out.push_str("<section class=\"group\" id=\"schemas\" aria-labelledby=\"schemas-h\"><h2 id=\"schemas-h\">Schemas</h2>");
    out.push_str("<div class=\"lead\"><p>The types that request and response bodies are made of.</p></div>\n");
    for (name, s) in schemas {
        schema_card(out, doc, name, s);
    }
    out.push_str("</section>\n");
}

fn schema_card(out: &mut String, doc: &Doc, name: &str, s: &Value) {
    let anchor = doc.schema_anchor(name).unwrap_or_default();
    let _ = write!(
        out,
        "<article class=\"schema\" id=\"{anchor}\"><h3><a class=\"anchor\" href=\"#{anchor}\">{}</a> <span class=\"kind\">{}</span>",
        escape(name),
        kind(s)
    );
    if nullable(s) {
        out.push_str(" <span class=\"badge nul\">nullable</span>");
    }
    out.push_str("</h3>");
    if let Some(d) = str_at(s, "description").or_else(|| str_at(s, "title")) {
        let _ = write!(out, "<div class=\"prose\">{}</div>", prose(d));
    }
    let refs: Vec<String> = s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(ref_name)
        .map(|n| ref_link(doc, n))
        .collect();
    if !refs.is_empty() {
        let _ = write!(
            out,
            "<p class=\"note\">Includes every field of {}.</p>",
            refs.join(", ")
        );
    }
    if let Some(vs) = variants(s).filter(|v| v.len() > 1) {
        variants_list(out, doc, s, &vs);
    } else if let Some(table) = props_table(doc, s) {
        out.push_str(&table);
    } else if s.get("properties").is_none() {
        let _ = write!(
            out,
            "<p class=\"shape\"><span class=\"k\">Type</span> {}</p>",
            type_cell(doc, s)
        );
    }
    if let Some(extra) = s
        .get("additionalProperties")
        .filter(|a| a.is_object() && s.get("properties").is_some())
    {
        let _ = write!(
            out,
            "<p class=\"note\">Other keys: <code class=\"type\">{}</code></p>",
            type_html(doc, extra)
        );
    }
    let notes = notes(s);
    if !notes.is_empty() && s.get("properties").is_none() {
        out.push_str(&notes);
    }
    if let Some(ex) = example::declared(s).filter(|_| s.get("properties").is_some()) {
        example::block(out, "Example", &ex, false);
    }
    out.push_str("</article>\n");
}

/// The alternatives of a `oneOf`/`anyOf` schema.
fn variants_list(out: &mut String, doc: &Doc, s: &Value, vs: &[&Value]) {
    let word = if s.get("oneOf").is_some() {
        "exactly one"
    } else {
        "any"
    };
    let _ = write!(out, "<p class=\"note\">Matches {word} of:</p>");
    if let Some(prop) = s
        .pointer("/discriminator/propertyName")
        .and_then(Value::as_str)
    {
        let _ = write!(
            out,
            "<p class=\"note\">The <code>{}</code> field tells which.</p>",
            escape(prop)
        );
    }
    out.push_str("<ol class=\"variants\">");
    for v in vs {
        out.push_str("<li>");
        let single = v
            .get("enum")
            .and_then(Value::as_array)
            .filter(|e| e.len() == 1);
        if let Some(value) = single.and_then(|e| e.first()) {
            out.push_str(&chip(value));
        } else {
            let _ = write!(out, "<code class=\"type\">{}</code>", type_html(doc, v));
            if let Some(t) = str_at(v, "title") {
                let _ = write!(out, " <strong>{}</strong>", escape(t));
            }
        }
        if let Some(d) = str_at(v, "description") {
            out.push_str(&prose(d));
        }
        if ref_name(v).is_none()
            && let Some(table) = props_table(doc, v)
        {
            out.push_str(&table);
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
}
