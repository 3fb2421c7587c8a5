//! Each check of `spec.rs` failing on a specification broken the way it guards against, so a
//! check that could never fail does not pass for one that works.
use serde_json::{Value, json};

use super::spec::{MAX_ROUTES, VARS, openapi, problems, rendered};
use crate::common::gateway::render;

/// The problems of the real specification after `edit`.
fn broken(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut spec = rendered();
    edit(&mut spec);
    problems(&spec, &openapi())
}

/// The route for `path` that allows `method`.
fn route<'a>(spec: &'a mut Value, path: &str, method: &str) -> &'a mut Value {
    spec["routes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["path"] == path && r["methods"].as_array().unwrap().contains(&json!(method)))
        .unwrap_or_else(|| panic!("no route {method} {path}"))
}

#[track_caller]
fn assert_reports(problems: &[String], expected: &[&str]) {
    assert!(
        problems
            .iter()
            .any(|p| expected.iter().all(|e| p.contains(e))),
        "expected a problem with {expected:?}, got {problems:#?}"
    );
}

#[test]
fn the_unbroken_specification_has_no_problems() {
    assert_eq!(broken(|_| {}), Vec::<String>::new());
}

#[test]
fn an_operation_without_a_route_names_the_route_to_add() {
    let problems = broken(|spec| {
        spec["routes"]
            .as_array_mut()
            .unwrap()
            .retain(|r| r["path"] != "/cities");
    });
    assert_reports(
        &problems,
        &[
            "no route for GET /api/v1/cities",
            r#""path": "/cities""#,
            r#""methods": ["GET"]"#,
            r#""url":"${hotels_url}/api/v1/cities""#,
            r#""type": "ANONYMOUS""#,
        ],
    );
    // A method the route for its path could take.
    let problems = broken(|spec| {
        let r = route(spec, "/admin/hotels/{slug}/photos/{id}", "DELETE");
        r["methods"] = json!(["GET"]);
    });
    assert_reports(
        &problems,
        &[
            "no route for DELETE /api/v1/admin/hotels/{slug}/photos/{id}",
            r#"add "DELETE" to the methods of the AUTHENTICATION_ONLY route for /admin/hotels/{slug}/photos/{id}"#,
        ],
    );
    let problems = broken(|spec| {
        let routes = spec["routes"].as_array_mut().unwrap();
        routes.retain(|r| r["path"] != "/admin/hotels/{slug}/photos/{id}");
    });
    assert_reports(
        &problems,
        &[
            "no route for GET /api/v1/admin/hotels/{slug}/photos/{id}",
            r#""methods": ["GET"]"#,
            "${hotels_url}/api/v1/admin/hotels/$${request.path[slug]}/photos/$${request.path[id]}",
            r#""type": "AUTHENTICATION_ONLY""#,
        ],
    );
}

#[test]
fn routes_must_be_operations_once_each() {
    let problems = broken(|spec| {
        route(spec, "/cities", "GET")["methods"] = json!(["GET", "PUT"]);
    });
    assert_reports(&problems, &["PUT /api/v1/cities is not an operation"]);
    let problems = broken(|spec| {
        route(spec, "/cities", "GET")["path"] = json!("/towns");
    });
    assert_reports(&problems, &["GET /api/v1/towns is not an operation"]);
    let problems = broken(|spec| {
        let copy = route(spec, "/cities", "GET").clone();
        spec["routes"].as_array_mut().unwrap().push(copy);
    });
    assert_reports(&problems, &["GET /api/v1/cities is routed 2 times"]);
    let problems = broken(|spec| {
        route(spec, "/cities", "GET")["methods"] = json!(["ANY"]);
    });
    assert_reports(&problems, &["name its methods"]);
}

