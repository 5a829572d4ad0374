//! Folding the many ways a character is typed into one.
//!
//! Reports mix full-width and half-width forms (`６．５％` / `6.5%`), several dashes and tildes,
//! and stray spaces from table extraction. Everything downstream works on folded characters, so
//! each parser only has to know one spelling.

/// Folds one character: full-width ASCII to half-width, dash and tilde variants to `-` and `~`,
/// comparison-sign variants to `≥`/`≤`, bracket variants to `(`/`)`.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        // The full-width ASCII block mirrors ASCII at a fixed offset.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => '-',
        '\u{301C}' | '\u{223C}' => '~',
        '\u{2267}' | '\u{2A7E}' => '≥',
        '\u{2266}' | '\u{2A7D}' => '≤',
        '\u{FE6A}' => '%',
        '【' | '〔' | '〖' | '﹙' => '(',
        '】' | '〕' | '〗' | '﹚' => ')',
        '點' => '点',
        _ => c,
    }
}

/// Characters that carry no meaning in a cell: spaces of every width and invisible marks that
/// survive copying from Word or web pages.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Folds and drops all whitespace: the shape expressions and quantities are read in. Spaces
/// never carry meaning inside `6.5 以上` or a cell split over two lines (`完成市级` / `下达目标`).
pub(crate) fn compact(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !is_invisible(*c))
        .map(fold_char)
        .collect()
}

/// Whether `cs[i..]` starts with `word`.
pub(crate) fn starts_at(cs: &[char], i: usize, word: &str) -> bool {
    let mut j = i;
    for w in word.chars() {
        match cs.get(j) {
            Some(&c) if c == w => j += 1,
            _ => return false,
        }
    }
    true
}

/// A word list for matching at a position, bucketed by first character and longest first, so
/// a lookup touches only the few words that can match. Built once per list, in a `LazyLock`.
pub(crate) struct Words<T: 'static> {
    buckets: Vec<Bucket<T>>,
}

/// The words of a list that start with one character, longest first.
type Bucket<T> = (char, Vec<(Vec<char>, T)>);

impl<T: Copy> Words<T> {
    pub(crate) fn new(list: &[(&str, T)]) -> Self {
        let mut buckets: Vec<Bucket<T>> = Vec::new();
        for &(word, value) in list {
            let chars: Vec<char> = word.chars().collect();
            let Some(&first) = chars.first() else {
                continue;
            };
            match buckets.iter_mut().find(|(c, _)| *c == first) {
                Some((_, b)) => b.push((chars, value)),
                None => buckets.push((first, vec![(chars, value)])),
            }
        }
        for (_, b) in &mut buckets {
            b.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        buckets.sort_by_key(|(c, _)| *c);
        Words { buckets }
    }

    /// The longest word starting at `cs[i..]`, with its length in chars.
    pub(crate) fn longest_at(&self, cs: &[char], i: usize) -> Option<(T, usize)> {
        let first = cs.get(i)?;
        let b = self.buckets.binary_search_by_key(first, |(c, _)| *c).ok()?;
        self.buckets[b]
            .1
            .iter()
            .find(|(w, _)| cs.get(i..i + w.len()) == Some(w.as_slice()))
            .map(|(w, v)| (*v, w.len()))
    }
}

/// The longest entry of `table` starting at `cs[i..]`, with its length in chars.
pub(crate) fn longest_at<T: Copy>(cs: &[char], i: usize, table: &Words<T>) -> Option<(T, usize)> {
    table.longest_at(cs, i)
}

/// Whether the chars equal `word` exactly.
pub(crate) fn equals(cs: &[char], word: &str) -> bool {
    cs.len() == word.chars().count() && starts_at(cs, 0, word)
}

/// Whether the chars end with `word`.
pub(crate) fn ends_with(cs: &[char], word: &str) -> bool {
    let n = word.chars().count();
    cs.len() >= n && starts_at(cs, cs.len() - n, word)
}

/// Whether `word` occurs anywhere in the chars.
pub(crate) fn contains(cs: &[char], word: &str) -> bool {
    find(cs, word).is_some()
}

/// The first index where `word` occurs.
pub(crate) fn find(cs: &[char], word: &str) -> Option<usize> {
    (0..cs.len()).find(|&i| starts_at(cs, i, word))
}

/// A Han ideograph (the unified blocks used in reports).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_forms() {
        let s: String = compact("６．５％ 以上").into_iter().collect();
        assert_eq!(s, "6.5%以上");
        let s: String = compact("－２．３").into_iter().collect();
        assert_eq!(s, "-2.3");
        let s: String = compact("５％～６％").into_iter().collect();
        assert_eq!(s, "5%~6%");
        let s: String = compact("＜３　（预计）").into_iter().collect();
        assert_eq!(s, "<3(预计)");
    }

    #[test]
    fn finds_words() {
        let cs = compact("完成市级下达目标");
        assert!(starts_at(&cs, 0, "完成"));
        assert!(ends_with(&cs, "目标"));
        assert_eq!(find(&cs, "下达"), Some(4));
        assert!(!starts_at(&cs, 7, "目标"));
        assert!(equals(&cs[2..4], "市级"));
    }
}
