//! Building blocks of the lifecycle forms on the case page: several forms share one page, so
//! every field is named `{form}-{field}` (unique ids), and a refused form comes back with its
//! values and its errors beside their fields, opened.

use crate::pages::layout::Ctx;
use crate::pages::{FormBody, t};
use maud::{Markup, html};
use std::collections::BTreeMap;

/// Every `(name, value)` pair of a posted form, repeated names (checkbox lists) included.
pub(crate) fn pairs(body: FormBody) -> Vec<(String, String)> {
    match body {
        Ok(axum::Form(pairs)) => pairs,
        Err(_) => Vec::new(),
    }
}

/// A form that was posted and refused: what was typed, and what is wrong with it.
#[derive(Debug, Default, Clone)]
pub(crate) struct FormState {
    /// The form's key: `counselling`, `consent-2`, `move`, …
    pub key: String,
    pub values: Vec<(String, String)>,
    /// Field (without the form's prefix) → message ids.
    pub errors: BTreeMap<String, Vec<String>>,
    /// Errors that belong to no single field.
    pub general: Vec<String>,
}

impl FormState {
    pub fn new(key: &str, values: Vec<(String, String)>) -> Self {
        FormState {
            key: key.to_owned(),
            values,
            ..FormState::default()
        }
    }

    /// Files a service's errors: `/held_on` and `/topics/2` belong to the fields `held_on` and
    /// `topics`; `/` to the whole form.
    pub fn with_errors(mut self, errors: &[homeward_domain::error::FieldError]) -> Self {
        for e in errors {
            let field = e.pointer.trim_start_matches('/').split('/').next();
            match field {
                Some(f) if !f.is_empty() => self
                    .errors
                    .entry(f.to_owned())
                    .or_default()
                    .push(e.code.to_owned()),
                _ => self.general.push(e.code.to_owned()),
            }
        }
        self
    }

