//! Language codes Homeward accepts where a language must be *known* (consent, counselling):
//! ISO 639-1 in full, and the ISO 639-3 codes of languages common in return programmes that
//! have no two-letter code. Source: the ISO 639 registration authority's tables (SIL, 2024).

/// ISO 639-1: the 184 codes of the registration authority's table (`bh` included).
pub const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// ISO 639-3 codes without a two-letter equivalent: Dari, Central Kurdish (Sorani), Northern
/// Kurdish (Kurmanji), Rohingya, Beja, Nigerian Fulfulde, Krio, Tunisian, Sudanese,
/// Algerian, Moroccan and Libyan Arabic, Southern and Central Pashto, Hazaragi.
pub const ISO_639_3_EXTRA: &[&str] = &[
    "prs", "ckb", "kmr", "rhg", "bej", "fuv", "kri", "aeb", "apd", "arq", "ary", "ayl", "pbt",
    "pst", "haz",
];
