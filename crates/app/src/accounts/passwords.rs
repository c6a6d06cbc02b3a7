//! The password policy (NIST SP 800-63B §5.1.1.2; ASVS 5.0 V6.2): a minimum length, a maximum,
//! and a deny list of common passwords — no composition rules. A password is otherwise used
//! exactly as typed: never trimmed, truncated or case-folded before it is hashed or verified
//! (only the deny-list comparison ignores case and padding).

use crate::{App, Result};
use homeward_crypto::hash_password;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The longest password accepted, in bytes (Argon2 takes any length; this bounds the work an
/// anonymous request can ask for).
pub const MAX_PASSWORD_BYTES: usize = 1024;

impl App {
    /// Checks a new password against the policy; answers its Argon2id hash.
    pub(crate) fn check_password(&self, password: &str) -> Result<String> {
        if password.chars().count() < self.settings.min_password_chars {
            return Err(
                homeward_domain::Invalid::one("/password", "error-password-too-short").into(),
            );
        }
        if password.len() > MAX_PASSWORD_BYTES {
            return Err(homeward_domain::Invalid::one("/password", "error-text-too-long").into());
        }
        if is_common_password(password) {
            return Err(homeward_domain::Invalid::one("/password", "error-password-common").into());
        }
        Ok(hash_password(password))
    }
}

/// `config/password-denylist.txt` (its header gives source, version, licence and how it was
/// made), compiled in so that the check works offline.
const PASSWORD_DENYLIST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../config/password-denylist.txt"
));

/// The deny list's passwords in the file's order (most common first).
fn entries() -> impl Iterator<Item = &'static str> {
    PASSWORD_DENYLIST
        .lines()
        // "# " starts a comment; a password may itself begin with '#' ("#name?").
        .filter(|l| !l.is_empty() && !l.starts_with("# ") && *l != "#")
}

/// The deny list as a set, built once: a lookup is one hash of the candidate, not a walk over
/// 47,000 lines.
static DENIED: LazyLock<HashSet<&'static str>> = LazyLock::new(|| entries().collect());

/// Whether the password is on the deny list, ignoring case, or is an entry padded with digits,
/// symbols or spaces at either end (`Sunshine2026!!`, `!!dragon!!`): the usual way a common
/// password is stretched to a required length.
fn is_common_password(password: &str) -> bool {
    let candidate = password.to_lowercase();
    if DENIED.contains(candidate.as_str()) {
        return true;
    }
    let core = candidate
        .trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    !core.is_empty() && core != candidate && DENIED.contains(core)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_whatever_their_case_or_padding() {
        assert!(is_common_password("Password1234"));
        assert!(is_common_password("1qaz2wsx3edc"));
        assert!(is_common_password("QWERTY123456"));
        // Padding a common password to the minimum length does not make it uncommon.
        assert!(is_common_password("Sunshine2026!!"));
        assert!(is_common_password("  dragon-12345  "));
        assert!(is_common_password("homeward2026!"));
        assert!(!is_common_password("a long and unusual passphrase"));
        assert!(!is_common_password("correct horse battery staple"));
        // Only whole entries count: a common word inside a passphrase is fine.
        assert!(!is_common_password("my dragon sleeps at noon"));
        // An entry that starts with '#' is a password, not a comment; the comments are not.
        assert!(is_common_password("#name?"));
        assert!(!is_common_password("# Homeward's additions"));
    }

    #[test]
    fn the_list_holds_at_least_the_three_thousand_most_common_passwords() {
        // ASVS 5.0 V6.2.4: at least the top 3,000. The source's first 3,000 lines are its
        // 3,000 most frequent passwords; all of them, and the rest, are in the set.
        let entries: Vec<&str> = entries().collect();
        assert!(entries.len() >= 47_000, "{}", entries.len());
        assert_eq!(&entries[..4], ["123456", "password", "12345678", "qwerty"]);
        assert!(entries[..3000].iter().all(|p| DENIED.contains(p)));
        assert!(DENIED.len() >= 47_000);
    }
}
