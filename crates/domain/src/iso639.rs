//! ISO 639 language codes: which codes name a real language, and the one form Homeward records
//! each language under, so that "ar" and "ara" count as one language in the statistics and a
//! counselling held in "ara" is known to be in the language of a person who speaks "ar".
//!
//! Sources: the ISO 639-3 code table of its registration authority (SIL International) and the
//! ISO 639-2 table of the Library of Congress, as packaged by Debian's iso-codes 4.15
//! (`tools/iso639-3` regenerates `iso639-3.txt` from it).

/// ISO 639-1: the 184 codes of the registration authority's table (`bh` included), each with
/// its three-letter equivalent (ISO 639-3, or for `bh` the ISO 639-2 collective code `bih`).
pub const ISO_639_1: &[(&str, &str)] = &[
    ("aa", "aar"),
    ("ab", "abk"),
    ("ae", "ave"),
    ("af", "afr"),
    ("ak", "aka"),
    ("am", "amh"),
    ("an", "arg"),
    ("ar", "ara"),
    ("as", "asm"),
    ("av", "ava"),
    ("ay", "aym"),
    ("az", "aze"),
    ("ba", "bak"),
    ("be", "bel"),
    ("bg", "bul"),
    ("bh", "bih"),
    ("bi", "bis"),
    ("bm", "bam"),
    ("bn", "ben"),
    ("bo", "bod"),
    ("br", "bre"),
    ("bs", "bos"),
    ("ca", "cat"),
    ("ce", "che"),
    ("ch", "cha"),
    ("co", "cos"),
    ("cr", "cre"),
    ("cs", "ces"),
    ("cu", "chu"),
    ("cv", "chv"),
    ("cy", "cym"),
    ("da", "dan"),
    ("de", "deu"),
    ("dv", "div"),
    ("dz", "dzo"),
    ("ee", "ewe"),
    ("el", "ell"),
    ("en", "eng"),
    ("eo", "epo"),
    ("es", "spa"),
    ("et", "est"),
    ("eu", "eus"),
    ("fa", "fas"),
    ("ff", "ful"),
    ("fi", "fin"),
    ("fj", "fij"),
    ("fo", "fao"),
    ("fr", "fra"),
    ("fy", "fry"),
    ("ga", "gle"),
    ("gd", "gla"),
    ("gl", "glg"),
    ("gn", "grn"),
    ("gu", "guj"),
    ("gv", "glv"),
    ("ha", "hau"),
    ("he", "heb"),
    ("hi", "hin"),
    ("ho", "hmo"),
    ("hr", "hrv"),
    ("ht", "hat"),
    ("hu", "hun"),
    ("hy", "hye"),
    ("hz", "her"),
    ("ia", "ina"),
    ("id", "ind"),
    ("ie", "ile"),
    ("ig", "ibo"),
    ("ii", "iii"),
    ("ik", "ipk"),
    ("io", "ido"),
    ("is", "isl"),
    ("it", "ita"),
    ("iu", "iku"),
    ("ja", "jpn"),
    ("jv", "jav"),
    ("ka", "kat"),
    ("kg", "kon"),
    ("ki", "kik"),
    ("kj", "kua"),
    ("kk", "kaz"),
    ("kl", "kal"),
    ("km", "khm"),
    ("kn", "kan"),
    ("ko", "kor"),
    ("kr", "kau"),
    ("ks", "kas"),
    ("ku", "kur"),
    ("kv", "kom"),
    ("kw", "cor"),
    ("ky", "kir"),
    ("la", "lat"),
    ("lb", "ltz"),
    ("lg", "lug"),
    ("li", "lim"),
    ("ln", "lin"),
    ("lo", "lao"),
    ("lt", "lit"),
    ("lu", "lub"),
    ("lv", "lav"),
    ("mg", "mlg"),
    ("mh", "mah"),
    ("mi", "mri"),
    ("mk", "mkd"),
    ("ml", "mal"),
    ("mn", "mon"),
    ("mr", "mar"),
    ("ms", "msa"),
    ("mt", "mlt"),
    ("my", "mya"),
    ("na", "nau"),
    ("nb", "nob"),
    ("nd", "nde"),
    ("ne", "nep"),
    ("ng", "ndo"),
    ("nl", "nld"),
    ("nn", "nno"),
    ("no", "nor"),
    ("nr", "nbl"),
    ("nv", "nav"),
    ("ny", "nya"),
    ("oc", "oci"),
    ("oj", "oji"),
    ("om", "orm"),
    ("or", "ori"),
    ("os", "oss"),
    ("pa", "pan"),
    ("pi", "pli"),
    ("pl", "pol"),
    ("ps", "pus"),
    ("pt", "por"),
    ("qu", "que"),
    ("rm", "roh"),
    ("rn", "run"),
    ("ro", "ron"),
    ("ru", "rus"),
    ("rw", "kin"),
    ("sa", "san"),
    ("sc", "srd"),
    ("sd", "snd"),
    ("se", "sme"),
    ("sg", "sag"),
    ("si", "sin"),
    ("sk", "slk"),
    ("sl", "slv"),
    ("sm", "smo"),
    ("sn", "sna"),
    ("so", "som"),
    ("sq", "sqi"),
    ("sr", "srp"),
    ("ss", "ssw"),
    ("st", "sot"),
    ("su", "sun"),
    ("sv", "swe"),
    ("sw", "swa"),
    ("ta", "tam"),
    ("te", "tel"),
    ("tg", "tgk"),
    ("th", "tha"),
    ("ti", "tir"),
    ("tk", "tuk"),
    ("tl", "tgl"),
    ("tn", "tsn"),
    ("to", "ton"),
    ("tr", "tur"),
    ("ts", "tso"),
    ("tt", "tat"),
    ("tw", "twi"),
    ("ty", "tah"),
    ("ug", "uig"),
    ("uk", "ukr"),
    ("ur", "urd"),
    ("uz", "uzb"),
    ("ve", "ven"),
    ("vi", "vie"),
    ("vo", "vol"),
    ("wa", "wln"),
    ("wo", "wol"),
    ("xh", "xho"),
    ("yi", "yid"),
    ("yo", "yor"),
    ("za", "zha"),
    ("zh", "zho"),
    ("zu", "zul"),
];

