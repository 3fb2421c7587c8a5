//! What people type about themselves, parsed once at the edge: names, email addresses, phone
//! numbers, passwords, and the sign-up and sign-in forms made of them.
use app::model::{FieldErrors, MIN_PASSWORD_LEN, SignIn, SignUp};

/// A cheap shape check; the confirmation email is the real proof of an address.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

pub const EMAIL_HINT: &str = "Enter an email address like name@example.com.";
pub const PHONE_HINT: &str = "Enter a phone number with 6 to 15 digits, e.g. +351 912 345 678.";

/// A trimmed email address of a plausible shape.
pub fn email(value: &str, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let value = value.trim();
    if valid_email(value) {
        Some(value.to_owned())
    } else {
        errors.add(field, EMAIL_HINT);
        None
    }
}

/// A trimmed phone number, `None` when left empty.
pub fn phone(value: Option<&str>, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let value = value.map(str::trim).filter(|p| !p.is_empty())?;
    if valid_phone(value) {
        Some(value.to_owned())
    } else {
        errors.add(field, PHONE_HINT);
        None
    }
}

/// A trimmed name of 1 to 100 characters.
pub fn name(value: &str, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, "Enter a name.");
        None
    } else if value.chars().count() > 100 {
        errors.add(field, "Keep the name under 100 characters.");
        None
    } else {
        Some(value.to_owned())
    }
}

/// A new password: long passphrases beat composition rules (NIST SP 800-63B).
pub fn password(value: &str, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let len = value.chars().count();
    if len < MIN_PASSWORD_LEN {
        errors.add(field, "Use at least 10 characters.");
        None
    } else if len > 256 {
        errors.add(field, "Use at most 256 characters.");
        None
    } else {
        Some(value.to_owned())
    }
}

/// A new account, every field checked.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub password: String,
}

impl NewAccount {
    pub fn parse(form: SignUp) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = name(&form.name, "name", &mut errors);
        let email = email(&form.email, "email", &mut errors);
        let phone = phone(form.phone.as_deref(), "phone", &mut errors);
        let password = password(&form.password, "password", &mut errors);
        match (name, email, password) {
            (Some(name), Some(email), Some(password)) if errors.is_empty() => Ok(NewAccount {
                name,
                email,
                phone,
                password,
            }),
            _ => Err(errors),
        }
    }
}

/// One field parsed on its own: its value, or its field error.
pub fn parse_one<T>(parse: impl FnOnce(&mut FieldErrors) -> Option<T>) -> Result<T, FieldErrors> {
    let mut errors = FieldErrors::default();
    parse(&mut errors).ok_or(errors)
}

/// An email and password to check; both must be given.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

impl Credentials {
    pub fn parse(form: SignIn) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        if form.email.trim().is_empty() {
            errors.add("email", "Enter your email address.");
        }
        if form.password.is_empty() {
            errors.add("password", "Enter your password.");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Credentials {
            email: form.email.trim().to_owned(),
            password: form.password,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_phones() {
        assert!(valid_email("ana@example.pt"));
        assert!(!valid_email("ana@example"));
        assert!(!valid_email("ana example@x.com"));
        assert!(!valid_email("@x.com"));
        assert!(valid_phone("+351 912 345 678"));
        assert!(!valid_phone("12345"));
        assert!(!valid_phone("call me"));
    }

    #[test]
    fn sign_up_reports_every_bad_field() {
        let form = SignUp {
            name: " ".into(),
            email: "nope".into(),
            password: "short".into(),
            phone: Some("x".into()),
        };
        let errors = NewAccount::parse(form).unwrap_err();
        for field in ["name", "email", "password", "phone"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_good_sign_up_is_trimmed() {
        let form = SignUp {
            name: " Ana ".into(),
            email: " ana@example.pt ".into(),
            password: "a long passphrase".into(),
            phone: Some("  ".into()),
        };
        let account = NewAccount::parse(form).unwrap();
        assert_eq!(
            (account.name.as_str(), account.email.as_str()),
            ("Ana", "ana@example.pt")
        );
        assert_eq!(account.phone, None);
    }
}
