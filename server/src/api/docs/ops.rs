//! Operations on the API reference page: endpoint, authentication, parameters, body, responses.
use std::fmt::Write as _;

use serde_json::Value;

use super::schema::{description, notes, props_table};
use super::text::{heading, prose};
use super::types::{ref_name, type_cell, type_html};
use super::{Doc, Op, escape, example, str_at};

/// One operation as a card.
pub(super) fn operation(out: &mut String, doc: &Doc, op: &Op) {
    let o = op.op;
    let deprecated = o.get("deprecated") == Some(&Value::Bool(true));
    let title = str_at(o, "summary").map(heading).unwrap_or(op.path);
    let _ = write!(
        out,
        "<section class=\"op{}\" id=\"{}\" aria-labelledby=\"{}-h\"><h3 id=\"{}-h\"><a class=\"anchor\" href=\"#{}\">{}</a>",
        if deprecated { " deprecated" } else { "" },
        op.anchor,
        op.anchor,
        op.anchor,
        op.anchor,
        escape(title)
    );
    if deprecated {
        out.push_str(" <span class=\"badge\">Deprecated</span>");
    }
    let _ = write!(
        out,
        "</h3><div class=\"endpoint\"><span class=\"m m-{}\">{}</span><code class=\"path\">{}</code></div>",
        op.method,
        op.method.to_ascii_uppercase(),
        path_html(op.path)
    );
    if let Some(d) = str_at(o, "description") {
        let _ = write!(out, "<div class=\"prose\">{}</div>", prose(d));
    }
    out.push_str(&auth_line(doc, o));
    parameters(out, doc, op);
    request_body(out, doc, o);
    responses(out, doc, o);
    out.push_str("</section>\n");
}

/// The path with its `{placeholders}` marked.
fn path_html(path: &str) -> String {
    let mut pieces = path.split('{');
    let mut out = escape(pieces.next().unwrap_or_default());
    for piece in pieces {
        match piece.split_once('}') {
            Some((name, rest)) => {
                let _ = write!(
                    out,
                    "<span class=\"pp\">{{{}}}</span>{}",
                    escape(name),
                    escape(rest)
                );
            }
            None => {
                let _ = write!(out, "{{{}", escape(piece));
            }
        }
    }
    out
}

/// A security scheme in words: "Bearer token" for an HTTP bearer scheme.
fn scheme_label(doc: &Doc, name: &str) -> String {
    let Some(s) = doc.security_scheme(name) else {
        return escape(name);
    };
    let http = str_at(s, "scheme").map(str::to_ascii_lowercase);
    match (str_at(s, "type"), http.as_deref()) {
        (Some("http"), Some("bearer")) => match str_at(s, "bearerFormat") {
            Some(f) => format!("Bearer token ({})", escape(f)),
            None => "Bearer token".into(),
        },
        (Some("http"), Some("basic")) => "HTTP Basic".into(),
        (Some("http"), Some(other)) => format!("HTTP {}", escape(other)),
        (Some("apiKey"), _) => format!(
            "API key in the <code>{}</code> {}",
            escape(str_at(s, "name").unwrap_or(name)),
            escape(str_at(s, "in").unwrap_or("header"))
        ),
        (Some("oauth2"), _) => "OAuth 2.0".into(),
        (Some("openIdConnect"), _) => "OpenID Connect".into(),
        (Some("mutualTLS"), _) => "Mutual TLS".into(),
        _ => escape(name),
    }
}