/// ISO 639-2/B: the twenty bibliographic codes that differ from the terminology codes of
/// ISO 639-2/T and 639-3 (library catalogues still use them), with their two-letter form.
pub const ISO_639_2_B: &[(&str, &str)] = &[
    ("alb", "sq"),
    ("arm", "hy"),
    ("baq", "eu"),
    ("bur", "my"),
    ("chi", "zh"),
    ("cze", "cs"),
    ("dut", "nl"),
    ("fre", "fr"),
    ("geo", "ka"),
    ("ger", "de"),
    ("gre", "el"),
    ("ice", "is"),
    ("mac", "mk"),
    ("mao", "mi"),
    ("may", "ms"),
    ("per", "fa"),
    ("rum", "ro"),
    ("slo", "sk"),
    ("tib", "bo"),
    ("wel", "cy"),
];

/// ISO 639-3: every individual language and macrolanguage (7,906 codes; the special codes
/// `mis`, `mul`, `und` and `zxx` left out, since they name no language), sorted, one code and
/// a line feed each, so that entry `i` is bytes `4i..4i + 3`.
const ISO_639_3: &str = include_str!("iso639-3.txt");

/// The `i`th code of the ISO 639-3 table.
fn iso_639_3(i: usize) -> &'static str {
    &ISO_639_3[4 * i..4 * i + 3]
}

/// Whether `code` is in the ISO 639-3 table (binary search over the fixed-width lines).
fn in_iso_639_3(code: &str) -> Option<&'static str> {
    let (mut low, mut high) = (0, ISO_639_3.len() / 4);
    while low < high {
        let mid = (low + high) / 2;
        match iso_639_3(mid).cmp(code) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => return Some(iso_639_3(mid)),
        }
    }
    None
}

/// The form a language is recorded under, if `code` names one: its ISO 639-1 code where it has
/// one (the rule of BCP 47, RFC 5646 section 2.2.1), else its ISO 639-3 code. `None` for
/// anything that is not a real ISO 639 code: made-up pairs such as `qq`, the local-use range
/// `qaa`–`qtz`, the special codes, and ISO 639-2 collective codes other than `bih`.
pub fn canonical(code: &str) -> Option<&'static str> {
    match code.len() {
        2 => ISO_639_1
            .iter()
            .find(|(two, _)| *two == code)
            .map(|(two, _)| *two),
        3 => {
            let two = ISO_639_1
                .iter()
                .copied()
                .chain(ISO_639_2_B.iter().map(|&(b, two)| (two, b)))
                .find(|&(_, three)| three == code)
                .map(|(two, _)| two);
            two.or_else(|| in_iso_639_3(code))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_fixed_width_and_complete() {
        assert_eq!(ISO_639_3.len() % 4, 0);
        let n = ISO_639_3.len() / 4;
        assert_eq!(n, 7906);
        for i in 0..n {
            let code = iso_639_3(i);
            assert!(code.bytes().all(|b| b.is_ascii_lowercase()), "{code}");
            assert_eq!(&ISO_639_3[4 * i + 3..4 * i + 4], "\n");
            if i > 0 {
                assert!(iso_639_3(i - 1) < code, "{code} out of order");
            }
        }
        assert_eq!(ISO_639_1.len(), 184);
        for (two, three) in ISO_639_1 {
            assert!(
                *three == "bih" || in_iso_639_3(three).is_some(),
                "{two} {three}"
            );
        }
    }

    #[test]
    fn languages_are_recorded_under_their_shortest_code() {
        assert_eq!(canonical("ar"), Some("ar"));
        assert_eq!(canonical("ara"), Some("ar"));
        assert_eq!(canonical("fre"), Some("fr"));
        assert_eq!(canonical("fra"), Some("fr"));
        assert_eq!(canonical("per"), Some("fa"));
        // Languages of return programmes without a two-letter code: Dari, Sorani, Kurmanji,
        // Rohingya, Tigre, Nuer, Dinka, Masalit, Hazaragi.
        for code in [
            "prs", "ckb", "kmr", "rhg", "tig", "nus", "din", "mls", "haz",
        ] {
            assert_eq!(canonical(code), Some(code));
        }
        for made_up in [
            "qq", "xx", "zz", "qaa", "qtz", "und", "mul", "zxx", "ber", "", "a",
        ] {
            assert_eq!(canonical(made_up), None, "{made_up}");
        }
    }
}
