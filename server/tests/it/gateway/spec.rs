//! The issue's words: "A test checks the specification against the OpenAPI document: every
//! route exists there with the same method, and every public operation is routed." Also: each
//! route goes to the right back end (the operation's owning service at the same path, or its
//! function) with the operation's authorization, within OCI's 50 routes, and the deployment's
//! token, CORS, rate-limit and logging policies are there (`policies.rs`). `breaks.rs` shows
//! each check failing.
use std::collections::{BTreeMap, BTreeSet};

use app::endpoints::{self, Endpoint, Service};
use serde_json::{Value, json};

use crate::common::gateway::{PATH_PREFIX, VARIABLES, references, render, template};

/// OCI's limit of routes in one deployment.
pub const MAX_ROUTES: usize = 50;

/// Operations of the document outside the prefix, which the gateway does not route, and why.
const OUTSIDE_PREFIX: [(&str, &str, &str); 1] = [(
    "GET",
    "/.well-known/jwks.json",
    "the JWKS: the gateway fetches it from the customers service itself (jwks_uri)",
)];

/// The operations that run on OCI Functions, and the variable naming each function.
const FUNCTIONS: [(Endpoint, &str); 2] = [
    (endpoints::CREATE_BOOKING, "create_booking_function_id"),
    (endpoints::HOTEL, "get_hotel_details_function_id"),
];

/// Values to render with; all distinct, so a check can tell which one went where.
pub const VARS: [(&str, &str); 7] = [
    (
        "create_booking_function_id",
        "ocid1.fnfunc.oc1.test.create-booking",
    ),
    (
        "get_hotel_details_function_id",
        "ocid1.fnfunc.oc1.test.get-hotel-details",
    ),
    ("customers_url", "http://customers.test:8080"),
    ("hotels_url", "http://hotels.test:8080"),
    ("bookings_url", "http://bookings.test:8080"),
    (
        "jwks_uri",
        "http://customers.test:8080/.well-known/jwks.json",
    ),
    ("site_origin", "https://site.test"),
];

pub fn rendered() -> Value {
    render(&template(), &VARS).unwrap_or_else(|e| panic!("deployment.json: {e}"))
}

pub fn openapi() -> Value {
    serde_json::to_value(server::api::document()).unwrap()
}

pub fn var(name: &str) -> &'static str {
    VARS.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .unwrap()
}

fn service_url_var(service: Service) -> &'static str {
    match service {
        Service::Customers => "customers_url",
        Service::Hotels => "hotels_url",
        Service::Bookings => "bookings_url",
    }
}

/// How one operation must be routed, written as the template writes it (`${…}`, `$${…}`).
struct Expected {
    backend: Value,
    authorization: &'static str,
}

fn expected(method: &str, path: &str, op: &Value) -> Result<Expected, String> {
    let endpoint = endpoints::ALL
        .iter()
        .find(|e| e.method.as_str() == method && e.path == path)
        .ok_or_else(|| {
            format!("{method} {path} is not in app::endpoints, which names its service")
        })?;
    let backend = match FUNCTIONS.iter().find(|(e, _)| e == endpoint) {
        Some((_, id)) => {
            json!({"type": "ORACLE_FUNCTIONS_BACKEND", "functionId": format!("${{{id}}}")})
        }
        None => {
            let mut url = format!("${{{}}}", service_url_var(endpoint.service));
            for segment in path.split('/').skip(1) {
                url.push('/');
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => url.push_str(&format!("$${{request.path[{name}]}}")),
                    None => url.push_str(segment),
                }
            }
            json!({"type": "HTTP_BACKEND", "url": url})
        }
    };
    Ok(Expected {
        backend,
        authorization: if needs_token(op) {
            "AUTHENTICATION_ONLY"
        } else {
            "ANONYMOUS"
        },
    })
}

