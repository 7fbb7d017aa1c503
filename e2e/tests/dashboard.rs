//! The emulator's dashboard in Chromium: search, set a password (then the
//! token works with it and the outbox has no new email), block (then the
//! token is refused), delete; and a page on another site that posts a form
//! to each action is refused and changes nothing.

use e2e::Engine;
use emulator::config::Config;
use emulator::store::Store;
use emulator::AppState;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

const CONNECTION: &str = "Username-Password-Authentication";
const PASSWORD: &str = "Quartz-Meadow-93";

async fn start_emulator() -> String {
    let state = Arc::new(AppState::new(
        Config::embedded_default(),
        Store::open(":memory:").unwrap(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(emulator::serve(listener, state, None));
    base
}

/// Signs `email` up through the API; its user ID.
fn signup(base: &str, email: &str) -> String {
    let body = json!({"client_id": "demo-client", "connection": CONNECTION, "email": email, "password": PASSWORD});
    let reply: Value = ureq::post(&format!("{base}/dbconnections/signup"))
        .set("Content-Type", "application/json")
        .send_string(&body.to_string())
        .unwrap()
        .into_json()
        .unwrap();
    reply["_id"].as_str().unwrap().to_owned()
}

fn outbox_len(base: &str) -> usize {
    let outbox: Value = ureq::get(&format!("{base}/outbox.json"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    outbox.as_array().unwrap().len()
}

async fn click(browser: &Client, locator: Locator<'_>) {
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(locator)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn page_text(browser: &Client) -> String {
    e2e::js(browser, "return document.body.innerText")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_set_a_password_block_and_delete_in_a_browser() {
    let base = start_emulator().await;
    signup(&base, "someone@example.com");
    signup(&base, "target@example.com");
    let emails = outbox_len(&base);
    let (_driver, browser) = e2e::browser(Engine::Chromium).await;

    browser.goto(&format!("{base}/dashboard")).await.unwrap();
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("input[name=q]"))
        .await
        .unwrap()
        .send_keys("target")
        .await
        .unwrap();
    click(
        &browser,
        Locator::Css("form[method=get] button[type=submit]"),
    )
    .await;
    assert!(
        e2e::eventually(&browser, "!document.body.innerText.includes('someone@example.com') && document.body.innerText.includes('1 users')").await,
        "the search finds only the target: {}",
        page_text(&browser).await
    );
    click(&browser, Locator::LinkText("target@example.com")).await;

    // Set a password: no email, and the token takes it.
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys("Solar-Kettle-84")
        .await
        .unwrap();
    click(&browser, Locator::XPath("//button[text()='Set password']")).await;
    assert!(
        e2e::eventually(
            &browser,
            "document.body.innerText.includes('No email was sent')"
        )
        .await,
        "{}",
        page_text(&browser).await
    );
    e2e::assert_password_changed(&base, "target@example.com", PASSWORD, "Solar-Kettle-84");
    assert_eq!(
        outbox_len(&base),
        emails,
        "no email for a password set by hand"
    );

    click(&browser, Locator::XPath("//button[text()='Block']")).await;
    assert!(
        e2e::eventually(
            &browser,
            "document.body.innerText.includes('The user is blocked')"
        )
        .await
    );
    assert_eq!(
        e2e::token_status(&base, "target@example.com", "Solar-Kettle-84"),
        401
    );

    click(
        &browser,
        Locator::XPath("//button[text()='Delete the user']"),
    )
    .await;
    assert!(
        e2e::eventually(&browser, "location.pathname === '/dashboard/users' && !document.body.innerText.includes('target@example.com')").await,
        "{}",
        page_text(&browser).await
    );
    assert_eq!(
        e2e::token_status(&base, "target@example.com", "Solar-Kettle-84"),
        403
    );
    browser.close().await.unwrap();
}

/// A page on another site: `/{n}` posts a form to `targets[n]` as soon
/// as it loads, with made-up CSRF and field values.
async fn start_other_site(targets: Vec<String>) -> String {
    use axum::extract::Path;
    use axum::response::Html;
    let page = move |Path(n): Path<usize>| async move {
        Html(format!(
            "<!DOCTYPE html><form method=post action=\"{}\">\
             <input name=csrf value=guess><input name=password value=Evil-Pass-123>\
             <input name=subject value=pwned><input name=from value=a@evil.example>\
             <input name=body value=x><input name=url_lifetime_secs value=''><input name=redirect_to value=''>\
             </form><script>document.forms[0].submit()</script>",
            targets[n]
        ))
    };
    let app = axum::Router::new().route("/{n}", axum::routing::get(page));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    // Another site: "localhost", not the dashboard's 127.0.0.1.
    let other = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    other
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_site_form_post_to_each_action_is_refused_in_a_browser() {
    let base = start_emulator().await;
    let id = signup(&base, "victim@example.com");
    let emails = outbox_len(&base);
    let (_driver, browser) = e2e::browser(Engine::Chromium).await;
    // The developer has the dashboard open (its cookie is set).
    browser
        .goto(&format!("{base}/dashboard/users/{id}"))
        .await
        .unwrap();
    assert!(
        e2e::eventually(
            &browser,
            "document.body.innerText.includes('victim@example.com')"
        )
        .await
    );

    let user = format!("{base}/dashboard/users/{id}");
    let targets = vec![
        format!("{user}/password"),
        format!("{user}/verify"),
        format!("{user}/block"),
        format!("{user}/reset-email"),
        format!("{user}/delete"),
        format!("{base}/dashboard/emails/reset_email"),
    ];
    let other = start_other_site(targets.clone()).await;
    for (n, target) in targets.iter().enumerate() {
        browser.goto(&format!("{other}/{n}")).await.unwrap();
        assert!(
            e2e::eventually(
                &browser,
                "document.body.innerText.includes('This request was refused')"
            )
            .await,
            "{target}: {}",
            page_text(&browser).await
        );
    }
    // Nothing changed: same password, not blocked, not verified, no email,
    // the template as it was.
    assert_eq!(
        e2e::token_status(&base, "victim@example.com", PASSWORD),
        200
    );
    assert_eq!(outbox_len(&base), emails);
    let page = ureq::get(&user).call().unwrap().into_string().unwrap();
    assert!(page.contains("<th>Verified</th><td>no</td>"), "{page}");
    let template = ureq::get(&format!("{base}/dashboard/emails/reset_email"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(!template.contains("pwned"));
    browser.close().await.unwrap();
}
