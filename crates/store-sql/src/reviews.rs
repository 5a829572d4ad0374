//! [`ReviewStore`]: saved report reviews with their files and the findings raised with the DRC
//! (migration `0005`). Files are kept as base64 text so a dump carries them like any column.

use crate::db::{Col, Tx, backend, sql, sql_built};
use crate::plans::like_escape;
use crate::{Dialect, SqlStore, audit_tx};
use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use planwatch_store::accounts::unix_now;
use planwatch_store::reviews::{
    NewReview, ReviewMark, ReviewQuery, ReviewRecord, ReviewSort, ReviewStore,
};
use planwatch_store::{Actor, StoreError, StoreResult};

const REVIEW_COLUMNS: &str = "id, file_name, sha256, size, title, region, year, findings, \
     problems, created_by, created_at, runs, rerun_at, rerun_by, version";

fn review_from_row<R: Col>(row: &R) -> StoreResult<ReviewRecord>
where
    R::Db: Dialect,
{
    Ok(ReviewRecord {
        id: row.col("id")?,
        file_name: row.col("file_name")?,
        sha256: row.col("sha256")?,
        size: row.col("size")?,
        title: row.col("title")?,
        region: row.col("region")?,
        year: row.col("year")?,
        findings: row.col("findings")?,
        problems: row.col("problems")?,
        created_by: row.col("created_by")?,
        created_at: row.col("created_at")?,
        runs: row.col("runs")?,
        rerun_at: row.col("rerun_at")?,
        rerun_by: row.col("rerun_by")?,
        version: row.col("version")?,
        marks: Vec::new(),
    })
}

/// The marks of the reviews with these ids, by review.
async fn marks_of<'a, D: Dialect>(
    on: impl Into<crate::db::On<'a, D>>,
    id: i64,
) -> StoreResult<Vec<ReviewMark>> {
    sql(
        "SELECT finding_key, note, raised_by, raised_at FROM review_marks \
         WHERE review_id = $1 ORDER BY raised_at, finding_key",
    )
    .bind(id)
    .fetch_all(on)
    .await?
    .iter()
    .map(|row| {
        Ok(ReviewMark {
            finding_key: row.col("finding_key")?,
            note: row.col("note")?,
            raised_by: row.col("raised_by")?,
            raised_at: row.col("raised_at")?,
        })
    })
    .collect()
}

