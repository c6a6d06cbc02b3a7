//! Registering a household and opening its case, with a plain form: a fixed number of member
//! rows (the first is the head of household), no JavaScript. Blank rows are ignored; errors
//! come back next to their fields with the entered values kept.

use super::layout::{self, Ctx, Field, error_summary};
use super::{FormBody, PageSession, app_error, code_label, form_fields, html};
use crate::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::areas::AreaView;
use homeward_app::households::{CaseInput, MemberInput, RegisterHousehold};
use homeward_domain::FieldError;
use maud::{Markup, html};
use std::collections::HashMap;

/// Member rows shown at first, and how many more the "more rows" button adds.
const DEFAULT_ROWS: usize = 6;
const MORE_ROWS: usize = 4;
/// The most member rows the form shows, which keeps the page under 100 KB even in Arabic.
/// Larger households (the domain allows 40 members) are registered through the API.
const MAX_ROWS: usize = 20;

const KINDS: [&str; 4] = [
    "assisted_voluntary_return",
    "voluntary_repatriation",
    "spontaneous_return",
    "forced_return",
];
const RELATIONSHIPS: [&str; 8] = [
    "head",
    "spouse",
    "child",
    "parent",
    "sibling",
    "grandchild",
    "other_relative",
    "unrelated",
];
const SEXES: [&str; 4] = ["female", "male", "other", "unknown"];
const AGE_BANDS: [&str; 5] = ["0-4", "5-11", "12-17", "18-59", "60+"];

/// The free-text fields of a member row: a row with all of them empty is ignored (except the
/// head's, which is always checked).
const MEMBER_TEXT: [&str; 7] = [
    "given_name",
    "family_name",
    "date_of_birth",
    "nationality",
    "languages",
    "phone",
    "notes",
];
/// Every field of a member row, as named in the service's error pointers.
const MEMBER_FIELDS: [&str; 10] = [
    "given_name",
    "family_name",
    "relationship",
    "sex",
    "date_of_birth",
    "age_band",
    "nationality",
    "languages",
    "phone",
    "notes",
];
const CASE_FIELDS: [&str; 4] = ["kind", "host_country", "origin_country", "destination_area"];

/// What was entered, and what is wrong with it.
struct Entered {
    values: HashMap<String, String>,
    rows: usize,
    /// Field name → message.
    field_errors: HashMap<String, String>,
    /// The summary at the top: anchor (when the error belongs to a field) and text.
    summary: Vec<(Option<String>, String)>,
}

impl Entered {
    fn new(values: HashMap<String, String>) -> Self {
        let rows = values
            .get("rows")
            .and_then(|r| r.parse::<usize>().ok())
            .unwrap_or(DEFAULT_ROWS)
            .clamp(1, MAX_ROWS);
        Entered {
            values,
            rows,
            field_errors: HashMap::new(),
            summary: Vec::new(),
        }
    }

