//! `emulator`: runs the local tenant. With no arguments it serves the
//! embedded default configuration on http://127.0.0.1:8787.

use clap::Parser;
use emulator::config::Config;
use emulator::store::Store;
use emulator::AppState;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    version,
    about = "A local Auth0-compatible tenant for developing auth-widget"
)]
struct Cli {
    /// Address to bind (keep it on loopback: this is a development tool).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one; the URL is printed).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// TOML configuration of clients and connections (default: built in).
    #[arg(long)]
    config: Option<PathBuf>,
    /// SQLite database file, or :memory:.
    #[arg(long)]
    db: Option<String>,
    /// Serve this directory at / (e.g. the built widget, for same-origin tests).
    #[arg(long = "static")]
    static_dir: Option<PathBuf>,
    /// Enable /test/... routes that emulate transport failures and move the clock.
    #[arg(long)]
    test_routes: bool,
    /// Base URL for links in emails (e.g. a proxy in front of the emulator);
    /// overrides `public_url` in the configuration.
    #[arg(long)]
    public_url: Option<String>,
}

fn default_db() -> String {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("auth-widget-emulator")
        .join("emulator.db")
        .to_string_lossy()
        .into_owned()
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = match &cli.config {
        Some(path) => Config::load(path),
        None => Ok(Config::embedded_default()),
    };
    let mut config = config.unwrap_or_else(|error| {
        eprintln!("emulator: {error}");
        std::process::exit(2);
    });
    if cli.public_url.is_some() {
        config.public_url = cli.public_url.clone();
    }
    let db = cli.db.clone().unwrap_or_else(default_db);
    let store = Store::open(&db).unwrap_or_else(|error| {
        eprintln!("emulator: cannot open database {db}: {error}");
        std::process::exit(2);
    });
    let mut state = AppState::new(config, store);
    state.test_routes = cli.test_routes;
    let listener = tokio::net::TcpListener::bind((cli.host.as_str(), cli.port))
        .await
        .unwrap_or_else(|error| {
            eprintln!(
                "emulator: cannot listen on {}:{}: {error}",
                cli.host, cli.port
            );
            std::process::exit(2);
        });
    let addr = listener.local_addr().expect("a bound address");
    // Scripts and tests read this line to find the port.
    println!("emulator: listening on http://{addr} (database {db})");
    let server = emulator::serve(listener, Arc::new(state), cli.static_dir);
    tokio::select! {
        result = server => if let Err(error) = result {
            eprintln!("emulator: {error}");
            std::process::exit(1);
        },
        _ = tokio::signal::ctrl_c() => {}
    }
}
