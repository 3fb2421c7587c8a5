//! Guests and other people who sign in.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Customer {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    #[serde(default)]
    pub role: super::Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUp {
    pub name: String,
    pub email: String,
    pub password: String,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// Minimum password length; long passphrases beat composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_LEN: usize = 10;
