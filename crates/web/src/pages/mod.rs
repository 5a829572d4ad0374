//! Server-rendered pages. Every page is built with `maud`, which escapes every value written
//! into the markup, so user text (names, figures, comments) always shows as text.

mod audit;
pub mod charts;
mod cockpit;
mod compare;
pub mod departments;
pub mod downloads;
mod due;
mod entry;
mod figures_import;
mod home;
mod indicators;
mod livelihood;
pub mod paging;
pub mod progress;
pub mod projects;
pub mod publish;
mod realism;
pub mod reports;

pub use audit::{audit, audit_entry};
pub use cockpit::{cockpit, load as cockpit_data};
pub use compare::compare;
pub use departments::{department_page, departments_export, departments_page};
pub use downloads::{download_report, download_table, downloads_page};
pub use due::{figures_due, late_by_department};
pub use entry::{entry_department, entry_index, entry_submit, review, review_submit};
pub use figures_import::{figures_import_confirm, figures_import_page, figures_import_preview};
pub use home::{home, login_page, login_submit, logout};
pub use indicators::{diff, indicator, indicators};
pub use livelihood::{
    DEFAULT_SEATS, livelihood_export, livelihood_import, livelihood_page, tasks_export,
    tasks_import, tasks_page,
};
pub use progress::{progress_index, progress_item, progress_queue, progress_review, progress_save};
pub use projects::{export as projects_export, import as projects_import, project, projects};
pub use publish::{publish_page, publish_submit};
pub use reports::{
    reports_page, reports_upload, review_export, review_file, review_mark, review_page,
    review_rerun,
};

use crate::AppState;
use crate::auth::{self, ADMIN, ENTRY, QUEUE, READERS, SUBMISSION_READERS, Viewer};
use crate::error::{PageError, WebError};
use crate::i18n::{Lang, role_label, status_label, tr};
use crate::util::{Params, enc};
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use planwatch_domain::Status;
use planwatch_domain::in_year::Light;
use planwatch_store::Role;

/// What every page knows about its request: language, viewer, the form token to embed, and the
/// current address (for the language switch).
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub viewer: Viewer,
    /// The CSRF token forms on this page carry in `_csrf`.
    pub form_token: String,
    pub path: String,
    /// The query string without `lang`.
    pub query: String,
    /// The time zone local times are shown in.
    pub tz: crate::util::TimeZone,
}

