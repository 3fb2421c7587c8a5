//! The server's integration tests, linked into one binary: each module starts the real app
//! (`common::TestApp`) on a random port with a fresh database and drives it over HTTP.
#[macro_use]
mod common;

mod admin_api;
mod admin_backends;
mod admin_cli;
mod alerts;
mod api;
mod api_accounts;
mod backends;
mod booking;
mod concurrency;
mod demo;
mod demo_history;
mod email;
mod events;
mod functions;
mod gateway;
mod headers;
mod keys;
mod oci;
mod oci_standin;
mod operations;
mod proxies;
mod recovery;
mod roles;
mod site;
mod traces;
mod trust;
mod webhooks;