/// Whether the operation requires the bearer token: a security requirement, none of them empty
/// (an empty one, `{}`, would make it optional).
fn needs_token(op: &Value) -> bool {
    let reqs = op["security"].as_array().cloned().unwrap_or_default();
    !reqs.is_empty()
        && reqs
            .iter()
            .all(|r| r.as_object().is_some_and(|o| !o.is_empty()))
}

/// A string of the template as rendered with `VARS`.
fn rendered_text(template_text: &str) -> String {
    let quoted = Value::String(template_text.to_owned()).to_string();
    let rendered = render(&quoted, &VARS).unwrap_or_else(|e| panic!("{template_text}: {e}"));
    rendered.as_str().unwrap().to_owned()
}

/// The document's operations: (METHOD, path) → operation.
pub fn operations(doc: &Value) -> BTreeMap<(String, String), Value> {
    let mut ops = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            ops.insert((method.to_uppercase(), path.clone()), op.clone());
        }
    }
    ops
}

/// Everything wrong with `spec` (rendered with `VARS`) against `doc`; empty when all is well.
pub fn problems(spec: &Value, doc: &Value) -> Vec<String> {
    let ops = operations(doc);
    let routes = spec["routes"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    if routes.len() > MAX_ROUTES {
        out.push(format!(
            "{} routes; OCI allows {MAX_ROUTES} in a deployment",
            routes.len()
        ));
    }
    let mut routed: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, route) in routes.iter().enumerate() {
        route_problems(i, route, &ops, &mut routed, &mut out);
    }
    for ((method, path), op) in &ops {
        if !path.starts_with(&format!("{PATH_PREFIX}/")) {
            if !OUTSIDE_PREFIX
                .iter()
                .any(|(m, p, _)| m == method && p == path)
            {
                out.push(format!(
                    "{method} {path} is outside {PATH_PREFIX}, where the gateway cannot route it; \
                     name it in OUTSIDE_PREFIX with the reason"
                ));
            }
            continue;
        }
        match routed
            .get(&(method.clone(), path.clone()))
            .copied()
            .unwrap_or(0)
        {
            1 => {}
            0 => out.push(missing_route(method, path, op, &routes)),
            n => out.push(format!(
                "{method} {path} is routed {n} times; route it once"
            )),
        }
    }
    for (method, path, why) in OUTSIDE_PREFIX {
        if !ops.contains_key(&(method.to_owned(), path.to_owned())) {
            out.push(format!(
                "OUTSIDE_PREFIX names {method} {path} ({why}), which the document no longer has"
            ));
        }
    }
    super::policies::problems(spec, &routes, &ops, &mut out);
    out
}

/// What to add for an operation no route has: the route, written as the template writes it.
fn missing_route(method: &str, path: &str, op: &Value, routes: &[Value]) -> String {
    let relative = &path[PATH_PREFIX.len()..];
    let e = match expected(method, path, op) {
        Ok(e) => e,
        Err(why) => return format!("no route for {method} {path}, and {why}"),
    };
    let mut backend = e.backend.clone();
    if backend["type"] == "HTTP_BACKEND" {
        backend["connectTimeoutInSeconds"] = json!(5);
        backend["readTimeoutInSeconds"] = json!(35);
        backend["sendTimeoutInSeconds"] = json!(35);
    }
    let route = format!(
        r#"{{"path": {}, "methods": ["{method}"], "backend": {backend}, "requestPolicies": {{"authorization": {{"type": "{}"}}}}}}"#,
        json!(relative),
        e.authorization
    );
    let same = |r: &&Value| {
        r["path"] == relative
            && r["backend"]["type"] == e.backend["type"]
            && r["requestPolicies"]["authorization"]["type"] == e.authorization
    };
    match routes.iter().find(same) {
        Some(_) => format!(
            "no route for {method} {path}: add \"{method}\" to the methods of the {} route for \
             {relative} in deploy/oci/api-gateway/deployment.json",
            e.authorization
        ),
        None => format!(
            "no route for {method} {path}: add this route to deploy/oci/api-gateway/deployment.json \
             (OCI allows {MAX_ROUTES} in all): {route}"
        ),
    }
}