    fn get(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    fn row_is_blank(&self, row: usize) -> bool {
        MEMBER_TEXT
            .iter()
            .all(|f| self.get(&format!("m{row}_{f}")).trim().is_empty())
    }
}

fn opt(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// The service's input, and for each member sent the form row it came from.
fn to_input(e: &Entered) -> (RegisterHousehold, Vec<usize>) {
    let mut members = Vec::new();
    let mut rows = Vec::new();
    for row in 0..e.rows {
        if row > 0 && e.row_is_blank(row) {
            continue;
        }
        let f = |name: &str| e.get(&format!("m{row}_{name}"));
        members.push(MemberInput {
            relationship: f("relationship").to_owned(),
            sex: f("sex").to_owned(),
            given_name: f("given_name").to_owned(),
            family_name: f("family_name").to_owned(),
            date_of_birth: opt(f("date_of_birth")),
            age_band: opt(f("age_band")),
            nationality: opt(f("nationality")).map(|n| n.to_uppercase()),
            languages: f("languages")
                .split(|c: char| c == ',' || c == '،' || c == ';' || c.is_whitespace())
                .filter(|l| !l.is_empty())
                .map(str::to_lowercase)
                .collect(),
            phone: opt(f("phone")),
            document_number: None,
            address: None,
            notes: opt(f("notes")),
        });
        rows.push(row);
    }
    let input = RegisterHousehold {
        members,
        case: CaseInput {
            kind: e.get("kind").to_owned(),
            host_country: e.get("host_country").trim().to_uppercase(),
            origin_country: e.get("origin_country").trim().to_uppercase(),
            destination_area: e.get("destination_area").trim().to_owned(),
            assigned_to: None,
        },
    };
    (input, rows)
}

/// The form field an error pointer names (`/members/0/given_name` → `m0_given_name`), if any.
fn field_of(pointer: &str, rows: &[usize]) -> Option<String> {
    let mut parts = pointer.split('/').skip(1);
    match (parts.next(), parts.next(), parts.next()) {
        (Some("members"), Some(i), Some(field)) if MEMBER_FIELDS.contains(&field) => {
            let row = rows.get(i.parse::<usize>().ok()?)?;
            Some(format!("m{row}_{field}"))
        }
        (Some("case"), Some(field), None) if CASE_FIELDS.contains(&field) => Some(field.to_owned()),
        _ => None,
    }
}

fn label_id(field: &str) -> String {
    format!("field-{}", field.replace('_', "-"))
}

fn member_legend(ctx: &Ctx, row: usize) -> String {
    let id = if row == 0 {
        "member-head-legend"
    } else {
        "member-legend"
    };
    crate::I18N.t_with(ctx.lang, id, &[("number", &(row + 1).to_string())])
}

/// Places each error next to its field and in the summary, which lists them in the order of
/// the form.
fn attach_errors(ctx: &Ctx, e: &mut Entered, errors: &[FieldError], rows: &[usize]) {
    // (place in the form, anchor, text)
    type Item = ((usize, usize, usize), Option<String>, String);
    let mut summary: Vec<Item> = Vec::new();
    for err in errors {
        let message = ctx.t(err.code);
        match field_of(&err.pointer, rows) {
            Some(field) => {
                let row = field.split_once('_').and_then(|(m, rest)| {
                    Some((m.strip_prefix('m')?.parse::<usize>().ok()?, rest))
                });
                let (prefix, bare, order) = match row {
                    Some((row, rest)) => {
                        let at = MEMBER_FIELDS.iter().position(|f| *f == rest);
                        (
                            format!("{} — ", member_legend(ctx, row)),
                            rest.to_owned(),
                            (0, row, at.unwrap_or(0) + 1),
                        )
                    }
                    None => {
                        let at = CASE_FIELDS.iter().position(|f| *f == field);
                        (String::new(), field.clone(), (1, 0, at.unwrap_or(0)))
                    }
                };
                let label = ctx.t(&label_id(&bare));
                let item = crate::I18N.t_with(
                    ctx.lang,
                    "summary-item",
                    &[
                        ("field", &format!("{prefix}{label}")),
                        ("message", &message),
                    ],
                );
                summary.push((order, Some(field.clone()), item));
                e.field_errors.entry(field).or_insert(message);
            }
            None if err.pointer.starts_with("/members") => {
                summary.push(((0, 0, 0), Some("members".to_owned()), message));
            }
            None => summary.push(((2, 0, 0), None, message)),
        }
    }
    summary.sort_by_key(|(order, _, _)| *order);
    e.summary = summary.into_iter().map(|(_, a, t)| (a, t)).collect();
}

fn choices(ctx: &Ctx, prefix: &str, codes: &[&str], blank: bool) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(codes.len() + 1);
    if blank {
        out.push((String::new(), ctx.t("choose")));
    }
    out.extend(
        codes
            .iter()
            .map(|c| ((*c).to_owned(), code_label(ctx.lang, prefix, c))),
    );
    out
}

fn member_row(ctx: &Ctx, e: &Entered, row: usize) -> Markup {
    let name = |f: &str| format!("m{row}_{f}");
    let names: Vec<String> = MEMBER_FIELDS.iter().map(|f| name(f)).collect();
    let field = |i: usize| {
        let n = &names[i];
        let mut f = Field::text(n, ctx.t(&label_id(MEMBER_FIELDS[i])), e.get(n));
        f.error = e.field_errors.get(n).cloned();
        f
    };
    let mut given = field(0);
    given.required = true;
    given.dir_auto = true;
    given.maxlength = Some(200);
    let mut family = field(1);
    family.required = true;
    family.dir_auto = true;
    family.maxlength = Some(200);
    let mut relationship = field(2);
    relationship.required = true;
    let rel_default = if row == 0 { "head" } else { "" };
    if relationship.value.is_empty() {
        relationship.value = rel_default;
    }
    let mut sex = field(3);
    sex.required = true;
    let mut dob = field(4);
    dob.input_type = "date";
    dob.hint = Some(ctx.t("hint-date-of-birth"));
    let mut band = field(5);
    band.hint = Some(ctx.t("hint-age-band"));
    let mut nationality = field(6);
    nationality.hint = Some(ctx.t("hint-country"));
    nationality.maxlength = Some(2);
    let mut languages = field(7);
    languages.hint = Some(ctx.t("hint-languages"));
    languages.maxlength = Some(100);
    let mut phone = field(8);
    phone.input_type = "tel";
    phone.maxlength = Some(40);
    let mut notes = field(9);
    notes.dir_auto = true;
    notes.maxlength = Some(4000);
    let mut band_choices = vec![(String::new(), ctx.t("age-from-date"))];
    band_choices.extend(
        AGE_BANDS
            .iter()
            .map(|b| ((*b).to_owned(), code_label(ctx.lang, "age", b))),
    );
    let fields = html! {
        div.grid {
            (given.input())
            (family.input())
            (relationship.select(&choices(ctx, "relationship", &RELATIONSHIPS, row != 0)))
            (sex.select(&choices(ctx, "sex", &SEXES, true)))
            (dob.input())
            (band.select(&band_choices))
            (nationality.input())
            (languages.input())
            (phone.input())
        }
        (notes.textarea())
    };
    let legend = member_legend(ctx, row);
    let has_errors = names.iter().any(|n| e.field_errors.contains_key(n));
    let open = row < 2 || !e.row_is_blank(row) || has_errors;
    html! {
        @if row < 2 {
            fieldset.member {
                legend { (legend) }
                (fields)
            }
        } @else {
            details.member open[open] {
                summary { (legend) " " span.muted { (ctx.t("optional")) } }
                fieldset {
                    legend.visually-hidden { (legend) }
                    (fields)
                }
            }
        }
    }
}

/// The destination areas offered, grouped under their parent area.
struct Destinations {
    groups: Vec<(String, Vec<(String, String)>)>,
}

/// The areas a case can go to, grouped by parent (districts under their province), each group
/// and option labelled with name and P-code.
async fn destinations(state: &State, session: &PageSession) -> Result<Destinations, AppError> {
    let areas: Vec<AreaView> = state.app.destination_choices(&session.actor).await?;
    let mut groups: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for a in areas {
        let parent = a.parent.clone().unwrap_or_default();
        let at = match index.get(&parent) {
            Some(i) => *i,
            None => {
                let label = match state.app.store().area(&parent).await? {
                    Some(p) => format!("{} ({})", p.name, p.pcode),
                    None => parent.clone(),
                };
                groups.push((label, Vec::new()));
                index.insert(parent, groups.len() - 1);
                groups.len() - 1
            }
        };
        if let Some((_, options)) = groups.get_mut(at) {
            options.push((a.pcode.clone(), format!("{} ({})", a.name, a.pcode)));
        }
    }
    Ok(Destinations { groups })
}

fn render(
    ctx: &Ctx,
    csrf: &str,
    e: &Entered,
    areas: &Destinations,
    status: StatusCode,
) -> Response {
    let title = ctx.t("register-title");
    let case_field = |name: &'static str| {
        let mut f = Field::text(name, ctx.t(&label_id(name)), e.get(name));
        f.error = e.field_errors.get(name).cloned();
        f.required = true;
        f
    };
    let kind = case_field("kind");
    let mut host = case_field("host_country");
    host.hint = Some(ctx.t("hint-country"));
    host.maxlength = Some(2);
    let mut origin = case_field("origin_country");
    origin.hint = Some(ctx.t("hint-country"));
    origin.maxlength = Some(2);
    let destination = case_field("destination_area");
    let household_errors: Vec<&String> = e
        .summary
        .iter()
        .filter(|(a, _)| a.as_deref() == Some("members"))
        .map(|(_, t)| t)
        .collect();
    let body = html! {
        h1 { (title) }
        p.lead { (ctx.t("register-intro")) }
        @if !e.summary.is_empty() { (error_summary(ctx, &e.summary)) }
        form.register method="post" action="/households" novalidate {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="rows" value=(e.rows);
            section #members aria-labelledby="members-title" {
                h2 #members-title { (ctx.t("register-members")) }
                p.hint { (ctx.t("register-members-hint")) }
                @for msg in &household_errors { p.field-error { (msg) } }
                @for row in 0..e.rows { (member_row(ctx, e, row)) }
                @if e.rows < MAX_ROWS {
                    div.actions {
                        button.secondary type="submit" name="action" value="more_rows" formnovalidate {
                            (ctx.t("more-rows"))
                        }
                    }
                }
            }
            section aria-labelledby="case-title" {
                h2 #case-title { (ctx.t("register-case")) }
                fieldset.case {
                    legend.visually-hidden { (ctx.t("register-case")) }
                    div.grid {
                        (kind.select(&choices(ctx, "kind", &KINDS, true)))
                        (host.input())
                        (origin.input())
                        (destination.select_grouped((String::new(), ctx.t("choose")), &areas.groups))
                    }
                    @if areas.groups.is_empty() { p.notice.warning { (ctx.t("register-no-areas")) } }
                }
            }
            div.actions.final {
                button.primary type="submit" name="action" value="register" { (ctx.t("register-submit")) }
            }
        }
    };
    html(status, layout::page(ctx, "/households/new", &title, body))
}

