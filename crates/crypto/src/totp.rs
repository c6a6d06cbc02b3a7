//! Time-based one-time passwords (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps — what every
//! authenticator app understands. The caller decides which steps it accepts (it keeps the last
//! step used by each user, so a code can never be replayed).

use hmac::{Hmac, KeyInit, Mac};

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;

/// A new TOTP secret: 20 random bytes (160 bits, the size RFC 4226 recommends for SHA-1).
pub fn new_totp_secret() -> [u8; 20] {
    crate::random_bytes()
}

/// The secret as authenticator apps want it typed: unpadded base32.
pub fn totp_secret_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// The time step of a Unix time.
pub fn totp_step(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of one step (RFC 4226 dynamic truncation), as six digits.
pub fn totp_code(secret: &[u8], step: i64) -> String {
    let Ok(mut mac) = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(secret) else {
        // HMAC takes keys of any length; this cannot happen.
        return String::new();
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", word % 1_000_000)
}

/// The step among `now - 1 ..= now + 1` whose code is `code`, if any. Codes are compared in
/// constant time; anything that is not six ASCII digits matches nothing.
pub fn totp_matching_step(secret: &[u8], code: &str, now_step: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut found = None;
    for step in [now_step - 1, now_step, now_step + 1] {
        let expected = totp_code(secret, step);
        let same = expected
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        if same && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// The `otpauth://` URI that authenticator apps read from a QR code.
pub fn totp_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'@') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        totp_secret_base32(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8-digit values, last six digits).
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(totp_code(secret, totp_step(time)), code, "{time}");
        }
    }

    #[test]
    fn one_step_either_side_is_accepted_and_no_more() {
        let secret = new_totp_secret();
        let now = totp_step(1_700_000_000);
        for delta in [-1, 0, 1] {
            let code = totp_code(&secret, now + delta);
            assert_eq!(totp_matching_step(&secret, &code, now), Some(now + delta));
        }
        assert_eq!(
            totp_matching_step(&secret, &totp_code(&secret, now + 2), now),
            None
        );
        assert_eq!(totp_matching_step(&secret, "12345", now), None);
        assert_eq!(totp_matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn the_uri_names_issuer_account_and_secret() {
        let uri = totp_uri("Homeward", "a b@x.test", &[0u8; 20]);
        assert!(uri.starts_with("otpauth://totp/Homeward:a%20b@x.test?secret=AAAA"));
    }
}
