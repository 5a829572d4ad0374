//! Who is asking, and may they: passwords (Argon2), sessions (a cookie or a bearer token whose
//! SHA-256 is the key in the store), CSRF checks, and login throttling.
//!
//! - **Sessions.** A login creates a random 256-bit token. Browsers get it in the `pw_session`
//!   cookie (HttpOnly, SameSite=Lax, `Secure` when configured); API clients get it from
//!   `POST /api/v1/session` and send `Authorization: Bearer <token>`. The store keeps only the
//!   token's hash, with an expiry and a per-session CSRF token.
//! - **CSRF.** Every unsafe request (POST/PUT/PATCH/DELETE) made with the session cookie must
//!   carry the session's CSRF token, in the form field `_csrf` or the `X-CSRF-Token` header, and
//!   must not come from another origin (`Origin`, else `Sec-Fetch-Site`). The login form, used
//!   before there is a session, carries a token that must equal the `pw_login_csrf` cookie
//!   (double submit). Bearer-token requests carry no ambient credential and need no CSRF token.
//! - **Throttling.** After `login_max_failures` failed logins for a username from one address
//!   within `login_window_secs`, further attempts from that address are refused (HTTP 429) until
//!   the window has passed; a success clears the count.

use crate::AppState;
use crate::error::WebError;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use base64::Engine;
use planwatch_store::accounts::{NewSession, unix_now};
use planwatch_store::{Role, UserRecord};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "pw_session";
pub const LOGIN_CSRF_COOKIE: &str = "pw_login_csrf";
pub const LANG_COOKIE: &str = "pw_lang";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Largest form body read for the CSRF check.
const FORM_LIMIT: usize = 1024 * 1024;

/// Who can read the in-year (monitoring) data: the cockpit and monthly figures.
pub const READERS: &[Role] = &[Role::Admin, Role::Leader, Role::Reviewer];
/// Every logged-in role.
pub const ANY_USER: &[Role] = &[Role::Admin, Role::Reporter, Role::Leader, Role::Reviewer];
/// Who enters data (reporters only for their own department).
pub const ENTRY: &[Role] = &[Role::Admin, Role::Reporter];
/// Who sees the review queue.
pub const QUEUE: &[Role] = &[Role::Admin, Role::Leader];
/// Who sees submissions (reporters only their own department's).
pub const SUBMISSION_READERS: &[Role] = &[Role::Admin, Role::Leader, Role::Reporter];
pub const ADMIN: &[Role] = &[Role::Admin];

/// How the request authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Via {
    #[default]
    Anonymous,
    Cookie,
    Bearer,
}

/// The requester, resolved once per request by the context middleware.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<UserRecord>,
    /// The session's CSRF token.
    pub csrf: Option<String>,
    pub via: Via,
    /// The stored key of the session (to end it on logout).
    pub key_hash: Option<String>,
    /// The client address used for throttling and the audit trail.
    pub ip: String,
}

impl Viewer {
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    pub fn has(&self, roles: &[Role]) -> bool {
        self.role().is_some_and(|r| roles.contains(&r))
    }

    /// Admin, leader and reviewer read the in-year monitoring data.
    pub fn reads_internal(&self) -> bool {
        self.has(READERS)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    /// Whether the viewer may enter figures for `department`: the DRC for any department, a
    /// reporter only for its own.
    pub fn may_enter_for(&self, department: &str) -> bool {
        match &self.user {
            Some(u) if u.role == Role::Admin => true,
            Some(u) if u.role == Role::Reporter => u.department.as_deref() == Some(department),
            _ => false,
        }
    }

    /// The department a reporter is confined to (its own); `None` for every other role.
    pub fn confined_to(&self) -> Option<String> {
        self.user
            .as_ref()
            .filter(|u| u.role == Role::Reporter)
            .map(|u| u.department.clone().unwrap_or_default())
    }

    /// Whether monthly figures of an indicator of `department` are visible: readers, and the
    /// reporters of that department.
    pub fn sees_monthly_of(&self, department: Option<&str>) -> bool {
        self.reads_internal()
            || matches!(&self.user, Some(u) if u.role == Role::Reporter
                && department.is_some() && u.department.as_deref() == department)
    }

    pub fn username(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.username.as_str())
            .unwrap_or("anonymous")
    }

