//! `planwatch serve` (the web app) and `planwatch user add|passwd|list` (its accounts).

use crate::open_backend;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use planwatch_domain::Rules;
use planwatch_store::accounts::NewUser;
use planwatch_store::{Actor, Role};
use std::io::BufRead;
use std::net::SocketAddr;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PLANWATCH_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Load the demo region (replacing its plans), create the demo accounts and print their
    /// passwords; also adds illustrative 2024 monthly figures.
    #[arg(long)]
    demo: bool,
    /// Mark cookies `Secure` (only when serving over HTTPS).
    #[arg(long, env = "PLANWATCH_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Take client addresses from X-Forwarded-For (only behind a trusted reverse proxy).
    #[arg(long)]
    trust_proxy: bool,
    /// An origin allowed to post forms besides the request's own host (repeatable), e.g.
    /// `https://plan.example.gov.cn` when a proxy rewrites the Host header.
    #[arg(long = "allow-origin")]
    allowed_origins: Vec<String>,
    /// The region pages show when not told one (default: the first by name).
    #[arg(long)]
    region: Option<String>,
    /// Session lifetime in hours.
    #[arg(long, default_value_t = 8)]
    session_hours: i64,
    /// The time zone pages show times and dates in (an IANA name such as Asia/Urumqi or UTC);
    /// it also decides which day "today" is for figures owed and deadlines.
    #[arg(long, env = "PLANWATCH_TIME_ZONE", default_value = "Asia/Shanghai")]
    time_zone: planwatch_web::util::TimeZone,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// DRC: everything, including approval and the audit trail.
    Admin,
    /// A department's reporter (needs --department).
    Reporter,
    /// Reads everything.
    Leader,
    /// Reads approved data.
    Reviewer,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Reporter => Role::Reporter,
            RoleArg::Leader => Role::Leader,
            RoleArg::Reviewer => Role::Reviewer,
        }
    }
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account. Prints a generated password unless --password-stdin is given.
    Add {
        #[arg(long)]
        username: String,
        /// Display name (default: the username).
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The department a reporter reports for, exactly as indicators name it (区统计局).
        #[arg(long)]
        department: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (ends the user's sessions). Generated unless --password-stdin.
    Passwd {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts.
    List,
}

fn password(from_stdin: bool) -> Result<(String, bool)> {
    if !from_stdin {
        return Ok((planwatch_web::auth::generate_password()?, true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let pwd = line.trim_end_matches(['\r', '\n']).to_string();
    if pwd.chars().count() < 8 {
        bail!("the password must have at least 8 characters");
    }
    Ok((pwd, false))
}

/// `planwatch serve`.
pub async fn serve(db: &str, rules: Rules, actor: &Actor, args: ServeArgs) -> Result<()> {
    let store = open_backend(db, args.demo).await?;
    if args.demo {
        let accounts = planwatch_web::demo::install(store.as_ref(), actor).await?;
        outln!(
            "Demo region loaded into {db}; 2024 monthly figures are illustrative, not published data."
        )?;
        outln!("Demo accounts (passwords are new on every --demo run):")?;
        for a in &accounts {
            outln!(
                "  {:<9} {:<10} {:<10} {}",
                a.username,
                a.role.as_str(),
                a.department.unwrap_or("-"),
                a.password
            )?;
        }
    }
    if args.session_hours < 1 {
        bail!("--session-hours must be at least 1");
    }
    let config = planwatch_web::WebConfig {
        secure_cookies: args.secure_cookies,
        session_ttl_secs: args.session_hours * 3600,
        trust_forwarded_for: args.trust_proxy,
        allowed_origins: args.allowed_origins,
        default_region: args.region,
        rules,
        time_zone: args.time_zone,
        ..planwatch_web::WebConfig::default()
    };
    let state = planwatch_web::AppState::new(store, config)?;
    let mut signals = StopSignals::install()?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr().context("listening address")?;
    outln!("planwatch web on http://{addr}/ (Ctrl-C to stop)")?;
    // Graceful shutdown: on Ctrl-C or SIGTERM stop accepting, let the requests in flight finish
    // for at most SHUTDOWN_GRACE, then return so the store is closed (its log checkpointed).
    let stop = std::sync::Arc::new(tokio::sync::Notify::new());
    let server = tokio::spawn(planwatch_web::launch_with_listener(
        state,
        listener,
        stop.clone().notified_owned(),
    ));
    tokio::pin!(server);
    tokio::select! {
        finished = &mut server => return finished.context("web server")?.context("web server"),
        signal = signals.recv() => eprintln!("planwatch web: {signal}; finishing the requests in flight"),
    }
    stop.notify_one();
    match tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await {
        Ok(finished) => finished.context("web server")?.context("web server")?,
        Err(_) => {
            server.abort();
            eprintln!(
                "planwatch web: requests still running after {} s were cut off",
                SHUTDOWN_GRACE.as_secs()
            );
        }
    }
    eprintln!("planwatch web: stopped");
    Ok(())
}

/// How long requests in flight may run on after a stop signal.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Ctrl-C (SIGINT) and SIGTERM (what `kill`, systemd and container runtimes send), listened for
/// from the moment this is built: installed before the server announces its address, so a stop
/// sent right after that announcement is never lost to the default action (dying uncleanly).
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt()).context("cannot listen for Ctrl-C")?,
                terminate: signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// Resolves at the first stop signal, saying which.
    async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "Ctrl-C",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    }
}

/// `planwatch user …`.
pub async fn user(db: &str, actor: &Actor, cmd: UserCommand) -> Result<()> {
    let store = open_backend(db, false).await?;
    match cmd {
        UserCommand::Add {
            username,
            name,
            role,
            department,
            password_stdin,
        } => {
            let role = Role::from(role);
            if role == Role::Reporter && department.is_none() {
                bail!("a reporter needs --department (the department named on its indicators)");
            }
            let (pwd, generated) = password(password_stdin)?;
            let user = store
                .create_user(
                    &NewUser {
                        display_name: name.unwrap_or_else(|| username.clone()),
                        username,
                        role,
                        department,
                        password_hash: planwatch_web::auth::hash_password(&pwd)?,
                    },
                    actor,
                )
                .await?;
            outln!("created {} ({})", user.username, user.role.as_str())?;
            if generated {
                outln!("password: {pwd}")?;
            }
        }
        UserCommand::Passwd {
            username,
            password_stdin,
        } => {
            let (pwd, generated) = password(password_stdin)?;
            store
                .set_password_hash(&username, &planwatch_web::auth::hash_password(&pwd)?, actor)
                .await?;
            outln!("password of {username} changed; its sessions were ended")?;
            if generated {
                outln!("password: {pwd}")?;
            }
        }
        UserCommand::List => {
            for u in store.users().await? {
                outln!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.role.as_str(),
                    u.department.as_deref().unwrap_or("-"),
                    if u.active { "active" } else { "disabled" },
                    u.display_name
                )?;
            }
        }
    }
    Ok(())
}
