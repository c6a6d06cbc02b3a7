//! Persons: the clear statistical facts and the personal fields that are always encrypted.

use crate::macros::string_enum;
use crate::{Invalid, text};
use serde::{Deserialize, Serialize};
use time::{Date, macros::format_description};

string_enum! {
    Sex { Female = "female", Male = "male", Other = "other", Unknown = "unknown" }
}

string_enum! {
    /// UNHCR's standard age bands (METHODS.md section 6).
    AgeBand {
        Under5 = "0-4",
        From5To11 = "5-11",
        From12To17 = "12-17",
        From18To59 = "18-59",
        From60 = "60+",
        Unknown = "unknown",
    }
}

impl AgeBand {
    pub fn from_age(years: i32) -> Self {
        match years {
            0..=4 => Self::Under5,
            5..=11 => Self::From5To11,
            12..=17 => Self::From12To17,
            18..=59 => Self::From18To59,
            60.. => Self::From60,
            _ => Self::Unknown,
        }
    }

    /// Under 18. An unknown age is not treated as adult: the safeguards for children must not be
    /// escaped by leaving the date of birth empty, so callers check `is_adult` where adulthood is
    /// what gives a right.
    pub fn is_child(self) -> bool {
        matches!(self, Self::Under5 | Self::From5To11 | Self::From12To17)
    }

    pub fn is_adult(self) -> bool {
        matches!(self, Self::From18To59 | Self::From60)
    }

    /// The youngest and oldest age in the band, in completed years; `None` when unknown.
    pub fn years(self) -> Option<(i32, i32)> {
        match self {
            Self::Under5 => Some((0, 4)),
            Self::From5To11 => Some((5, 11)),
            Self::From12To17 => Some((12, 17)),
            Self::From18To59 => Some((18, 59)),
            Self::From60 => Some((60, MAX_AGE_YEARS)),
            Self::Unknown => None,
        }
    }
}

/// Completed years between a birth date and a day.
pub fn age_on(birth: Date, on: Date) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month() as u8, on.day()) < (birth.month() as u8, birth.day()) {
        years -= 1;
    }
    years
}

/// The most languages one person's record lists: more than the most multilingual returnee
/// speaks, few enough that the list cannot be made a payload.
pub const MAX_LANGUAGES: usize = 20;

/// A person's languages at `pointer`: real ISO 639 codes in the form Homeward records them,
/// each once, at most [`MAX_LANGUAGES`]. Pushes the errors, naming the entry at fault.
pub fn languages(pointer: &str, raw: &[String], errors: &mut crate::error::Errors) -> Vec<String> {
    if !errors.within(pointer, raw.len(), MAX_LANGUAGES) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (j, code) in raw.iter().enumerate() {
        let at = format!("{pointer}/{j}");
        match errors.check(text::known_language(&at, code)) {
            // "ar" and "ara" are one language: the second is a duplicate too.
            Some(code) if out.contains(&code) => errors.push(at, "error-duplicate"),
            Some(code) => out.push(code),
            None => {}
        }
    }
    out
}

/// The oldest age Homeward accepts; older dates of birth are typing errors.
pub const MAX_AGE_YEARS: i32 = 130;

/// Parses an ISO date (`YYYY-MM-DD`); 30 February and year 0 are refused by the calendar.
pub fn date(pointer: &str, raw: &str) -> Result<Date, Invalid> {
    let fmt = format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), &fmt)
        .ok()
        .filter(|d| d.year() >= 1)
        .ok_or_else(|| Invalid::one(pointer, "error-date"))
}

/// A date of birth: a real date, not in the future, and not more than 130 years ago.
pub fn birth_date(pointer: &str, raw: &str, today: Date) -> Result<Date, Invalid> {
    let d = date(pointer, raw)?;
    if d > today {
        return Err(Invalid::one(pointer, "error-date-in-future"));
    }
    if age_on(d, today) > MAX_AGE_YEARS {
        return Err(Invalid::one(pointer, "error-age-out-of-range"));
    }
    Ok(d)
}

/// The personal fields of a person, in clear. They exist only in memory: the application layer
/// encrypts each one under the person's data key before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalFields {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
    pub document_number: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

