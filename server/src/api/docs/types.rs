//! Schema types in a line: `string`, `[Room]`, `{string: T}`, with names linked and null spotted.
use std::fmt::Write as _;

use serde_json::Value;

use super::{Doc, escape, str_at};

/// The name of a component schema that `s` refers to.
pub(super) fn ref_name(s: &Value) -> Option<&str> {
    str_at(s, "$ref")?.strip_prefix("#/components/schemas/")
}

/// A link to a component schema, or its bare name if the document does not define it.
pub(super) fn ref_link(doc: &Doc, name: &str) -> String {
    match doc.schema_anchor(name) {
        Some(anchor) => format!("<a class=\"ref\" href=\"#{anchor}\">{}</a>", escape(name)),
        None => format!("<span class=\"ref\">{}</span>", escape(name)),
    }
}

fn is_null_type(s: &Value) -> bool {
    str_at(s, "type") == Some("null")
}

/// The variants of a `oneOf`/`anyOf` other than `{"type": "null"}`.
pub(super) fn variants(s: &Value) -> Option<Vec<&Value>> {
    let list = s.get("oneOf").or_else(|| s.get("anyOf"))?.as_array()?;
    Some(list.iter().filter(|v| !is_null_type(v)).collect())
}

/// Whether `null` is allowed: `type: [T, "null"]`, a null variant, or OpenAPI 3.0's `nullable`.
pub(super) fn nullable(s: &Value) -> bool {
    let null_type = match s.get("type") {
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        Some(t) => t == "null",
        None => false,
    };
    let null_variant = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| s.get(*k).and_then(Value::as_array))
        .any(|list| list.iter().any(is_null_type));
    let null_enum = s
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.contains(&Value::Null));
    null_type || null_variant || null_enum || s.get("nullable") == Some(&Value::Bool(true))
}

/// What a nullable wrapper stands for: the one non-null variant of a `oneOf`/`anyOf`, else `s`.
pub(super) fn inner(s: &Value) -> &Value {
    match variants(s) {
        Some(v) if v.len() == 1 => v[0],
        _ => s,
    }
}

/// The non-null JSON types `s` declares.
pub(super) fn types(s: &Value) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) if t != "null" => vec![t.as_str()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

/// A compact type: `string`, `[Room]`, `{string: integer}`, `A | B`, with schema names linked.
pub(super) fn type_html(doc: &Doc, s: &Value) -> String {
    type_at(doc, s, 0)
}

fn type_at(doc: &Doc, s: &Value, depth: usize) -> String {
    if depth > 6 {
        return "…".into();
    }
    if let Some(name) = ref_name(s) {
        return ref_link(doc, name);
    }
    let nested = |v: &Value| {
        let t = type_at(doc, v, depth + 1);
        if nullable(v) {
            format!("{t} | null")
        } else {
            t
        }
    };
    if let Some(vs) = variants(s).filter(|v| !v.is_empty()) {
        return vs
            .iter()
            .map(|v| type_at(doc, v, depth + 1))
            .collect::<Vec<_>>()
            .join(" | ");
    }
    if let Some(parts) = s
        .get("allOf")
        .and_then(Value::as_array)
        .filter(|p| !p.is_empty())
    {
        return parts
            .iter()
            .map(|v| type_at(doc, v, depth + 1))
            .collect::<Vec<_>>()
            .join(" &amp; ");
    }
    let ts = types(s);
    if ts.is_empty() {
        return if s.get("properties").is_some() {
            "object".into()
        } else if let Some(v) = s.get("const").or_else(|| s.pointer("/enum/0")) {
            escape(json_type(v))
        } else if s.get("type").is_some() {
            "null".into()
        } else {
            "any".into()
        };
    }
    ts.iter()
        .map(|t| match *t {
            "array" => format!(
                "[{}]",
                s.get("items").map(nested).unwrap_or_else(|| "any".into())
            ),
            "object" => match s.get("additionalProperties").filter(|a| a.is_object()) {
                Some(values) => format!("{{string: {}}}", nested(values)),
                None => "object".into(),
            },
            t => escape(t),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The Type cell: the type, a `nullable` badge and the format.
pub(super) fn type_cell(doc: &Doc, s: &Value) -> String {
    let mut out = format!("<code class=\"type\">{}</code>", type_html(doc, s));
    if nullable(s) {
        out.push_str(" <span class=\"badge nul\">nullable</span>");
    }
    let i = inner(s);
    let format = str_at(i, "format").or_else(|| i.get("items").and_then(|it| str_at(it, "format")));
    if let Some(f) = format.filter(|_| ref_name(i).is_none()) {
        let _ = write!(out, " <span class=\"fmt\">{}</span>", escape(f));
    }
    out
}

/// A JSON value as compact text; strings keep their quotes.
pub(super) fn json(v: &Value) -> String {
    escape(&v.to_string())
}

/// A JSON value as a code chip; strings without quotes.
pub(super) fn chip(v: &Value) -> String {
    format!(
        "<code>{}</code>",
        escape(&v.as_str().map_or_else(|| v.to_string(), str::to_owned))
    )
}
