//! The two implementations of the web's `Backend`: in-process (one process) and HTTP (roles).
mod http;
mod http_admin;
mod in_process;
mod in_process_admin;

pub use http::{HttpBackend, REQUEST_ID, ServiceUrls, fetch_verifier};
pub use in_process::InProcess;
