//! 首页 and 登录/退出.

use super::charts::status_bars;
use super::{PageCtx, render, render_with};
use crate::AppState;
use crate::auth::{self, SESSION_COOKIE, Via, set_cookie};
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::util::enc;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_domain::Status;
use planwatch_store::{Role, UserRecord};
use serde::Deserialize;
use std::collections::HashMap;

/// Regions summarised on the home page; the rest are a list of links.
const HOME_REGIONS: usize = 12;

/// 首页: what the system is, and for each region its latest year with results — how many
/// indicators met their targets, as a chart — and where to go next.
pub async fn home(State(state): State<AppState>, ctx: PageCtx) -> PageResult<Response> {
    let lang = ctx.lang;
    let rules = &state.config().rules;
    let mut regions = Vec::new();
    let mut others = Vec::new();
    for r in state.data().regions().await? {
        let years = state.data().plan_years(&r.name).await?;
        if years.is_empty() {
            continue;
        }
        if regions.len() >= HOME_REGIONS {
            others.push(r.name);
            continue;
        }
        let shown = super::latest_year_with_actuals(&state, &r.name, &years).await?;
        let summary = match shown {
            Some(y) => {
                let plan = planwatch_service::load_plan(state.data(), &r.name, y).await?;
                let eval = planwatch_service::evaluate_plan_in(&plan, rules, lang);
                let counts: Vec<(Status, usize)> = Status::ALL
                    .into_iter()
                    .map(|s| (s, eval.summary.get(s.as_str()).copied().unwrap_or(0)))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                Some((y, counts, eval.indicators.len()))
            }
            None => None,
        };
        regions.push((r.name, years, summary));
    }
    let body = html! {
        p.lead { (ctx.t("welcome")) }
        @if ctx.viewer.user.is_none() { p.note { (ctx.t("public_note")) } }
        @if regions.is_empty() {
            p.note id="home-empty" { (ctx.t("home_no_data")) }
        }
        div.home-regions {
            @for (region, years, summary) in &regions {
                section.card.region-summary data-region=(region) {
                    h2 { (region) }
                    @if let Some((y, counts, total)) = summary {
                        @let met: usize = counts.iter().filter(|(s, _)| s.is_on_track()).map(|(_, n)| *n).sum();
                        p {
                            a href={ "/indicators?region=" (enc(region)) "&year=" (y) } { strong { (y) (lang.pick("年", "")) } }
                            " · "
                            (match lang {
                                Lang::Zh => format!("{total}项主要指标中{met}项完成或基本完成"),
                                Lang::En => format!("{met} of {total} main indicators met or basically met"),
                            })
                        }
                        (status_bars(lang, &format!("{region} {y} {}", ctx.t("chart_title")), counts))
                    }
                    p.small {
                        (ctx.t("indicators")) "："
                        @for y in years {
                            a.pill href={ "/indicators?region=" (enc(region)) "&year=" (y) } { (y) }
                        }
                    }
                    p.small {
                        @if years.len() >= 2 {
                            a href={ "/diff?region=" (enc(region)) } { (ctx.t("diff")) } " · "
                        }
                        a href="/compare" { (ctx.t("compare")) }
                        @if ctx.viewer.reads_internal() {
                            " · " a href={ "/cockpit?region=" (enc(region)) } { (ctx.t("cockpit")) }
                        }
                    }
                }
            }
        }
        @if !others.is_empty() {
            details.card {
                summary { (match lang {
                    Lang::Zh => format!("其他{}个地区", others.len()),
                    Lang::En => format!("{} more regions", others.len()),
                }) }
                p { @for r in &others { a.pill href={ "/indicators?region=" (enc(r)) } { (r) } } }
            }
        }
        @if ctx.viewer.has(auth::ENTRY) {
            p { a.button href="/entry" { (ctx.t("entry")) } }
        }
    };
    Ok(render(&ctx, ctx.t("app"), body).into_response())
}

