//! The demo's guests: a dozen accounts with international names on reserved domains, who made
//! the demo history's bookings. They sign in with the demo admins' password.
use anyhow::Context;
use app::model::GuestDetails;

use crate::customers::store as customers;
use crate::store::Db;

/// Phones only where a range is set aside for fiction (US 555-01xx, UK 07700 900xxx, France
/// 06 39 98 xx xx); the others left theirs blank, as the booking form allows.
const GUESTS: &[(&str, &str, Option<&str>)] = &[
    ("Sofia Almeida", "sofia.almeida@example.org", None),
    ("Kenji Watanabe", "kenji.watanabe@example.net", None),
    ("Amara Okafor", "amara.okafor@example.com", None),
    ("Lukas Becker", "lukas.becker@example.org", None),
    ("Priya Raman", "priya.raman@example.com", None),
    ("Mateo García", "mateo.garcia@example.net", None),
    ("Ingrid Solberg", "ingrid.solberg@example.org", None),
    (
        "Chloé Martin",
        "chloe.martin@example.com",
        Some("+33 6 39 98 42 17"),
    ),
    (
        "Oliver Hughes",
        "oliver.hughes@example.net",
        Some("+44 7700 900321"),
    ),
    (
        "Emily Carter",
        "emily.carter@example.com",
        Some("+1 202 555 0147"),
    ),
    ("Thandiwe Nkosi", "thandiwe.nkosi@example.org", None),
    ("Jón Sigurðsson", "jon.sigurdsson@example.net", None),
    ("Mei Lin Tan", "meilin.tan@example.com", None),
];

/// The guests' accounts with the details their bookings carry, created where missing with the
/// demo password's `hash` (one hash serves every demo account: they share the password).
pub async fn accounts(db: &Db, hash: &str) -> anyhow::Result<Vec<(i64, GuestDetails)>> {
    let mut out = Vec::with_capacity(GUESTS.len());
    for &(name, email, phone) in GUESTS {
        let id = match customers::by_email(db, email).await? {
            Some(found) => found.customer.id,
            None => {
                match customers::insert(db, name, email, phone, hash).await? {
                    Some(c) => c.id,
                    // Signed up meanwhile: the account is there either way.
                    None => {
                        customers::by_email(db, email)
                            .await?
                            .with_context(|| format!("cannot find the demo guest {email}"))?
                            .customer
                            .id
                    }
                }
            }
        };
        let guest = GuestDetails {
            name: name.to_owned(),
            email: email.to_owned(),
            phone: phone.map(str::to_owned),
        };
        out.push((id, guest));
    }
    Ok(out)
}

/// How many demo guests there are, and the first one's email (for the start-up message).
pub fn first() -> (usize, &'static str) {
    (GUESTS.len(), GUESTS[0].1)
}
