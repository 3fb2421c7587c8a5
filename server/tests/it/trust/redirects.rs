//! After sign-in or sign-up, `next` can only lead back into this site.
use crate::common::{TestApp, location};

const TRICKS: &[&str] = &[
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "https://evil.example/",
    "javascript:alert(1)",
];

#[tokio::test]
async fn next_never_leaves_the_site() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let stranger = app.browser();
    let res = b
        .post_form(
            "/signup",
            &[
                ("name", "Ada Tab"),
                ("email", "ada@example.com"),
                ("password", "a long enough passphrase"),
                ("next", "/\t/evil.example"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/trips");
    for next in TRICKS {
        let res = b
            .post_form(
                "/signin",
                &[
                    ("email", "ada@example.com"),
                    ("password", "a long enough passphrase"),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(location(&res), "/trips", "next = {next:?}");
        // The sign-in page's own form does not carry the trick either.
        let (_, html) = stranger
            .get_html(&format!("/signin?next={}", app::url::url_encode(next)))
            .await;
        assert!(!html.contains("evil.example"), "page for next = {next:?}");
    }
    let res = b
        .post_form(
            "/signin",
            &[
                ("email", "ada@example.com"),
                ("password", "a long enough passphrase"),
                ("next", "/hotels/casa-do-tejo?check_in=2027-01-02"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/hotels/casa-do-tejo?check_in=2027-01-02");
}
