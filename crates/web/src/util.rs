//! Small helpers: URL encoding, dates, query parameters.

use crate::error::WebError;
use planwatch_domain::Message;
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

/// The time zone local times are shown in: Asia/Shanghai unless configured
/// (`planwatch serve --time-zone`, env `PLANWATCH_TIME_ZONE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(pub chrono_tz::Tz);

impl Default for TimeZone {
    fn default() -> Self {
        TimeZone(chrono_tz::Asia::Shanghai)
    }
}

impl std::str::FromStr for TimeZone {
    type Err = String;

    /// An IANA name (`Asia/Shanghai`, `Asia/Urumqi`, `UTC`).
    fn from_str(name: &str) -> Result<Self, String> {
        name.trim()
            .parse::<chrono_tz::Tz>()
            .map(TimeZone)
            .map_err(|_| {
                format!(
                    "{name:?} is not a time zone name of the IANA database, such as Asia/Shanghai"
                )
            })
    }
}

impl std::fmt::Display for TimeZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

impl TimeZone {
    /// Unix seconds as local time: `2024-07-05 09:30`.
    pub fn time(self, unix: i64) -> String {
        match chrono::DateTime::from_timestamp(unix, 0) {
            Some(t) => t
                .with_timezone(&self.0)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            None => unix.to_string(),
        }
    }

    /// A timestamp from the audit trail (UTC as stored) in local time like every other time on
    /// the pages; a timestamp in another shape is shown as stored.
    pub fn audit_time(self, at: &str) -> String {
        parse_utc_timestamp(at)
            .map(|t| self.time(t))
            .unwrap_or_else(|| at.to_string())
    }

    /// Today's local date.
    pub fn today(self) -> (i32, u8, u8) {
        use chrono::Datelike;
        let d = chrono::Utc::now().with_timezone(&self.0).date_naive();
        (
            d.year(),
            u8::try_from(d.month()).unwrap_or(1),
            u8::try_from(d.day()).unwrap_or(1),
        )
    }
}

/// Days from 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Unix seconds of a UTC timestamp as the stores write it: `2024-07-05T01:30:00.123Z`
/// (PostgreSQL) or `2024-07-05 01:30:00` (SQLite). `None` for anything else.
pub fn parse_utc_timestamp(at: &str) -> Option<i64> {
    let at = at.trim();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = at.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let sep = |i: usize, allowed: &[u8]| at.as_bytes().get(i).is_some_and(|b| allowed.contains(b));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"T ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// The Chinese name of a query parameter, for messages.
fn field_zh(key: &str) -> &str {
    match key {
        "year" => "年度",
        "month" => "月份",
        "from" => "起始年度",
        "to" => "对比年度",
        "page" => "页码",
        "limit" => "条数",
        "seats" => "拟确定项目数",
        other => other,
    }
}

fn not_whole(key: &str, v: &str) -> WebError {
    WebError::BadInput(Message::new(
        format!("{}应为整数，而不是“{v}”", field_zh(key)),
        format!("{key} must be a whole number, not {v:?}"),
    ))
}

/// Typed access to query parameters with clear errors.
pub struct Params(pub HashMap<String, String>);

impl Params {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub fn i32(&self, key: &str) -> Result<Option<i32>, WebError> {
        self.str(key)
            .map(|v| v.parse::<i32>().map_err(|_| not_whole(key, v)))
            .transpose()
    }

    pub fn i64(&self, key: &str) -> Result<Option<i64>, WebError> {
        self.str(key)
            .map(|v| v.parse::<i64>().map_err(|_| not_whole(key, v)))
            .transpose()
    }

    /// A month 1..=12.
    pub fn month(&self, key: &str) -> Result<Option<u8>, WebError> {
        match self.i32(key)? {
            None => Ok(None),
            Some(m) if (1..=12).contains(&m) => Ok(u8::try_from(m).ok()),
            Some(m) => Err(WebError::BadInput(Message::new(
                format!("{}应为1至12，而不是{m}", field_zh(key)),
                format!("{key} must be 1..12, not {m}"),
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
    fn formats_local_time() {
        let tz = TimeZone::default();
        assert_eq!(tz.to_string(), "Asia/Shanghai");
        assert_eq!(tz.time(0), "1970-01-01 08:00");
        assert_eq!(tz.time(1_720_143_000), "2024-07-05 09:30");
        assert_eq!(
            tz.audit_time("2024-07-05T01:30:00.123Z"),
            "2024-07-05 09:30"
        );
        assert_eq!(tz.audit_time("2024-12-31 20:05:00"), "2025-01-01 04:05");
        assert_eq!(tz.audit_time("yesterday"), "yesterday");
        assert_eq!(parse_utc_timestamp("2024-13-01T00:00:00Z"), None);
        let utc: TimeZone = "UTC".parse().expect("UTC");
        assert_eq!(utc.time(1_720_143_000), "2024-07-05 01:30");
        let urumqi: TimeZone = "Asia/Urumqi".parse().expect("Urumqi");
        assert_eq!(urumqi.audit_time("2024-12-31 20:05:00"), "2025-01-01 02:05");
        // Summer time is the zone's own business: New York is UTC-4 in July, UTC-5 in January.
        let ny: TimeZone = "America/New_York".parse().expect("New York");
        assert_eq!(ny.time(1_720_143_000), "2024-07-04 21:30");
        assert_eq!(ny.time(1_704_103_200), "2024-01-01 05:00");
        let err = "Beijing".parse::<TimeZone>().expect_err("not a zone");
        assert!(err.contains("Asia/Shanghai"), "{err}");
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
