//! The search form: destination, dates and guests, as a shareable GET form.
use leptos::prelude::*;

use crate::model::{City, FieldErrors, SearchParams};

#[component]
pub fn SearchForm(
    cities: Vec<City>,
    params: SearchParams,
    #[prop(optional)] errors: FieldErrors,
    #[prop(default = false)] compact: bool,
) -> impl IntoView {
    let err = |f: &str| errors.get(f).map(str::to_owned);
    let (e_city, e_in, e_out, e_guests) = (
        err("city"),
        err("check_in"),
        err("check_out"),
        err("guests"),
    );
    let guests: u32 = params.stay.guests.parse().unwrap_or(2);
    let options = cities
        .iter()
        .map(|c| view! { <option value=c.name.clone()>{format!("{}, {}", c.name, c.country)}</option> })
        .collect_view();
    view! {
        <form method="get" action="/search" class="search-form" class:compact=compact role="search">
            <div class="field grow" class:has-error=e_city.is_some()>
                <label for="s-city">"Destination"</label>
                <input id="s-city" name="city" list="cities" required placeholder="Where to? e.g. Lisbon"
                    value=params.city autocomplete="off" aria-invalid=e_city.is_some().then_some("true") aria-describedby=e_city.is_some().then_some("s-city-error") />
                <datalist id="cities">{options}</datalist>
                {e_city.clone().map(|e| view! { <p class="field-error" id="s-city-error">{e}</p> })}
            </div>
            <div class="field" class:has-error=e_in.is_some()>
                <label for="s-in">"Check-in"</label>
                <input id="s-in" name="check_in" type="date" required value=params.stay.check_in
                    aria-invalid=e_in.is_some().then_some("true") aria-describedby=e_in.is_some().then_some("s-in-error") />
                {e_in.clone().map(|e| view! { <p class="field-error" id="s-in-error">{e}</p> })}
            </div>
            <div class="field" class:has-error=e_out.is_some()>
                <label for="s-out">"Check-out"</label>
                <input id="s-out" name="check_out" type="date" required value=params.stay.check_out
                    aria-invalid=e_out.is_some().then_some("true") aria-describedby=e_out.is_some().then_some("s-out-error") />
                {e_out.clone().map(|e| view! { <p class="field-error" id="s-out-error">{e}</p> })}
            </div>
            <div class="field narrow-field" class:has-error=e_guests.is_some()>
                <label for="s-guests">"Guests"</label>
                <select id="s-guests" name="guests" aria-describedby=e_guests.is_some().then_some("s-guests-error")>
                    {(1..=8u32).map(|n| view! {
                        <option value=n.to_string() selected=n == guests>
                            {if n == 1 { "1 guest".to_owned() } else { format!("{n} guests") }}
                        </option>
                    }).collect_view()}
                </select>
                {e_guests.clone().map(|e| view! { <p class="field-error" id="s-guests-error">{e}</p> })}
            </div>
            {(!params.sort.is_empty()).then(|| view! { <input type="hidden" name="sort" value=params.sort.clone() /> })}
            <button type="submit" class="btn btn-primary search-go">"Search"</button>
        </form>
    }
}
