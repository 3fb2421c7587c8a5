//! Tests for the API reference page, mostly against the fixture document.
use std::collections::HashSet;

use serde_json::json;

use super::text::{inline, prose, slug};
use super::{METHODS, escape, fixture, render};

fn page() -> String {
    render(&fixture::openapi())
}

/// The HTML of the element with `id`, up to the end of its `</tag>`: enough for operation cards.
fn section<'a>(html: &'a str, id: &str, tag: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let end = html[start..]
        .find(&format!("</{tag}>"))
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn escape_covers_markup_quotes_and_ampersands() {
    assert_eq!(
        escape(r#"<script>alert("x") & 'y'</script>"#),
        "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
    );
    assert_eq!(escape("plain text – ok"), "plain text – ok");
    assert_eq!(escape("&amp;"), "&amp;amp;");
}

#[test]
fn prose_escapes_then_marks_code_paragraphs_and_lists() {
    assert_eq!(
        inline("use `a<b>` & go"),
        "use <code>a&lt;b&gt;</code> &amp; go"
    );
    assert_eq!(inline("odd ` tick"), "odd ` tick");
    assert_eq!(prose("One\nline.\n\nTwo."), "<p>One line.</p><p>Two.</p>");
    assert_eq!(
        prose("- a\n- `b`"),
        "<ul><li>a</li><li><code>b</code></li></ul>"
    );
}

#[test]
fn slugs_are_fragment_safe() {
    assert_eq!(slug("/api/v1/hotels/{hotel_id}"), "api-v1-hotels-hotel_id");
    assert_eq!(slug("Page<Hotel>"), "Page-Hotel");
}

#[test]
fn every_operation_appears_once_with_badge_and_path() {
    let doc = fixture::openapi();
    let html = render(&doc);
    let mut count = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            count += 1;
            let id = format!("op-{method}-{}", slug(path));
            assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
            assert!(html.contains(&format!("href=\"#{id}\"")), "nav links {id}");
            let card = section(&html, &id, "section");
            assert!(
                card.contains(&format!("class=\"m m-{method}\"")),
                "{id} badge"
            );
            let summary = item[*method]["summary"].as_str().unwrap();
            assert!(
                card.contains(&escape(summary.trim_end_matches('.'))),
                "{id} summary"
            );
        }
    }
    assert_eq!(count, 9);
    let card = section(&html, "op-get-api-v1-hotels-hotel_id", "section");
    assert!(card.contains("/api/v1/hotels/<span class=\"pp\">{hotel_id}</span>"));
    // Path order within a tag, tags in declared order.
    let pos = |id: &str| html.find(&format!("id=\"{id}\"")).unwrap();
    assert!(pos("tag-hotels") < pos("tag-bookings") && pos("tag-bookings") < pos("tag-customers"));
    assert!(pos("op-get-api-v1-hotels") < pos("op-get-api-v1-hotels-hotel_id"));
    assert!(pos("op-post-api-v1-bookings") < pos("op-get-api-v1-bookings-booking_id"));
}

#[test]
fn every_schema_appears_once_and_refs_link_to_it() {
    let doc = fixture::openapi();
    let html = render(&doc);
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        let id = format!("schema-{name}");
        assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
    }
    // Direct refs, array items, nullable oneOf and refs in parameters all link.
    let hotel = section(&html, "schema-Hotel", "article");
    assert!(hotel.contains("<a class=\"ref\" href=\"#schema-Address\">Address</a>"));
    assert!(hotel.contains("[<a class=\"ref\" href=\"#schema-RoomType\">RoomType</a>]"));
    assert!(hotel.contains("href=\"#schema-GeoPoint\""));
    let search = section(&html, "op-get-api-v1-hotels", "section");
    assert!(search.contains("[<a class=\"ref\" href=\"#schema-Amenity\">Amenity</a>]"));
    let book = section(&html, "op-post-api-v1-bookings", "section");
    assert!(book.contains("href=\"#schema-NewBooking\""));
    assert!(book.contains("href=\"#schema-Booking\""));
    assert!(book.contains("href=\"#schema-Problem\""));
}

#[test]
fn every_internal_link_has_a_target_and_ids_are_unique() {
    let html = page();
    let all = ids(&html);
    let set: HashSet<&str> = all.iter().copied().collect();
    assert_eq!(all.len(), set.len(), "duplicate ids");
    for target in html
        .split("href=\"#")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
    {
        assert!(set.contains(target), "dangling #{target}");
    }
}

#[test]
fn schema_tables_show_nullable_required_enums_formats_examples() {
    let html = page();
    let hotel = section(&html, "schema-Hotel", "article");
    let rating = &hotel[hotel.find(">rating<").unwrap()..];
    let rating = &rating[..rating.find("</tr>").unwrap()];
    assert!(
        rating.contains("badge nul"),
        "type [number, null] is nullable"
    );
    assert!(rating.contains("double") && !rating.contains("badge req"));
    let location = &hotel[hotel.find(">location<").unwrap()..];
    assert!(
        location[..location.find("</tr>").unwrap()].contains("badge nul"),
        "oneOf with null is nullable"
    );
    let name = &hotel[hotel.find(">name<").unwrap()..];
    let name = &name[..name.find("</tr>").unwrap()];
    assert!(name.contains("badge req") && name.contains("&quot;Casa do Rio&quot;"));
    let amenity = section(&html, "schema-Amenity", "article");
    assert!(amenity.contains("<code>wifi</code>") && amenity.contains("<code>gym</code>"));
    let booking = section(&html, "schema-NewBooking", "article");
    assert!(
        booking.contains("<span class=\"pre\">contact.</span>email"),
        "inline objects flatten"
    );
    assert!(booking.contains("Max length</span> <code>500</code>"));
    let problem = section(&html, "schema-Problem", "article");
    assert!(problem.contains("{string: string}"), "maps");
}

