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
    /// Whether the account confirmed its address through the link emailed to it.
    #[serde(default)]
    pub email_verified: bool,
}

/// A new guest account (`POST /api/v1/customers`, and the sign-up form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = NewCustomer))]
pub struct SignUp {
    pub name: String,
    pub email: String,
    /// At least 10 characters.
    pub password: String,
    pub phone: Option<String>,
}

/// Email and password (`POST /api/v1/sessions`, and the sign-in form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Credentials))]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// What `POST /api/v1/sessions` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccessToken {
    /// An RS256 JWT; verify it with `/.well-known/jwks.json`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// What an operation whose result arrives by email answers: the same whether or not the address
/// has an account, so the answer tells nobody which addresses do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Accepted {
    pub detail: String,
}

/// `POST /api/v1/password-resets`: email me a link to set a new password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /api/v1/password-resets/complete`: the emailed link's token and the new password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub token: String,
    /// At least 10 characters.
    pub password: String,
}

/// The token of an emailed link (`POST /api/v1/customers/verify`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmailLink {
    pub token: String,
}

/// Minimum password length; long passphrases beat composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_LEN: usize = 10;
