//! The emails about an account or an alert address: each carries one link and says why it came.
use app::model::EmailKind;

use super::Rendered;
use super::layout::Outline;

/// What one account email is about. Tokens are the raw link secrets (only their hashes are kept).
#[derive(Clone, Copy, Debug)]
pub enum AccountMessage<'a> {
    /// Confirm the address of a new (or changed) account.
    Verify { name: &'a str, token: &'a str },
    /// Set a new password.
    Reset { name: &'a str, token: &'a str },
    /// Somebody used this address to sign up, but it already has an account.
    Exists { name: &'a str },
    /// Confirm this address for a hotel's booking alerts.
    RecipientConfirm { hotel_name: &'a str, token: &'a str },
}

/// Minutes a password-reset link lasts (said in the email).
pub const RESET_MINUTES: i64 = 60;
/// Days an address-confirmation link lasts.
pub const VERIFY_DAYS: i64 = 7;

pub fn render(message: AccountMessage<'_>, recipient: &str, public_url: &str) -> Rendered {
    let plain = |heading: &str, preheader: String, paragraphs: Vec<String>| Outline {
        preheader,
        heading: heading.to_owned(),
        paragraphs,
        details: Vec::new(),
        price: None,
        notices: Vec::new(),
        button: None,
        footer: String::new(),
    };
    match message {
        AccountMessage::Verify { name, token } => {
            let link = format!("{public_url}/account/verify?token={token}");
            let mut o = plain(
                "Confirm your email address",
                "One click to confirm this address for your Vision Stays account.".into(),
                vec![
                    format!("Hello {name},"),
                    "Please confirm that this is your address, so your booking confirmations and \
                     password resets reach you."
                        .into(),
                ],
            );
            o.notices = vec![format!(
                "The link works for {VERIFY_DAYS} days. You can book before you confirm."
            )];
            o.button = Some(("Confirm my address".into(), link));
            o.footer = "You receive this email because an account was created or changed with \
                        this address on Vision Stays. If it was not you, ignore it: nothing \
                        happens without the link."
                .into();
            o.render(
                EmailKind::AccountVerification,
                recipient,
                "Confirm your email address for Vision Stays".into(),
            )
        }
        AccountMessage::Reset { name, token } => {
            let link = format!("{public_url}/reset-password?token={token}");
            let mut o = plain(
                "Reset your password",
                "Choose a new password for your Vision Stays account.".into(),
                vec![
                    format!("Hello {name},"),
                    "Somebody asked to reset the password of your account. If it was you, \
                     choose a new password with the button below."
                        .into(),
                ],
            );
            o.notices = vec![
                format!("The link works once, within {RESET_MINUTES} minutes."),
                "Setting a new password signs your account out everywhere else.".into(),
            ];
            o.button = Some(("Choose a new password".into(), link));
            o.footer = "You receive this email because a password reset was asked for this \
                        address on Vision Stays. If it was not you, ignore it: your password \
                        stays as it is."
                .into();
            o.render(
                EmailKind::PasswordReset,
                recipient,
                "Reset your Vision Stays password".into(),
            )
        }
        AccountMessage::Exists { name } => {
            let mut o = plain(
                "You already have an account",
                "Somebody tried to sign up with this address.".into(),
                vec![
                    format!("Hello {name},"),
                    "Somebody tried to create a Vision Stays account with this address, which \
                     already has one. If it was you, sign in; if you forgot your password, \
                     reset it."
                        .into(),
                ],
            );
            o.button = Some((
                "Reset my password".into(),
                format!("{public_url}/forgot-password"),
            ));
            o.footer = "If it was not you, ignore this email: your account is unchanged.".into();
            o.render(
                EmailKind::AccountExists,
                recipient,
                "You already have a Vision Stays account".into(),
            )
        }
        AccountMessage::RecipientConfirm { hotel_name, token } => {
            let link = format!("{public_url}/alerts/confirm?token={token}");
            let mut o = plain(
                "Confirm booking alerts",
                format!("Booking alerts for {hotel_name} will come to this address."),
                vec![
                    "Hello,".into(),
                    format!(
                        "An admin of {hotel_name} added this address to the hotel's booking \
                         alerts: new bookings and cancellations, with the guests' details. \
                         They start once you confirm."
                    ),
                ],
            );
            o.button = Some(("Confirm booking alerts".into(), link));
            o.footer = format!(
                "You receive this email because this address was added to {hotel_name}'s \
                 alerts on Vision Stays. If you don't expect it, ignore it: nothing is sent \
                 without your confirmation."
            );
            o.render(
                EmailKind::RecipientConfirmation,
                recipient,
                format!("Confirm booking alerts for {hotel_name}"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_email_carries_its_link_and_escapes_names() {
        let url = "https://stays.example";
        let v = render(
            AccountMessage::Verify {
                name: "<Ana>",
                token: "t0k",
            },
            "ana@example.com",
            url,
        );
        assert!(
            v.text
                .contains("https://stays.example/account/verify?token=t0k")
        );
        assert!(v.html.contains("&lt;Ana&gt;") && !v.html.contains("<Ana>"));
        let r = render(
            AccountMessage::Reset {
                name: "Ana",
                token: "r3s",
            },
            "ana@example.com",
            url,
        );
        assert!(r.text.contains("/reset-password?token=r3s"));
        assert!(r.text.contains("60 minutes"));
        let e = render(
            AccountMessage::Exists { name: "Ana" },
            "ana@example.com",
            url,
        );
        assert!(!e.text.contains("token="));
        assert_eq!(e.kind, EmailKind::AccountExists);
    }
}
