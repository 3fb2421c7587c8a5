//! Which service owns each table. Only its store modules (files named `*store.rs` in its folder)
//! may name the table in SQL; every other part of the server goes through that service's Rust
//! API. The test below reads the sources and fails on any SQL that breaks this.

/// Table → the folder under `src/` whose store modules own it.
pub const OWNERS: &[(&str, &str)] = &[
    ("customers", "customers"),
    ("sessions", "customers"),
    ("account_links", "customers"),
    ("cities", "hotels"),
    ("hotels", "hotels"),
    ("room_types", "hotels"),
    ("hotel_photos", "hotels"),
    ("catalog_version", "hotels"),
    ("hotel_admins", "hotels"),
    ("alert_recipients", "hotels"),
    ("inventory", "inventory"),
    ("bookings", "bookings"),
    ("idempotency_keys", "bookings"),
    ("emails", "outbox"),
    ("email_attempts", "outbox"),
    ("hotel_event_streams", "outbox"),
    ("booking_events", "outbox"),
    ("admin_alerts", "outbox"),
    ("event_attempts", "outbox"),
    ("webhook_endpoints", "outbox"),
    ("webhook_deliveries", "outbox"),
    ("webhook_attempts", "outbox"),
    ("_sqlx_migrations", "store"),
];

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::OWNERS;

    /// The string literals of a Rust source (plain, escaped and raw), comments skipped.
    fn literals(src: &str) -> Vec<String> {
        let b = src.as_bytes();
        let (mut out, mut i) = (Vec::new(), 0);
        while i < b.len() {
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 2;
                }
                // A char literal ('"', '\n'); a lifetime has no closing quote two bytes on.
                b'\'' if b.get(i + 1) == Some(&b'\\') || b.get(i + 2) == Some(&b'\'') => {
                    i += if b.get(i + 1) == Some(&b'\\') { 4 } else { 3 };
                }
                b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
                {
                    let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                    let start = i + 2 + hashes;
                    let close = format!("\"{}", "#".repeat(hashes));
                    let end = src[start..].find(&close).map_or(b.len(), |e| start + e);
                    out.push(src[start..end].to_owned());
                    i = end + close.len();
                }
                b'"' => {
                    let start = i + 1;
                    i = start;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    out.push(src[start..i.min(b.len())].to_owned());
                    i += 1;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// The tables a piece of SQL names after FROM, JOIN, INTO, UPDATE or TABLE.
    fn tables(sql: &str) -> Vec<String> {
        let words: Vec<&str> = sql
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        words
            .windows(2)
            .filter(|w| matches!(w[0], "FROM" | "JOIN" | "INTO" | "UPDATE" | "TABLE"))
            .map(|w| w[1].to_owned())
            .collect()
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Where `table` may be named: the owner's store modules.
    fn may_name(src: &Path, file: &Path, table: &str) -> bool {
        let Some((_, owner)) = OWNERS.iter().find(|(t, _)| *t == table) else {
            return true;
        };
        let name = file.file_name().unwrap().to_string_lossy();
        file.starts_with(src.join(owner)) && (name.ends_with("store.rs") || *owner == "store")
    }

    #[test]
    fn sql_names_a_table_only_in_its_owners_store() {
        // OWNERSHIP_SRC points the check at another checkout's server/src (to see it fail).
        let src = std::env::var_os("OWNERSHIP_SRC")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut wrong = Vec::new();
        // This file's own test strings name tables on purpose.
        for file in files.iter().filter(|f| !f.ends_with("store/ownership.rs")) {
            let text = std::fs::read_to_string(file).unwrap();
            for sql in literals(&text) {
                for table in tables(&sql) {
                    if !may_name(&src, file, &table) {
                        let rel = file.strip_prefix(&src).unwrap().display();
                        wrong.push(format!("{rel} names `{table}`"));
                    }
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(
            wrong.is_empty(),
            "SQL outside its owner's store:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn the_scanner_finds_tables_in_every_kind_of_literal() {
        let src = r####"
            // "SELECT * FROM comments_are_skipped"
            let a = "SELECT x FROM hotels h JOIN cities c ON c.slug = h.city_slug";
            let b = r#"UPDATE inventory SET sold = 1"#;
            let c = '"'; let d = "INSERT INTO \"bookings\" (id)";
            fn f<'a>(x: &'a str) {}
            let e = "DELETE FROM emails";
        "####;
        let found: Vec<String> = literals(src).iter().flat_map(|l| tables(l)).collect();
        assert_eq!(
            found,
            ["hotels", "cities", "inventory", "bookings", "emails"]
        );
        assert!(tables("Choose a date from today").is_empty());
    }
}
