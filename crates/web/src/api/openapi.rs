//! The OpenAPI document as served: what the handlers' annotations declare, completed so it is
//! valid OpenAPI 3.1 whatever an annotation leaves out. A response without a description (the
//! object requires one) gets its status's standard reason phrase.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{OpenApi, RefOr};

/// The standard reason phrase of a status code (`default` for the default response).
pub fn reason(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        "303" => "See Other",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "409" => "Conflict",
        "413" => "Content Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Content",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "503" => "Service Unavailable",
        s if s.starts_with('2') => "Success",
        s if s.starts_with('4') => "Client Error",
        s if s.starts_with('5') => "Server Error",
        _ => "Response",
    }
}

fn complete_operation(op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        if let RefOr::T(r) = response
            && r.description.trim().is_empty()
        {
            r.description = reason(status).to_string();
        }
    }
}

/// Gives every response without a description its reason phrase.
pub fn complete(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
        {
            complete_operation(op);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_response_of_the_served_document_has_a_description() {
        let doc = serde_json::to_value(crate::api::api_doc()).expect("json");
        assert_eq!(doc["openapi"], "3.1.0");
        let mut seen = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let Some(responses) = op.get("responses").and_then(|r| r.as_object()) else {
                    continue;
                };
                for (status, r) in responses {
                    seen += 1;
                    assert!(
                        r["description"].as_str().is_some_and(|d| !d.is_empty()),
                        "{method} {path} {status} has no description"
                    );
                }
            }
        }
        assert!(seen > 60, "{seen} responses");
        assert_eq!(reason("404"), "Not Found");
        assert_eq!(reason("418"), "Client Error");
    }
}
