//! Recovering from loss: backups taken while the site serves, and restoring them.
mod backup;
mod support;