#[test]
fn the_functions_get_their_own_operations() {
    let problems = broken(|spec| {
        let id = VARS[1].1;
        route(spec, "/bookings", "POST")["backend"]["functionId"] = json!(id);
    });
    assert_reports(
        &problems,
        &["POST goes to", "get-hotel-details", "its function"],
    );
    let problems = broken(|spec| {
        route(spec, "/hotels/{slug}", "GET")["backend"] = json!({"type": "HTTP_BACKEND", "url": "http://hotels.test:8080/api/v1/hotels/${request.path[slug]}",
                   "connectTimeoutInSeconds": 5, "readTimeoutInSeconds": 35, "sendTimeoutInSeconds": 35});
    });
    assert_reports(&problems, &["/hotels/{slug}: GET goes to", "its function"]);
    // The list of bookings shares the path of booking creation, not its function.
    let problems = broken(|spec| {
        route(spec, "/bookings", "POST")["methods"] = json!(["POST", "GET"]);
        spec["routes"]
            .as_array_mut()
            .unwrap()
            .retain(|r| !(r["path"] == "/bookings" && r["backend"]["type"] == "HTTP_BACKEND"));
    });
    assert_reports(&problems, &["GET goes to", "owning service"]);
}

#[test]
fn http_routes_go_to_the_owning_service_at_the_same_path() {
    let problems = broken(|spec| {
        let r = route(spec, "/admin/hotels/{slug}/dashboard", "GET");
        r["backend"]["url"] =
            json!("http://hotels.test:8080/api/v1/admin/hotels/${request.path[slug]}/dashboard");
    });
    assert_reports(&problems, &["dashboard: GET goes to", "bookings.test"]);
    let problems = broken(|spec| {
        let r = route(
            spec,
            "/admin/webhook-endpoints/{id}/deliveries/{delivery}/resend",
            "POST",
        );
        r["backend"]["url"] = json!(
            "http://hotels.test:8080/api/v1/admin/webhook-endpoints/${request.path[delivery]}/deliveries/${request.path[id]}/resend"
        );
    });
    assert_reports(&problems, &["resend: POST goes to"]);
    let problems = broken(|spec| {
        let r = route(spec, "/search", "GET");
        r["backend"]
            .as_object_mut()
            .unwrap()
            .remove("readTimeoutInSeconds");
    });
    assert_reports(
        &problems,
        &["/search: the HTTP backend needs readTimeoutInSeconds"],
    );
}

#[test]
fn authorization_follows_the_operations_security() {
    let problems = broken(|spec| {
        route(spec, "/customers/me", "GET")["requestPolicies"]["authorization"]["type"] =
            json!("ANONYMOUS");
    });
    assert_reports(
        &problems,
        &["/customers/me: GET needs route authorization AUTHENTICATION_ONLY"],
    );
    let problems = broken(|spec| {
        route(spec, "/search", "GET")["requestPolicies"]["authorization"]["type"] =
            json!("AUTHENTICATION_ONLY");
    });
    assert_reports(
        &problems,
        &["/search: GET needs route authorization ANONYMOUS"],
    );
    // OCI would apply AUTHENTICATION_ONLY to a route without one; the file says it outright.
    let problems = broken(|spec| {
        route(spec, "/admin/emails", "GET")
            .as_object_mut()
            .unwrap()
            .remove("requestPolicies");
    });
    assert_reports(
        &problems,
        &[
            "/admin/emails: GET needs route authorization AUTHENTICATION_ONLY",
            "not none",
        ],
    );
    // Signing in is public, signing out everywhere is not: one route cannot hold both.
    let problems = broken(|spec| {
        route(spec, "/sessions", "POST")["methods"] = json!(["POST", "DELETE"]);
        spec["routes"]
            .as_array_mut()
            .unwrap()
            .retain(|r| !(r["path"] == "/sessions" && r["methods"] == json!(["DELETE"])));
    });
    assert_reports(
        &problems,
        &[
            "DELETE needs route authorization AUTHENTICATION_ONLY",
            "routes of their own",
        ],
    );
}

