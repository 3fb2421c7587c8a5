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

/// Whether `path` is an address on this site: a path, not `//host` or a trick a browser would
/// turn into one. Browsers drop tabs and newlines from a URL and read `\` as `/`, so `/\t/host`
/// and `/\host` end at another site; no control character, space or backslash passes, in the
/// raw text or once percent-decoded (for anything that decodes it again on the way).
pub fn is_local(path: &str) -> bool {
    let plain = |p: &[u8]| {
        p.first() == Some(&b'/')
            && p.get(1) != Some(&b'/')
            && !p.iter().any(|&b| b <= b' ' || b == 0x7f || b == b'\\')
    };
    plain(path.as_bytes()) && plain(&percent_decode(path.as_bytes()))
}

/// `%XX` escapes decoded (invalid ones kept as they are).
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let pair = input
            .get(i + 1)
            .copied()
            .and_then(hex)
            .zip(input.get(i + 2).copied().and_then(hex));
        match (input[i], pair) {
            (b'%', Some((hi, lo))) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
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
        assert_eq!(safe_next("/hotels/caf%C3%A9"), "/hotels/caf%C3%A9");
        for bad in [
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "HTTPS://evil.example",
            "javascript:alert(1)",
            "/\\evil",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "%2F%2Fevil.example",
            "/%0a/evil.example",
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
