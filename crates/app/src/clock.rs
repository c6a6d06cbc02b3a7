//! The clock the services read, in the forms they store it.

/// Today's date in UTC; the single clock the services read.
pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A moment as the services store it: RFC 3339, UTC, to the second.
pub(crate) fn timestamp(t: time::OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    t.format(&fmt).unwrap_or_default()
}

/// Seconds since the Unix epoch, for throttles and session clocks.
pub(crate) fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
