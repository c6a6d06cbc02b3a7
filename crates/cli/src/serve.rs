//! `homeward serve`.

use crate::NodeArgs;
use anyhow::{Context, Result};
use clap::Args;
use homeward_app::App;
use homeward_web::WebState;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "HOMEWARD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Mark cookies Secure (set when a TLS proxy is in front).
    #[arg(long, env = "HOMEWARD_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

pub async fn run(node: &NodeArgs, args: ServeArgs) -> Result<()> {
    let app = crate::node::open(node).await?;
    serve_app(app, &args).await
}

pub async fn serve_app(app: App, args: &ServeArgs) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(engine = app.store().engine(), %addr, "serving");
    println!(
        "Homeward is serving on http://{addr}/ ({} storage). Stop with Ctrl-C.",
        app.store().engine()
    );
    let state = WebState {
        app: app.clone(),
        secure_cookies: args.secure_cookies,
        trusted_proxies: Vec::new(),
    };
    homeward_web::serve(listener, state, shutdown_signal()).await?;
    app.store().close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}
