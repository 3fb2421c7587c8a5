//! `Checked<T>`: a request that passed its parser at the edge. Services take these, so input
//! they receive has always been checked, and checked once.
use std::ops::Deref;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked<T>(T);

impl<T> Checked<T> {
    /// For parsers only: `value` has passed every check its type has.
    pub(crate) fn new(value: T) -> Self {
        Checked(value)
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Checked<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A request as parsed at the edge, or why it did not parse. Services that first check the
/// caller's right to the thing asked about take this and read it after that check, so someone
/// without access learns nothing from the fields' messages.
pub type Parsed<T> = Result<Checked<T>, app::model::FieldErrors>;
