//! The few database operations the shared code uses, for any backend `D`: a query that binds
//! values and runs on a pool or a transaction ([`Sql`]), column access on its rows ([`Col`]),
//! and the capability traits that let generic code say so without a where-clause per function.
//!
//! sqlx states what a backend can encode, decode and execute as bounds on *other* types
//! (`i64: Encode<'_, D>`, `&mut D::Connection: Executor<'_>`); Rust does not carry such bounds
//! from a trait to its users, so every generic function would have to repeat them. Here each
//! is restated as a trait *of the backend* ([`Binds`], [`Decodes`], [`Executes`]) with a blanket
//! implementation, and [`crate::Dialect`] lists them as supertraits: `D: Dialect` is then the
//! only bound generic code needs.

use planwatch_store::{StoreError, StoreResult};
use sqlx::pool::PoolConnection;
use sqlx::query::Query;
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, SqlSafeStr, Transaction,
    Type,
};
use std::future::Future;
use std::pin::Pin;

/// A write or read transaction on backend `D`.
pub type Tx<D> = Transaction<'static, D>;

type Fut<'e, T> = Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send + 'e>>;

/// Any database failure as the store reports it.
pub fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// `D` can bind a `T` as a query parameter.
pub trait Binds<T>: Database {
    fn bind_value(
        q: Query<'static, Self, Self::Arguments>,
        value: T,
    ) -> Query<'static, Self, Self::Arguments>;
}

impl<'t, D: Database, T> Binds<T> for D
where
    T: Encode<'t, D> + Type<D> + 't,
{
    fn bind_value(q: Query<'static, D, D::Arguments>, value: T) -> Query<'static, D, D::Arguments> {
        q.bind(value)
    }
}

/// `D` can read a `T` from a column, by name or by position.
pub trait Decodes<T>: Database {
    fn column(row: &Self::Row, name: &str) -> Result<T, sqlx::Error>;
    fn column_at(row: &Self::Row, index: usize) -> Result<T, sqlx::Error>;
}

impl<D: Database, T> Decodes<T> for D
where
    T: for<'r> Decode<'r, D> + Type<D>,
    for<'a> &'a str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
{
    fn column(row: &D::Row, name: &str) -> Result<T, sqlx::Error> {
        sqlx::Row::try_get(row, name)
    }

    fn column_at(row: &D::Row, index: usize) -> Result<T, sqlx::Error> {
        sqlx::Row::try_get(row, index)
    }
}

/// `D` can run a query on one of its connections.
pub trait Executes: Database {
    fn execute_on<'e>(
        conn: &'e mut Self::Connection,
        q: Query<'static, Self, Self::Arguments>,
    ) -> Fut<'e, Self::QueryResult>;
    fn fetch_all_on<'e>(
        conn: &'e mut Self::Connection,
        q: Query<'static, Self, Self::Arguments>,
    ) -> Fut<'e, Vec<Self::Row>>;
    fn fetch_optional_on<'e>(
        conn: &'e mut Self::Connection,
        q: Query<'static, Self, Self::Arguments>,
    ) -> Fut<'e, Option<Self::Row>>;
}

impl<D: Database> Executes for D
where
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    D::Arguments: IntoArguments<D>,
{
    fn execute_on<'e>(
        conn: &'e mut D::Connection,
        q: Query<'static, D, D::Arguments>,
    ) -> Fut<'e, D::QueryResult> {
        conn.execute(q)
    }

    fn fetch_all_on<'e>(
        conn: &'e mut D::Connection,
        q: Query<'static, D, D::Arguments>,
    ) -> Fut<'e, Vec<D::Row>> {
        conn.fetch_all(q)
    }

    fn fetch_optional_on<'e>(
        conn: &'e mut D::Connection,
        q: Query<'static, D, D::Arguments>,
    ) -> Fut<'e, Option<D::Row>> {
        conn.fetch_optional(q)
    }
}

/// Where a query runs: the pool (a connection is taken for it) or an open transaction.
pub enum On<'a, D: Database> {
    Pool(&'a Pool<D>),
    Conn(&'a mut D::Connection),
}

impl<'a, D: Database> From<&'a Pool<D>> for On<'a, D> {
    fn from(pool: &'a Pool<D>) -> Self {
        On::Pool(pool)
    }
}

impl<'a, D: Database> From<&'a mut Tx<D>> for On<'a, D> {
    fn from(tx: &'a mut Tx<D>) -> Self {
        On::Conn(&mut **tx)
    }
}

/// A connection for the length of one statement: taken from the pool, or the transaction's.
enum Held<'a, D: Database> {
    Pooled(PoolConnection<D>),
    Borrowed(&'a mut D::Connection),
}

impl<'a, D: Database> Held<'a, D> {
    async fn take(on: On<'a, D>) -> StoreResult<Self> {
        Ok(match on {
            On::Pool(pool) => Held::Pooled(pool.acquire().await.map_err(backend)?),
            On::Conn(conn) => Held::Borrowed(conn),
        })
    }

    fn conn(&mut self) -> &mut D::Connection {
        match self {
            Held::Pooled(c) => c,
            Held::Borrowed(c) => c,
        }
    }
}

/// One SQL statement with its parameters (`$1`, `$2`… on both backends).
#[must_use = "a query does nothing until it runs"]
pub struct Sql<D: Database> {
    query: Query<'static, D, D::Arguments>,
    on_duplicate: Option<StoreError>,
}

/// A statement written in the source.
pub fn sql<D: Database>(text: &'static str) -> Sql<D> {
    Sql {
        query: sqlx::query(text),
        on_duplicate: None,
    }
}

