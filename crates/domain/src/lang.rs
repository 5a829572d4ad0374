//! The two languages planwatch writes its sentences in. Chinese is the language of the plan and
//! its reports; English is written from the same facts (the same figures, comparisons and rule
//! decisions), not translated from the Chinese text. Names and texts quoted from the data (an
//! indicator's name, a target as written, a department) stay as they are in both.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A language of generated text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Chinese first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// `zh` / `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Reads `zh`, `zh-CN`, `en`, `en-US` (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the text for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A message written in both languages from the same facts: a diagnostic, a refusal, what an
/// import expected. It prints (and serializes) as its English text, which is what the CLI and
/// the JSON API have always shown for diagnostics; pages pick the language they are in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    /// The Chinese sentence.
    pub zh: String,
    /// The English sentence.
    pub en: String,
}

impl Message {
    /// A message in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A message that exists in one wording only (from code that does not yet write both); both
/// languages show it as it is.
impl From<String> for Message {
    fn from(s: String) -> Self {
        Message {
            zh: s.clone(),
            en: s,
        }
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::from(s.to_string())
    }
}

impl std::ops::Deref for Message {
    type Target = str;
    fn deref(&self) -> &str {
        &self.en
    }
}

impl std::borrow::Borrow<str> for Message {
    fn borrow(&self) -> &str {
        &self.en
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en)
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Message::from)
    }
}

/// Serde for a [`Message`] field that carries both languages: `{"zh": …, "en": …}`. Reads
/// that object, or a plain string (then both languages hold it).
pub mod both {
    use super::Message;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Both { zh: String, en: String },
        One(String),
    }

    /// Writes `{"zh": …, "en": …}`.
    pub fn serialize<S: Serializer>(m: &Message, s: S) -> Result<S::Ok, S::Error> {
        Repr::Both {
            zh: m.zh.clone(),
            en: m.en.clone(),
        }
        .serialize(s)
    }

    /// Reads `{"zh": …, "en": …}` or a string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Message, D::Error> {
        Ok(match Repr::deserialize(d)? {
            Repr::Both { zh, en } => Message { zh, en },
            Repr::One(s) => Message::from(s),
        })
    }
}

/// Joins messages in one language: `；` between Chinese ones, `; ` between English ones.
pub fn join_messages<'a>(messages: impl IntoIterator<Item = &'a Message>, lang: Lang) -> String {
    let parts: Vec<&str> = messages.into_iter().map(|m| m.text(lang)).collect();
    parts.join(lang.pick("；", "; "))
}