    /// The actor written to the audit trail.
    pub fn actor(&self) -> planwatch_store::Actor {
        planwatch_store::Actor::new(self.username(), format!("web {}", self.ip))
    }
}

/// Hashes a password with Argon2id and a fresh salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, WebError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| WebError::Internal(format!("cannot hash a password: {e}")))
}

/// Checks a password against a PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A random URL-safe token of `bytes` random bytes.
pub fn random_token(bytes: usize) -> Result<String, WebError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| WebError::Internal(format!("no randomness available: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

/// A password for a new account: 16 characters without look-alikes.
pub fn generate_password() -> Result<String, WebError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 16];
    getrandom::fill(&mut buf)
        .map_err(|e| WebError::Internal(format!("no randomness available: {e}")))?;
    Ok(buf
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// The stored key of a session token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two secrets without an early exit.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The cookies of a request, by name (the first occurrence wins).
pub fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in headers.get_all(header::COOKIE) {
        let Ok(s) = value.to_str() else { continue };
        for part in s.split(';') {
            if let Some((k, v)) = part.trim().split_once('=') {
                out.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    out
}

pub fn cookie<'a>(jar: &'a [(String, String)], name: &str) -> Option<&'a str> {
    jar.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value. Session-grade cookies are HttpOnly; all are SameSite=Lax.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` entry when the server
/// is configured to sit behind a trusted proxy.
pub fn client_ip(req: &Request, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for
        && let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return first.to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Resolves the requester from a bearer token or the session cookie.
pub async fn resolve_viewer(
    state: &AppState,
    headers: &HeaderMap,
    jar: &[(String, String)],
    ip: String,
) -> Result<Viewer, WebError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let (token, via) = match (bearer, cookie(jar, SESSION_COOKIE)) {
        (Some(t), _) => (t, Via::Bearer),
        (None, Some(t)) => (t, Via::Cookie),
        (None, None) => {
            return Ok(Viewer {
                ip,
                ..Viewer::default()
            });
        }
    };
    let key = token_hash(token);
    match state.store().session(&key, unix_now()).await? {
        Some(s) => Ok(Viewer {
            user: Some(s.user),
            csrf: Some(s.csrf_token),
            via,
            key_hash: Some(key),
            ip,
        }),
        // An expired or unknown token is simply no login.
        None => Ok(Viewer {
            ip,
            ..Viewer::default()
        }),
    }
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: i64,
    pub user: UserRecord,
}

/// Checks a username and password (throttled per username and address) and opens a session.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    ip: &str,
) -> Result<LoggedIn, WebError> {
    let username = username.trim();
    if username.is_empty() || password.is_empty() {
        return Err(WebError::Unauthorized);
    }
    let config = state.config();
    let now = unix_now();
    let store = state.store();
    let failures = store
        .login_failures_since(username, ip, now - config.login_window_secs)
        .await?;
    if failures >= config.login_max_failures {
        tracing::warn!(%username, %ip, failures, "login refused: too many failures");
        return Err(WebError::TooManyAttempts {
            minutes: (config.login_window_secs + 59) / 60,
        });
    }
    let user = store.user_by_name(username).await?;
    // Verify against a dummy hash for unknown users so timing does not reveal names.
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| state.dummy_hash().to_string());
    let pwd = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&pwd, &hash))
        .await
        .map_err(|e| WebError::Internal(format!("password check did not finish: {e}")))?;
    let user = match user {
        Some(u) if ok && u.active => u,
        _ => {
            store.record_login_failure(username, ip, now).await?;
            tracing::info!(%username, %ip, "failed login");
            return Err(WebError::Unauthorized);
        }
    };
    store.clear_login_failures(username, ip).await?;
    if let Err(e) = store.purge_sessions(now).await {
        tracing::warn!(error = %e, "could not purge expired sessions");
    }
    let token = random_token(32)?;
    let csrf_token = random_token(24)?;
    let expires_at = now + config.session_ttl_secs;
    store
        .create_session(&NewSession {
            key_hash: token_hash(&token),
            user_id: user.id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            expires_at,
        })
        .await?;
    tracing::info!(username = %user.username, %ip, "login");
    Ok(LoggedIn {
        token,
        csrf_token,
        expires_at,
        user,
    })
}

pub fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses requests another site made the browser send.
pub fn check_origin(headers: &HeaderMap, allowed: &[String]) -> Result<(), WebError> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().map_err(|_| WebError::Csrf)?.trim();
        if origin == "null" {
            return Err(WebError::Csrf);
        }
        if allowed.iter().any(|a| a.trim_end_matches('/') == origin) {
            return Ok(());
        }
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .ok_or(WebError::Csrf)?;
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .ok_or(WebError::Csrf)?;
        if authority.eq_ignore_ascii_case(host) {
            return Ok(());
        }
        return Err(WebError::Csrf);
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err(WebError::Csrf);
    }
    Ok(())
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The CSRF check of an unsafe request; returns the request (with its body restored when the
/// form had to be read).
pub async fn check_csrf(
    state: &AppState,
    viewer: &Viewer,
    req: Request,
) -> Result<Request, WebError> {
    check_origin(req.headers(), &state.config().allowed_origins)?;
    if viewer.via == Via::Bearer {
        return Ok(req);
    }
    let jar = cookies(req.headers());
    let expected = match viewer.via {
        Via::Cookie => viewer.csrf.clone(),
        Via::Anonymous => {
            // Before login only JSON (which browsers cannot send cross-site without CORS) or a
            // form echoing the login cookie is accepted.
            if is_json(req.headers()) {
                return Ok(req);
            }
            cookie(&jar, LOGIN_CSRF_COOKIE).map(str::to_string)
        }
        Via::Bearer => None,
    };
    // No token to expect (an expired login form): nothing matches, and a form is offered again.
    let expected = expected.unwrap_or_default();
    let header_token = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(sent) = &header_token
        && !crate::upload::is_multipart(req.headers())
    {
        return if same_secret(sent, &expected) {
            Ok(req)
        } else {
            Err(WebError::Csrf)
        };
    }
    if crate::upload::is_multipart(req.headers()) {
        // Uploads: the body is read whole and parsed here, and the parsed form travels on in
        // the request's extensions, so a handler never sees an unchecked upload.
        let (mut parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, crate::upload::UPLOAD_BODY_LIMIT)
            .await
            .map_err(|_| crate::upload::too_large())?;
        let form = crate::upload::parse(&parts.headers, bytes).await?;
        let sent = header_token
            .or_else(|| form.text(CSRF_FIELD))
            .unwrap_or_default();
        if !same_secret(&sent, &expected) {
            return Err(WebError::Csrf);
        }
        parts.extensions.insert(form);
        return Ok(Request::from_parts(parts, Body::empty()));
    }
    if !is_form(req.headers()) {
        return Err(WebError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| WebError::BadRequest("the form is too large".into()))?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
        .map_err(|_| WebError::BadRequest("the form cannot be read".into()))?;
    let sent = fields
        .iter()
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    if !same_secret(sent, &expected) {
        // The origin check passed, so this is our own form whose token went stale: its fields
        // go back to the page, which asks the user to send them again.
        let kept = fields
            .into_iter()
            .filter(|(k, _)| k != CSRF_FIELD)
            .collect();
        return Err(WebError::FormExpired(kept));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("s3cret-密码").expect("hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("s3cret-密码", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("s3cret-密码", "not a hash"));
        assert_ne!(h, hash_password("s3cret-密码").expect("hash"), "salted");
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token(32).expect("token");
        let b = random_token(32).expect("token");
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret("", ""));
        let p = generate_password().expect("password");
        assert_eq!(p.chars().count(), 16);
    }

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(
            check_origin(&h, &[]).is_ok(),
            "no Origin: a non-browser client"
        );
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(check_origin(&h, &[]).is_ok());
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(check_origin(&h, &[]).is_err());
        assert!(
            check_origin(&h, &["http://evil.example".into()]).is_ok(),
            "configured"
        );
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(check_origin(&h, &[]).is_err());
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(check_origin(&h, &[]).is_err());
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(check_origin(&h, &[]).is_ok());
    }

    #[test]
    fn cookies_parse() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; pw_session=tok; b="),
        );
        let jar = cookies(&h);
        assert_eq!(cookie(&jar, "pw_session"), Some("tok"));
        assert_eq!(cookie(&jar, "b"), None);
        assert_eq!(cookie(&jar, "zz"), None);
        let c = set_cookie("pw_session", "x", 60, true);
        let c = c.to_str().expect("ascii");
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("Secure"));
        assert!(
            !set_cookie("n", "v", 1, false)
                .to_str()
                .expect("ascii")
                .contains("Secure")
        );
    }
}