/// A statement assembled at run time from dialect fragments and identifiers the code chose
/// (never from user input: values are always bound).
pub fn sql_built<D: Database>(text: String) -> Sql<D> {
    Sql {
        query: sqlx::query(sqlx::AssertSqlSafe(text).into_sql_str()),
        on_duplicate: None,
    }
}

impl<D: crate::Dialect> Sql<D> {
    /// Binds the next parameter.
    pub fn bind<T>(self, value: T) -> Self
    where
        D: Binds<T>,
    {
        Sql {
            query: D::bind_value(self.query, value),
            on_duplicate: self.on_duplicate,
        }
    }

    /// The error to give instead when the statement breaks a unique constraint.
    pub fn on_duplicate(self, error: StoreError) -> Self {
        Sql {
            on_duplicate: Some(error),
            ..self
        }
    }

    fn fail(on_duplicate: Option<StoreError>, e: sqlx::Error) -> StoreError {
        match (e, on_duplicate) {
            (sqlx::Error::Database(db), Some(duplicate)) if db.is_unique_violation() => duplicate,
            (e, _) => backend(e),
        }
    }

    /// Runs the statement; returns the number of rows it changed.
    pub async fn execute<'a>(self, on: impl Into<On<'a, D>>) -> StoreResult<u64> {
        let mut held = Held::take(on.into()).await?;
        D::execute_on(held.conn(), self.query)
            .await
            .map(|r| D::rows_affected(&r))
            .map_err(|e| Self::fail(self.on_duplicate, e))
    }

    pub async fn fetch_all<'a>(self, on: impl Into<On<'a, D>>) -> StoreResult<Vec<D::Row>> {
        let mut held = Held::take(on.into()).await?;
        D::fetch_all_on(held.conn(), self.query)
            .await
            .map_err(|e| Self::fail(self.on_duplicate, e))
    }

    pub async fn fetch_optional<'a>(self, on: impl Into<On<'a, D>>) -> StoreResult<Option<D::Row>> {
        let mut held = Held::take(on.into()).await?;
        D::fetch_optional_on(held.conn(), self.query)
            .await
            .map_err(|e| Self::fail(self.on_duplicate, e))
    }

    /// The one row the statement returns; none is an error.
    pub async fn fetch_one<'a>(self, on: impl Into<On<'a, D>>) -> StoreResult<D::Row> {
        self.fetch_optional(on)
            .await?
            .ok_or_else(|| backend(sqlx::Error::RowNotFound))
    }

    /// The first column of the one row the statement returns.
    pub async fn scalar<'a, T>(self, on: impl Into<On<'a, D>>) -> StoreResult<T>
    where
        D: Decodes<T>,
    {
        let row = self.fetch_one(on).await?;
        D::column_at(&row, 0).map_err(backend)
    }

    /// The first column of the first row, if there is a row.
    pub async fn scalar_optional<'a, T>(self, on: impl Into<On<'a, D>>) -> StoreResult<Option<T>>
    where
        D: Decodes<T>,
    {
        match self.fetch_optional(on).await? {
            Some(row) => D::column_at(&row, 0).map(Some).map_err(backend),
            None => Ok(None),
        }
    }

    /// The first column of every row.
    pub async fn scalars<'a, T>(self, on: impl Into<On<'a, D>>) -> StoreResult<Vec<T>>
    where
        D: Decodes<T>,
    {
        self.fetch_all(on)
            .await?
            .iter()
            .map(|row| D::column_at(row, 0).map_err(backend))
            .collect()
    }
}

/// Column access on a row of any backend: `row.col::<i64>("id")?`.
pub trait Col {
    type Db: Database;

    fn col<T>(&self, name: &str) -> StoreResult<T>
    where
        Self::Db: Decodes<T>;

    fn col_at<T>(&self, index: usize) -> StoreResult<T>
    where
        Self::Db: Decodes<T>;
}

impl<R: sqlx::Row> Col for R {
    type Db = R::Database;

    fn col<T>(&self, name: &str) -> StoreResult<T>
    where
        R::Database: Decodes<T>,
    {
        <R::Database as Decodes<T>>::column(self, name).map_err(backend)
    }

    fn col_at<T>(&self, index: usize) -> StoreResult<T>
    where
        R::Database: Decodes<T>,
    {
        <R::Database as Decodes<T>>::column_at(self, index).map_err(backend)
    }
}

/// `($1, $2, $3), ($4, $5, $6), …` (on SQLite `(?, ?, ?), …`, see
/// [`crate::Dialect::push_parameter`]): the VALUES of a multi-row INSERT of `rows` rows of
/// `columns` parameters each, the statement's only parameters.
pub fn values_placeholders<D: crate::Dialect>(rows: usize, columns: usize) -> String {
    let mut out = String::with_capacity(rows * columns * 5);
    let mut n = 0;
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            n += 1;
            if c > 0 {
                out.push_str(", ");
            }
            D::push_parameter(&mut out, n);
        }
        out.push(')');
    }
    out
}

/// A quoted SQL identifier (`"name"`), for the table and column names a dump walks.
pub fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_parameter_once() {
        use sqlx::{Postgres, Sqlite};
        assert_eq!(
            values_placeholders::<Postgres>(2, 3),
            "($1, $2, $3), ($4, $5, $6)"
        );
        assert_eq!(values_placeholders::<Postgres>(1, 1), "($1)");
        assert_eq!(values_placeholders::<Postgres>(0, 4), "");
        assert_eq!(values_placeholders::<Sqlite>(2, 2), "(?, ?), (?, ?)");
    }

    #[test]
    fn identifiers_are_quoted_with_inner_quotes_doubled() {
        assert_eq!(quote("plan_indicators"), "\"plan_indicators\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
