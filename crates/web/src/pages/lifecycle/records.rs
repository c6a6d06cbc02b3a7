//! The records the safeguards read, on the case page: the list with each record's open or
//! resolved state, and one collapsible form per kind of record — counselling, consent per
//! member, coercion indicators, screenings, risk and best-interests assessments, holds, the
//! cooling-off waiver and a forced return's removal decision. Each form shows only to roles the
//! policy lets record it; the service decides again.

use crate::pages::layout::{Ctx, show_date};
use crate::pages::lifecycle::form::{Form, FormState, options};
use crate::pages::lifecycle::panel::{Feedback, Lifecycle};
use crate::pages::{PageSession, code_label, encode_segment};
use homeward_app::cases::reads::{CaseDetail, MemberView};
use homeward_app::lifecycle::records::RecordView;
use homeward_app::policy::{self, Permission};
use homeward_domain::cases::case::CaseKind;
use homeward_domain::cases::person::AgeBand;
use homeward_domain::lifecycle::records::{
    BestInterestsKind, BestInterestsOutcome, CaseRecord, CoercionCode, ConsentRole,
    CoolingOffWaiverReason, CounsellingTopic, DurableSolution, HoldKind, InterventionRating,
    ScreeningStage, VulnerabilityDomain, VulnerabilityFactor,
};
use homeward_domain::privacy::sharing::ConsentMethod;
use maud::{Markup, html};
use std::collections::HashMap;

fn is_child(m: &MemberView) -> bool {
    AgeBand::parse(&m.age_band).is_some_and(AgeBand::is_child)
}

/// "Member 2 — Lina Nasser (18–59)": the place the findings name, and the name when shown.
fn member_label(ctx: &Ctx, pos: usize, m: &MemberView) -> String {
    let place = crate::I18N.t_with(ctx.lang, "lc-member", &[("member", &pos.to_string())]);
    let name = [m.given_name.as_deref(), m.family_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let age = code_label(ctx.lang, "age", &m.age_band);
    if name.is_empty() {
        format!("{place} ({age})")
    } else {
        format!("{place} — {name} ({age})")
    }
}

fn member_options(
    ctx: &Ctx,
    d: &CaseDetail,
    keep: impl Fn(&MemberView) -> bool,
) -> Vec<(String, String)> {
    d.members
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.erased && keep(m))
        .map(|(i, m)| (m.id.clone(), member_label(ctx, i + 1, m)))
        .collect()
}

/// The information sheet's hint, its example isolated from the text around it (right to left).
fn sheet_hint(ctx: &Ctx) -> String {
    crate::I18N.t_with(ctx.lang, "lc-hint-sheet", &[("example", "AVR-XB-2026-03")])
}

fn yes_no(ctx: &Ctx, flag: bool, label: &str) -> String {
    let answer = if flag { "lc-yes" } else { "lc-no" };
    format!("{} {}", ctx.t(label), ctx.t(answer))
}

/// The codes of a record, in words.
fn summary(ctx: &Ctx, r: &RecordView) -> String {
    let l = |prefix: &str, code: &str| code_label(ctx.lang, prefix, code);
    let Ok(record) = serde_json::from_value::<CaseRecord>(r.data.clone()) else {
        return String::new();
    };
    match record {
        CaseRecord::Counselling {
            language,
            interpreter,
            information_sheet,
            destination_status,
            topics,
        } => {
            let mut parts = vec![
                format!("{} {language}", ctx.t("lc-field-language")),
                yes_no(ctx, interpreter, "lc-field-interpreter"),
                format!("{} {information_sheet}", ctx.t("lc-field-sheet")),
                format!(
                    "{} {}",
                    ctx.t("lc-destination-then"),
                    l("area-status", destination_status.as_str())
                ),
            ];
            parts.extend(topics.iter().map(|t| l("topic", t.as_str())));
            parts.join(" · ")
        }
        CaseRecord::CoercionIndicator { code } => l("coercion", code.as_str()),
        CaseRecord::VulnerabilityScreening { stage, rating, .. } => format!(
            "{} · {} {}",
            l("stage", stage.as_str()),
            ctx.t("lc-field-rating"),
            l("rating", rating.as_str())
        ),
        CaseRecord::RiskAssessment {
            risk_found,
            mitigable,
        } => format!(
            "{} · {}",
            yes_no(ctx, risk_found, "lc-field-risk-found"),
            yes_no(ctx, mitigable, "lc-field-mitigable")
        ),
        CaseRecord::BestInterests { kind, outcome, .. } => format!(
            "{} · {}",
            l("bi-kind", kind.as_str()),
            l("bi-outcome", outcome.as_str())
        ),
        CaseRecord::Hold { hold, suspensive } => format!(
            "{} · {}",
            l("hold", hold.as_str()),
            yes_no(ctx, suspensive, "lc-field-suspensive")
        ),
        CaseRecord::CoolingOffWaiver { reason } => l("waiver", reason.as_str()),
        CaseRecord::RemovalDecision { appeal_pending, .. } => {
            yes_no(ctx, appeal_pending, "lc-field-appeal-pending")
        }
    }
}

