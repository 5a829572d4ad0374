//! [`PublicationStore`]: publishing a period's figures and the year's ledgers, and the
//! published view's sources.

use crate::db::{Col, backend, sql};
use crate::{Dialect, SqlStore, View, audit_tx};
use async_trait::async_trait;
use planwatch_store::accounts::unix_now;
use planwatch_store::publication::period_key;
use planwatch_store::{
    Actor, Database, PublicationRecord, PublicationStore, PublishedFigure, StoreError, StoreResult,
};
use std::collections::HashMap;
use std::sync::Arc;

/// The table (or subquery) monthly figures are read from in `view`, with the columns of
/// `monthly_figures` (`month`, `value_text`, `version`, `updated_at`, `updated_by`).
pub(crate) fn monthly_source(view: View) -> &'static str {
    match view {
        View::Working => "monthly_figures",
        View::Published => {
            "(SELECT region_id, year, indicator, period AS month, value_text, version, \
             published_at AS updated_at, published_by AS updated_by \
             FROM published_figures WHERE period > 0)"
        }
    }
}

fn period_of(p: i64) -> StoreResult<u8> {
    u8::try_from(p)
        .ok()
        .filter(|p| *p <= 12)
        .ok_or_else(|| StoreError::Invalid(format!("stored period {p}")))
}

const PUBLICATION_SELECT: &str = "SELECT p.id, r.name AS region, p.year, p.period, p.revision, \
     p.published_at, p.published_by, p.note, p.figures, p.new_figures, p.corrections \
     FROM publications p JOIN regions r ON r.id = p.region_id";

fn publication_from_row<R: Col>(row: &R) -> StoreResult<PublicationRecord>
where
    R::Db: Dialect,
{
    Ok(PublicationRecord {
        id: row.col("id")?,
        region: row.col("region")?,
        year: row.col("year")?,
        period: period_of(row.col("period")?)?,
        revision: row.col("revision")?,
        published_at: row.col("published_at")?,
        published_by: row.col("published_by")?,
        note: row.col("note")?,
        figures: row.col("figures")?,
        new_figures: row.col("new_figures")?,
        corrections: row.col("corrections")?,
    })
}

