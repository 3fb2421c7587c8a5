//! A browser-like client of the site (cookies, its pages' Origin, no redirects followed) and the
//! helpers that read its answers: where a redirect goes, a form's fields, an element's text.
use reqwest::{Client, StatusCode, redirect::Policy};

pub struct Browser {
    pub client: Client,
    pub base: String,
}

impl Browser {
    /// A browser of the site at `base` (`http://host:port`): keeps cookies, sends its pages'
    /// `Origin`, follows no redirect.
    pub fn at(base: &str) -> Browser {
        let base = base.trim_end_matches('/').to_owned();
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", base.parse().unwrap());
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();
        Browser { client, base }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }
    pub async fn get_html(&self, path: &str) -> (StatusCode, String) {
        let res = self.get(path).await;
        let status = res.status();
        (status, res.text().await.unwrap())
    }
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// Posts a booking form directly, as a page rendered earlier would.
    pub async fn post_booking(
        &self,
        hotel: &str,
        room: &str,
        check_in: &str,
        check_out: &str,
        key: &str,
    ) -> reqwest::Response {
        let form = [
            ("room_type", room),
            ("check_in", check_in),
            ("check_out", check_out),
            ("guests", "1"),
            ("guest_name", "Test Guest"),
            ("guest_email", "test.guest@example.com"),
            ("idempotency_key", key),
        ];
        self.post_form(&format!("/hotels/{hotel}/book"), &form)
            .await
    }

    /// Opens the booking page and submits its form as a browser would (hidden fields included).
    pub async fn book(
        &self,
        hotel: &str,
        room: &str,
        check_in: &str,
        check_out: &str,
        guests: u32,
    ) -> reqwest::Response {
        let page = format!(
            "/hotels/{hotel}/book?room_type={room}&check_in={check_in}&check_out={check_out}&guests={guests}"
        );
        let (status, html) = self.get_html(&page).await;
        assert_eq!(status, StatusCode::OK, "booking page: {html}");
        let form = form_fields(&html, "form[action$='/book']");
        let fields: Vec<(&str, &str)> =
            form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post_form(&format!("/hotels/{hotel}/book"), &fields)
            .await
    }
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The name/value pairs a browser would submit for the first form matching `selector`.
pub fn form_fields(html: &str, selector: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let form_sel = scraper::Selector::parse(selector).unwrap();
    let form = doc
        .select(&form_sel)
        .next()
        .unwrap_or_else(|| panic!("no form {selector} in page"));
    let inputs = scraper::Selector::parse("input[name], textarea[name]").unwrap();
    form.select(&inputs)
        .map(|el| {
            let name = el.value().attr("name").unwrap().to_owned();
            let value = if el.value().name() == "textarea" {
                el.text().collect()
            } else {
                el.value().attr("value").unwrap_or_default().to_owned()
            };
            (name, value)
        })
        .collect()
}

/// The text of the first element matching `selector`.
pub fn text_of(html: &str, selector: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_owned())
}