/// English names of common Chinese units, with the factor that turns a figure in the Chinese
/// unit into one in the English unit: 1744亿元 is 174.4 billion yuan, 2.1万人 is 21 thousand
/// people. (unit, factor as mantissa and scale, English unit)
const UNITS_EN: &[(&str, i64, u32, &str)] = &[
    ("%", 1, 0, "%"),
    ("％", 1, 0, "%"),
    ("个百分点", 1, 0, "%"),
    ("百分点", 1, 0, "%"),
    ("‰", 1, 0, "‰"),
    ("亿元", 1, 1, "billion yuan"),
    ("万亿元", 1, 0, "trillion yuan"),
    ("万元", 10, 0, "thousand yuan"),
    ("元", 1, 0, "yuan"),
    ("亿美元", 1, 1, "billion US dollars"),
    ("万美元", 10, 0, "thousand US dollars"),
    ("美元", 1, 0, "US dollars"),
    ("万人", 10, 0, "thousand people"),
    ("人", 1, 0, "people"),
    ("万人次", 10, 0, "thousand visits"),
    ("人次", 1, 0, "visits"),
    ("天", 1, 0, "days"),
    ("个", 1, 0, ""),
    ("项", 1, 0, ""),
    ("家", 1, 0, ""),
    ("所", 1, 0, ""),
    ("座", 1, 0, ""),
    ("件", 1, 0, ""),
    ("万户", 10, 0, "thousand households"),
    ("户", 1, 0, "households"),
    ("万吨", 10, 0, "thousand tonnes"),
    ("吨", 1, 0, "tonnes"),
    ("吨标准煤", 1, 0, "tonnes of standard coal"),
    ("万吨标准煤", 10, 0, "thousand tonnes of standard coal"),
    ("公里", 1, 0, "km"),
    ("千米", 1, 0, "km"),
    ("米", 1, 0, "m"),
    ("平方米", 1, 0, "m²"),
    ("万平方米", 10, 0, "thousand m²"),
    ("平方公里", 1, 0, "km²"),
    ("亩", 1, 0, "mu"),
    ("万亩", 10, 0, "thousand mu"),
    ("公顷", 1, 0, "hectares"),
    ("张", 1, 0, "beds"),
    ("岁", 1, 0, "years"),
    ("年", 1, 0, "years"),
    ("微克/立方米", 1, 0, "µg/m³"),
    ("千瓦时", 1, 0, "kWh"),
    ("亿千瓦时", 1, 1, "billion kWh"),
    ("万辆", 10, 0, "thousand vehicles"),
    ("辆", 1, 0, "vehicles"),
    ("吨/万元", 1, 0, "tonnes per 10,000 yuan"),
    (
        "吨标准煤/万元",
        1,
        0,
        "tonnes of standard coal per 10,000 yuan",
    ),
];

fn unit_entry(unit: &str) -> Option<&'static (&'static str, i64, u32, &'static str)> {
    let unit = unit.trim();
    UNITS_EN.iter().find(|(zh, ..)| *zh == unit)
}

/// The English name of a common Chinese unit, when it has one (`亿元` → `billion yuan`; a
/// counting word such as `个` has the empty name).
pub fn unit_en(unit: &str) -> Option<&'static str> {
    unit_entry(unit).map(|(_, _, _, en)| *en)
}

/// A unit for a column heading or a label: the Chinese unit as written, or its English name
/// (the unit as written when it has none).
pub fn unit_label(unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => unit.trim().to_string(),
        Lang::En => unit_en(unit)
            .map(str::to_string)
            .unwrap_or_else(|| unit.trim().to_string()),
    }
}

fn is_percent_like(unit: &str) -> bool {
    matches!(unit.trim(), "%" | "％" | "个百分点" | "百分点")
}

/// A decimal as people write it: no trailing zeros, no "-0".
pub fn plain_number(d: Decimal) -> String {
    if d.is_zero() {
        "0".into()
    } else {
        d.normalize().to_string()
    }
}

/// A figure in the unit a sentence shows it in, and what follows the number: (`1744`, `亿元`)
/// in Chinese, (`174.4`, ` billion yuan`) in English.
fn shown_parts(v: Decimal, unit: &str, lang: Lang) -> (Decimal, String) {
    let unit = unit.trim();
    if lang == Lang::Zh {
        let u = if is_percent_like(unit) { "%" } else { unit };
        return (v, u.to_string());
    }
    match unit_entry(unit) {
        Some((_, m, scale, en)) => {
            let v = v
                .checked_mul(Decimal::new(*m, *scale))
                .map(|x| x.round_dp(4))
                .unwrap_or(v);
            let suffix = match *en {
                "%" | "‰" | "" => en.to_string(),
                _ => format!(" {en}"),
            };
            (v, suffix)
        }
        None if unit.is_empty() => (v, String::new()),
        None => (v, format!(" {unit}")),
    }
}

/// A figure with its unit as a sentence writes it: `1744亿元`, `6.5%` in Chinese; `174.4
/// billion yuan`, `6.5%` in English (scaled into the English unit; a unit without an English
/// name is kept as written).
pub fn figure_with_unit(v: Decimal, unit: &str, lang: Lang) -> String {
    let (v, suffix) = shown_parts(v, unit, lang);
    format!("{}{suffix}", plain_number(v))
}

