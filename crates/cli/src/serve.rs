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
        println!(
            "Demo region loaded into {db}; 2024 monthly figures are illustrative, not published data."
        );
        println!("Demo accounts (passwords are new on every --demo run):");
        for a in &accounts {
            println!(
                "  {:<9} {:<10} {:<10} {}",
                a.username,
                a.role.as_str(),
                a.department.unwrap_or("-"),
                a.password
            );
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
        ..planwatch_web::WebConfig::default()
    };
    let state = planwatch_web::AppState::new(store, config)?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr().context("listening address")?;
    println!("planwatch web on http://{addr}/ (Ctrl-C to stop)");
    let shutdown = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot wait for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    planwatch_web::launch_with_listener(state, listener, shutdown)
        .await
        .context("web server")?;
    Ok(())
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
            println!("created {} ({})", user.username, user.role.as_str());
            if generated {
                println!("password: {pwd}");
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
            println!("password of {username} changed; its sessions were ended");
            if generated {
                println!("password: {pwd}");
            }
        }
        UserCommand::List => {
            for u in store.users().await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.role.as_str(),
                    u.department.as_deref().unwrap_or("-"),
                    if u.active { "active" } else { "disabled" },
                    u.display_name
                );
            }
        }
    }
    Ok(())
}