#[test]
fn more_than_fifty_routes_do_not_fit_one_deployment() {
    let problems = broken(|spec| {
        let routes = spec["routes"].as_array_mut().unwrap();
        while routes.len() <= MAX_ROUTES {
            let copy = routes[0].clone();
            routes.push(copy);
        }
    });
    assert_reports(&problems, &["51 routes; OCI allows 50"]);
}

#[test]
fn the_deployment_policies_are_checked() {
    let auth = "/requestPolicies/authentication";
    let extra = "/requestPolicies/authentication/validationPolicy/additionalValidationPolicy";
    let cors = "/requestPolicies/cors";
    // Where in the specification, what to put there (nothing: take it away), what is reported.
    let cases = [
        (
            format!("{auth}/type"),
            Some(json!("JWT_AUTHENTICATION")),
            "authentication type",
        ),
        (
            format!("{auth}/tokenAuthScheme"),
            Some(json!("Basic")),
            "token scheme",
        ),
        (
            format!("{extra}/issuers"),
            Some(json!(["someone"])),
            "issuers",
        ),
        (format!("{extra}/audiences"), None, "audiences"),
        (
            format!("{auth}/validationPolicy/uri"),
            Some(json!("https://elsewhere.test/jwks")),
            "JWKS uri",
        ),
        (
            format!("{auth}/maxClockSkewInSeconds"),
            Some(json!(600)),
            "maxClockSkewInSeconds",
        ),
        (
            format!("{auth}/isAnonymousAccessAllowed"),
            Some(json!(false)),
            "isAnonymousAccessAllowed",
        ),
        (
            "/requestPolicies/rateLimiting/rateKey".into(),
            Some(json!("TOTAL")),
            "rate limiting",
        ),
        (
            "/requestPolicies/rateLimiting".into(),
            None,
            "rate limiting",
        ),
        (
            format!("{cors}/allowedOrigins"),
            Some(json!(["*"])),
            "allowedOrigins",
        ),
        (
            format!("{cors}/allowedHeaders"),
            Some(json!(["Authorization", "Content-Type"])),
            "allowedHeaders lacks Idempotency-Key",
        ),
        (
            format!("{cors}/allowedMethods"),
            Some(json!(["GET", "POST"])),
            "allowedMethods lacks DELETE",
        ),
        (
            format!("{cors}/exposedHeaders"),
            None,
            "exposedHeaders lacks Idempotent-Replayed",
        ),
        (
            "/loggingPolicies/executionLog/isEnabled".into(),
            Some(json!(false)),
            "executionLog must be on",
        ),
        (
            "/loggingPolicies/accessLog".into(),
            None,
            "accessLog must be on",
        ),
        (
            "/routes/0/requestPolicies/rateLimiting".into(),
            Some(json!({"rateInRequestsPerSecond": 1, "rateKey": "CLIENT_IP"})),
            "rate-limits only the whole deployment",
        ),
    ];
    for (pointer, value, expected) in cases {
        let problems = broken(|spec| {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let parent = spec.pointer_mut(parent).unwrap().as_object_mut().unwrap();
            match value {
                Some(v) => parent.insert(key.to_owned(), v),
                None => parent.remove(key),
            };
        });
        assert_reports(&problems, &[expected]);
    }
}

#[test]
fn rendering_refuses_what_templatefile_would() {
    let vars = [("a", "1")];
    assert_eq!(
        render(r#"{"x": "${a}", "y": "$${request.path[a]}"}"#, &vars).unwrap(),
        json!({"x": "1", "y": "${request.path[a]}"})
    );
    for (template, why) in [
        (r#"{"x": "${b}"}"#, "${b} is not a template variable"),
        (
            r#"{"x": "${request.path[a]}"}"#,
            "${request.path[a]} is not a template variable",
        ),
        (r#"{"x": "%{ if true }y%{ endif }"}"#, "%{ directive"),
        (r#"{"x": "${a"#, "without a closing"),
        (r#"{"x": ${a}"#, "not JSON"),
    ] {
        let err = render(template, &vars).unwrap_err();
        assert!(err.contains(why), "{template}: {err}");
    }
}
