//! The deployment's routes and how a request finds one: path templates with `{param}`
//! segments, relative to the deployment's path prefix, and the methods each route allows.
use std::collections::HashMap;
use std::time::Duration;

use axum::http::Method;
use serde_json::Value;

pub struct Route {
    pub path: String,
    segments: Vec<Segment>,
    /// `None` for `ANY`.
    methods: Option<Vec<Method>>,
    pub backend: Backend,
    /// Route authorization `ANONYMOUS`; OCI applies `AUTHENTICATION_ONLY` when a route names
    /// none, and this stand-in knows no `ANY_OF` scopes.
    pub anonymous: bool,
}

enum Segment {
    Literal(String),
    Param(String),
}

pub enum Backend {
    Http {
        /// With `${request.path[name]}` still in it.
        url: String,
        client: reqwest::Client,
        /// Sending the request and reading the answer, together.
        timeout: Duration,
    },
    Function {
        id: String,
    },
}

/// What the routes make of a request.
pub enum Found<'a> {
    Route(&'a Route, HashMap<String, String>),
    /// The path is a route's, the method is not: these are the path's methods.
    OtherMethods(Vec<Method>),
    Nothing,
}

/// The routes of a rendered specification. Panics on what OCI would refuse or this stand-in
/// does not imitate, so a test never passes on a route it silently misread.
pub fn parse(spec: &Value) -> Vec<Route> {
    let routes = spec["routes"]
        .as_array()
        .expect("a specification has routes");
    let mut clients: HashMap<u64, reqwest::Client> = HashMap::new();
    routes
        .iter()
        .map(|r| {
            let path = r["path"].as_str().expect("a route has a path").to_owned();
            let methods = r["methods"]
                .as_array()
                .map(|ms| {
                    ms.iter()
                        .map(|m| m.as_str().expect("methods are strings"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_else(|| vec!["ANY"]);
            let methods = (!methods.contains(&"ANY")).then(|| {
                methods
                    .iter()
                    .map(|m| Method::from_bytes(m.as_bytes()).expect("an HTTP method"))
                    .collect()
            });
            let authorization = r["requestPolicies"]["authorization"]["type"]
                .as_str()
                .unwrap_or("AUTHENTICATION_ONLY");
            let anonymous = match authorization {
                "ANONYMOUS" => true,
                "AUTHENTICATION_ONLY" => false,
                other => panic!("{path}: route authorization {other} is not imitated"),
            };
            Route {
                segments: segments(&path),
                backend: backend(&path, &r["backend"], &mut clients),
                path,
                methods,
                anonymous,
            }
        })
        .collect()
}

fn segments(path: &str) -> Vec<Segment> {
    assert!(path.starts_with('/'), "route path {path} must start with /");
    path.split('/')
        .skip(1)
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    // OCI's rule for parameter names; `{name*}` wildcards are not imitated.
                    assert!(
                        !name.is_empty()
                            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                        "{path}: path parameter {{{name}}} is not letters, digits and _"
                    );
                    Segment::Param(name.to_owned())
                }
                None => Segment::Literal(s.to_owned()),
            },
        )
        .collect()
}

fn backend(path: &str, b: &Value, clients: &mut HashMap<u64, reqwest::Client>) -> Backend {
    let seconds = |field: &str| Duration::from_secs_f64(b[field].as_f64().unwrap_or(60.0));
    match b["type"].as_str() {
        Some("HTTP_BACKEND") => {
            let url = b["url"]
                .as_str()
                .expect("an HTTP backend has a url")
                .to_owned();
            let connect = seconds("connectTimeoutInSeconds");
            let client = clients
                .entry(connect.as_millis() as u64)
                .or_insert_with(|| {
                    reqwest::Client::builder()
                        .connect_timeout(connect)
                        // The gateway hands redirects to the client, as any proxy does.
                        .redirect(reqwest::redirect::Policy::none())
                        .build()
                        .unwrap()
                })
                .clone();
            Backend::Http {
                url,
                client,
                timeout: seconds("sendTimeoutInSeconds") + seconds("readTimeoutInSeconds"),
            }
        }
        Some("ORACLE_FUNCTIONS_BACKEND") => Backend::Function {
            id: b["functionId"]
                .as_str()
                .expect("a functions backend has a functionId")
                .to_owned(),
        },
        other => panic!("{path}: backend type {other:?} is not imitated"),
    }
}

impl Route {
    /// The path parameters when `path` (relative to the prefix) is this route's, raw as the
    /// client sent them (still percent-encoded).
    fn capture(&self, path: &[&str]) -> Option<HashMap<String, String>> {
        if path.len() != self.segments.len() {
            return None;
        }
        let mut params = HashMap::new();
        for (segment, got) in self.segments.iter().zip(path) {
            match segment {
                Segment::Literal(l) if l == got => {}
                Segment::Param(name) if !got.is_empty() => {
                    params.insert(name.clone(), (*got).to_owned());
                }
                _ => return None,
            }
        }
        Some(params)
    }

    fn allows(&self, method: &Method) -> bool {
        self.methods.as_ref().is_none_or(|ms| ms.contains(method))
    }

    /// Literal segments outrank parameters, earlier segments first: `/a/b` before `/a/{x}`.
    fn specificity(&self) -> Vec<bool> {
        let literal = |s: &Segment| matches!(s, Segment::Literal(_));
        self.segments.iter().map(literal).collect()
    }
}

/// The most specific route for `path` that allows `method`. OCI documents neither its tie-break
/// nor what it answers a known path with an unknown method; this stand-in prefers literal
/// segments and answers 405 (see `Gateway`).
pub fn find<'a>(routes: &'a [Route], method: &Method, path: &str) -> Found<'a> {
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    let matching: Vec<(&Route, HashMap<String, String>)> = routes
        .iter()
        .filter_map(|r| r.capture(&parts).map(|p| (r, p)))
        .collect();
    if matching.is_empty() {
        return Found::Nothing;
    }
    let best = matching
        .iter()
        .filter(|(r, _)| r.allows(method))
        .max_by_key(|(r, _)| r.specificity());
    match best {
        Some((route, params)) => Found::Route(route, params.clone()),
        None => {
            let mut allowed: Vec<Method> = Vec::new();
            for m in matching
                .iter()
                .flat_map(|(r, _)| r.methods.iter().flatten())
            {
                if !allowed.contains(m) {
                    allowed.push(m.clone());
                }
            }
            Found::OtherMethods(allowed)
        }
    }
}