#[test]
fn parameters_auth_bodies_and_responses() {
    let html = page();
    let book = section(&html, "op-post-api-v1-bookings", "section");
    let key = &book[book.find("name\">Idempotency-Key<").unwrap()..];
    let key = &key[..key.find("</tr>").unwrap()];
    assert!(key.contains(">header<") && key.contains("badge req") && key.contains("uuid"));
    assert!(book.contains("<strong>Bearer token (JWT)</strong>"));
    assert!(book.contains("application/json") && book.contains("application/problem+json"));
    assert!(book.contains("st-ok\">201") && book.contains("st-client\">409"));
    assert!(book.contains("<code>Location</code>"));
    assert!(book.contains("Example request"));
    let search = section(&html, "op-get-api-v1-hotels", "section");
    assert!(search.contains("None: this endpoint is public."));
    let guests = &search[search.find(">guests<").unwrap()..];
    let guests = &guests[..guests.find("</tr>").unwrap()];
    assert!(
        guests.contains(">query<") && guests.contains("optional") && guests.contains("Default")
    );
    let cancel = section(&html, "op-delete-api-v1-bookings-booking_id", "section");
    assert!(cancel.contains("st-ok\">204") && cancel.contains("No body"));
}

#[test]
fn document_level_security_applies_unless_the_operation_overrides_it() {
    let doc = json!({
        "openapi": "3.1.0", "info": { "title": "T", "version": "1" },
        "security": [{ "bearer": [] }],
        "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } } },
        "paths": { "/a": {
            "get": { "responses": {} },
            "post": { "security": [], "responses": {} },
            "put": { "security": [{}, { "bearer": [] }], "responses": {} }
        } }
    });
    let html = render(&doc);
    assert!(section(&html, "op-get-a", "section").contains("<strong>Bearer token</strong>"));
    assert!(section(&html, "op-post-a", "section").contains("this endpoint is public"));
    assert!(
        section(&html, "op-put-a", "section").contains("<strong>Bearer token</strong> (optional)")
    );
}

#[test]
fn text_from_the_document_is_escaped_everywhere() {
    let evil = "<script>alert('x')</script> & \"q\"";
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": evil, "version": evil, "description": evil },
        "tags": [{ "name": evil, "description": evil }],
        "paths": { "/x/{<id>}": { "get": {
            "tags": [evil], "summary": evil, "description": evil,
            "parameters": [{ "name": evil, "in": "query", "description": evil, "schema": { "type": "string", "enum": [evil], "examples": [evil] } }],
            "requestBody": { "content": { evil: { "schema": { "$ref": "#/components/schemas/<E>" } } } },
            "responses": { "200": { "description": evil, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/<E>" } } } } }
        } } },
        "components": { "schemas": { "<E>": { "type": "object", "description": evil, "properties": { evil: { "type": "string", "description": evil } } } } }
    });
    let html = render(&doc);
    assert!(!html.contains("<script"), "raw markup leaked");
    assert!(!html.contains("alert('x')") && !html.contains("\"q\""));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(html.contains("href=\"#schema-E\">&lt;E&gt;</a>"));
}

#[test]
fn page_is_self_contained() {
    let html = page();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for banned in [
        "<script",
        "http://",
        "https://",
        "src=",
        "url(",
        "@import",
        "<link",
        " style=\"",
        "javascript:",
    ] {
        assert!(
            !html.to_ascii_lowercase().contains(banned),
            "page contains {banned}"
        );
    }
    assert!(html.contains("href=\"/api/v1/openapi.json\""));
    assert!(html.contains("<h1>Vision Stays API</h1>") && html.contains("Version 1.0.0"));
    assert!(html.contains("check availability &amp; book rooms"));
}

#[test]
fn errors_note_describes_problem_details() {
    let html = page();
    let errors = section(&html, "errors", "section");
    for word in [
        "RFC&nbsp;9457",
        "application/problem+json",
        "<code>type</code>",
        "<code>title</code>",
        "<code>status</code>",
        "<code>detail</code>",
        "<code>errors</code>",
    ] {
        assert!(errors.contains(word), "{word}");
    }
    assert!(errors.contains("href=\"#schema-Problem\""));
}

#[test]
fn tags_are_balanced() {
    let html = page();
    for tag in [
        "section", "article", "table", "tr", "td", "ul", "li", "div", "details", "pre", "code",
        "a", "p", "span", "h2", "h3", "h4",
    ] {
        let open =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}>");
    }
}

#[test]
fn empty_and_odd_documents_still_render() {
    for doc in [
        json!({}),
        json!(null),
        json!({ "paths": { "/p": { "get": "oops", "post": { "tags": [1] } } } }),
    ] {
        let html = render(&doc);
        assert!(html.contains("</html>"));
    }
    let untagged = render(&json!({ "paths": { "/p": { "post": {} } } }));
    assert!(untagged.contains("id=\"op-post-p\"") && untagged.contains("Other"));
}
