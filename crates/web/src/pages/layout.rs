//! The page shell (header, navigation, language switcher, sign-out) and form building blocks.

use super::{encode_query, html, t};
use axum::http::StatusCode;
use axum::response::Response;
use homeward_i18n::Lang;
use maud::{DOCTYPE, Markup, html};

/// What every page needs to know about its reader.
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<NavUser>,
    /// The node runs with second factors optional (development, demonstration): every page says
    /// so in a banner.
    pub factor_optional: bool,
}

pub struct NavUser {
    pub display_name: String,
    pub csrf: String,
    pub can_read_cases: bool,
    pub can_register: bool,
    pub can_read_access_log: bool,
    pub can_manage_users: bool,
    /// Holds a permission that puts tasks on a work list.
    pub has_work: bool,
}

impl Ctx {
    /// A reader who is not signed in.
    pub fn public(lang: Lang) -> Ctx {
        Ctx {
            lang,
            user: None,
            factor_optional: false,
        }
    }

    pub fn t(&self, id: &str) -> String {
        t(self.lang, id)
    }
}

/// A whole page. `here` is the address the language switcher comes back to; `title` is the
/// page's one `<h1>` and the start of its `<title>`.
pub fn page(ctx: &Ctx, here: &str, title: &str, body: Markup) -> Markup {
    let lang = ctx.lang;
    let nav_item = |href: &str, id: &str| {
        let current = here == href || here.starts_with(&format!("{href}/"));
        html! {
            li { a href=(href) aria-current=[current.then_some("page")] { (ctx.t(id)) } }
        }
    };
    html! {
        (DOCTYPE)
        html lang=(lang.code()) dir=(lang.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light";
                title { (title) " — " (ctx.t("app-name")) }
                link rel="stylesheet" href="/assets/app.css";
            }
            body {
                a.skip-link href="#main" { (ctx.t("skip-to-content")) }
                header.site-header {
                    div.bar {
                        a.brand href="/" { (ctx.t("app-name")) }
                        @if let Some(user) = &ctx.user {
                            nav.main-nav aria-label=(ctx.t("nav-label")) {
                                ul {
                                    (nav_item("/dashboard", "nav-dashboard"))
                                    @if user.has_work { (nav_item("/work", "nav-work")) }
                                    @if user.can_read_cases { (nav_item("/cases", "nav-cases")) }
                                    @if user.can_register { (nav_item("/households/new", "nav-register")) }
                                    @if user.can_read_access_log { (nav_item("/data-protection", "nav-data-protection")) }
                                    @if user.can_manage_users { (nav_item("/users", "nav-users")) }
                                    (nav_item("/account/second-factor", "nav-account"))
                                }
                            }
                            div.account {
                                span.who {
                                    span.visually-hidden { (ctx.t("signed-in-as")) " " }
                                    bdi { (user.display_name) }
                                }
                                form.inline method="post" action="/sign-out" {
                                    input type="hidden" name="csrf" value=(user.csrf);
                                    button.link type="submit" { (ctx.t("sign-out")) }
                                }
                            }
                        }
                    }
                    nav.languages aria-label=(ctx.t("language-label")) {
                        ul {
                            @for l in Lang::ALL {
                                li {
                                    a href={ "/language/" (l.code()) "?next=" (encode_query(here)) }
                                        lang=(l.code()) hreflang=(l.code()) dir=(l.dir())
                                        aria-current=[(l == lang).then_some("true")] {
                                        (l.native_name())
                                    }
                                }
                            }
                        }
                    }
                }
                @if ctx.factor_optional {
                    div.banner role="note" { p { (ctx.t("banner-second-factor-optional")) } }
                }
                main #main tabindex="-1" {
                    (body)
                }
                footer.site-footer {
                    p { (ctx.t("footer-text")) }
                    p { a href="/journal" { (ctx.t("footer-journal")) } }
                }
            }
        }
    }
}

/// A page that says only what went wrong, with a way back.
pub fn error_page(ctx: &Ctx, here: &str, status: StatusCode, key: &str) -> Response {
    error_page_with(ctx, here, status, key, html! {})
}

/// An error page with one more paragraph (a way on that is the same for every such error).
pub fn error_page_with(
    ctx: &Ctx,
    here: &str,
    status: StatusCode,
    key: &str,
    extra: Markup,
) -> Response {
    let title = ctx.t(&format!("title-error-{}", status.as_u16()));
    let title = if title.starts_with("title-error-") {
        ctx.t("title-error")
    } else {
        title
    };
    let back = if ctx.user.is_some() {
        ("/dashboard", "nav-dashboard")
    } else {
        ("/sign-in", "sign-in")
    };
    html(
        status,
        page(
            ctx,
            here,
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t(key)) }
                (extra)
                p { a href=(back.0) { (ctx.t(back.1)) } }
            },
        ),
    )
}

