//! Example bodies for the API reference: the document's own examples, else one built from the schema.
use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::types::ref_name;
use super::{Doc, escape, str_at};

/// How deep a generated example follows nested schemas (and so how it stops on cycles).
const MAX_DEPTH: usize = 6;

/// The first example the schema (or media type) declares: `examples[0]` or `example`.
pub(super) fn declared(s: &Value) -> Option<Value> {
    if let Some(first) = s
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return Some(first.clone());
    }
    s.get("example").cloned()
}

/// The example of a media type: its own (`example`, or the first of `examples`), else generated.
pub(super) fn for_media(doc: &Doc, media: &Value) -> Option<Value> {
    if let Some(v) = media.get("example") {
        return Some(v.clone());
    }
    if let Some(first) = media
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|e| e.values().next())
    {
        return Some(
            doc.resolve(first)
                .get("value")
                .cloned()
                .unwrap_or(Value::Null),
        );
    }
    let schema = media.get("schema")?;
    let empty = |v: &Value| {
        v.is_null()
            || v.as_object().is_some_and(|o| o.is_empty())
            || v.as_array().is_some_and(|a| a.is_empty())
    };
    Some(generate(doc, schema, "", 0)).filter(|v| !empty(v))
}

/// A plausible value for `s` (a field called `name`, if any): declared examples, defaults and
/// enum values first, then one per type.
pub(super) fn generate(doc: &Doc, s: &Value, name: &str, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    if let Some(schema) = ref_name(s) {
        return doc
            .schema(schema)
            .map_or(Value::Null, |t| generate(doc, t, name, depth + 1));
    }
    if let Some(v) = declared(s)
        .or_else(|| s.get("default").cloned())
        .or_else(|| s.get("const").cloned())
    {
        return v;
    }
    if let Some(v) = s
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.iter().find(|v| !v.is_null()))
    {
        return v.clone();
    }
    if let Some(first) = ["oneOf", "anyOf"].iter().find_map(|k| {
        s.get(*k)?
            .as_array()?
            .iter()
            .find(|v| str_at(v, "type") != Some("null"))
    }) {
        return generate(doc, first, name, depth + 1);
    }
    let mut object = Map::new();
    for part in s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Value::Object(fields) = generate(doc, part, name, depth + 1) {
            object.extend(fields);
        }
    }
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (field, p) in props {
            object.insert(field.clone(), generate(doc, p, field, depth + 1));
        }
    }
    let ty = match s.get("type") {
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        Some(t) => t.as_str(),
        None => None,
    };
    match ty {
        _ if !object.is_empty() => Value::Object(object),
        Some("object") => match s.get("additionalProperties").filter(|a| a.is_object()) {
            Some(values) => json!({ "key": generate(doc, values, "", depth + 1) }),
            None => json!({}),
        },
        Some("array") => {
            let item = s
                .get("items")
                .map_or(Value::Null, |it| generate(doc, it, name, depth + 1));
            Value::Array(if item.is_null() {
                Vec::new()
            } else {
                vec![item]
            })
        }
        Some("integer") => s.get("minimum").cloned().unwrap_or(json!(0)),
        Some("number") => s.get("minimum").cloned().unwrap_or(json!(0.0)),
        Some("boolean") => json!(true),
        Some("string") => json!(sample_string(str_at(s, "format"), name)),
        _ => Value::Null,
    }
}

fn sample_string(format: Option<&str>, name: &str) -> &'static str {
    let later = ["out", "end", "until", "to"]
        .iter()
        .any(|w| name.ends_with(w));
    match format {
        Some("date") if later => "2026-07-04",
        Some("date") => "2026-07-01",
        Some("date-time") if later => "2026-07-04T11:00:00Z",
        Some("date-time") => "2026-07-01T15:00:00Z",
        Some("time") => "15:00:00",
        Some("uuid") => "3f2c8e4a-9b1d-4c7e-8a55-0d6f1e2b7c90",
        Some("email") => "guest@example.com",
        Some("uri" | "url" | "uri-reference") => "/path",
        Some("password") => "correct horse battery staple",
        _ if name.contains("email") => "guest@example.com",
        _ => "string",
    }
}

/// A collapsible, pretty-printed JSON block.
pub(super) fn block(out: &mut String, label: &str, value: &Value, open: bool) {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let _ = write!(
        out,
        "<details class=\"example\"{}><summary>{}</summary><pre class=\"code\">{}</pre></details>",
        if open { " open" } else { "" },
        escape(label),
        escape(&text)
    );
}
