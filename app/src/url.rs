//! URL pieces every part shares: percent-encoding a path segment or query value, and the one
//! check that a `next`/`back` address stays on this site.

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Whether `path` is an address on this site: a path, not `//host` or a `\` trick.
pub fn is_local(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')
}

/// A `next` parameter that can only point back into this site (else the guest's trips).
pub fn safe_next(next: &str) -> String {
    local_or(next, "/", "/trips")
}

/// `path` when it is on this site and under `prefix`, else `fallback`.
pub fn local_or(path: &str, prefix: &str, fallback: &str) -> String {
    if is_local(path) && path.starts_with(prefix) {
        path.to_owned()
    } else {
        fallback.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_pass() {
        assert_eq!(safe_next("/hotels/x?a=1"), "/hotels/x?a=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "evil",
            "",
        ] {
            assert_eq!(safe_next(bad), "/trips", "{bad}");
        }
        assert_eq!(
            local_or("/admin/bookings", "/admin/", "/b"),
            "/admin/bookings"
        );
        assert_eq!(local_or("/trips", "/admin/", "/b"), "/b");
    }

    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(url_encode("a b/ç~"), "a%20b%2F%C3%A7~");
    }
}
