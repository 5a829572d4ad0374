//! Small helpers: URL encoding, dates, query parameters.

use crate::error::WebError;
use std::collections::HashMap;

/// Percent-encodes a path segment or query value (everything but unreserved ASCII).
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Unix seconds as Beijing time (UTC+8): `2024-07-05 09:30`.
pub fn fmt_time(unix: i64) -> String {
    let t = unix + 8 * 3600;
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// Today's date in Beijing (UTC+8).
pub fn today_beijing() -> (i32, u8, u8) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((now + 8 * 3600).div_euclid(86_400));
    (
        i32::try_from(y).unwrap_or(1970),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// An RFC 3339 timestamp from the audit trail, shortened for display (UTC).
pub fn fmt_audit_time(at: &str) -> String {
    let t = at.replace('T', " ");
    let t = t.trim_end_matches('Z');
    let short = t.get(..19).unwrap_or(t);
    format!("{short} UTC")
}

/// Typed access to query parameters with clear errors.
pub struct Params(pub HashMap<String, String>);

impl Params {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub fn i32(&self, key: &str) -> Result<Option<i32>, WebError> {
        self.str(key)
            .map(|v| {
                v.parse::<i32>().map_err(|_| {
                    WebError::BadRequest(format!("{key} must be a whole number, not {v:?}"))
                })
            })
            .transpose()
    }

    pub fn i64(&self, key: &str) -> Result<Option<i64>, WebError> {
        self.str(key)
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    WebError::BadRequest(format!("{key} must be a whole number, not {v:?}"))
                })
            })
            .transpose()
    }

    /// A month 1..=12.
    pub fn month(&self, key: &str) -> Result<Option<u8>, WebError> {
        match self.i32(key)? {
            None => Ok(None),
            Some(m) if (1..=12).contains(&m) => Ok(u8::try_from(m).ok()),
            Some(m) => Err(WebError::BadRequest(format!(
                "{key} must be 1..12, not {m}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_chinese_and_reserved() {
        assert_eq!(enc("江北区"), "%E6%B1%9F%E5%8C%97%E5%8C%BA");
        assert_eq!(enc("a b/c?d&e"), "a%20b%2Fc%3Fd%26e");
        assert_eq!(enc("ok-1_2.3~"), "ok-1_2.3~");
    }

    #[test]
    fn formats_beijing_time() {
        assert_eq!(fmt_time(0), "1970-01-01 08:00");
        assert_eq!(fmt_time(1_720_143_000), "2024-07-05 09:30");
        assert_eq!(
            fmt_audit_time("2024-07-05T01:30:00.123Z"),
            "2024-07-05 01:30:00 UTC"
        );
    }

    #[test]
    fn params_are_checked() {
        let p = Params(HashMap::from([
            ("year".to_string(), "2024".to_string()),
            ("month".to_string(), "13".to_string()),
            ("bad".to_string(), "x".to_string()),
        ]));
        assert_eq!(p.i32("year").ok().flatten(), Some(2024));
        assert!(p.month("month").is_err());
        assert!(p.i32("bad").is_err());
        assert_eq!(p.i32("none").ok().flatten(), None);
    }
}
