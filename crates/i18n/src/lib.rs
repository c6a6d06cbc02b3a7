//! Translations: Fluent bundles for every supported language, compiled into the binary.
//!
//! The files live in `locales/<lang>/main.ftl` at the root of the repository so translators
//! find them without reading Rust. A message missing in one language falls back to English, and a
//! message missing everywhere shows its id: a visible gap rather than an empty screen.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::En | Lang::Fr => "ltr",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
        }
    }

    /// Picks the first supported language from an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut weighted: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut it = part.trim().split(';');
                let tag = it.next()?.trim();
                let q = it
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|v| v.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                Lang::parse(&primary).map(|l| (q, l))
            })
            .collect();
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
        weighted.first().map(|(_, l)| *l)
    }
}

/// One translation file, compiled in.
macro_rules! ftl {
    ($lang:literal, $file:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../locales/",
            $lang,
            "/",
            $file,
            ".ftl"
        ))
    };
}

/// Each language's files: `main.ftl` for the screens, `lifecycle.ftl` for the return
/// lifecycle and its safeguards (findings and their remedies), `journal.ftl` for the journal's
/// heads, proofs and witnesses.
const SOURCES: [(Lang, [&str; 3]); 3] = [
    (
        Lang::En,
        [
            ftl!("en", "main"),
            ftl!("en", "lifecycle"),
            ftl!("en", "journal"),
        ],
    ),
    (
        Lang::Fr,
        [
            ftl!("fr", "main"),
            ftl!("fr", "lifecycle"),
            ftl!("fr", "journal"),
        ],
    ),
    (
        Lang::Ar,
        [
            ftl!("ar", "main"),
            ftl!("ar", "lifecycle"),
            ftl!("ar", "journal"),
        ],
    ),
];

/// All bundles, built once at start.
pub struct Translator {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

/// A translation file that does not parse: the language and Fluent's complaint.
#[derive(Debug, thiserror::Error)]
#[error("locales/{lang}: {message}")]
pub struct BadTranslations {
    pub lang: &'static str,
    pub message: String,
}

impl Translator {
    pub fn new() -> Result<Translator, BadTranslations> {
        let mut bundles = HashMap::new();
        for (lang, sources) in SOURCES {
            let id: LanguageIdentifier = lang.code().parse().map_err(|_| BadTranslations {
                lang: lang.code(),
                message: "bad language tag".into(),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Direction is handled by the markup (<bdi>, dir="auto"); isolation marks inside
            // strings would leak into attributes and plain-text exports.
            bundle.set_use_isolating(false);
            for source in sources {
                let bad = |message: String| BadTranslations {
                    lang: lang.code(),
                    message,
                };
                let resource = FluentResource::try_new(source.to_owned())
                    .map_err(|(_, errs)| bad(format!("{errs:?}")))?;
                // A message defined twice across files is refused, not silently overridden.
                bundle
                    .add_resource(resource)
                    .map_err(|errs| bad(format!("{errs:?}")))?;
            }
            bundles.insert(lang, bundle);
        }
        Ok(Translator { bundles })
    }

    /// The message `id` in `lang`, with English as the fallback.
    pub fn t(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None)
    }

    /// The message `id` with named arguments. A whole number (`"3"`) is passed as a number, so
    /// that messages choose their plural form (`{ $count -> [one] … *[other] … }`), which in
    /// Arabic differs for one, two, a few and many.
    pub fn t_with(&self, lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            let number = (!v.is_empty() && v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit()))
                .then(|| v.parse::<u32>().ok())
                .flatten();
            match number {
                Some(n) => fa.set(*k, FluentValue::from(n)),
                None => fa.set(*k, FluentValue::from(*v)),
            }
        }
        self.format(lang, id, Some(&fa))
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        for l in [lang, Lang::En] {
            if let Some(bundle) = self.bundles.get(&l)
                && let Some(pattern) = bundle.get_message(id).and_then(|m| m.value())
            {
                let mut errors = vec![];
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        id.to_owned()
    }

    /// Whether every language defines `id` (used by tests over all message ids in use).
    pub fn has_everywhere(&self, id: &str) -> bool {
        self.bundles.values().all(|b| b.has_message(id))
    }

    /// Every message id defined in English.
    pub fn english_ids(&self) -> Vec<String> {
        SOURCES[0]
            .1
            .iter()
            .flat_map(|s| s.lines())
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
            .filter(|id| !id.is_empty() && !id.starts_with('#') && !id.starts_with(' '))
            .map(str::to_owned)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_english_message_exists_in_every_language() {
        let t = Translator::new().unwrap();
        let ids = t.english_ids();
        assert!(ids.len() > 10);
        for id in ids {
            assert!(t.has_everywhere(&id), "{id} is missing in a language");
        }
    }

    #[test]
    fn counts_choose_their_plural_form_in_every_language() {
        let t = Translator::new().unwrap();
        let count = |lang, n: &str| t.t_with(lang, "safeguard-coercion-open", &[("count", n)]);
        assert_eq!(count(Lang::En, "1"), "One coercion indicator is open.");
        assert_eq!(count(Lang::En, "3"), "3 coercion indicators are open.");
        assert_eq!(
            count(Lang::Fr, "1"),
            "1 indicateur de contrainte est ouvert."
        );
        assert_eq!(
            count(Lang::Fr, "2"),
            "2 indicateurs de contrainte sont ouverts."
        );
        // Arabic: one, two, a few (3–10) and many (11–99) each have their own form.
        let ar: Vec<String> = ["1", "2", "3", "11"]
            .iter()
            .map(|n| count(Lang::Ar, n))
            .collect();
        assert_eq!(
            ar.iter().collect::<std::collections::BTreeSet<_>>().len(),
            4,
            "{ar:?}"
        );
        assert!(ar[2].contains('3') && ar[3].contains("11"), "{ar:?}");
        // Numbers are written as they are, without grouping.
        assert!(
            count(Lang::En, "1234").starts_with("1234 "),
            "{}",
            count(Lang::En, "1234")
        );
    }

    #[test]
    fn accept_language_negotiation() {
        assert_eq!(
            Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de,ar;q=0.5"), Some(Lang::Ar));
        assert_eq!(Lang::from_accept_language("de"), None);
        assert_eq!(Lang::Ar.dir(), "rtl");
    }
}
