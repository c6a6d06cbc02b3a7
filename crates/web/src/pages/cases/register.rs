//! Registering a household and opening its case, with a plain form: a fixed number of member
//! rows (the first is the head of household), no JavaScript. Blank rows are ignored; errors
//! come back next to their fields with the entered values kept.

use crate::State;
use crate::pages::cases::household_form::{
    AGE_BANDS, Entered, KINDS, MAX_ROWS, MEMBER_FIELDS, MORE_ROWS, RELATIONSHIPS, SEXES,
    attach_errors, label_id, member_legend, to_input,
};
use crate::pages::layout::{self, Ctx, Field, error_summary};
use crate::pages::{FormBody, PageSession, app_error, code_label, form_fields, html};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::conditions::areas::AreaView;
use maud::{Markup, html};
use std::collections::HashMap;

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
    let confirm = name("unusual_confirmed");
    let fields = html! {
        div.grid {
            (given.input())
            (family.input())
            (relationship.select(&choices(ctx, "relationship", &RELATIONSHIPS, row != 0)))
            @if e.offers_confirmation(row) {
                div.field {
                    label.checkbox for=(confirm) {
                        input type="checkbox" id=(confirm) name=(confirm) value="yes"
                            checked[e.get(&confirm) == "yes"]
                            aria-describedby=[e.field_errors.contains_key(&names[2])
                                .then(|| format!("{}-error", names[2]))];
                        (ctx.t("member-unusual-confirmed"))
                    }
                }
            }
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
                let label = match state
                    .app
                    .area_names([parent.clone()])
                    .await?
                    .remove(&parent)
                {
                    Some(name) => format!("{name} ({parent})"),
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
