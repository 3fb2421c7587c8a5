//! Form building blocks of the hotels part of the admin: labelled inputs and text areas with
//! hints and field-level errors, and the typed values a failed post brings back.
use leptos::prelude::*;

use crate::model::{Flash, currency_exponent};

/// What a form shows: the values typed before a failed post, else the stored ones.
#[derive(Clone, Debug)]
pub struct FormState {
    pub flash: Flash,
    pub form: &'static str,
}

impl FormState {
    pub fn new(flash: &Flash, form: &'static str) -> Self {
        Self {
            flash: flash.clone(),
            form,
        }
    }
    /// Whether the page is showing a failed post of this form.
    pub fn returned(&self) -> bool {
        self.flash.form == self.form
    }
    pub fn value(&self, name: &str, stored: impl Into<String>) -> String {
        if self.returned() {
            self.flash.values.get(name).cloned().unwrap_or_default()
        } else {
            stored.into()
        }
    }
    pub fn checked(&self, name: &str, stored: bool) -> bool {
        if self.returned() {
            self.flash.values.get(name).is_some_and(|v| !v.is_empty())
        } else {
            stored
        }
    }
    pub fn error(&self, name: &str) -> Option<String> {
        self.flash.error(self.form, name)
    }
    pub fn error_count(&self) -> usize {
        if self.returned() {
            self.flash.errors.0.len()
        } else {
            0
        }
    }
}

/// Minor units as an admin types them: `12050` EUR is "120.50", `12000` EUR is "120".
pub fn major_text(minor: i64, currency: &str) -> String {
    let exp = currency_exponent(currency);
    let scale = 10_i64.pow(exp);
    let (major, rest) = (minor / scale, (minor % scale).abs());
    if rest == 0 {
        major.to_string()
    } else {
        format!("{major}.{rest:0width$}", width = exp as usize)
    }
}

/// A labelled `<input>` with an optional hint, suffix (e.g. the currency) and error.
#[component]
pub fn Input(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] min: Option<String>,
    #[prop(optional, into)] max: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] suffix: Option<String>,
    #[prop(optional)] class: Option<&'static str>,
    /// No "(optional)" after the label: for fields only some choices use.
    #[prop(optional)]
    plain: bool,
) -> impl IntoView {
    let id = format!("f-{}", name.replace(['[', ']', '.'], "-"));
    let (err_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let invalid = error.is_some();
    let describedby = match (&error, &hint) {
        (Some(_), _) => Some(err_id.clone()),
        (None, Some(_)) => Some(hint_id.clone()),
        _ => None,
    };
    let input = view! {
        <input
            id=id.clone()
            name=name
            type=kind
            value=value
            required=required
            autofocus=autofocus
            list=list
            inputmode=inputmode
            min=min
            max=max
            autocomplete=autocomplete
            aria-invalid=invalid.then_some("true")
            aria-describedby=describedby
        />
    };
    view! {
        <div class=format!("field {}", class.unwrap_or_default()) class:has-error=invalid>
            <label for=id>{label}{(!required && !plain).then(|| view! { <span class="optional">" (optional)"</span> })}</label>
            {match suffix {
                Some(s) => view! { <div class="with-suffix">{input}<span class="suffix" aria-hidden="true">{s}</span></div> }.into_any(),
                None => input.into_any(),
            }}
            {hint.filter(|_| !invalid).map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="field-error" id=err_id>{e}</p> })}
        </div>
    }
}

/// A labelled `<textarea>`, e.g. for lists typed one per line.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let (err_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let invalid = error.is_some();
    let describedby = match (&error, hint) {
        (Some(_), _) => Some(err_id.clone()),
        (None, Some(_)) => Some(hint_id.clone()),
        _ => None,
    };
    view! {
        <div class=format!("field {}", class.unwrap_or_default()) class:has-error=invalid>
            <label for=id.clone()>{label}<span class="optional">" (optional)"</span></label>
            <textarea id=id name=name rows=rows aria-invalid=invalid.then_some("true") aria-describedby=describedby>{value}</textarea>
            {hint.filter(|_| !invalid).map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="field-error" id=err_id>{e}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_read_as_typed() {
        assert_eq!(major_text(12050, "EUR"), "120.50");
        assert_eq!(major_text(12000, "EUR"), "120");
        assert_eq!(major_text(32000, "JPY"), "32000");
        assert_eq!(major_text(1234, "KWD"), "1.234");
    }
}
