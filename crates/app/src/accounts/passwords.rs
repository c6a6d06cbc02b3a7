//! The password policy: a minimum length, a maximum, and a deny list of common passwords.

use crate::{App, Result};
use homeward_crypto::hash_password;

impl App {
    /// Checks a new password against the policy.
    pub(crate) fn check_password(&self, password: &str) -> Result<String> {
        if password.chars().count() < self.settings.min_password_chars {
            return Err(
                homeward_domain::Invalid::one("/password", "error-password-too-short").into(),
            );
        }
        if password.len() > 1024 {
            return Err(homeward_domain::Invalid::one("/password", "error-text-too-long").into());
        }
        if is_common_password(password) {
            return Err(homeward_domain::Invalid::one("/password", "error-password-common").into());
        }
        Ok(hash_password(password))
    }
}

/// Passwords refused whatever their length: `config/password-denylist.txt`, compiled in.
const PASSWORD_DENYLIST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../config/password-denylist.txt"
));

fn is_common_password(password: &str) -> bool {
    let candidate = password.trim().to_lowercase();
    PASSWORD_DENYLIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l.to_lowercase() == candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert!(is_common_password("Password1234"));
        assert!(is_common_password("1qaz2wsx3edc"));
        assert!(!is_common_password("a long and unusual passphrase"));
        // The comment lines of the file are not passwords.
        assert!(!is_common_password(
            "# Passwords Homeward refuses whatever their length (compared without regard to case)."
        ));
    }
}