    /// The first value sent for `field` of this form.
    pub fn get(&self, field: &str) -> Option<&str> {
        let name = format!("{}-{field}", self.key);
        self.values
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value sent for `field` (a checkbox list).
    pub fn all(&self, field: &str) -> Vec<String> {
        let name = format!("{}-{field}", self.key);
        self.values
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A text field: `None` when absent or blank.
    pub fn text(&self, field: &str) -> Option<String> {
        self.get(field)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    pub fn string(&self, field: &str) -> String {
        self.get(field).unwrap_or("").trim().to_owned()
    }

    pub fn flag(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}

/// One form of the page as it is drawn: fresh, or carrying what was refused.
pub(crate) struct Form<'a> {
    pub ctx: &'a Ctx,
    pub key: String,
    state: Option<&'a FormState>,
    /// Today's date, the default of every date field.
    today: String,
}

impl<'a> Form<'a> {
    pub fn new(ctx: &'a Ctx, key: impl Into<String>, refused: Option<&'a FormState>) -> Self {
        let key = key.into();
        Form {
            ctx,
            state: refused.filter(|s| s.key == key),
            key,
            today: crate::pages::today().to_string(),
        }
    }

    /// Whether this form was refused (it is then drawn open, with its errors).
    pub fn refused(&self) -> bool {
        self.state.is_some()
    }

    pub fn name(&self, field: &str) -> String {
        format!("{}-{field}", self.key)
    }

    fn value(&self, field: &str, default: &str) -> String {
        match self.state {
            Some(s) => s.get(field).unwrap_or("").to_owned(),
            None => default.to_owned(),
        }
    }

    fn error(&self, field: &str) -> Option<String> {
        let ids = self.state?.errors.get(field)?;
        Some(
            ids.iter()
                .map(|id| t(self.ctx.lang, id))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// The form's errors that belong to no field, at its top.
    pub fn general(&self) -> Markup {
        let general: Vec<String> = self
            .state
            .map(|s| s.general.iter().map(|id| t(self.ctx.lang, id)).collect())
            .unwrap_or_default();
        html! {
            @if !general.is_empty() || self.state.is_some_and(|s| !s.errors.is_empty()) {
                div.error-summary role="alert" {
                    p { (self.ctx.t("problem-invalid")) }
                    @for g in &general { p { (g) } }
                }
            }
        }
    }

    fn described(&self, field: &str, hint: bool, error: bool) -> Option<String> {
        let n = self.name(field);
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{n}-hint"));
        }
        if error {
            ids.push(format!("{n}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn notes(&self, field: &str, hint: Option<&str>, error: &Option<String>) -> Markup {
        let n = self.name(field);
        html! {
            @if let Some(h) = hint { p.hint id={ (n) "-hint" } { (h) } }
            @if let Some(e) = error { p.field-error id={ (n) "-error" } { (e) } }
        }
    }

    /// An `<input>` of `kind` (text, date, number), with a hint already translated.
    pub fn input(&self, field: &str, label: &str, kind: &str, hint: Option<&str>) -> Markup {
        let n = self.name(field);
        let default = if kind == "date" {
            self.today.as_str()
        } else {
            ""
        };
        let value = self.value(field, default);
        let error = self.error(field);
        html! {
            div.field.has-error[error.is_some()] {
                label for=(n) { (self.ctx.t(label)) }
                (self.notes(field, hint, &error))
                input id=(n) name=(n) type=(kind) value=(value)
                    dir=[(kind == "text").then_some("auto")]
                    aria-invalid=[error.is_some().then_some("true")]
                    aria-describedby=[self.described(field, hint.is_some(), error.is_some())];
            }
        }
    }

    pub fn textarea(&self, field: &str, label: &str) -> Markup {
        let n = self.name(field);
        let value = self.value(field, "");
        let error = self.error(field);
        html! {
            div.field.has-error[error.is_some()] {
                label for=(n) { (self.ctx.t(label)) }
                (self.notes(field, None, &error))
                textarea id=(n) name=(n) rows="2" maxlength="4000" dir="auto"
                    aria-invalid=[error.is_some().then_some("true")]
                    aria-describedby=[self.described(field, false, error.is_some())] { (value) }
            }
        }
    }

    /// A `<select>` over `(value, label)` pairs, the first one chosen by default.
    pub fn select(&self, field: &str, label: &str, options: &[(String, String)]) -> Markup {
        let n = self.name(field);
        let first = options.first().map(|o| o.0.as_str()).unwrap_or("");
        let value = self.value(field, first);
        let error = self.error(field);
        html! {
            div.field.has-error[error.is_some()] {
                label for=(n) { (self.ctx.t(label)) }
                (self.notes(field, None, &error))
                select id=(n) name=(n)
                    aria-invalid=[error.is_some().then_some("true")]
                    aria-describedby=[self.described(field, false, error.is_some())] {
                    @for (v, l) in options {
                        option value=(v) selected[*v == value] { (l) }
                    }
                }
            }
        }
    }

    /// One checkbox (a yes/no).
    pub fn checkbox(&self, field: &str, label: &str) -> Markup {
        let n = self.name(field);
        let checked = self.state.is_some_and(|s| s.flag(field));
        let error = self.error(field);
        html! {
            div.field.has-error[error.is_some()] {
                (self.notes(field, None, &error))
                label.checkbox for=(n) {
                    input type="checkbox" id=(n) name=(n) value="yes" checked[checked]
                        aria-invalid=[error.is_some().then_some("true")];
                    (self.ctx.t(label))
                }
            }
        }
    }

    /// A list of checkboxes sharing one name, in a fieldset.
    pub fn checks(&self, field: &str, legend: &str, options: &[(String, String)]) -> Markup {
        let n = self.name(field);
        let chosen = self.state.map(|s| s.all(field)).unwrap_or_default();
        let error = self.error(field);
        html! {
            fieldset.field.has-error[error.is_some()] id=(n) {
                legend { (self.ctx.t(legend)) }
                (self.notes(field, None, &error))
                div.choices {
                    @for (i, (v, l)) in options.iter().enumerate() {
                        label.choice for={ (n) "-" (i) } {
                            input type="checkbox" id={ (n) "-" (i) } name=(n) value=(v)
                                checked[chosen.contains(v)];
                            (l)
                        }
                    }
                }
            }
        }
    }

    /// The hidden CSRF field and the form's own name.
    pub fn hidden(&self, csrf: &str) -> Markup {
        html! {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="form" value=(self.key);
        }
    }
}

/// `(code, label)` pairs of a list of codes, labelled `{prefix}-{code}`.
pub(crate) fn options<T: Copy>(
    ctx: &Ctx,
    prefix: &str,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| {
            let c = code(*v);
            (c.to_owned(), crate::pages::code_label(ctx.lang, prefix, c))
        })
        .collect()
}