impl PersonalFields {
    /// The names under which fields are encrypted and stored; also the JSON names.
    pub const FIELDS: &'static [&'static str] = &[
        "given_name",
        "family_name",
        "date_of_birth",
        "phone",
        "document_number",
        "address",
        "notes",
    ];

    pub fn get(&self, field: &str) -> Option<&str> {
        match field {
            "given_name" => Some(&self.given_name),
            "family_name" => Some(&self.family_name),
            "date_of_birth" => self.date_of_birth.as_deref(),
            "phone" => self.phone.as_deref(),
            "document_number" => self.document_number.as_deref(),
            "address" => self.address.as_deref(),
            "notes" => self.notes.as_deref(),
            _ => None,
        }
    }

    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "given_name" => self.given_name = value,
            "family_name" => self.family_name = value,
            "date_of_birth" => self.date_of_birth = Some(value),
            "phone" => self.phone = Some(value),
            "document_number" => self.document_number = Some(value),
            "address" => self.address = Some(value),
            "notes" => self.notes = Some(value),
            _ => {}
        }
    }

    /// Normalises and checks every field; `base` is the JSON pointer of the person object.
    pub fn validated(self, base: &str, today: Date, errors: &mut crate::error::Errors) -> Self {
        let mut out = PersonalFields {
            given_name: errors
                .check(text::name(&format!("{base}/given_name"), &self.given_name))
                .unwrap_or_default(),
            family_name: errors
                .check(text::name(
                    &format!("{base}/family_name"),
                    &self.family_name,
                ))
                .unwrap_or_default(),
            ..Default::default()
        };
        if let Some(dob) = self
            .date_of_birth
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            out.date_of_birth = errors
                .check(birth_date(&format!("{base}/date_of_birth"), dob, today))
                .map(|d| d.to_string());
        }
        // (field, value, longest, whether it may span lines): an address and notes may; a
        // phone or document number on two lines is a disguise, not a number.
        let optional = [
            ("phone", self.phone, 40, false),
            ("document_number", self.document_number, 60, false),
            ("address", self.address, 500, true),
            ("notes", self.notes, 4000, true),
        ];
        for (field, value, max, lines) in optional {
            let Some(v) = value.filter(|s| !s.trim().is_empty()) else {
                continue;
            };
            let pointer = format!("{base}/{field}");
            let checked = if lines {
                text::free_text(&pointer, &v, max)
            } else {
                text::line(&pointer, &v, max)
            };
            if let Some(clean) = errors.check(checked) {
                out.set(field, clean);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn age_bands_follow_unhcr() {
        let cases = [
            (0, "0-4"),
            (4, "0-4"),
            (5, "5-11"),
            (11, "5-11"),
            (12, "12-17"),
            (17, "12-17"),
            (18, "18-59"),
            (59, "18-59"),
            (60, "60+"),
            (-1, "unknown"),
        ];
        for (age, band) in cases {
            assert_eq!(AgeBand::from_age(age).as_str(), band, "age {age}");
        }
        assert!(AgeBand::From12To17.is_child());
        for age in 0..=MAX_AGE_YEARS {
            let (low, high) = AgeBand::from_age(age).years().unwrap();
            assert!((low..=high).contains(&age), "age {age}");
        }
        assert_eq!(AgeBand::Unknown.years(), None);
        assert!(!AgeBand::Unknown.is_child() && !AgeBand::Unknown.is_adult());
    }

    #[test]
    fn languages_are_known_distinct_and_bounded() {
        let list = |codes: &[&str]| codes.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let mut errors = crate::error::Errors::default();
        assert_eq!(
            languages("/l", &list(&["ara", "prs"]), &mut errors),
            ["ar", "prs"]
        );
        assert!(errors.is_empty());
        languages("/l", &list(&["ar", "ara", "qq"]), &mut errors);
        let found = errors.into_result().unwrap_err().0;
        assert_eq!(
            (found[0].pointer.as_str(), found[0].code),
            ("/l/1", "error-duplicate")
        );
        assert_eq!(
            (found[1].pointer.as_str(), found[1].code),
            ("/l/2", "error-language-unknown")
        );
        let mut errors = crate::error::Errors::default();
        languages("/l", &vec!["zz".to_owned(); 20_000], &mut errors);
        let found = errors.into_result().unwrap_err().0;
        assert_eq!(found.len(), 1, "one error for the whole list");
        assert_eq!(
            (found[0].pointer.as_str(), found[0].code),
            ("/l", "error-list-too-long")
        );
    }

    #[test]
    fn age_counts_completed_years() {
        assert_eq!(age_on(date!(2008 - 11 - 23), date!(2026 - 11 - 22)), 17);
        assert_eq!(age_on(date!(2008 - 11 - 22), date!(2026 - 11 - 22)), 18);
    }

    #[test]
    fn impossible_birth_dates_are_refused() {
        let today = date!(2026 - 11 - 22);
        assert_eq!(
            birth_date("/d", "2001-02-30", today).unwrap_err().0[0].code,
            "error-date"
        );
        assert_eq!(
            birth_date("/d", "0000-01-01", today).unwrap_err().0[0].code,
            "error-date"
        );
        assert_eq!(
            birth_date("/d", "2027-01-01", today).unwrap_err().0[0].code,
            "error-date-in-future"
        );
        assert_eq!(
            birth_date("/d", "1880-01-01", today).unwrap_err().0[0].code,
            "error-age-out-of-range"
        );
        assert!(birth_date("/d", "1990-06-15", today).is_ok());
    }
}