impl PageCtx {
    pub fn t(&self, key: &'static str) -> &'static str {
        tr(self.lang, key)
    }

    /// Unix seconds as local time (`2024-07-05 09:30`).
    pub fn time(&self, unix: i64) -> String {
        self.tz.time(unix)
    }

    /// The current page in the other language.
    pub fn lang_switch_href(&self) -> String {
        let other = self.lang.other().code();
        if self.query.is_empty() {
            format!("{}?lang={other}", self.path)
        } else {
            format!("{}?{}&lang={other}", self.path, self.query)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<PageCtx>()
            .cloned()
            .ok_or_else(|| PageError(WebError::Internal("page context missing".into())))
    }
}

/// A navigation entry, shown to the roles that may open it (the route table enforces it).
pub struct NavItem {
    pub key: &'static str,
    pub href: &'static str,
    /// `None`: everyone.
    pub roles: Option<&'static [Role]>,
}

/// The navigation bar.
pub const NAV: &[NavItem] = &[
    NavItem {
        key: "cockpit",
        href: "/cockpit",
        roles: Some(READERS),
    },
    NavItem {
        key: "indicators",
        href: "/indicators",
        roles: None,
    },
    NavItem {
        key: "compare",
        href: "/compare",
        roles: None,
    },
    NavItem {
        key: "projects",
        href: "/projects",
        roles: Some(READERS),
    },
    NavItem {
        key: "livelihood",
        href: "/livelihood",
        roles: Some(READERS),
    },
    NavItem {
        key: "tasks",
        href: "/tasks",
        roles: Some(READERS),
    },
    NavItem {
        key: "report_review",
        href: "/reports",
        roles: Some(READERS),
    },
    NavItem {
        key: "downloads",
        href: "/downloads",
        roles: Some(READERS),
    },
    NavItem {
        key: "departments_page",
        href: "/departments",
        roles: Some(SUBMISSION_READERS),
    },
    NavItem {
        key: "entry",
        href: "/entry",
        roles: Some(ENTRY),
    },
    NavItem {
        key: "progress_entry",
        href: "/progress",
        roles: Some(ENTRY),
    },
    NavItem {
        key: "review",
        href: "/review",
        roles: Some(QUEUE),
    },
    NavItem {
        key: "publish",
        href: "/publish",
        roles: Some(QUEUE),
    },
    NavItem {
        key: "audit",
        href: "/audit",
        roles: Some(ADMIN),
    },
];

/// The page frame: header with navigation, user and language switch; the body; a footer.
pub fn layout(ctx: &PageCtx, title: &str, body: Markup) -> Markup {
    let lang = ctx.lang;
    html! {
        (DOCTYPE)
        html lang=(crate::i18n::html_lang(lang)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (tr(lang, "app")) }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { (tr(lang, "app")) }
                    input.nav-toggle type="checkbox" id="nav-toggle" aria-hidden="true";
                    label.nav-button for="nav-toggle" { (tr(lang, "menu")) }
                    nav {
                        @for item in NAV {
                            @if item.roles.is_none_or(|r| ctx.viewer.has(r)) {
                                a href=(item.href) class=@if ctx.path.starts_with(item.href) { "active" } {
                                    (tr(lang, item.key))
                                }
                            }
                        }
                    }
                    div.user {
                        @if let Some(u) = &ctx.viewer.user {
                            span.who title=(tr(lang, "logged_in_as")) {
                                (u.display_name) " · " (role_label(lang, u.role))
                                @if let Some(d) = &u.department { " · " (d) }
                            }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name=(auth::CSRF_FIELD) value=(ctx.form_token);
                                button.link type="submit" { (tr(lang, "logout")) }
                            }
                        } @else {
                            a href="/login" { (tr(lang, "login")) }
                        }
                        a.lang href=(ctx.lang_switch_href()) { (tr(lang, "lang_switch")) }
                    }
                }
                main {
                    h1 { (title) }
                    (body)
                }
                footer {
                    a href="/api/v1/openapi.json" { (tr(lang, "api_docs")) }
                }
            }
        }
    }
}

/// Renders a page with status 200.
pub fn render(ctx: &PageCtx, title: &str, body: Markup) -> Html<String> {
    Html(layout(ctx, title, body).into_string())
}

/// Renders a page with another status.
pub fn render_with(ctx: &PageCtx, status: StatusCode, title: &str, body: Markup) -> Response {
    (status, render(ctx, title, body)).into_response()
}

/// The page for an error; a login form when login is required.
pub fn error_page(ctx: &PageCtx, err: &WebError) -> Response {
    let lang = ctx.lang;
    if matches!(err, WebError::Unauthorized) && ctx.viewer.user.is_none() {
        let next = if ctx.query.is_empty() {
            ctx.path.clone()
        } else {
            format!("{}?{}", ctx.path, ctx.query)
        };
        let next = if ctx.path == "/login" || ctx.path == "/logout" {
            "/".to_string()
        } else {
            next
        };
        return render_with(
            ctx,
            err.status(),
            tr(lang, "login"),
            home::login_form(ctx, Some(tr(lang, "login_required")), &next),
        );
    }
    if let WebError::FormExpired(fields) = err {
        return expired_form(ctx, fields);
    }
    let title = match err.status() {
        StatusCode::NOT_FOUND => tr(lang, "not_found"),
        StatusCode::FORBIDDEN => tr(lang, "forbidden"),
        StatusCode::CONFLICT => tr(lang, "conflict"),
        StatusCode::INTERNAL_SERVER_ERROR => tr(lang, "internal"),
        _ => tr(lang, "bad_request"),
    };
    let body = html! {
        p.error { (err.public_message(lang)) }
        @if let WebError::Conflict(c) = err {
            table.conflict {
                tr { th { (tr(lang, "current_value")) " (" (tr(lang, "version")) " " (c.current_version) ")" }
                     td { (c.current_value.as_deref().unwrap_or("—")) } }
                tr { th { (tr(lang, "your_value")) " (" (tr(lang, "version")) " " (c.expected_version) ")" }
                     td { (c.your_value) } }
            }
        }
        p { a href="/" { (tr(lang, "home")) } }
    };
    render_with(ctx, err.status(), title, body)
}

