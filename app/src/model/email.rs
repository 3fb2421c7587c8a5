//! Emails as the admin area lists them: what was sent (or is waiting) to whom, and how it went.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which message of a booking event this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    GuestConfirmation,
    GuestCancellation,
    AdminNewBooking,
    AdminCancellation,
    /// The link that confirms an account's address.
    AccountVerification,
    /// The link that sets a new password.
    PasswordReset,
    /// Somebody signed up with an address that already has an account.
    AccountExists,
    /// The link that confirms an address for a hotel's booking alerts.
    RecipientConfirmation,
}

impl EmailKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EmailKind::GuestConfirmation => "guest_confirmation",
            EmailKind::GuestCancellation => "guest_cancellation",
            EmailKind::AdminNewBooking => "admin_new_booking",
            EmailKind::AdminCancellation => "admin_cancellation",
            EmailKind::AccountVerification => "account_verification",
            EmailKind::PasswordReset => "password_reset",
            EmailKind::AccountExists => "account_exists",
            EmailKind::RecipientConfirmation => "recipient_confirmation",
        }
    }
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "guest_confirmation" => EmailKind::GuestConfirmation,
            "guest_cancellation" => EmailKind::GuestCancellation,
            "admin_new_booking" => EmailKind::AdminNewBooking,
            "admin_cancellation" => EmailKind::AdminCancellation,
            "account_verification" => EmailKind::AccountVerification,
            "password_reset" => EmailKind::PasswordReset,
            "account_exists" => EmailKind::AccountExists,
            "recipient_confirmation" => EmailKind::RecipientConfirmation,
            _ => return None,
        })
    }
    /// How the admin area names it.
    pub fn label(&self) -> &'static str {
        match self {
            EmailKind::GuestConfirmation => "Guest confirmation",
            EmailKind::GuestCancellation => "Guest cancellation",
            EmailKind::AdminNewBooking => "New booking alert",
            EmailKind::AdminCancellation => "Cancellation alert",
            EmailKind::AccountVerification => "Address confirmation",
            EmailKind::PasswordReset => "Password reset",
            EmailKind::AccountExists => "Sign-up on an existing account",
            EmailKind::RecipientConfirmation => "Alert recipient confirmation",
        }
    }

    /// Whether the email carries a link that acts for its recipient (the admin never shows
    /// its text).
    pub fn holds_a_secret_link(&self) -> bool {
        matches!(
            self,
            EmailKind::AccountVerification
                | EmailKind::PasswordReset
                | EmailKind::RecipientConfirmation
        )
    }
}

/// Where an email is in its delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum EmailStatus {
    /// Waiting for its first try, or for the next one after a failure.
    Pending,
    /// Accepted by the SMTP server, or written to the mail folder.
    Sent,
    /// Every try failed; the relay gave up.
    Failed,
}

impl EmailStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            EmailStatus::Pending => "pending",
            EmailStatus::Sent => "sent",
            EmailStatus::Failed => "failed",
        }
    }
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pending" => EmailStatus::Pending,
            "sent" => EmailStatus::Sent,
            "failed" => EmailStatus::Failed,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmailSummary {
    pub id: i64,
    pub kind: EmailKind,
    pub recipient: String,
    pub subject: String,
    pub status: EmailStatus,
    /// Delivery tries so far.
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// `created_at` and `sent_at` as the hotel's wall clock reads them, e.g. "Sat 21 Nov 2026,
    /// 20:14" (UTC for mail without a hotel).
    pub created_local: String,
    pub sent_local: Option<String>,
    /// Why the latest try failed (kept after a later success, for the record).
    pub last_error: Option<String>,
    pub booking_reference: Option<String>,
    pub hotel_name: Option<String>,
    /// The `.eml` file in `<data-dir>/mail/` when no SMTP server is configured.
    pub file_name: Option<String>,
}
