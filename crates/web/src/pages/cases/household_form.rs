//! The register-a-household form as data: its field names, the mapping of what was entered to
//! the service's input (blank member rows dropped), and the mapping of the service's error
//! pointers back to form fields (`/members/1/given_name` → the row the member came from).

use crate::pages::layout::Ctx;
use homeward_app::cases::households::{CaseInput, MemberInput, RegisterHousehold};
use homeward_domain::FieldError;
use homeward_domain::cases::plausibility;
use std::collections::HashMap;

/// Member rows shown at first, and how many more the "more rows" button adds.
const DEFAULT_ROWS: usize = 6;
pub const MORE_ROWS: usize = 4;
/// The most member rows the form shows, which keeps the page under 100 KB even in Arabic.
/// Larger households (the domain allows 40 members) are registered through the API.
pub const MAX_ROWS: usize = 20;

pub const KINDS: [&str; 4] = [
    "assisted_voluntary_return",
    "voluntary_repatriation",
    "spontaneous_return",
    "forced_return",
];
pub const RELATIONSHIPS: [&str; 8] = [
    "head",
    "spouse",
    "child",
    "parent",
    "sibling",
    "grandchild",
    "other_relative",
    "unrelated",
];
pub const SEXES: [&str; 4] = ["female", "male", "other", "unknown"];
pub const AGE_BANDS: [&str; 5] = ["0-4", "5-11", "12-17", "18-59", "60+"];

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
pub const MEMBER_FIELDS: [&str; 10] = [
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
pub const CASE_FIELDS: [&str; 4] = ["kind", "host_country", "origin_country", "destination_area"];

/// What was entered, and what is wrong with it.
pub struct Entered {
    pub values: HashMap<String, String>,
    pub rows: usize,
    /// Field name → message.
    pub field_errors: HashMap<String, String>,
    /// The summary at the top: anchor (when the error belongs to a field) and text.
    pub summary: Vec<(Option<String>, String)>,
    /// Rows whose relationship was refused as unusual for the ages: they offer a confirmation.
    pub unusual: Vec<usize>,
}

impl Entered {
    pub fn new(values: HashMap<String, String>) -> Self {
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
            unusual: Vec::new(),
        }
    }

    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    /// Whether the row offers the box confirming an unusual relationship: after a refusal, and
    /// for as long as it stays ticked.
    pub fn offers_confirmation(&self, row: usize) -> bool {
        self.unusual.contains(&row) || self.get(&format!("m{row}_unusual_confirmed")) == "yes"
    }

    pub fn row_is_blank(&self, row: usize) -> bool {
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
pub fn to_input(e: &Entered) -> (RegisterHousehold, Vec<usize>) {
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
            unusual_confirmed: f("unusual_confirmed") == "yes",
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
pub fn field_of(pointer: &str, rows: &[usize]) -> Option<String> {
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

pub fn label_id(field: &str) -> String {
    format!("field-{}", field.replace('_', "-"))
}

pub fn member_legend(ctx: &Ctx, row: usize) -> String {
    let id = if row == 0 {
        "member-head-legend"
    } else {
        "member-legend"
    };
    crate::I18N.t_with(ctx.lang, id, &[("number", &(row + 1).to_string())])
}

/// Places each error next to its field and in the summary, which lists them in the order of
/// the form.
pub fn attach_errors(ctx: &Ctx, e: &mut Entered, errors: &[FieldError], rows: &[usize]) {
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
                if let Some((row, _)) = row.filter(|(_, rest)| *rest == "relationship")
                    && plausibility::UNUSUAL.contains(&err.code)
                {
                    e.unusual.push(row);
                }
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