/// The login form; `message` is shown above it.
pub fn login_form(ctx: &PageCtx, message: Option<&str>, next: &str) -> Markup {
    login_form_with(ctx, message, next, "")
}

/// The login form with the username already typed (after a refused attempt).
pub fn login_form_with(ctx: &PageCtx, message: Option<&str>, next: &str, username: &str) -> Markup {
    html! {
        @if let Some(m) = message { p.error { (m) } }
        form.login method="post" action="/login" {
            input type="hidden" name=(auth::CSRF_FIELD) value=(ctx.form_token);
            input type="hidden" name="next" value=(next);
            @if username.is_empty() {
                label { (ctx.t("username")) input type="text" name="username" autocomplete="username" required autofocus; }
                label { (ctx.t("password")) input type="password" name="password" autocomplete="current-password" required; }
            } @else {
                label { (ctx.t("username")) input type="text" name="username" autocomplete="username" required value=(username); }
                label { (ctx.t("password")) input type="password" name="password" autocomplete="current-password" required autofocus; }
            }
            button type="submit" id="login-submit" { (ctx.t("login")) }
        }
    }
}

pub async fn login_page(ctx: PageCtx, Query(q): Query<HashMap<String, String>>) -> Response {
    let next = q.get("next").map(String::as_str).unwrap_or("");
    render(&ctx, ctx.t("login"), login_form(&ctx, None, next)).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths are followed after login (no open redirect). Without one, a reporter lands
/// on its own department's page (部门一览), everyone else on the cockpit.
fn safe_next(next: &str, user: &UserRecord) -> String {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if ok && next != "/login" {
        return next.to_string();
    }
    match (user.role, user.department.as_deref()) {
        (Role::Reporter, Some(d)) if !d.trim().is_empty() => super::departments::department_href(d),
        (Role::Reporter, _) => "/entry".into(),
        _ => "/cockpit".into(),
    }
}

pub async fn login_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<LoginForm>,
) -> PageResult<Response> {
    match auth::login(&state, &form.username, &form.password, &ctx.viewer.ip).await {
        Ok(done) => {
            let cookie = set_cookie(
                SESSION_COOKIE,
                &done.token,
                state.config().session_ttl_secs,
                state.config().secure_cookies,
            );
            let mut resp = Redirect::to(&safe_next(&form.next, &done.user)).into_response();
            resp.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(resp)
        }
        Err(WebError::Unauthorized) => Ok(render_with(
            &ctx,
            StatusCode::UNAUTHORIZED,
            ctx.t("login"),
            login_form_with(
                &ctx,
                Some(ctx.t("login_failed")),
                &form.next,
                &form.username,
            ),
        )),
        Err(e @ WebError::TooManyAttempts { .. }) => Ok(render_with(
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            ctx.t("login"),
            login_form_with(
                &ctx,
                Some(&e.public_message(ctx.lang)),
                &form.next,
                &form.username,
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(State(state): State<AppState>, ctx: PageCtx) -> PageResult<Response> {
    if let Some(key) = &ctx.viewer.key_hash {
        state.store().delete_session(key).await?;
    }
    let mut resp = Redirect::to("/").into_response();
    if ctx.viewer.via == Via::Cookie {
        resp.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(SESSION_COOKIE, "", 0, state.config().secure_cookies),
        );
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_local_only() {
        let user = |role: Role, department: Option<&str>| UserRecord {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            department: department.map(str::to_string),
            password_hash: String::new(),
            active: true,
            created_at: 0,
        };
        let admin = user(Role::Admin, None);
        assert_eq!(safe_next("/review", &admin), "/review");
        assert_eq!(safe_next("//evil.example", &admin), "/cockpit");
        assert_eq!(safe_next("https://evil.example", &admin), "/cockpit");
        assert_eq!(
            safe_next("", &user(Role::Reporter, Some("区统计局"))),
            "/departments/%E5%8C%BA%E7%BB%9F%E8%AE%A1%E5%B1%80"
        );
        assert_eq!(safe_next("", &user(Role::Reporter, None)), "/entry");
    }
}
