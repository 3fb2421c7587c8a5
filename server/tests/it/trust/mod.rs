//! Accounts and trust: each hole the security review found, shown closed.
mod accounts;
mod files;
mod redirects;