/// A form whose token went stale, offered again with what was typed: the login form with its
/// username, any other form as its fields and one button to send them again.
fn expired_form(ctx: &PageCtx, fields: &[(String, String)]) -> Response {
    let lang = ctx.lang;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    if ctx.path == "/login" {
        return render_with(
            ctx,
            StatusCode::FORBIDDEN,
            tr(lang, "login"),
            home::login_form_with(
                ctx,
                Some(tr(lang, "form_expired")),
                field("next"),
                field("username"),
            ),
        );
    }
    let action = if ctx.query.is_empty() {
        ctx.path.clone()
    } else {
        format!("{}?{}", ctx.path, ctx.query)
    };
    let body = html! {
        p.error id="form-expired" { (tr(lang, "form_expired")) }
        form.resubmit method="post" action=(action) {
            input type="hidden" name=(auth::CSRF_FIELD) value=(ctx.form_token);
            @for (k, v) in fields.iter().filter(|(k, _)| k != "password") {
                input type="hidden" name=(k) value=(v);
            }
            @let shown: Vec<&(String, String)> = fields.iter()
                .filter(|(k, v)| !v.trim().is_empty() && k != "password" && !k.starts_with("s:") && !matches!(k.as_str(), "region" | "year" | "period" | "action" | "version" | "next"))
                .collect();
            @if !shown.is_empty() {
                table.grid {
                    tbody {
                        @for (k, v) in shown {
                            tr { th { (k.split_once(':').map(|(_, n)| n).unwrap_or(k)) } td { (v) } }
                        }
                    }
                }
            }
            button.primary type="submit" id="resubmit" { (tr(lang, "submit_again")) }
        }
        p { a href=(ctx.path) { (tr(lang, "back")) } }
    };
    render_with(
        ctx,
        StatusCode::FORBIDDEN,
        tr(lang, "form_expired_title"),
        body,
    )
}

/// An error page when the context itself could not be built (the store failed early).
pub fn error_page_bare(lang: Lang, err: &WebError) -> Response {
    let ctx = PageCtx {
        lang,
        viewer: Viewer::default(),
        form_token: String::new(),
        path: "/".into(),
        query: String::new(),
        tz: crate::util::TimeZone::default(),
    };
    error_page(&ctx, err)
}

/// A status light and label. Each status has its own mark (待反馈 a hollow dot, 无法判定 a
/// grey diamond), so statuses sharing a light colour are still told apart.
pub fn status_badge(lang: Lang, status: Status) -> Markup {
    let light = Light::of(status);
    html! {
        span class={ "badge " (light.as_str()) } data-status=(status.as_str()) {
            (status_mark(lang, status))
            (status_label(lang, status))
        }
    }
}

/// The mark of a status alone (for a table cell or a chart legend), named for screen readers.
pub fn status_mark(lang: Lang, status: Status) -> Markup {
    let light = Light::of(status);
    html! {
        span class={ "light " (light.as_str()) " st-" (status.as_str()) }
            role="img" aria-label=(status_label(lang, status)) title=(status_label(lang, status)) {}
    }
}

/// The rule that decided a judgement, by name; its id stays in `data-rule` for whoever needs
/// to look it up (the API and the CLI give it too), never in the text people read.
pub fn rule_label(lang: Lang, rule: &str) -> Markup {
    let name = planwatch_domain::in_year::rule_name(rule, lang)
        .unwrap_or_else(|| lang.pick("其他规则", "Another rule").to_string());
    html! { span.rule data-rule=(rule) { (name) } }
}

