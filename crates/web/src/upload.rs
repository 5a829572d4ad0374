//! File uploads (`multipart/form-data`). The body is read whole, up to [`UPLOAD_BODY_LIMIT`], by
//! the route guard, which checks the form's CSRF token ([`crate::auth::check_csrf`]) and puts
//! the parsed [`UploadForm`] into the request. A handler takes the form from there, so an upload
//! cannot reach a handler without its CSRF token having been checked.

use crate::error::WebError;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};

/// The largest file accepted (20 MB).
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;
/// The largest upload request: the file plus room for the other fields and the framing.
pub const UPLOAD_BODY_LIMIT: usize = UPLOAD_LIMIT + 256 * 1024;

/// The message for an upload over the limit.
pub fn too_large() -> WebError {
    WebError::TooLarge(format!(
        "上传的文件超过{} MB上限 (the file is larger than {} MB)",
        UPLOAD_LIMIT / (1024 * 1024),
        UPLOAD_LIMIT / (1024 * 1024)
    ))
}

/// One field of an upload.
#[derive(Debug, Clone)]
pub struct UploadField {
    pub name: String,
    /// Set for file fields (may be empty when no file was chosen).
    pub file_name: Option<String>,
    pub data: Bytes,
}

/// The parsed fields of an upload, in order.
#[derive(Debug, Clone, Default)]
pub struct UploadForm {
    pub fields: Vec<UploadField>,
}

impl UploadForm {
    /// A text field's value (trimmed), when present and valid UTF-8.
    pub fn text(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| std::str::from_utf8(&f.data).ok())
            .map(|s| s.trim().to_string())
    }

    /// A chosen, non-empty file, checked against [`UPLOAD_LIMIT`].
    pub fn file(&self, name: &str) -> Result<&UploadField, WebError> {
        let f = self
            .fields
            .iter()
            .find(|f| f.name == name && f.file_name.is_some() && !f.data.is_empty())
            .ok_or_else(|| {
                WebError::BadInput(planwatch_domain::Message::new(
                    "请选择要上传的文件。",
                    "Choose a file to upload.",
                ))
            })?;
        if f.data.len() > UPLOAD_LIMIT {
            return Err(too_large());
        }
        Ok(f)
    }
}

/// Whether the request is a `multipart/form-data` upload.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// Parses a buffered `multipart/form-data` body.
pub async fn parse(headers: &HeaderMap, body: Bytes) -> Result<UploadForm, WebError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| WebError::BadRequest("the upload has no multipart boundary".into()))?;
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(UPLOAD_BODY_LIMIT as u64)
            .per_field(UPLOAD_BODY_LIMIT as u64),
    );
    let mut mp = multer::Multipart::with_constraints(
        Body::from(body).into_data_stream(),
        boundary,
        constraints,
    );
    let mut form = UploadForm::default();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(
                multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. },
            ) => {
                return Err(too_large());
            }
            Err(e) => {
                return Err(WebError::BadRequest(format!(
                    "the upload cannot be read: {e}"
                )));
            }
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let data = field.bytes().await.map_err(|e| match e {
            multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
                too_large()
            }
            e => WebError::BadRequest(format!("the upload cannot be read: {e}")),
        })?;
        form.fields.push(UploadField {
            name,
            file_name,
            data,
        });
    }
    Ok(form)
}
