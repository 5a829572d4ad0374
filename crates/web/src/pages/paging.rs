//! Lists that scale: a page of a long list (`page`, `per` in the query), its sort (`sort`) and
//! search (`q`), all kept in the URL so a filtered, sorted page can be bookmarked and shared.
//! Every list page reads them with [`ListQuery::from`] and links with [`ListQuery::href`].

use crate::error::WebError;
use crate::i18n::Lang;
use crate::util::{Params, enc};
use maud::{Markup, html};

/// Rows per page when the URL does not say.
pub const DEFAULT_PER_PAGE: usize = 50;
/// The most rows a page shows.
pub const MAX_PER_PAGE: usize = 500;

/// The list part of a query: page, rows per page, sort, search, and every other parameter
/// (filters), kept as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// 1-based.
    pub page: usize,
    pub per: usize,
    pub sort: Option<String>,
    /// Lower-cased, trimmed search text.
    pub search: Option<String>,
    /// The other parameters, sorted by name (filters, region, year…).
    pub rest: Vec<(String, String)>,
}

impl ListQuery {
    pub fn from(params: &Params) -> Result<Self, WebError> {
        let number = |key: &str| -> Result<Option<usize>, WebError> {
            params
                .str(key)
                .map(|v| {
                    v.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                        WebError::BadRequest(format!(
                            "{key} must be a whole number from 1, not {v:?}"
                        ))
                    })
                })
                .transpose()
        };
        let mut rest: Vec<(String, String)> = params
            .0
            .iter()
            .filter(|(k, v)| {
                !matches!(k.as_str(), "page" | "per" | "sort" | "q" | "lang")
                    && !v.trim().is_empty()
            })
            .map(|(k, v)| (k.clone(), v.trim().to_string()))
            .collect();
        rest.sort();
        Ok(ListQuery {
            page: number("page")?.unwrap_or(1),
            per: number("per")?.unwrap_or(DEFAULT_PER_PAGE).min(MAX_PER_PAGE),
            sort: params.str("sort").map(str::to_string),
            search: params.str("q").map(|q| q.to_lowercase()),
            rest,
        })
    }

    /// The first row of the page (0-based).
    pub fn offset(&self) -> usize {
        (self.page - 1).saturating_mul(self.per)
    }

    /// Whether `text` matches the search (no search matches everything).
    pub fn matches(&self, text: &str) -> bool {
        self.search
            .as_deref()
            .is_none_or(|q| text.to_lowercase().contains(q))
    }

    /// The page's slice of `items`.
    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = self.offset().min(items.len());
        let end = start.saturating_add(self.per).min(items.len());
        &items[start..end]
    }

    /// `path` with this query, changed by `change` (e.g. another page or sort).
    pub fn href_with(&self, path: &str, change: impl FnOnce(&mut ListQuery)) -> String {
        let mut q = self.clone();
        change(&mut q);
        let mut parts: Vec<String> = q
            .rest
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        if let Some(s) = &q.search {
            parts.push(format!("q={}", enc(s)));
        }
        if let Some(s) = &q.sort {
            parts.push(format!("sort={}", enc(s)));
        }
        if q.per != DEFAULT_PER_PAGE {
            parts.push(format!("per={}", q.per));
        }
        if q.page != 1 {
            parts.push(format!("page={}", q.page));
        }
        if parts.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    /// `path` with this query.
    pub fn href(&self, path: &str) -> String {
        self.href_with(path, |_| {})
    }

    /// A column heading that sorts by `key` (and by `-key`, descending, when already sorted
    /// by `key`), marked when it is the current sort.
    pub fn sort_link(&self, path: &str, key: &str, label: &str) -> Markup {
        let current = self.sort.as_deref();
        let (next, mark) = match current {
            Some(s) if s == key => (format!("-{key}"), " ▲"),
            Some(s) if s.strip_prefix('-') == Some(key) => (key.to_string(), " ▼"),
            _ => (key.to_string(), ""),
        };
        let href = self.href_with(path, |q| {
            q.sort = Some(next);
            q.page = 1;
        });
        html! { a.sort href=(href) data-sort=(key) { (label) (mark) } }
    }

    /// The search box and the hidden filters, for a GET form on `path`.
    pub fn search_form(&self, lang: Lang, path: &str, placeholder: &str) -> Markup {
        html! {
            form.picker.search method="get" action=(path) {
                @for (k, v) in &self.rest { input type="hidden" name=(k) value=(v); }
                (self.hidden_order_fields())
                label { (match lang { Lang::Zh => "搜索", Lang::En => "Search" }) " "
                    input type="search" name="q" value=(self.search.as_deref().unwrap_or("")) placeholder=(placeholder);
                }
                button type="submit" { (match lang { Lang::Zh => "查询", Lang::En => "Go" }) }
            }
        }
    }

    /// The search and sort as hidden fields, for another GET form on the same list (its
    /// filters), so choosing a filter keeps them; the page starts again at 1.
    pub fn hidden_list_fields(&self) -> Markup {
        html! {
            @if let Some(s) = &self.search { input type="hidden" name="q" value=(s); }
            (self.hidden_order_fields())
        }
    }

    /// The sort and rows per page as hidden fields.
    fn hidden_order_fields(&self) -> Markup {
        html! {
            @if let Some(s) = &self.sort { input type="hidden" name="sort" value=(s); }
            @if self.per != DEFAULT_PER_PAGE { input type="hidden" name="per" value=(self.per); }
        }
    }

    /// "rows a–b of n" and links to the other pages.
    pub fn pager(&self, lang: Lang, path: &str, total: usize) -> Markup {
        let pages = total.div_ceil(self.per).max(1);
        let first = if total == 0 { 0 } else { self.offset() + 1 };
        let last = (self.offset() + self.per).min(total);
        let shown: Vec<usize> = (1..=pages)
            .filter(|p| *p <= 2 || *p + 2 > pages || p.abs_diff(self.page) <= 2)
            .collect();
        html! {
            nav.pager aria-label=(match lang { Lang::Zh => "分页", Lang::En => "Pages" }) data-total=(total) data-page=(self.page) {
                span.count {
                    @match lang {
                        Lang::Zh => { "第" (first) "–" (last) "条，共" (total) "条" }
                        Lang::En => { (first) "–" (last) " of " (total) }
                    }
                }
                @if pages > 1 {
                    @if self.page > 1 {
                        " " a rel="prev" href=(self.href_with(path, |q| q.page = self.page - 1)) { "‹" }
                    }
                    @for (i, p) in shown.iter().enumerate() {
                        @if i > 0 && shown[i - 1] + 1 != *p { " …" }
                        " "
                        @if *p == self.page { strong aria-current="page" { (p) } }
                        @else { a href=(self.href_with(path, |q| q.page = *p)) { (p) } }
                    }
                    @if self.page < pages {
                        " " a rel="next" href=(self.href_with(path, |q| q.page = self.page + 1)) { "›" }
                    }
                }
            }
        }
    }

    /// The sort key and whether it is descending (`-name`).
    pub fn sort_key(&self) -> Option<(&str, bool)> {
        self.sort.as_deref().map(|s| match s.strip_prefix('-') {
            Some(k) => (k, true),
            None => (s, false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<HashMap<_, _>>(),
        )
    }

    #[test]
    fn the_query_round_trips_through_links() {
        let q = ListQuery::from(&params(&[
            ("region", "江北区"),
            ("page", "3"),
            ("per", "20"),
            ("sort", "-name"),
            ("q", "Park"),
            ("lang", "en"),
        ]))
        .expect("reads");
        assert_eq!((q.page, q.per, q.offset()), (3, 20, 40));
        assert_eq!(q.sort_key(), Some(("name", true)));
        assert!(q.matches("Central PARK road"));
        let href = q.href_with("/projects", |q| q.page = 4);
        assert_eq!(
            href,
            "/projects?region=%E6%B1%9F%E5%8C%97%E5%8C%BA&q=park&sort=-name&per=20&page=4"
        );
        let back = ListQuery::from(&params(&[
            ("region", "江北区"),
            ("q", "park"),
            ("sort", "-name"),
            ("per", "20"),
            ("page", "4"),
        ]))
        .expect("reads");
        assert_eq!(back.page, 4);
        assert_eq!(back.rest, q.rest);
    }

    #[test]
    fn pages_slice_and_refuse_nonsense() {
        let q = ListQuery::from(&params(&[("page", "2"), ("per", "3")])).expect("reads");
        let items: Vec<u32> = (1..=7).collect();
        assert_eq!(q.slice(&items), &[4, 5, 6]);
        let q = ListQuery::from(&params(&[("page", "9")])).expect("reads");
        assert!(q.slice(&items).is_empty());
        assert!(ListQuery::from(&params(&[("page", "0")])).is_err());
        assert!(ListQuery::from(&params(&[("per", "x")])).is_err());
        let q = ListQuery::from(&params(&[("per", "100000")])).expect("reads");
        assert_eq!(q.per, MAX_PER_PAGE);
        let pager = q.pager(Lang::Zh, "/x", 0).into_string();
        assert!(pager.contains("共0条"), "{pager}");
    }
}
