//! Server-rendered pages. Every page is built with `maud`, which escapes every value written
//! into the markup, so user text (names, figures, comments) always shows as text.

mod audit;
pub mod charts;
mod cockpit;
mod compare;
mod entry;
mod home;
mod indicators;
mod livelihood;
pub mod projects;
mod reports;

pub use audit::audit;
pub use cockpit::{cockpit, load as cockpit_data};
pub use compare::compare;
pub use entry::{entry_department, entry_index, entry_submit, review, review_submit};
pub use home::{home, login_page, login_submit, logout};
pub use indicators::{diff, indicator, indicators};
pub use livelihood::{
    DEFAULT_SEATS, livelihood_export, livelihood_import, livelihood_page, tasks_export,
    tasks_import, tasks_page,
};
pub use projects::{export as projects_export, import as projects_import, project, projects};
pub use reports::{reports_page, reports_upload};

use crate::AppState;
use crate::auth::{self, ADMIN, ENTRY, QUEUE, READERS, Viewer};
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
}

impl PageCtx {
    pub fn t(&self, key: &'static str) -> &'static str {
        tr(self.lang, key)
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
        key: "entry",
        href: "/entry",
        roles: Some(ENTRY),
    },
    NavItem {
        key: "review",
        href: "/review",
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
        html lang=(lang.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (tr(lang, "app")) }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { (tr(lang, "app")) }
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

/// An error page when the context itself could not be built (the store failed early).
pub fn error_page_bare(lang: Lang, err: &WebError) -> Response {
    let ctx = PageCtx {
        lang,
        viewer: Viewer::default(),
        form_token: String::new(),
        path: "/".into(),
        query: String::new(),
    };
    error_page(&ctx, err)
}

/// A status light and label.
pub fn status_badge(lang: Lang, status: Status) -> Markup {
    let light = Light::of(status);
    html! {
        span class={ "badge " (light.as_str()) } {
            span class={ "light " (light.as_str()) } {}
            (status_label(lang, status))
        }
    }
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