/// One form field: its name (also its id), label and current value, with an optional hint and
/// error tied to it by `aria-describedby`.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: String,
    pub value: &'a str,
    pub error: Option<String>,
    pub hint: Option<String>,
    pub input_type: &'static str,
    pub required: bool,
    pub autocomplete: Option<&'static str>,
    pub maxlength: Option<u32>,
    /// Let the browser pick the direction from the text (names in any script).
    pub dir_auto: bool,
}

impl<'a> Field<'a> {
    pub fn text(name: &'a str, label: String, value: &'a str) -> Self {
        Field {
            name,
            label,
            value,
            error: None,
            hint: None,
            input_type: "text",
            required: false,
            autocomplete: None,
            maxlength: None,
            dir_auto: false,
        }
    }

    fn described_by(&self) -> Option<String> {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn label_and_notes(&self) -> Markup {
        html! {
            label for=(self.name) {
                (self.label)
                @if self.required { span.required aria-hidden="true" { " *" } }
            }
            @if let Some(h) = &self.hint { p.hint id={ (self.name) "-hint" } { (h) } }
            @if let Some(e) = &self.error { p.field-error id={ (self.name) "-error" } { (e) } }
        }
    }

    /// An `<input>`.
    pub fn input(&self) -> Markup {
        html! {
            div.field.has-error[self.error.is_some()] {
                (self.label_and_notes())
                input id=(self.name) name=(self.name) type=(self.input_type) value=(self.value)
                    required[self.required]
                    autocomplete=[self.autocomplete]
                    maxlength=[self.maxlength]
                    dir=[self.dir_auto.then_some("auto")]
                    aria-invalid=[self.error.is_some().then_some("true")]
                    aria-describedby=[self.described_by()];
            }
        }
    }

    /// A `<textarea>`.
    pub fn textarea(&self) -> Markup {
        html! {
            div.field.has-error[self.error.is_some()] {
                (self.label_and_notes())
                textarea id=(self.name) name=(self.name) rows="2"
                    maxlength=[self.maxlength]
                    dir=[self.dir_auto.then_some("auto")]
                    aria-invalid=[self.error.is_some().then_some("true")]
                    aria-describedby=[self.described_by()] { (self.value) }
            }
        }
    }

    /// A `<select>` over `(value, label)` pairs; the field's value picks the selected one.
    pub fn select(&self, options: &[(String, String)]) -> Markup {
        html! {
            div.field.has-error[self.error.is_some()] {
                (self.label_and_notes())
                select id=(self.name) name=(self.name)
                    required[self.required]
                    aria-invalid=[self.error.is_some().then_some("true")]
                    aria-describedby=[self.described_by()] {
                    @for (value, label) in options {
                        option value=(value) selected[value == self.value] { (label) }
                    }
                }
            }
        }
    }
}

/// Options of a `<select>` in labelled groups: `(group label, [(value, label)])`.
pub type OptionGroups = [(String, Vec<(String, String)>)];

impl Field<'_> {
    /// A `<select>` whose options are grouped (`<optgroup>`), after a first ungrouped option.
    pub fn select_grouped(&self, first: (String, String), groups: &OptionGroups) -> Markup {
        html! {
            div.field.has-error[self.error.is_some()] {
                (self.label_and_notes())
                select id=(self.name) name=(self.name)
                    required[self.required]
                    aria-invalid=[self.error.is_some().then_some("true")]
                    aria-describedby=[self.described_by()] {
                    option value=(first.0) selected[first.0 == self.value] { (first.1) }
                    @for (group, options) in groups {
                        optgroup label=(group) {
                            @for (value, label) in options {
                                option value=(value) selected[value == self.value] { (label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The summary of a form's errors, at its top; each entry links to its field when it has one.
pub fn error_summary(ctx: &Ctx, items: &[(Option<String>, String)]) -> Markup {
    html! {
        div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
            h2 #error-summary-title { (ctx.t("problem-invalid")) }
            ul {
                @for (anchor, text) in items {
                    li {
                        @if let Some(a) = anchor {
                            a href={ "#" (a) } { (text) }
                        } @else {
                            (text)
                        }
                    }
                }
            }
        }
    }
}

/// A date-time as stored (`2026-05-01T12:34:56.123456Z`) shown to the minute, in UTC.
pub fn show_time(at: &str) -> Markup {
    let shown = match (at.get(..10), at.get(11..16)) {
        (Some(d), Some(hm)) => format!("{d} {hm} UTC"),
        _ => at.to_owned(),
    };
    html! { time datetime=(at) { bdi { (shown) } } }
}

/// A date (the first ten characters of a stored date-time).
pub fn show_date(at: &str) -> Markup {
    let d = at.get(..10).unwrap_or(at);
    html! { time datetime=(d) { bdi { (d) } } }
}

/// A user's display name, the system's name, or the id when the name is unknown.
pub(crate) fn user_name(
    ctx: &Ctx,
    users: &std::collections::HashMap<String, String>,
    id: &str,
) -> Markup {
    html! {
        @if id == homeward_app::SYSTEM_ACTOR {
            (ctx.t("actor-system"))
        } @else if let Some(name) = users.get(id) {
            bdi { (name) }
        } @else {
            span.code { bdi { (id) } }
        }
    }
}
