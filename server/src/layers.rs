//! Which part of the server may use which (docs/architecture.md): edges → services → stores, and
//! between services customers ← hotels ← bookings, with inventory and outbox below. The test
//! reads every `use crate::…` and `crate::…::` path and fails on one that points the wrong way.
use std::path::Path;

/// The services and what each may use besides the shared core (store, error, state, …).
const SERVICES: &[(&str, &[&str])] = &[
    ("customers", &["outbox"]),
    ("inventory", &[]),
    ("outbox", &[]),
    // Hotels write the confirmation emails of alert recipients.
    ("hotels", &["customers", "inventory", "outbox"]),
    ("bookings", &["customers", "hotels", "inventory", "outbox"]),
];

/// Edges: what takes requests in; no service may use them.
const EDGES: &[&str] = &[
    "api",
    "web",
    "http",
    "startup",
    "shutdown",
    "demo",
    "functions",
];

/// Files inside a service's folder that are edges themselves (its routes: `api.rs`,
/// `<part>_api.rs`, `art.rs`).
fn is_edge_file(file: &str) -> bool {
    file.ends_with("/api.rs") || file.ends_with("_api.rs") || file.ends_with("/art.rs")
}

/// The top-level modules a source names as `crate::<module>`.
fn crate_paths(src: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("crate::") {
        let tail = &rest[at + "crate::".len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        found.push(&tail[..end]);
        rest = &tail[end..];
    }
    found
}

/// Why `file` (relative to src/) may not use `module`, if it may not.
fn refusal(file: &str, module: &str) -> Option<String> {
    let top = file.split('/').next().unwrap_or(file);
    let (_, allowed) = SERVICES.iter().find(|(s, _)| *s == top)?;
    if is_edge_file(file) {
        return None;
    }
    if EDGES.contains(&module) {
        return Some(format!("{file}: a service uses the edge `{module}`"));
    }
    let is_service = SERVICES.iter().any(|(s, _)| *s == module);
    if is_service && module != top && !allowed.contains(&module) {
        return Some(format!("{file}: `{top}` may not use `{module}`"));
    }
    None
}

fn violations(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path
                .strip_prefix(src)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for module in crate_paths(&text) {
                out.extend(refusal(&rel, module));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_point_one_way() {
        // LAYERS_SRC points the check at another checkout's server/src (to see it fail).
        let src = std::env::var_os("LAYERS_SRC")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
        let wrong = violations(&src);
        assert!(
            wrong.is_empty(),
            "dependencies the wrong way:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn the_rules_refuse_what_they_should() {
        assert!(refusal("bookings/service.rs", "web").is_some());
        assert!(refusal("hotels/service.rs", "bookings").is_some());
        assert!(refusal("customers/store.rs", "hotels").is_some());
        assert!(refusal("bookings/service.rs", "hotels").is_none());
        assert!(refusal("hotels/api.rs", "api").is_none());
        assert!(refusal("web/forms.rs", "bookings").is_none());
        assert_eq!(
            crate_paths("use crate::store::{Db}; crate::error::Error"),
            ["store", "error"]
        );
    }
}