#[async_trait]
impl<D: Dialect> PublicationStore for SqlStore<D> {
    async fn publish(
        &self,
        region: &str,
        year: i32,
        period: u8,
        note: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<PublicationRecord> {
        if period > 12 {
            return Err(StoreError::Invalid(format!(
                "period {period} is not 0 (the year) or 1..12"
            )));
        }
        let key = period_key(region, year, period);
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let mut tx = self.write_tx().await?;
        let region_id: i64 = sql("SELECT id FROM regions WHERE name = $1")
            .bind(region)
            .scalar_optional(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("region {region:?}")))?;
        let rows: i64 =
            sql("SELECT COUNT(*) FROM plan_indicators WHERE region_id = $1 AND year = $2")
                .bind(region_id)
                .bind(year)
                .scalar(&mut tx)
                .await?;
        if rows == 0 {
            return Err(StoreError::NotFound(format!("a {year} plan for {region}")));
        }
        let working = if period == 0 {
            sql(
                "SELECT name AS indicator, actual_text AS value_text FROM plan_indicators \
                 WHERE region_id = $1 AND year = $2 AND actual_text IS NOT NULL ORDER BY seq",
            )
            .bind(region_id)
            .bind(year)
            .fetch_all(&mut tx)
            .await?
        } else {
            sql("SELECT indicator, value_text FROM monthly_figures \
                 WHERE region_id = $1 AND year = $2 AND month = $3 ORDER BY indicator")
            .bind(region_id)
            .bind(year)
            .bind(i64::from(period))
            .fetch_all(&mut tx)
            .await?
        };
        let working: Vec<(String, String)> = working
            .iter()
            .map(|r| Ok((r.col("indicator")?, r.col("value_text")?)))
            .collect::<StoreResult<_>>()?;
        if working.is_empty() {
            return Err(StoreError::Invalid(format!(
                "{key}: there is no figure to publish"
            )));
        }
        let published: HashMap<String, String> =
            sql("SELECT indicator, value_text FROM published_figures \
             WHERE region_id = $1 AND year = $2 AND period = $3")
            .bind(region_id)
            .bind(year)
            .bind(i64::from(period))
            .fetch_all(&mut tx)
            .await?
            .iter()
            .map(|r| Ok((r.col("indicator")?, r.col("value_text")?)))
            .collect::<StoreResult<_>>()?;
        let now = unix_now();
        let (mut new_figures, mut corrections) = (0i64, 0i64);
        for (indicator, value) in &working {
            match published.get(indicator) {
                None => {
                    sql(
                        "INSERT INTO published_figures (region_id, year, indicator, period, \
                         value_text, version, published_at, published_by) \
                         VALUES ($1, $2, $3, $4, $5, 1, $6, $7)",
                    )
                    .bind(region_id)
                    .bind(year)
                    .bind(indicator.as_str())
                    .bind(i64::from(period))
                    .bind(value.as_str())
                    .bind(now)
                    .bind(actor.user.as_str())
                    .execute(&mut tx)
                    .await?;
                    new_figures += 1;
                }
                Some(old) if old != value => {
                    sql(
                        "UPDATE published_figures SET value_text = $1, previous_text = $2, \
                         corrected_at = $3, version = version + 1 \
                         WHERE region_id = $4 AND year = $5 AND indicator = $6 AND period = $7",
                    )
                    .bind(value.as_str())
                    .bind(old.as_str())
                    .bind(now)
                    .bind(region_id)
                    .bind(year)
                    .bind(indicator.as_str())
                    .bind(i64::from(period))
                    .execute(&mut tx)
                    .await?;
                    audit_tx(
                        &mut tx,
                        actor,
                        "publish_correction",
                        "published_figure",
                        &format!("{key}/{indicator}"),
                        Some(old),
                        Some(value),
                    )
                    .await?;
                    corrections += 1;
                }
                Some(_) => {}
            }
        }
        sql("DELETE FROM published_ledger_items WHERE region_id = $1 AND year = $2")
            .bind(region_id)
            .bind(year)
            .execute(&mut tx)
            .await?;
        sql(
            "INSERT INTO published_ledger_items (region_id, year, kind, item_key, position, data, \
             version) SELECT region_id, year, kind, item_key, position, data, version \
             FROM ledger_items WHERE region_id = $1 AND year = $2",
        )
        .bind(region_id)
        .bind(year)
        .execute(&mut tx)
        .await?;
        let revision: i64 = sql("SELECT COALESCE(MAX(revision), 0) + 1 FROM publications \
             WHERE region_id = $1 AND year = $2 AND period = $3")
        .bind(region_id)
        .bind(year)
        .bind(i64::from(period))
        .scalar(&mut tx)
        .await?;
        let figures = i64::try_from(working.len()).unwrap_or(i64::MAX);
        let id: i64 = sql(
            "INSERT INTO publications (region_id, year, period, revision, published_at, \
             published_by, note, figures, new_figures, corrections) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(region_id)
        .bind(year)
        .bind(i64::from(period))
        .bind(revision)
        .bind(now)
        .bind(actor.user.as_str())
        .bind(note)
        .bind(figures)
        .bind(new_figures)
        .bind(corrections)
        .on_duplicate(StoreError::Conflict {
            what: format!("publication of {key}"),
            expected: revision - 1,
            actual: revision,
            current: None,
            yours: format!("revision {revision}"),
        })
        .scalar(&mut tx)
        .await?;
        audit_tx(
            &mut tx,
            actor,
            "publish",
            "publication",
            &key,
            None,
            Some(&format!(
                "revision {revision}: {figures} figures ({new_figures} new, {corrections} corrected){}",
                note.map(|n| format!("; {n}")).unwrap_or_default()
            )),
        )
        .await?;
        let row = crate::db::sql_built(format!("{PUBLICATION_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_one(&mut tx)
            .await?;
        let record = publication_from_row(&row)?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn publications(
        &self,
        region: &str,
        year: Option<i32>,
    ) -> StoreResult<Vec<PublicationRecord>> {
        crate::db::sql_built(format!(
            "{PUBLICATION_SELECT} WHERE r.name = $1 AND ($2 IS NULL OR p.year = $2) \
             ORDER BY p.published_at DESC, p.id DESC"
        ))
        .bind(region)
        .bind(year)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(publication_from_row)
        .collect()
    }

    async fn published_figures(
        &self,
        region: &str,
        year: i32,
    ) -> StoreResult<Vec<PublishedFigure>> {
        sql(
            "SELECT f.indicator, f.period, f.value_text, f.published_at, f.previous_text, \
             f.corrected_at, f.version FROM published_figures f \
             JOIN regions r ON r.id = f.region_id WHERE r.name = $1 AND f.year = $2 \
             ORDER BY f.indicator, f.period",
        )
        .bind(region)
        .bind(year)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(PublishedFigure {
                indicator: row.col("indicator")?,
                period: period_of(row.col("period")?)?,
                value_text: row.col("value_text")?,
                published_at: row.col("published_at")?,
                previous_text: row.col("previous_text")?,
                corrected_at: row.col("corrected_at")?,
                version: row.col("version")?,
            })
        })
        .collect()
    }

    fn published_view(&self) -> Arc<dyn Database> {
        Arc::new(SqlStore::<D> {
            pool: self.pool.clone(),
            view: View::Published,
        })
    }

    fn is_published_view(&self) -> bool {
        self.view == View::Published
    }
}