/// Who may call the operation: its own `security`, else the document's.
fn auth_line(doc: &Doc, o: &Value) -> String {
    let reqs = o
        .get("security")
        .or_else(|| doc.root.get("security"))
        .and_then(Value::as_array);
    let reqs: &[Value] = reqs.map_or(&[], Vec::as_slice);
    let optional = reqs
        .iter()
        .any(|r| r.as_object().is_some_and(|m| m.is_empty()));
    let ways: Vec<String> = reqs
        .iter()
        .filter_map(Value::as_object)
        .filter(|m| !m.is_empty())
        .map(|m| {
            m.iter()
                .map(|(name, scopes)| {
                    let scopes: Vec<&str> = scopes
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    let label = scheme_label(doc, name);
                    if scopes.is_empty() {
                        label
                    } else {
                        format!("{label} (scopes: {})", escape(&scopes.join(", ")))
                    }
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    if ways.is_empty() {
        return "<p class=\"auth open\"><span class=\"k\">Auth</span> None: this endpoint is public.</p>".into();
    }
    let ways = ways
        .iter()
        .map(|w| format!("<strong>{w}</strong>"))
        .collect::<Vec<_>>()
        .join(" or ");
    let tail = if optional { " (optional)" } else { "" };
    format!("<p class=\"auth locked\"><span class=\"k\">Auth</span> {ways}{tail}</p>")
}

/// The Authentication section: each security scheme and how to send it.
pub(super) fn security_section(out: &mut String, doc: &Doc) {
    let Some(schemes) = doc
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    else {
        return;
    };
    if schemes.is_empty() {
        return;
    }
    out.push_str("<section class=\"plain\" id=\"authentication\"><h2>Authentication</h2>");
    out.push_str("<p>Each endpoint says whether it needs credentials. These are the kinds it may ask for:</p><dl class=\"schemes\">");
    for (name, s) in schemes {
        let _ = write!(
            out,
            "<dt>{} <code>{}</code></dt><dd>",
            scheme_label(doc, name),
            escape(name)
        );
        if let Some(d) = str_at(s, "description") {
            out.push_str(&prose(d));
        }
        if str_at(s, "type") == Some("http")
            && str_at(s, "scheme").is_some_and(|v| v.eq_ignore_ascii_case("bearer"))
        {
            out.push_str("<p>Send it in the <code>Authorization</code> header: <code>Authorization: Bearer &lt;token&gt;</code>.</p>");
        }
        out.push_str("</dd>");
    }
    out.push_str("</dl></section>\n");
}

/// Path-level parameters overridden by the operation's own, each resolved from `$ref`.
fn parameter_list<'a>(doc: &Doc<'a>, op: &Op<'a>) -> Vec<&'a Value> {
    let mut list: Vec<&'a Value> = Vec::new();
    for source in [op.item, op.op] {
        for p in source
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = doc.resolve(p);
            let key = |q: &Value| {
                (
                    str_at(q, "name").map(str::to_owned),
                    str_at(q, "in").map(str::to_owned),
                )
            };
            match list.iter().position(|q| key(q) == key(p)) {
                Some(i) => list[i] = p,
                None => list.push(p),
            }
        }
    }
    list
}

fn parameters(out: &mut String, doc: &Doc, op: &Op) {
    let list = parameter_list(doc, op);
    if list.is_empty() {
        return;
    }
    out.push_str("<h4>Parameters</h4><div class=\"tw\"><table class=\"stack params\"><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>");
    for p in list {
        let location = str_at(p, "in").unwrap_or("query");
        let required = p.get("required") == Some(&Value::Bool(true)) || location == "path";
        let schema = p.get("schema").unwrap_or(&Value::Null);
        let _ = write!(
            out,
            "<tr><td data-label=\"Name\"><code class=\"name\">{}</code></td><td data-label=\"In\"><span class=\"in in-{}\">{}</span></td><td data-label=\"Type\">{}</td><td data-label=\"Required\">{}</td><td data-label=\"Description\">",
            escape(str_at(p, "name").unwrap_or("?")),
            if ["path", "query", "header", "cookie"].contains(&location) {
                location
            } else {
                "other"
            },
            escape(location),
            type_cell(doc, schema),
            if required {
                "<span class=\"badge req\">required</span>"
            } else {
                "<span class=\"opt\">optional</span>"
            }
        );
        if let Some(d) = str_at(p, "description").or_else(|| description(schema)) {
            out.push_str(&prose(d));
        }
        out.push_str(&notes(schema));
        if p.get("deprecated") == Some(&Value::Bool(true)) {
            out.push_str("<div class=\"note\"><span class=\"badge\">Deprecated</span></div>");
        }
        if let Some(ex) = p.get("example") {
            let _ = write!(
                out,
                "<div class=\"note\"><span class=\"k\">Example</span> <code>{}</code></div>",
                escape(&ex.to_string())
            );
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// One media type: its content type and schema, with a table for an inline object.
fn media_line(doc: &Doc, content_type: &str, media: &Value) -> String {
    let mut out = format!(
        "<div class=\"media\"><span class=\"ct\">{}</span>",
        escape(content_type)
    );
    if let Some(schema) = media.get("schema") {
        let _ = write!(out, " {}", type_cell(doc, schema));
    }
    out.push_str("</div>");
    out
}

fn is_json(content_type: &str) -> bool {
    content_type.contains("json")
}

fn request_body(out: &mut String, doc: &Doc, o: &Value) {
    let Some(body) = o.get("requestBody").map(|b| doc.resolve(b)) else {
        return;
    };
    let required = body.get("required") == Some(&Value::Bool(true));
    let _ = write!(
        out,
        "<h4>Request body {}</h4><div class=\"body\">",
        if required {
            "<span class=\"badge req\">required</span>"
        } else {
            "<span class=\"opt\">optional</span>"
        }
    );
    if let Some(d) = str_at(body, "description") {
        out.push_str(&prose(d));
    }
    for (ct, media) in body
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out.push_str(&media_line(doc, ct, media));
        let schema = media.get("schema").unwrap_or(&Value::Null);
        if ref_name(schema).is_none()
            && let Some(table) = props_table(doc, schema)
        {
            out.push_str(&table);
        }
        if is_json(ct)
            && let Some(ex) = example::for_media(doc, media)
        {
            example::block(out, "Example request", &ex, true);
        }
    }
    out.push_str("</div>");
}

fn responses(out: &mut String, doc: &Doc, o: &Value) {
    let Some(responses) = o
        .get("responses")
        .and_then(Value::as_object)
        .filter(|r| !r.is_empty())
    else {
        return;
    };
    out.push_str("<h4>Responses</h4><div class=\"tw\"><table class=\"stack responses\"><thead><tr><th>Status</th><th>Description</th><th>Content</th></tr></thead><tbody>");
    let mut examples: Vec<(String, Value)> = Vec::new();
    for (status, r) in responses {
        let r = doc.resolve(r);
        let class = match status.as_bytes().first() {
            Some(b'2') => "ok",
            Some(b'3') => "redirect",
            Some(b'4') => "client",
            Some(b'5') => "server",
            _ => "other",
        };
        let _ = write!(
            out,
            "<tr><td data-label=\"Status\"><span class=\"st st-{class}\">{}</span></td><td data-label=\"Description\">",
            escape(status)
        );
        out.push_str(&str_at(r, "description").map(prose).unwrap_or_default());
        for (name, h) in r
            .get("headers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let h = doc.resolve(h);
            let _ = write!(
                out,
                "<div class=\"note\"><span class=\"k\">Header</span> <code>{}</code>",
                escape(name)
            );
            if let Some(schema) = h.get("schema") {
                let _ = write!(
                    out,
                    " <code class=\"type\">{}</code>",
                    type_html(doc, schema)
                );
            }
            if let Some(d) = str_at(h, "description") {
                let _ = write!(out, " — {}", escape(d));
            }
            out.push_str("</div>");
        }
        out.push_str("</td><td data-label=\"Content\">");
        let content = r
            .get("content")
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty());
        match content {
            None => out.push_str("<span class=\"opt\">No body</span>"),
            Some(content) => {
                for (ct, media) in content {
                    out.push_str(&media_line(doc, ct, media));
                    if class == "ok"
                        && is_json(ct)
                        && let Some(ex) = example::for_media(doc, media)
                    {
                        examples.push((format!("Example response · {status}"), ex));
                    }
                }
            }
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    for (label, ex) in examples {
        example::block(out, &label, &ex, false);
    }
}