/// The region and year a page shows: from the query, else the configured default region and
/// its latest year. Returns the region, the chosen year and all years with a plan.
pub async fn region_year(
    state: &AppState,
    params: &Params,
) -> Result<(String, Option<i32>, Vec<i32>), WebError> {
    let region = match params.str("region") {
        Some(r) => r.to_string(),
        None => match &state.config().default_region {
            Some(r) => r.clone(),
            None => state
                .data()
                .regions()
                .await?
                .into_iter()
                .next()
                .map(|r| r.name)
                .unwrap_or_default(),
        },
    };
    let years = if region.is_empty() {
        Vec::new()
    } else {
        state.data().plan_years(&region).await?
    };
    let year = params.i32("year")?.or_else(|| years.last().copied());
    Ok((region, year, years))
}

/// The newest of `years` whose plan has an actual figure in (a year still under way has only
/// targets); the newest year when none has.
pub async fn latest_year_with_actuals(
    state: &AppState,
    region: &str,
    years: &[i32],
) -> Result<Option<i32>, WebError> {
    for y in years.iter().rev() {
        if let Some(plan) = state.data().load_plan(region, *y).await?
            && plan
                .indicators
                .iter()
                .any(|i| i.actual.as_ref().is_some_and(|a| !a.is_pending()))
        {
            return Ok(Some(*y));
        }
    }
    Ok(years.last().copied())
}

/// A small GET form choosing region (hidden), year and optional extra fields.
pub fn year_picker(
    ctx: &PageCtx,
    action: &str,
    region: &str,
    year: Option<i32>,
    years: &[i32],
    extra: Markup,
) -> Markup {
    html! {
        form.picker method="get" action=(action) {
            input type="hidden" name="region" value=(region);
            label { (ctx.t("region")) " " strong { (region) } }
            label {
                (ctx.t("year")) " "
                select name="year" {
                    @for y in years {
                        option value=(y) selected[Some(*y) == year] { (y) }
                    }
                }
            }
            (extra)
            button type="submit" { (ctx.t("show")) }
        }
    }
}

/// Link to an indicator's page.
pub fn indicator_href(region: &str, year: i32, name: &str) -> String {
    format!("/indicators/{year}/{}?region={}", enc(name), enc(region))
}

/// What a GET form's fields could not be read as: each field's message, kept with what was
/// typed, so the page shows the same form again with the message beside the field instead of
/// an error page. Pages read their fields through [`FieldErrors::read`] and answer 422 when
/// any is wrong.
#[derive(Debug, Default)]
pub struct FieldErrors {
    lang: Lang,
    errors: Vec<(&'static str, String)>,
}

impl FieldErrors {
    pub fn new(lang: Lang) -> Self {
        FieldErrors {
            lang,
            errors: Vec::new(),
        }
    }

    /// The value read, or `None` with the error kept for `field`. Internal errors are not
    /// the typist's and pass through.
    pub fn read<T>(
        &mut self,
        field: &'static str,
        read: Result<Option<T>, WebError>,
    ) -> Result<Option<T>, WebError> {
        match read {
            Ok(v) => Ok(v),
            Err(e @ WebError::Internal(_)) => Err(e),
            Err(e) => {
                self.add(field, e.public_message(self.lang));
                Ok(None)
            }
        }
    }

    pub fn add(&mut self, field: &'static str, message: String) {
        self.errors.push((field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|(f, _)| *f == field)
    }

    /// The message(s) to show beside `field` (nothing when it was read).
    pub fn beside(&self, field: &str) -> Markup {
        html! {
            @for (f, m) in self.errors.iter().filter(|(f, _)| *f == field) {
                span.field-error data-field=(f) role="alert" { (m) }
            }
        }
    }

    /// 422 when a field was wrong, else 200.
    pub fn status(&self) -> StatusCode {
        if self.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}
