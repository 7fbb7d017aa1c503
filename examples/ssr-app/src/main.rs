#![recursion_limit = "256"]
//! The server: renders the app's pages (leptos_axum) and serves the client's
//! wasm from `SITE_ROOT/pkg`. Configured by its environment, as a deployed
//! app would be:
//!
//! - `SSR_APP_ADDR`: where it listens (default `127.0.0.1:3000`);
//! - `SITE_ROOT`: the directory holding `pkg/` (default `target/site`);
//! - `AUTH_WIDGET_DOMAIN`: the tenant (default the emulator, `http://127.0.0.1:8787`);
//! - `AUTH_WIDGET_CLIENT_ID`: this app's client there (default `ssr-app`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use axum::Router;
    use leptos::prelude::*;
    use leptos_axum::{generate_route_list, LeptosRoutes};
    use ssr_app::app::{shell, App, Tenant};

    let setting =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
    let addr: std::net::SocketAddr = setting("SSR_APP_ADDR", "127.0.0.1:3000")
        .parse()
        .expect("SSR_APP_ADDR: an address such as 127.0.0.1:3000");
    let tenant = Tenant {
        domain: setting("AUTH_WIDGET_DOMAIN", "http://127.0.0.1:8787"),
        client_id: setting("AUTH_WIDGET_CLIENT_ID", "ssr-app"),
    };
    // What cargo-leptos would pass in its environment, set here: the app is
    // built with plain cargo and wasm-bindgen.
    let options = LeptosOptions::builder()
        .output_name("ssr_app")
        .site_root(setting("SITE_ROOT", "target/site"))
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();

    let routes = generate_route_list({
        let tenant = tenant.clone();
        move || view! { <App tenant=tenant.clone() /> }
    });
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let (options, tenant) = (options.clone(), tenant.clone());
            move || shell(options.clone(), tenant.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(move |options| {
            shell(options, tenant.clone())
        }))
        .with_state(options);

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("bind SSR_APP_ADDR");
    println!(
        "ssr-app: listening on http://{}",
        listener.local_addr().expect("bound address")
    );
    axum::serve(listener, app).await.expect("serve");
}

/// Built without `ssr` (the client library's build), there is no server.
#[cfg(not(feature = "ssr"))]
fn main() {}
