//! Short human booking references like `VS-7K3Q9X`.
use rand::Rng;

/// No 0/O, 1/I/L: references get read out over the phone.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

pub fn new_reference() -> String {
    reference_from(&mut rand::thread_rng())
}

/// A reference drawn from `rng` (a seeded one makes the demo's history repeatable).
pub fn reference_from(rng: &mut impl Rng) -> String {
    let code: String = (0..6)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("VS-{code}")
}

/// Accepts what a guest might type ("vs 7k3q9x") and returns the canonical form.
pub fn normalize(input: &str) -> Option<String> {
    let cleaned: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    let code = cleaned.strip_prefix("VS")?;
    (code.len() == 6 && code.bytes().all(|b| ALPHABET.contains(&b))).then(|| format!("VS-{code}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_unambiguous() {
        for _ in 0..200 {
            let r = new_reference();
            assert_eq!(r.len(), 9);
            assert_eq!(normalize(&r).as_deref(), Some(r.as_str()));
            assert!(!r[3..].contains(['0', 'O', '1', 'I', 'L']));
        }
        assert_eq!(normalize("vs 7k3q9x").as_deref(), Some("VS-7K3Q9X"));
        assert_eq!(normalize("VS-7K3Q9"), None);
        assert_eq!(normalize("VS-7K3Q90"), None);
    }
}
