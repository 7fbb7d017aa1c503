//! A person with a keyboard only, in every engine: Tab, Shift-Tab, typing,
//! Space and Enter, as WebDriver key actions (no clicks, no focusing by
//! script). They sign up on the demo page, ask for a reset email on the
//! forgot-password screen, and open, move around in and leave the modal of
//! the example page, whose focus must stay inside it and then come back to
//! the button that opened it.

mod common;

use e2e::{repo, Driver, Engine};
use emulator::config::Config;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::Value;
use tower_http::services::ServeDir;

struct Session {
    browser: Client,
    base: String,
    _driver: Driver,
}

/// The demo (target/site) at `/`, the embed bundle and the example pages
/// beside it, all served by an emulator.
async fn start(engine: Engine) -> Session {
    for built in ["target/site/index.html", "dist/auth-widget.js"] {
        assert!(
            repo(built).exists(),
            "no {built} (make test builds it first)"
        );
    }
    let state = common::tenant(Config::embedded_default());
    let app = emulator::app(state.clone(), Some(repo("target/site")))
        .nest_service("/dist", ServeDir::new(repo("dist")))
        .nest_service("/examples", ServeDir::new(repo("examples")));
    let base = common::serve(state, app).await;
    let (driver, browser) = e2e::browser(engine).await;
    Session {
        browser,
        base,
        _driver: driver,
    }
}

impl Session {
    async fn js(&self, script: &str) -> Value {
        e2e::js(&self.browser, script).await
    }

    /// Presses each key in turn (down, then up).
    async fn press(&self, keys: &[char]) {
        e2e::press(&self.browser, keys).await
    }

    async fn tab(&self) {
        self.press(&[Key::Tab.into()]).await;
    }

    async fn shift_tab(&self) {
        let (shift, tab): (char, char) = (Key::Shift.into(), Key::Tab.into());
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        self.browser.perform_actions(actions).await.unwrap();
    }

    async fn type_text(&self, text: &str) {
        self.press(&text.chars().collect::<Vec<_>>()).await;
    }

    /// Whether `test`, a JS expression over `el` (the focused element), holds.
    async fn focused(&self, test: &str) -> bool {
        e2e::holds(
            &self.browser,
            &format!("(el => {test})(document.activeElement)"),
        )
        .await
    }

    /// Presses Tab until the focused element passes `test` (at most 20 times).
    async fn tab_to(&self, what: &str, test: &str) {
        for _ in 0..20 {
            if self.focused(test).await {
                return;
            }
            self.tab().await;
        }
        let at = self
            .js("return document.activeElement?.outerHTML?.slice(0, 120)")
            .await;
        panic!("Tab never reached {what}; focus is on {at}");
    }

    async fn until(&self, what: &str, script: &str) {
        assert!(
            e2e::eventually(&self.browser, script).await,
            "timed out waiting for {what}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_and_forgot_password_with_the_keyboard_only() {
    for engine in Engine::all() {
        eprintln!(
            "{}: keyboard only, sign-up and forgot-password",
            engine.name()
        );
        forms_in(engine).await;
    }
}

async fn forms_in(engine: Engine) {
    let s = start(engine).await;
    let (email, password) = ("keys@example.com", "Correct-Horse-7");
    let (enter, space): (char, char) = (Key::Enter.into(), ' ');
    s.browser.goto(&format!("{}/", s.base)).await.unwrap();
    s.until("the form", "document.querySelector('input[type=email]')")
        .await;

    s.tab_to("the email field", "el.type === 'email'").await;
    s.type_text(email).await;
    s.tab().await;
    assert!(
        s.focused("el.autocomplete === 'new-password'").await,
        "{engine:?}: Tab → password"
    );
    s.type_text(password).await;
    s.tab().await;
    assert!(
        s.focused("el.classList.contains('aw-toggle')").await,
        "{engine:?}: Tab → show password"
    );
    s.press(&[space]).await;
    s.until(
        "the password shown",
        "document.querySelector('input[autocomplete=new-password]').type === 'text'",
    )
    .await;
    s.press(&[space]).await;
    s.until(
        "the password hidden",
        "document.querySelector('input[autocomplete=new-password]').type === 'password'",
    )
    .await;
    s.shift_tab().await;
    assert!(
        s.focused("el.autocomplete === 'new-password' && el.value === 'Correct-Horse-7'")
            .await,
        "{engine:?}: Shift-Tab → back to the password, as typed"
    );
    s.tab().await;
    s.tab().await;
    assert!(
        s.focused("el.type === 'submit'").await,
        "{engine:?}: Tab → sign up"
    );
    s.press(&[enter]).await;
    s.until(
        "the account created",
        "document.querySelector('.aw-success')?.textContent.includes('account was created')",
    )
    .await;

    // To the other screen by its link, then the reset request.
    s.tab_to(
        "the forgot-password link",
        "el.classList.contains('aw-link')",
    )
    .await;
    s.press(&[enter]).await;
    s.until(
        "the forgot-password screen",
        "document.querySelector('h2').textContent === 'Reset your password'",
    )
    .await;
    s.tab_to("the email field", "el.type === 'email'").await;
    assert!(
        s.focused(&format!("el.value === '{email}'")).await,
        "{engine:?}: the email was kept"
    );
    s.tab().await;
    assert!(
        s.focused("el.type === 'submit'").await,
        "{engine:?}: Tab → send email"
    );
    s.press(&[space]).await;
    s.until(
        "the confirmation",
        "document.querySelector('[role=status]').textContent.includes('we have sent it a link')",
    )
    .await;
    let outbox = s
        .js("return fetch('/outbox.json').then(r => r.json())")
        .await;
    assert_eq!(
        outbox[0]["to"], email,
        "{engine:?}: the reset email went out"
    );
    s.browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_modal_with_the_keyboard_only() {
    for engine in Engine::all() {
        eprintln!("{}: keyboard only, the modal", engine.name());
        modal_in(engine).await;
    }
}

async fn modal_in(engine: Engine) {
    let s = start(engine).await;
    s.browser
        .goto(&format!("{}/examples/modal.html", s.base))
        .await
        .unwrap();
    s.until("the module", "window.AuthWidget").await;
    s.tab_to("the button that opens the modal", "el.id === 'open'")
        .await;
    s.press(&[Key::Enter.into()]).await;
    s.until(
        "an open dialog",
        "document.querySelector('dialog.aw-dialog')?.open",
    )
    .await;
    assert!(
        s.focused("el.type === 'email'").await,
        "{engine:?}: focus moves into the dialog"
    );
    // Around and around: focus never lands on the page behind the dialog.
    let inside = "document.querySelector('dialog.aw-dialog').contains(el)";
    let behind = format!("el !== document.body && !({inside})");
    let mut visits = 0;
    for step in 0..24 {
        if step < 12 {
            s.tab().await;
        } else {
            s.shift_tab().await;
        }
        assert!(
            !s.focused(&behind).await,
            "{engine:?}: Tab {step} left the dialog"
        );
        visits += usize::from(s.focused(inside).await);
    }
    assert!(
        visits >= 16,
        "{engine:?}: focus stayed in the dialog ({visits} of 24)"
    );
    s.press(&[Key::Escape.into()]).await;
    s.until(
        "the dialog to close",
        "!document.querySelector('dialog.aw-dialog')",
    )
    .await;
    s.until(
        "the focus back on the button that opened it",
        "document.activeElement?.id === 'open'",
    )
    .await;
    s.browser.close().await.unwrap();
}
