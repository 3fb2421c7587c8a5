//! The page's fixed parts: the contents (nav), the overview and the note on errors.
use std::fmt::Write as _;

use serde_json::Value;

use super::text::{display_name, heading, method_label, prose};
use super::{Doc, Group, OPENAPI_JSON, escape, str_at};

/// The left-hand contents: fixed sections, then each tag with its operations, then schemas.
pub(super) fn nav(out: &mut String, doc: &Doc, groups: &[Group]) {
    out.push_str("<nav class=\"side\" aria-label=\"Contents\"><ul class=\"toc\">\n");
    out.push_str("<li><a class=\"sec\" href=\"#overview\">Overview</a></li>");
    if doc.has_security_schemes() {
        out.push_str("<li><a class=\"sec\" href=\"#authentication\">Authentication</a></li>");
    }
    out.push_str("<li><a class=\"sec\" href=\"#errors\">Errors</a></li>\n");
    for group in groups {
        let _ = write!(
            out,
            "<li class=\"tag\"><a class=\"sec tag-link\" href=\"#{}\">{}</a><ul class=\"ops\">",
            group.anchor,
            escape(&display_name(&group.name))
        );
        for op in &group.ops {
            let label = str_at(op.op, "summary").map(heading).unwrap_or(op.path);
            let _ = write!(
                out,
                "<li><a href=\"#{}\" title=\"{} {}\"><span class=\"m m-{}\">{}</span><span class=\"op-name\">{}</span></a></li>",
                op.anchor,
                op.method.to_ascii_uppercase(),
                escape(op.path),
                op.method,
                method_label(op.method),
                escape(label)
            );
        }
        out.push_str("</ul></li>\n");
    }
    if let Some(schemas) = doc.schemas.filter(|s| !s.is_empty()) {
        out.push_str("<li class=\"tag\"><a class=\"sec tag-link\" href=\"#schemas\">Schemas</a><ul class=\"ops\">");
        for name in schemas.keys() {
            let _ = write!(
                out,
                "<li><a class=\"schema-link\" href=\"#{}\">{}</a></li>",
                doc.schema_anchor(name).unwrap_or_default(),
                escape(name)
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul></nav>\n");
}

/// Title, version, description and the pointer to the machine-readable document.
pub(super) fn overview(
    out: &mut String,
    doc: &Doc,
    title: &str,
    version: Option<&str>,
    count: usize,
) {
    let info = doc.root.get("info").unwrap_or(&Value::Null);
    out.push_str("<section class=\"intro\" id=\"overview\"><p class=\"eyebrow\">API reference</p>");
    let _ = write!(out, "<h1>{}</h1><p class=\"meta\">", escape(title));
    if let Some(v) = version {
        let _ = write!(out, "<span class=\"pill\">Version {}</span>", escape(v));
    }
    if let Some(v) = str_at(doc.root, "openapi") {
        let _ = write!(out, "<span class=\"pill\">OpenAPI {}</span>", escape(v));
    }
    let _ = write!(
        out,
        "<span class=\"pill\">{count} endpoint{}</span></p>",
        if count == 1 { "" } else { "s" }
    );
    if let Some(d) = str_at(info, "description") {
        let _ = write!(out, "<div class=\"prose\">{}</div>", prose(d));
    }
    let _ = writeln!(
        out,
        "<p class=\"spec\">The machine-readable OpenAPI document is at <a href=\"{OPENAPI_JSON}\"><code>{OPENAPI_JSON}</code></a>; \
         import it into your HTTP client or code generator.</p></section>"
    );
}

/// How errors look: RFC 9457 problem details.
pub(super) fn errors_section(out: &mut String, doc: &Doc) {
    out.push_str("<section class=\"plain\" id=\"errors\"><h2>Errors</h2>");
    out.push_str(
        "<p>Errors follow RFC&nbsp;9457 (problem details). An error response has the content type \
         <code>application/problem+json</code> and a JSON body with <code>type</code> (a URI naming the \
         kind of problem), <code>title</code> (a short summary of that kind), <code>status</code> (the HTTP \
         status code) and <code>detail</code> (what went wrong with this request).</p>",
    );
    out.push_str(
        "<p>Validation failures also carry <code>errors</code>, an object that maps each invalid field \
         to a message: <code>{\"field\": \"message\"}</code>.",
    );
    if let Some(anchor) = doc.schema_anchor("Problem") {
        let _ = write!(
            out,
            " The full shape is the <a href=\"#{anchor}\">Problem</a> schema."
        );
    }
    out.push_str("</p>\n<pre class=\"code\" aria-label=\"Example error body\">");
    out.push_str(&escape(
        "HTTP/1.1 422 Unprocessable Entity\nContent-Type: application/problem+json\n\n{\n  \"type\": \"…/problems/validation\",\n  \"title\": \"Invalid request\",\n  \"status\": 422,\n  \"detail\": \"Some fields are invalid.\",\n  \"errors\": {\n    \"check_out\": \"must be after check_in\"\n  }\n}",
    ));
    out.push_str("</pre></section>\n");
}