fn records_table(
    ctx: &Ctx,
    d: &CaseDetail,
    lc: &Lifecycle,
    users: &HashMap<String, String>,
) -> Markup {
    let place = |pid: &Option<String>| {
        pid.as_ref()
            .and_then(|p| d.members.iter().position(|m| m.id == *p))
            .map(|i| crate::I18N.t_with(ctx.lang, "lc-member", &[("member", &(i + 1).to_string())]))
    };
    html! {
        @if lc.records.is_empty() {
            p.empty { (ctx.t("lc-records-none")) }
        } @else {
            div.table-scroll role="region" aria-labelledby="records-title" tabindex="0" {
                table.records {
                    thead { tr {
                        th scope="col" { (ctx.t("lc-col-record")) }
                        th scope="col" { (ctx.t("lc-col-member")) }
                        th scope="col" { (ctx.t("lc-col-on")) }
                        th scope="col" { (ctx.t("lc-col-details")) }
                        th scope="col" { (ctx.t("lc-col-state")) }
                        th scope="col" { (ctx.t("col-actor")) }
                    } }
                    tbody {
                        @for r in &lc.records {
                            tr {
                                td { (code_label(ctx.lang, "record", &r.kind)) }
                                td { (place(&r.person_id).unwrap_or_else(|| ctx.t("lc-household"))) }
                                td { (show_date(&r.on)) }
                                td.details {
                                    (summary(ctx, r))
                                    @if let Some(n) = &r.note { br; bdi.note dir="auto" { (n) } }
                                    @if let Some(n) = &r.resolution_note {
                                        br; strong { (ctx.t("lc-resolution")) } " " bdi.note dir="auto" { (n) }
                                    }
                                }
                                td {
                                    @if r.open {
                                        span.tag.warning { (ctx.t("lc-open")) }
                                    } @else if r.resolved_at.is_some() {
                                        span.tag { (ctx.t("lc-resolved")) }
                                    } @else {
                                        span.muted { "—" }
                                    }
                                }
                                td { (crate::pages::layout::user_name(ctx, users, &r.recorded_by)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A collapsible form: open when it was just refused.
fn form_box(f: &Form, title: &str, action: &str, csrf: &str, fields: Markup) -> Markup {
    html! {
        details.record-form open[f.refused()] id={ "form-" (f.key) } {
            summary { (f.ctx.t(title)) }
            form method="post" action=(action) {
                (f.hidden(csrf))
                (f.general())
                (fields)
                div.actions { button.primary type="submit" { (f.ctx.t("lc-save")) } }
            }
        }
    }
}

fn consents(
    ctx: &Ctx,
    session: &PageSession,
    d: &CaseDetail,
    lc: &Lifecycle,
    refused: Option<&FormState>,
) -> Markup {
    let case = encode_segment(&d.id);
    let methods = options(
        ctx,
        "consent-method",
        ConsentMethod::ALL,
        ConsentMethod::as_str,
    );
    html! {
        h3 { (ctx.t("lc-consents")) }
        @for (i, m) in d.members.iter().enumerate().filter(|(_, m)| !m.erased) {
            @let f = Form::new(ctx, format!("consent-{}", i + 1), refused);
            @let given = lc.consents.get(&m.id).cloned().unwrap_or_default();
            @let roles: Vec<ConsentRole> = if is_child(m) { vec![ConsentRole::Guardian, ConsentRole::Assent] } else { vec![ConsentRole::Own] };
            details.record-form open[f.refused()] id={ "form-" (f.key) } {
                summary { (member_label(ctx, i + 1, m)) " · " (crate::I18N.t_with(ctx.lang, "lc-consents-active", &[("count", &given.iter().filter(|c| c.withdrawn_at.is_none()).count().to_string())])) }
                @if !given.is_empty() {
                    ul.consents {
                        @for c in &given {
                            li {
                                (code_label(ctx.lang, "consent-purpose", &c.purpose)) " · "
                                (code_label(ctx.lang, "consent-role", &c.role)) " · "
                                (show_date(&c.given_on)) " · " bdi dir="ltr" { (c.language) }
                                @if let Some(w) = &c.withdrawn_at {
                                    " · " span.tag { (ctx.t("lc-withdrawn-on")) " " (show_date(w)) }
                                } @else if policy::may(&session.actor, Permission::RecordConsent) {
                                    " "
                                    form.inline method="post" action={ "/cases/" (case) "/consents/" (encode_segment(&c.id)) "/withdrawal" } {
                                        input type="hidden" name="csrf" value=(session.csrf);
                                        button.link type="submit" { (ctx.t("lc-withdraw-consent")) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if policy::may(&session.actor, Permission::RecordConsent) {
                    form method="post" action={ "/cases/" (case) "/members/" (encode_segment(&m.id)) "/consents" } {
                        (f.hidden(&session.csrf))
                        (f.general())
                        (f.select("role", "lc-field-role", &options(ctx, "consent-role", &roles, ConsentRole::as_str)))
                        (f.input("language", "lc-field-language", "text", Some(&ctx.t("lc-hint-language"))))
                        (f.select("method", "lc-field-method", &methods))
                        (f.checkbox("interpreter", "lc-field-interpreter"))
                        (f.input("given_on", "lc-field-given-on", "date", None))
                        (f.input("information_sheet", "lc-field-sheet", "text", Some(&sheet_hint(ctx))))
                        div.actions { button.primary type="submit" { (ctx.t("lc-record-consent")) } }
                    }
                }
            }
        }
    }
}

/// The records section of the case page.
pub(crate) fn section(
    ctx: &Ctx,
    session: &PageSession,
    d: &CaseDetail,
    lc: &Lifecycle,
    fb: &Feedback,
    users: &HashMap<String, String>,
) -> Markup {
    let actor = &session.actor;
    let record = policy::may(actor, Permission::RecordSafeguards);
    let review = policy::may(actor, Permission::ReviewSafeguards);
    let refused = fb.form.as_ref();
    let case = encode_segment(&d.id);
    let action = |kind: &str| format!("/cases/{case}/records/{kind}");
    let csrf = session.csrf.as_str();
    let everyone = member_options(ctx, d, |_| true);
    let household = std::iter::once((String::new(), ctx.t("lc-household")))
        .chain(everyone.clone())
        .collect::<Vec<_>>();
    let children = member_options(ctx, d, is_child);
    let forced = d.kind == CaseKind::ForcedReturn.as_str();
    let f = |key: &str| Form::new(ctx, key, refused);
    let (c, co, sc, ri, bi, ho, wa, re) = (
        f("counselling"),
        f("coercion"),
        f("screening"),
        f("risk"),
        f("best-interests"),
        f("hold"),
        f("waiver"),
        f("removal"),
    );
    let open_rapid: Vec<(String, String)> = std::iter::once((String::new(), ctx.t("lc-none")))
        .chain(
            lc.records
                .iter()
                .filter(|r| r.kind == "vulnerability_screening" && r.open)
                .map(|r| (r.id.clone(), format!("{} {}", ctx.t("stage-rapid"), r.on))),
        )
        .collect();
    let factors: Vec<(String, String)> = options(
        ctx,
        "factor",
        VulnerabilityFactor::ALL,
        VulnerabilityFactor::as_str,
    );
    let resolvable: Vec<&RecordView> = lc
        .records
        .iter()
        .filter(|r| r.open && matches!(r.kind.as_str(), "coercion_indicator" | "hold"))
        .collect();
    html! {
        section #records .records aria-labelledby="records-title" {
            h2 #records-title { (ctx.t("lc-records")) }
            (records_table(ctx, d, lc, users))
            @if review {
                @for r in &resolvable {
                    @let rf = Form::new(ctx, format!("resolve-{}", r.id), refused);
                    (form_box(&rf, if r.kind == "hold" { "lc-lift-hold" } else { "lc-review-coercion" },
                        &format!("/cases/{case}/records/{}/resolution", encode_segment(&r.id)), csrf, html! {
                        p { (code_label(ctx.lang, "record", &r.kind)) " · " (summary(ctx, r)) " · " (show_date(&r.on)) }
                        (rf.textarea("note", "lc-field-resolution"))
                    }))
                }
            }
            (consents(ctx, session, d, lc, refused))
            @if record {
                h3 { (ctx.t("lc-add-record")) }
                (form_box(&c, "record-counselling", &action("counselling"), csrf, html! {
                    (c.input("held_on", "lc-field-held-on", "date", None))
                    (c.input("language", "lc-field-language", "text", Some(&ctx.t("lc-hint-language"))))
                    (c.checkbox("interpreter", "lc-field-interpreter"))
                    (c.input("information_sheet", "lc-field-sheet", "text", Some(&sheet_hint(ctx))))
                    (c.checks("topics", "lc-field-topics", &options(ctx, "topic", CounsellingTopic::ALL, CounsellingTopic::as_str)))
                    (c.textarea("questions", "lc-field-questions"))
                }))
                (form_box(&co, "record-coercion_indicator", &action("coercion"), csrf, html! {
                    (co.select("code", "lc-field-coercion", &options(ctx, "coercion", CoercionCode::ALL, CoercionCode::as_str)))
                    (co.select("person_id", "lc-field-member", &household))
                    (co.input("observed_on", "lc-field-observed-on", "date", None))
                    (co.textarea("note", "lc-field-note"))
                }))
                (form_box(&sc, "record-vulnerability_screening", &action("screening"), csrf, html! {
                    (sc.select("person_id", "lc-field-member", &everyone))
                    (sc.input("screened_on", "lc-field-screened-on", "date", None))
                    (sc.select("stage", "lc-field-stage", &options(ctx, "stage", ScreeningStage::ALL, ScreeningStage::as_str)))
                    (sc.select("follows", "lc-field-follows", &open_rapid))
                    (sc.checks("factors", "lc-field-factors", &factors))
                    (sc.checks("domains", "lc-field-domains", &options(ctx, "domain", VulnerabilityDomain::ALL, VulnerabilityDomain::as_str)))
                    (sc.select("rating", "lc-field-rating", &options(ctx, "rating", InterventionRating::ALL, InterventionRating::as_str)))
                    (sc.textarea("note", "lc-field-note"))
                }))
                (form_box(&ri, "record-risk_assessment", &action("risk"), csrf, html! {
                    (ri.input("assessed_on", "lc-field-assessed-on", "date", None))
                    (ri.checkbox("risk_found", "lc-field-risk-found"))
                    (ri.checkbox("mitigable", "lc-field-mitigable"))
                    (ri.textarea("mitigation", "lc-field-mitigation"))
                }))
                @if !children.is_empty() {
                    (form_box(&bi, "record-best_interests", &action("best-interests"), csrf, html! {
                        (bi.select("person_id", "lc-field-child", &children))
                        (bi.input("decided_on", "lc-field-decided-on", "date", None))
                        (bi.select("kind", "lc-field-bi-kind", &options(ctx, "bi-kind", BestInterestsKind::ALL, BestInterestsKind::as_str)))
                        (bi.select("outcome", "lc-field-bi-outcome", &options(ctx, "bi-outcome", BestInterestsOutcome::ALL, BestInterestsOutcome::as_str)))
                        (bi.checks("options_compared", "lc-field-options", &options(ctx, "solution", DurableSolution::ALL, DurableSolution::as_str)))
                        (bi.checkbox("child_heard", "lc-field-child-heard"))
                        (bi.checkbox("legal_representation", "lc-field-legal-representation"))
                        (bi.input("panel_members", "lc-field-panel", "number", Some(&ctx.t("lc-hint-panel"))))
                        (bi.input("review_on", "lc-field-review-on", "text", Some(&ctx.t("lc-hint-review-on"))))
                        (bi.textarea("note", "lc-field-note"))
                    }))
                }
                (form_box(&ho, "record-hold", &action("hold"), csrf, html! {
                    (ho.select("kind", "lc-field-hold", &options(ctx, "hold", HoldKind::ALL, HoldKind::as_str)))
                    (ho.checkbox("suspensive", "lc-field-suspensive"))
                    (ho.input("placed_on", "lc-field-placed-on", "date", None))
                    (ho.textarea("note", "lc-field-note"))
                }))
                @if forced {
                    (form_box(&re, "record-removal_decision", &action("removal"), csrf, html! {
                        (re.input("decided_on", "lc-field-decided-on", "date", None))
                        (re.checkbox("appeal_pending", "lc-field-appeal-pending"))
                        (re.textarea("note", "lc-field-note"))
                    }))
                }
            }
            @if review {
                (form_box(&wa, "record-cooling_off_waiver", &action("waiver"), csrf, html! {
                    (wa.select("reason", "lc-field-waiver", &options(ctx, "waiver", CoolingOffWaiverReason::ALL, CoolingOffWaiverReason::as_str)))
                    (wa.textarea("note", "lc-field-why"))
                }))
            }
        }
    }
}

/// Every message id of the codes these forms show, for the translation test.
#[cfg(test)]
pub(crate) fn code_ids() -> Vec<String> {
    fn ids<T: Copy>(prefix: &str, all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
        all.iter()
            .map(|v| format!("{prefix}-{}", code(*v)))
            .collect()
    }
    let records = [
        "counselling",
        "coercion_indicator",
        "vulnerability_screening",
        "risk_assessment",
        "best_interests",
        "hold",
        "cooling_off_waiver",
        "removal_decision",
    ];
    let mut out: Vec<String> = records.iter().map(|r| format!("record-{r}")).collect();
    out.extend(ids(
        "topic",
        CounsellingTopic::ALL,
        CounsellingTopic::as_str,
    ));
    out.extend(ids("coercion", CoercionCode::ALL, CoercionCode::as_str));
    out.extend(ids(
        "factor",
        VulnerabilityFactor::ALL,
        VulnerabilityFactor::as_str,
    ));
    out.extend(ids(
        "domain",
        VulnerabilityDomain::ALL,
        VulnerabilityDomain::as_str,
    ));
    out.extend(ids(
        "rating",
        InterventionRating::ALL,
        InterventionRating::as_str,
    ));
    out.extend(ids("stage", ScreeningStage::ALL, ScreeningStage::as_str));
    out.extend(ids(
        "bi-kind",
        BestInterestsKind::ALL,
        BestInterestsKind::as_str,
    ));
    out.extend(ids(
        "bi-outcome",
        BestInterestsOutcome::ALL,
        BestInterestsOutcome::as_str,
    ));
    out.extend(ids(
        "solution",
        DurableSolution::ALL,
        DurableSolution::as_str,
    ));
    out.extend(ids("hold", HoldKind::ALL, HoldKind::as_str));
    out.extend(ids(
        "waiver",
        CoolingOffWaiverReason::ALL,
        CoolingOffWaiverReason::as_str,
    ));
    out.extend(ids("consent-role", ConsentRole::ALL, ConsentRole::as_str));
    out.extend(ids(
        "consent-method",
        ConsentMethod::ALL,
        ConsentMethod::as_str,
    ));
    out.extend(ids(
        "consent-purpose",
        homeward_domain::privacy::sharing::ConsentPurpose::ALL,
        homeward_domain::privacy::sharing::ConsentPurpose::as_str,
    ));
    out
}