/// A range of figures with their unit: `5–6%`, `2.5–3亿元` / `0.25–0.3 billion yuan`.
pub fn range_with_unit(lo: Decimal, hi: Decimal, unit: &str, lang: Lang) -> String {
    let (lo, _) = shown_parts(lo, unit, lang);
    let (hi, suffix) = shown_parts(hi, unit, lang);
    format!("{}–{}{suffix}", plain_number(lo), plain_number(hi))
}

/// `1st`, `2nd`, `3rd`, `11th`, `21st`.
pub fn ordinal_en(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Short English month names.
pub const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The cumulative period from January to `month` as reports write it: `1-6月` / `Jan–Jun`
/// (`1月` / `Jan` for January alone).
pub fn months_to(month: u8, lang: Lang) -> String {
    let m = month.clamp(1, 12);
    match (lang, m) {
        (Lang::Zh, 1) => "1月".to_string(),
        (Lang::Zh, m) => format!("1-{m}月"),
        (Lang::En, 1) => "Jan".to_string(),
        (Lang::En, m) => format!("Jan–{}", MONTHS_EN[usize::from(m - 1)]),
    }
}

/// `n` things in English with a plural `s` when needed: `1 project`, `3 projects`.
pub fn count_en(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `text` with what it quotes (“…”, nested or not) taken out. The English sentences planwatch
/// writes quote the data's own texts (names, a report's lines) this way, so whatever Chinese is
/// left outside the quotes is ours and was not written in English: the check the tests of
/// every front end make.
pub fn outside_quotes(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn outside_quotes_drops_quoted_texts_nested_or_not() {
        assert_eq!(outside_quotes("The “地区生产总值” grew"), "The  grew");
        assert_eq!(outside_quotes("a “b “c” d” e"), "a  e");
        // A closing mark without an opening one is dropped, and the rest is kept.
        assert_eq!(outside_quotes("x” y"), "x y");
    }
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(l.other().other(), l);
        }
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn units_and_periods_read_naturally() {
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        assert_eq!(
            figure_with_unit(d("1744"), "亿元", Lang::En),
            "174.4 billion yuan"
        );
        assert_eq!(figure_with_unit(d("1744"), "亿元", Lang::Zh), "1744亿元");
        assert_eq!(
            figure_with_unit(d("2.1"), "万人", Lang::En),
            "21 thousand people"
        );
        assert_eq!(figure_with_unit(d("6.50"), "个百分点", Lang::Zh), "6.5%");
        assert_eq!(figure_with_unit(d("6.5"), "%", Lang::En), "6.5%");
        assert_eq!(figure_with_unit(d("12"), "个", Lang::En), "12");
        assert_eq!(figure_with_unit(d("3"), "某单位", Lang::En), "3 某单位");
        assert_eq!(range_with_unit(d("5"), d("6"), "%", Lang::Zh), "5–6%");
        assert_eq!(range_with_unit(d("5"), d("6"), "%", Lang::En), "5–6%");
        assert_eq!(
            range_with_unit(d("2.5"), d("3"), "亿元", Lang::En),
            "0.25–0.3 billion yuan"
        );
        assert_eq!(
            range_with_unit(d("2.5"), d("3"), "亿元", Lang::Zh),
            "2.5–3亿元"
        );
        assert_eq!(unit_label("亿元", Lang::En), "billion yuan");
        assert_eq!(months_to(6, Lang::Zh), "1-6月");
        assert_eq!(months_to(6, Lang::En), "Jan–Jun");
        assert_eq!(months_to(1, Lang::En), "Jan");
        assert_eq!(ordinal_en(1), "1st");
        assert_eq!(ordinal_en(12), "12th");
        assert_eq!(ordinal_en(22), "22nd");
        assert_eq!(count_en(1, "project", "projects"), "1 project");
    }
}
