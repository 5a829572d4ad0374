//! Errors of the web layer and how they reach the client: as an HTML page for pages, as JSON
//! for the API. Storage and internal details are logged, never shown.

use crate::i18n::{Lang, tr};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use planwatch_domain::Message;
use planwatch_service::ServiceError;
use planwatch_store::StoreError;
use serde::Serialize;

/// The two values of a refused stale edit.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ConflictInfo {
    /// What was edited, e.g. `江北区 2024 地区生产总值增速 actual`.
    pub what: String,
    /// The version the edit was based on.
    pub expected_version: i64,
    /// The version the record is at now.
    pub current_version: i64,
    /// The value stored now.
    pub current_value: Option<String>,
    /// The value (or decision) that was refused.
    pub your_value: String,
}

/// Everything a handler can fail with.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WebError {
    #[error("login required")]
    Unauthorized,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("the form token is missing or wrong, or the request came from another site")]
    Csrf,
    /// A same-site form whose token no longer matches (the session or the login form expired):
    /// the page offers to send the same fields again with a fresh token.
    #[error("the form expired")]
    FormExpired(Vec<(String, String)>),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("cannot accept: {0}")]
    Unprocessable(String),
    /// A request that cannot be read (400), said in both languages.
    #[error("bad request: {0}")]
    BadInput(Message),
    /// Input that is read but cannot be accepted (422), said in both languages.
    #[error("cannot accept: {0}")]
    Refused(Message),
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("conflict on {}", .0.what)]
    Conflict(ConflictInfo),
    #[error("too many failed logins; try again in {minutes} minutes")]
    TooManyAttempts { minutes: i64 },
    /// Logged with its detail; the client sees a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) | WebError::Csrf | WebError::FormExpired(_) => {
                StatusCode::FORBIDDEN
            }
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) | WebError::BadInput(_) => StatusCode::BAD_REQUEST,
            WebError::Unprocessable(_) | WebError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short machine-readable code for the JSON body.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::Unauthorized => "unauthorized",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf | WebError::FormExpired(_) => "csrf",
            WebError::NotFound(_) => "not_found",
            WebError::BadRequest(_) | WebError::BadInput(_) => "bad_request",
            WebError::Unprocessable(_) | WebError::Refused(_) => "unprocessable",
            WebError::TooLarge(_) => "too_large",
            WebError::Conflict(_) => "conflict",
            WebError::TooManyAttempts { .. } => "too_many_attempts",
            WebError::Internal(_) => "internal",
        }
    }

    /// The message a client may see, in the page's language where it is ours.
    pub fn public_message(&self, lang: Lang) -> String {
        match self {
            WebError::Unauthorized => tr(lang, "login_required").to_string(),
            WebError::Forbidden(m) => format!("{} {m}", tr(lang, "forbidden")),
            WebError::Csrf => tr(lang, "csrf").to_string(),
            WebError::FormExpired(_) => tr(lang, "form_expired").to_string(),
            WebError::NotFound(m) => format!("{} {m}", tr(lang, "not_found")),
            WebError::BadRequest(m) | WebError::Unprocessable(m) | WebError::TooLarge(m) => {
                m.clone()
            }
            WebError::BadInput(m) | WebError::Refused(m) => m.text(lang).to_string(),
            WebError::Conflict(c) => format!(
                "{}：{}（{} {}: {}；{}: {}）",
                tr(lang, "conflict"),
                c.what,
                tr(lang, "current_value"),
                c.current_version,
                c.current_value.as_deref().unwrap_or("—"),
                tr(lang, "your_value"),
                c.your_value
            ),
            WebError::TooManyAttempts { minutes } => match lang {
                Lang::Zh => format!("{}（约{minutes}分钟后）", tr(lang, "too_many")),
                Lang::En => format!("{} (in about {minutes} minutes)", tr(lang, "too_many")),
            },
            WebError::Internal(_) => tr(lang, "internal").to_string(),
        }
    }

    fn log(&self) {
        match self {
            WebError::Internal(detail) => tracing::error!(%detail, "internal error"),
            other => tracing::debug!(error = %other, "request refused"),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => WebError::NotFound(m),
            StoreError::Conflict {
                what,
                expected,
                actual,
                current,
                yours,
            } => WebError::Conflict(ConflictInfo {
                what,
                expected_version: expected,
                current_version: actual,
                current_value: current,
                your_value: yours,
            }),
            StoreError::Invalid(m) => WebError::Unprocessable(m),
            other @ (StoreError::NewerSchema { .. } | StoreError::Backend(_)) => {
                WebError::Internal(other.to_string())
            }
        }
    }
}

impl From<ServiceError> for WebError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Store(s) => s.into(),
            e @ ServiceError::NoPlan { .. } => WebError::NotFound(e.to_string()),
            e @ ServiceError::BadExpression { .. } => WebError::Unprocessable(e.to_string()),
            ServiceError::Refused { message, .. } => WebError::Refused(message),
            ServiceError::NotResponsible(m) => WebError::Forbidden(m.to_string()),
            ServiceError::Implausible { what, message } => WebError::Refused(Message::new(
                format!("{}：{}", what.zh, message.zh),
                format!("{}: {}", what.en, message.en),
            )),
            ServiceError::NeedsReason { what, message } => WebError::Refused(Message::new(
                format!("{}：{}；请说明原因后再提交", what.zh, message.zh),
                format!(
                    "{}: {}; give a reason to enter it anyway",
                    what.en, message.en
                ),
            )),
        }
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// `unauthorized`, `forbidden`, `csrf`, `not_found`, `bad_request`, `unprocessable`,
    /// `conflict`, `too_large`, `too_many_attempts`, `internal`.
    pub error: &'static str,
    pub message: String,
    /// Present for `conflict`: both values, so the client can decide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<ConflictInfo>,
}

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let body = ErrorBody {
            error: self.0.code(),
            message: self.0.public_message(Lang::En),
            conflict: match &self.0 {
                WebError::Conflict(c) => Some(c.clone()),
                _ => None,
            },
        };
        let mut resp = (self.0.status(), Json(body)).into_response();
        if matches!(self.0, WebError::Unauthorized) {
            resp.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"planwatch\""),
            );
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// An error answered as an HTML page in the viewer's language. The handler only marks the
/// response; the context middleware, which knows the viewer, renders the page around it.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

/// Marks a response whose page is still to be rendered (see [`PageError`]).
#[derive(Debug, Clone)]
pub struct PendingErrorPage(pub WebError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut resp = self.0.status().into_response();
        resp.extensions_mut().insert(PendingErrorPage(self.0));
        resp
    }
}

pub type PageResult<T> = Result<T, PageError>;