fn route_problems(
    i: usize,
    route: &Value,
    ops: &BTreeMap<(String, String), Value>,
    routed: &mut BTreeMap<(String, String), usize>,
    out: &mut Vec<String>,
) {
    let path = route["path"].as_str().unwrap_or_default();
    let at = format!("routes[{i}] {path}");
    let methods: Vec<&str> = route["methods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if methods.is_empty() || methods.contains(&"ANY") {
        out.push(format!(
            "{at}: name its methods (no methods, or ANY, would route every method)"
        ));
    }
    for name in path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
    {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(format!(
                "{at}: OCI path parameters are letters, digits and _, not {{{name}}}"
            ));
        }
    }
    if !route["requestPolicies"]["rateLimiting"].is_null() {
        out.push(format!(
            "{at}: OCI rate-limits only the whole deployment, not a route"
        ));
    }
    let backend = &route["backend"];
    if backend["type"] == "HTTP_BACKEND" {
        for timeout in [
            "connectTimeoutInSeconds",
            "readTimeoutInSeconds",
            "sendTimeoutInSeconds",
        ] {
            if !backend[timeout].as_f64().is_some_and(|t| t > 0.0) {
                out.push(format!("{at}: the HTTP backend needs {timeout}"));
            }
        }
    }
    let authorization = route["requestPolicies"]["authorization"]["type"]
        .as_str()
        .unwrap_or("none");
    for method in methods {
        let full = format!("{PATH_PREFIX}{path}");
        let key = (method.to_owned(), full.clone());
        let Some(op) = ops.get(&key) else {
            out.push(format!(
                "{at}: {method} {full} is not an operation of the OpenAPI document"
            ));
            continue;
        };
        *routed.entry(key).or_default() += 1;
        let e = match expected(method, &full, op) {
            Ok(e) => e,
            Err(why) => {
                out.push(format!("{at}: {why}"));
                continue;
            }
        };
        if authorization != e.authorization {
            out.push(format!(
                "{at}: {method} needs route authorization {} (its OpenAPI security), not {authorization}; \
                 methods that differ need routes of their own",
                e.authorization
            ));
        }
        let want_type = &e.backend["type"];
        let (field, want) = if *want_type == "HTTP_BACKEND" {
            ("url", &e.backend["url"])
        } else {
            ("functionId", &e.backend["functionId"])
        };
        let want_rendered = rendered_text(want.as_str().unwrap());
        if backend["type"] != *want_type || backend[field].as_str() != Some(&want_rendered) {
            let owner = match field {
                "url" => "its owning service at the same path",
                _ => "its function",
            };
            out.push(format!(
                "{at}: {method} goes to {{\"type\": {}, \"{field}\": {}}}, but its backend is \
                 {owner}: {want} (rendered {want_rendered})",
                backend["type"], backend[field],
            ));
        }
    }
}

#[test]
fn the_template_uses_exactly_its_variables_and_renders() {
    let text = template();
    assert!(!text.contains("%{"), "deployment.json has a %{{ directive");
    let used: BTreeSet<String> = references(&text).unwrap().into_iter().collect();
    let known: BTreeSet<String> = VARIABLES.iter().map(|v| v.to_string()).collect();
    assert_eq!(used, known, "the template's variables are the README's");
    let spec = rendered();
    assert!(
        !spec.to_string().contains("$${"),
        "a $${{ survived rendering"
    );
}

#[test]
fn the_specification_routes_every_operation_of_the_openapi_document() {
    let problems = problems(&rendered(), &openapi());
    assert!(
        problems.is_empty(),
        "deployment.json against the OpenAPI document:\n- {}",
        problems.join("\n- ")
    );
}