/// `GET /households/new[?rows=N]`.
pub async fn form(
    state: State,
    session: PageSession,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let ctx = session.ctx();
    let areas = match destinations(&state, &session).await {
        Ok(a) => a,
        Err(err) => return app_error(&ctx, "/households/new", err),
    };
    let mut values = HashMap::new();
    if let Some(r) = q.get("rows") {
        values.insert("rows".to_owned(), r.clone());
    }
    let e = Entered::new(values);
    render(&ctx, &session.csrf, &e, &areas, StatusCode::OK)
}

/// `POST /households`.
pub async fn submit(state: State, session: PageSession, body: FormBody) -> Response {
    let ctx = session.ctx();
    let here = "/households/new";
    let values = form_fields(body);
    if !session.csrf_matches(values.get("csrf").map(String::as_str)) {
        return layout::error_page(&ctx, here, StatusCode::FORBIDDEN, "problem-csrf");
    }
    let areas = match destinations(&state, &session).await {
        Ok(a) => a,
        Err(err) => return app_error(&ctx, here, err),
    };
    let mut e = Entered::new(values);
    if e.get("action") == "more_rows" {
        e.rows = (e.rows + MORE_ROWS).min(MAX_ROWS);
        return render(&ctx, &session.csrf, &e, &areas, StatusCode::OK);
    }
    let (input, rows) = to_input(&e);
    match state.app.register_household(&session.actor, input).await {
        Ok(detail) => Redirect::to(&format!("/cases/{}", detail.id)).into_response(),
        Err(AppError::Invalid(invalid)) => {
            attach_errors(&ctx, &mut e, &invalid.0, &rows);
            render(
                &ctx,
                &session.csrf,
                &e,
                &areas,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(err) => app_error(&ctx, here, err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_name_the_form_row_not_the_member_index() {
        // Row 1 was blank, so the second member sent came from row 2.
        let rows = [0, 2];
        assert_eq!(
            field_of("/members/1/given_name", &rows).as_deref(),
            Some("m2_given_name")
        );
        assert_eq!(
            field_of("/members/0/languages/1", &rows).as_deref(),
            Some("m0_languages")
        );
        assert_eq!(
            field_of("/case/destination_area", &rows).as_deref(),
            Some("destination_area")
        );
        assert_eq!(field_of("/members", &rows), None);
        assert_eq!(field_of("/members/7/given_name", &rows), None);
        assert_eq!(field_of("/case/assigned_to", &rows), None);
    }

    #[test]
    fn every_field_has_a_translated_label() {
        for f in MEMBER_FIELDS.iter().chain(CASE_FIELDS.iter()) {
            assert!(crate::I18N.has_everywhere(&label_id(f)), "{f}");
        }
    }

    #[test]
    fn blank_rows_are_ignored_but_the_head_row_never_is() {
        let mut values = HashMap::new();
        values.insert("m2_given_name".to_owned(), "Amal".to_owned());
        values.insert("m1_sex".to_owned(), "female".to_owned());
        values.insert("m2_languages".to_owned(), "AR, fr".to_owned());
        let (input, rows) = to_input(&Entered::new(values));
        assert_eq!(rows, vec![0, 2]);
        assert_eq!(input.members[1].languages, vec!["ar", "fr"]);
    }
}
