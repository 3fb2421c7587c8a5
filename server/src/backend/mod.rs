//! The two implementations of the web's `Backend`: in-process (one process) and HTTP (roles).
mod http;
mod in_process;

pub use http::{HttpBackend, ServiceUrls};
pub use in_process::InProcess;
