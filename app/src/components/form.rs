//! Form fields with labels and field-level errors, and a submit button that cannot double-fire.
use leptos::prelude::*;

#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = None, into)] value: Option<String>,
    #[prop(default = None, into)] error: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] min: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let describedby = match (&error, hint) {
        (Some(_), _) => Some(err_id.clone()),
        (None, Some(_)) => Some(hint_id.clone()),
        _ => None,
    };
    let invalid = error.is_some();
    view! {
        <div class="field" class:has-error=invalid>
            <label for=id.clone()>{label}{(!required).then(|| view! { <span class="optional">" (optional)"</span> })}</label>
            <input
                id=id
                name=name
                type=kind
                value=value.unwrap_or_default()
                autocomplete=autocomplete
                required=required
                min=min
                aria-invalid=invalid.then_some("true")
                aria-describedby=describedby
            />
            {hint.filter(|_| !invalid).map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="field-error" id=err_id>{e}</p> })}
        </div>
    }
}

/// Disables itself once the form is submitted, so a double click sends one request.
/// (The idempotency key is what guarantees one booking; this is courtesy.) An island: the
/// browser's copy is the only part of a form page that runs there.
#[island]
pub fn SubmitButton(
    #[prop(into)] label: String,
    /// Shown while the form is on its way ("Working…" when not given).
    #[prop(optional, into)]
    pending_label: Option<String>,
    /// The button's classes ("btn btn-primary" when not given).
    #[prop(optional, into)]
    class: Option<String>,
) -> impl IntoView {
    let pending_label = pending_label.unwrap_or_else(|| "Working…".to_owned());
    let class = class.unwrap_or_else(|| "btn btn-primary".to_owned());
    let pending = RwSignal::new(false);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if pending.get_untracked() {
            ev.prevent_default();
        } else {
            // Let the form's own validation run first: only a form that will submit locks.
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                let form = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlButtonElement>().ok())
                    .and_then(|b| b.form());
                if form.is_some_and(|f| f.check_validity()) {
                    pending.set(true);
                }
            }
        }
    };
    view! {
        <button type="submit" class=class aria-disabled=move || pending.get().then_some("true") on:click=on_click>
            {move || if pending.get() { pending_label.clone() } else { label.clone() }}
        </button>
    }
}

/// A one-line summary at the top of a form when fields need attention.
#[component]
pub fn ErrorSummary(count: usize) -> impl IntoView {
    (count > 0).then(|| {
        let text = if count == 1 {
            "Please correct the highlighted field.".to_owned()
        } else {
            format!("Please correct the {count} highlighted fields.")
        };
        view! { <p class="banner banner-alert" role="alert">{text}</p> }
    })
}
