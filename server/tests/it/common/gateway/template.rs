//! The deployment specification as Terraform's `templatefile()` renders it: `${name}` filled
//! from the given variables, `$${` left as API Gateway's own `${`, anything else refused.
use serde_json::Value;

/// `deploy/oci/api-gateway/deployment.json`, the template.
pub const SPEC_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../deploy/oci/api-gateway/deployment.json"
);

/// The variables the template may use (its README lists them for the Terraform).
pub const VARIABLES: [&str; 7] = [
    "create_booking_function_id",
    "get_hotel_details_function_id",
    "customers_url",
    "hotels_url",
    "bookings_url",
    "jwks_uri",
    "site_origin",
];

pub fn template() -> String {
    std::fs::read_to_string(SPEC_PATH).unwrap_or_else(|e| panic!("{SPEC_PATH}: {e}"))
}

/// The names of the `${name}` references in `template`, in order, repeats included.
pub fn references(template: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    expand(template, |name| {
        names.push(name.to_owned());
        Some(String::new())
    })?;
    Ok(names)
}

/// The rendered specification. Fails, as `templatefile()` would, on a `${…}` that is not one of
/// `vars` and on a `%{` directive (this template has no use for one), and on JSON that does not
/// parse once filled in.
pub fn render(template: &str, vars: &[(&str, &str)]) -> Result<Value, String> {
    let text = expand(template, |name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    })?;
    serde_json::from_str(&text).map_err(|e| format!("the rendered specification is not JSON: {e}"))
}

fn expand(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    loop {
        let next = [rest.find("${"), rest.find("%{")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            out.push_str(rest);
            return Ok(out);
        };
        let line = template[..template.len() - rest.len() + at]
            .lines()
            .count()
            .max(1);
        // `$${` and `%%{` are the escapes for a literal `${` and `%{`.
        if at > 0 && rest.as_bytes()[at - 1] == rest.as_bytes()[at] {
            out.push_str(&rest[..at - 1]);
            out.push_str(&rest[at..at + 2]);
            rest = &rest[at + 2..];
            continue;
        }
        if rest[at..].starts_with('%') {
            return Err(format!(
                "line {line}: a %{{ directive; this template has none"
            ));
        }
        let close = rest[at..]
            .find('}')
            .ok_or_else(|| format!("line {line}: ${{ without a closing }}"))?;
        let name = &rest[at + 2..at + close];
        let filled = value(name).ok_or_else(|| {
            format!("line {line}: ${{{name}}} is not a template variable (write $${{ for API Gateway's own)")
        })?;
        out.push_str(&rest[..at]);
        out.push_str(&filled);
        rest = &rest[at + close + 1..];
    }
}
