//! 审计: the append-only trail of every change (who, when, from where, old → new).

use super::{PageCtx, render};
use crate::AppState;
use crate::error::PageResult;
use crate::util::{Params, fmt_audit_time};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use std::collections::HashMap;

pub async fn audit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let limit = params.i64("limit")?.unwrap_or(200).clamp(1, 5000);
    let entries = state.data().audit_entries(limit).await?;
    let body = html! {
        form.picker method="get" action="/audit" {
            label { "limit " input type="number" name="limit" value=(limit) min="1" max="5000"; }
            button type="submit" { (ctx.t("show")) }
        }
        table.grid id="audit-table" {
            thead { tr {
                th { "#" } th { (ctx.t("when")) } th { (ctx.t("who")) } th { (ctx.t("origin")) }
                th { (ctx.t("action")) } th { (ctx.t("entity")) } th { (ctx.t("change")) }
            } }
            tbody {
                @for e in &entries {
                    tr {
                        td { (e.id) }
                        td.nowrap { (fmt_audit_time(&e.at)) }
                        td { (e.actor) }
                        td { (e.origin) }
                        td { code { (e.action) } }
                        td { (e.entity) " " span.key { (e.entity_key) } }
                        td {
                            span.old { (e.old_value.as_deref().unwrap_or("—")) }
                            " → "
                            span.new { (e.new_value.as_deref().unwrap_or("—")) }
                        }
                    }
                }
            }
        }
    };
    Ok(render(&ctx, ctx.t("audit"), body).into_response())
}
