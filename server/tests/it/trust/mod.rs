//! Accounts and trust: each hole the security review found, shown closed.
mod files;
mod redirects;