async fn review_tx<D: Dialect>(tx: &mut Tx<D>, id: i64) -> StoreResult<ReviewRecord> {
    let row = sql_built(format!(
        "SELECT {REVIEW_COLUMNS} FROM report_reviews WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("review {id}")))?;
    let mut r = review_from_row(&row)?;
    r.marks = marks_of(&mut *tx, id).await?;
    Ok(r)
}

#[async_trait]
impl<D: Dialect> ReviewStore for SqlStore<D> {
    async fn save_review(&self, review: &NewReview, actor: &Actor) -> StoreResult<ReviewRecord> {
        if review.file_name.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a saved review needs the file's name".into(),
            ));
        }
        let size = i64::try_from(review.data.len()).unwrap_or(i64::MAX);
        let mut tx = self.write_tx().await?;
        let id: i64 = sql(
            "INSERT INTO report_reviews (file_name, sha256, size, file_base64, title, region, \
             year, findings, problems, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(review.file_name.as_str())
        .bind(review.sha256.as_str())
        .bind(size)
        .bind(STANDARD.encode(&review.data))
        .bind(review.title.as_deref())
        .bind(review.region.as_deref())
        .bind(review.year)
        .bind(review.findings.as_str())
        .bind(review.problems)
        .bind(actor.user.as_str())
        .bind(unix_now())
        .scalar(&mut tx)
        .await?;
        audit_tx(
            &mut tx,
            actor,
            "save_review",
            "report_review",
            &id.to_string(),
            None,
            Some(&format!(
                "{} (sha256 {}, {size} bytes): {} problems",
                review.file_name, review.sha256, review.problems
            )),
        )
        .await?;
        let record = review_tx(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn review(&self, id: i64) -> StoreResult<Option<ReviewRecord>> {
        let Some(row) = sql_built(format!(
            "SELECT {REVIEW_COLUMNS} FROM report_reviews WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let mut r = review_from_row(&row)?;
        r.marks = marks_of(&self.pool, id).await?;
        Ok(Some(r))
    }

    async fn review_file(&self, id: i64) -> StoreResult<Option<(String, Vec<u8>)>> {
        let Some(row) = sql("SELECT file_name, file_base64 FROM report_reviews WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let name: String = row.col("file_name")?;
        let text: String = row.col("file_base64")?;
        let data = STANDARD
            .decode(text.as_bytes())
            .map_err(|e| StoreError::Invalid(format!("the stored file of review {id}: {e}")))?;
        Ok(Some((name, data)))
    }

    async fn reviews(&self, query: &ReviewQuery) -> StoreResult<(Vec<ReviewRecord>, i64)> {
        let pattern = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", like_escape(&s.to_lowercase())));
        const WHERE: &str = "WHERE ($1 IS NULL OR LOWER(file_name) LIKE $1 ESCAPE '\\' \
             OR LOWER(COALESCE(title, '')) LIKE $1 ESCAPE '\\' \
             OR LOWER(COALESCE(region, '')) LIKE $1 ESCAPE '\\' \
             OR LOWER(created_by) LIKE $1 ESCAPE '\\')";
        let total: i64 = sql_built(format!("SELECT COUNT(*) FROM report_reviews {WHERE}"))
            .bind(pattern.as_deref())
            .scalar(&self.pool)
            .await?;
        let order = match query.sort {
            ReviewSort::Newest => "created_at DESC, id DESC",
            ReviewSort::Oldest => "created_at ASC, id ASC",
            ReviewSort::Name => "file_name ASC, id DESC",
            ReviewSort::MostProblems => "problems DESC, id DESC",
        };
        let rows = sql_built(format!(
            "SELECT {REVIEW_COLUMNS} FROM report_reviews {WHERE} ORDER BY {order} \
             LIMIT $2 OFFSET $3"
        ))
        .bind(pattern.as_deref())
        .bind(query.limit.clamp(1, 500))
        .bind(query.offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut r = review_from_row(row)?;
            r.marks = marks_of(&self.pool, r.id).await?;
            out.push(r);
        }
        Ok((out, total))
    }

    async fn rerun_review(
        &self,
        id: i64,
        findings: &str,
        problems: i64,
        found: (Option<String>, Option<String>, Option<i32>),
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<ReviewRecord> {
        let mut tx = self.write_tx().await?;
        let before = review_tx(&mut tx, id).await?;
        let conflict = |actual: i64| StoreError::Conflict {
            what: format!("review {id}"),
            expected: expected_version.unwrap_or(before.version),
            actual,
            current: Some(format!("{} problems", before.problems)),
            yours: format!("{problems} problems"),
        };
        if let Some(v) = expected_version
            && v != before.version
        {
            return Err(conflict(before.version));
        }
        let (title, region, year) = found;
        let updated = sql(
            "UPDATE report_reviews SET findings = $1, problems = $2, title = $3, region = $4, \
             year = $5, runs = runs + 1, rerun_at = $6, rerun_by = $7, version = version + 1 \
             WHERE id = $8 AND version = $9",
        )
        .bind(findings)
        .bind(problems)
        .bind(title)
        .bind(region)
        .bind(year)
        .bind(unix_now())
        .bind(actor.user.as_str())
        .bind(id)
        .bind(before.version)
        .execute(&mut tx)
        .await?;
        if updated != 1 {
            return Err(conflict(before.version + 1));
        }
        audit_tx(
            &mut tx,
            actor,
            "rerun_review",
            "report_review",
            &id.to_string(),
            Some(&format!("{} problems", before.problems)),
            Some(&format!("{problems} problems")),
        )
        .await?;
        let record = review_tx(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn mark_finding(
        &self,
        id: i64,
        finding_key: &str,
        note: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<ReviewRecord> {
        if finding_key.trim().is_empty() {
            return Err(StoreError::Invalid("which finding?".into()));
        }
        let mut tx = self.write_tx().await?;
        let before = review_tx(&mut tx, id).await?;
        let old = before
            .marks
            .iter()
            .find(|m| m.finding_key == finding_key)
            .map(|m| m.note.clone());
        let key = format!("{id}/{finding_key}");
        match note {
            Some(note) => {
                sql(
                    "INSERT INTO review_marks (review_id, finding_key, note, raised_by, raised_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (review_id, finding_key) DO UPDATE \
                     SET note = excluded.note, raised_by = excluded.raised_by, \
                     raised_at = excluded.raised_at",
                )
                .bind(id)
                .bind(finding_key)
                .bind(note.trim())
                .bind(actor.user.as_str())
                .bind(unix_now())
                .execute(&mut tx)
                .await?;
                audit_tx(
                    &mut tx,
                    actor,
                    "raise_finding",
                    "review_mark",
                    &key,
                    old.as_deref(),
                    Some(note.trim()),
                )
                .await?;
            }
            None => {
                sql("DELETE FROM review_marks WHERE review_id = $1 AND finding_key = $2")
                    .bind(id)
                    .bind(finding_key)
                    .execute(&mut tx)
                    .await?;
                audit_tx(
                    &mut tx,
                    actor,
                    "clear_finding_mark",
                    "review_mark",
                    &key,
                    old.as_deref(),
                    None,
                )
                .await?;
            }
        }
        let record = review_tx(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }
}
