//! The early form (issue #19) in Chromium, Firefox and WebKit: the embed
//! bundle (dist/) served with its wasm held back until the test lets it go,
//! as on a slow link. While held, the form is on the page and takes typing;
//! once the component takes it over, what was typed, ticked, focused and
//! selected is where it was, a submit pressed meanwhile is sent once, and
//! no field has moved. The pages are served under the examples' strict CSP.

mod common;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use e2e::{eventually, holds, js, repo, Driver, Engine};
use emulator::config::Config;
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::watch;
use tower_http::services::ServeDir;

struct Session {
    browser: Client,
    base: String,
    /// True while `.wasm` requests wait.
    hold: watch::Sender<bool>,
    /// How many `.wasm` requests to answer 503 next, as a dropped
    /// connection or a failing CDN would.
    fail: Arc<AtomicUsize>,
    _driver: Driver,
}

async fn start(engine: Engine) -> Session {
    assert!(
        repo("dist/auth-widget.js").exists(),
        "no embed bundle in dist/ (make test runs cargo xtask dist first)"
    );
    let state = common::tenant(Config::embedded_default());
    let (hold, held) = watch::channel(true);
    let fail = Arc::new(AtomicUsize::new(0));
    let failing = fail.clone();
    let gate = axum::middleware::from_fn(move |request: Request, next: Next| {
        let mut held = held.clone();
        let failing = failing.clone();
        async move {
            let wasm = request.uri().path().ends_with(".wasm");
            if wasm {
                held.wait_for(|held| !*held).await.unwrap();
            }
            let fails = wasm
                && failing
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
            let mut response = if fails {
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            } else {
                next.run(request).await
            };
            // Every page load fetches the wasm again, so it can be held again.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
    });
    let app = common::with_examples(
        emulator::app(state.clone(), None),
        axum::Router::new()
            .fallback_service(ServeDir::new(repo("dist")))
            .layer(gate),
    );
    let base = common::serve(state, app).await;
    let (driver, browser) = e2e::browser(engine).await;
    Session {
        browser,
        base,
        hold,
        fail,
        _driver: driver,
    }
}

/// The widget's markup as structure: each element's tag, classes and
/// attributes, but for ids and the attributes that name them (the early
/// form's ids come from the server render, the component's from its
/// counter) and for what changes by itself (aria-invalid, the control's
/// value, which a person's typing set; `method`, which keeps a served form
/// on the page and which the component does not need). An empty class is
/// no class (the server writes `class=""` where the browser sets none).
const STRUCTURE: &str = "const names = new Set(['id', 'for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'value', 'method', 'data-state', 'style']);
    return [...document.querySelectorAll('#signup .aw-host *')].map(e => e.tagName + [...e.attributes]
      .filter(a => !names.has(a.name) && !(a.name == 'class' && a.value == '')).map(a => ` ${a.name}=${a.value}`).sort().join(''))";
/// The inline example's widget host, and its form's fields.
const HOST: &str = "document.querySelector('#signup > .aw-host')";
/// The boxes of the form's fields and button, as JSON-comparable numbers.
const BOXES: &str = "return [...document.querySelectorAll('#signup input, #signup button')]
    .map(e => { const r = e.getBoundingClientRect(); return [e.tagName, Math.round(r.x * 2) / 2, Math.round(r.y * 2) / 2, Math.round(r.width * 2) / 2, Math.round(r.height * 2) / 2]; })";

impl Session {
    async fn open(&self, page: &str) {
        self.browser
            .goto(&format!("{}/examples/{page}", self.base))
            .await
            .unwrap();
    }

    async fn js(&self, script: &str) -> Value {
        js(&self.browser, script).await
    }

    async fn until(&self, what: &str, test: &str) {
        if !eventually(&self.browser, test).await {
            let log = self
                .js("return document.getElementById('log')?.innerText")
                .await;
            panic!("timed out waiting for {what}; event log: {log}");
        }
    }

    /// Types `text` into the element `selector` finds, as a person would.
    async fn type_into(&self, selector: &str, text: &str) {
        let field = self.browser.find(Locator::Css(selector)).await.unwrap();
        field.click().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    fn release(&self) {
        self.hold.send(false).unwrap();
    }

    /// The event log's entries, by name.
    async fn events(&self, name: &str) -> usize {
        self.js(&format!(
            "return document.querySelectorAll('#log [data-event=\"{name}\"]').length"
        ))
        .await
        .as_u64()
        .unwrap() as usize
    }
}

async fn for_each_engine<F, Fut>(name: &str, test: F)
where
    F: Fn(Engine) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for engine in Engine::all() {
        eprintln!("{}: {name}", engine.name());
        test(engine).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_early_form_takes_typing_and_the_component_keeps_it() {
    for_each_engine("the_early_form_takes_typing_and_the_component_keeps_it", |engine| async move {
        let s = start(engine).await;
        s.open("inline.html").await;
        s.until("the early form", &format!("{HOST}?.dataset.state == 'loading' && {HOST}.querySelector('input[type=email]').getClientRects().length")).await;
        let before = s.js(BOXES).await;
        let early = s.js(STRUCTURE).await;
        s.type_into("#signup input[type=email]", "early@example.com").await;
        s.type_into("#signup input[type=password]", "Early-Passw0rd").await;
        s.js("document.querySelector('#signup input[type=password]').setSelectionRange(2, 5)").await;
        assert!(
            holds(&s.browser, &format!("{HOST}.dataset.state == 'loading' && document.querySelectorAll('#signup .aw-host').length == 1")).await,
            "{engine:?}: still the early form while the wasm is held"
        );
        assert_eq!(s.events("signup ready").await, 0, "{engine:?}: no component yet");

        s.release();
        s.until("the component", &format!("{HOST}?.dataset.state == 'ready'")).await;
        s.until("signup ready", "document.querySelector('#log [data-event=\"signup ready\"]')").await;
        let after = s.js(BOXES).await;
        let seen = s
            .js("const q = (s) => document.querySelector(s);
                 const password = q('#signup input[type=password]');
                 return {
                   hosts: document.querySelectorAll('#signup .aw-host').length,
                   forms: document.querySelectorAll('#signup form').length,
                   email: q('#signup input[type=email]').value,
                   password: password.value,
                   focused: document.activeElement === password,
                   selection: [password.selectionStart, password.selectionEnd],
                   met: document.querySelectorAll('#signup .aw-rule.aw-met').length,
                   errors: document.querySelectorAll('#log [data-event=\"console-error\"], #log [data-event=\"csp-violation\"]').length,
                 };")
            .await;
        assert_eq!(seen["hosts"], 1, "{engine:?}: one widget: {seen}");
        assert_eq!(seen["forms"], 1, "{engine:?}: one form: {seen}");
        assert_eq!(seen["email"], "early@example.com", "{engine:?}: {seen}");
        assert_eq!(seen["password"], "Early-Passw0rd", "{engine:?}: {seen}");
        assert_eq!(seen["focused"], true, "{engine:?}: focus stays in the password field: {seen}");
        assert_eq!(seen["selection"], serde_json::json!([2, 5]), "{engine:?}: the selection stays: {seen}");
        assert!(seen["met"].as_u64().unwrap() >= 3, "{engine:?}: the checklist follows what was typed: {seen}");
        assert_eq!(seen["errors"], 0, "{engine:?}: no console errors or CSP violations: {seen}");
        assert_eq!(before, after, "{engine:?}: every field and button in the same box");
        // Compared before typing changed the checklist: a fresh page, mounted.
        s.open("inline.html").await;
        s.until("the component again", &format!("{HOST}?.dataset.state == 'ready'")).await;
        assert_eq!(early, s.js(STRUCTURE).await, "{engine:?}: the early form is the component's markup");
        s.browser.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submit_while_held_is_sent_once_when_the_component_is_there() {
    for_each_engine(
        "a_submit_while_held_is_sent_once_when_the_component_is_there",
        |engine| async move {
            let s = start(engine).await;
            s.open("inline.html").await;
            s.until(
                "the early form",
                &format!("{HOST}?.querySelector('input[type=email]')"),
            )
            .await;
            let email = format!("early-submit-{}@example.com", engine.name());
            s.type_into("#signup input[type=email]", &email).await;
            s.type_into("#signup input[type=password]", "Early-Passw0rd!\n")
                .await;
            s.browser
                .find(Locator::Css("#signup [type=submit]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            assert!(
                holds(
                    &s.browser,
                    &format!(
                        "{HOST}.querySelector('[type=submit]').getAttribute('aria-busy') == 'true'"
                    )
                )
                .await,
                "{engine:?}: the button says it is working"
            );
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert_eq!(
                s.events("signup submit").await,
                0,
                "{engine:?}: nothing sent while held"
            );
            s.release();
            s.until(
                "signup success",
                "document.querySelector('#log [data-event=\"signup success\"]')",
            )
            .await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert_eq!(
                s.events("signup submit").await,
                1,
                "{engine:?}: sent once (Enter and a click)"
            );
            assert_eq!(s.events("signup success").await, 1, "{engine:?}");
            assert_eq!(
                e2e::token_status(&s.base, &email, "Early-Passw0rd!"),
                200,
                "{engine:?}: the account exists"
            );
            s.browser.close().await.unwrap();
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn destroy_while_held_leaves_nothing_and_sends_nothing() {
    for_each_engine("destroy_while_held_leaves_nothing_and_sends_nothing", |engine| async move {
        let s = start(engine).await;
        s.open("index.html").await;
        // A widget of the test's own, from the same module the pages use.
        let result = s
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 import('/dist/auth-widget.js').then(({ AuthWidget }) => {
                   const box = document.createElement('div');
                   box.id = 'held';
                   document.body.append(box);
                   const widget = new AuthWidget('demo-client', location.origin, { container: box });
                   widget.on('show', () => { window.__shown = true; });
                   widget.show();
                   setTimeout(() => {
                     const early = box.querySelectorAll('form').length;
                     widget.destroy();
                     done({ early, after: box.childNodes.length });
                   }, 100);
                 });",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(result["early"], 1, "{engine:?}: the early form was there: {result}");
        assert_eq!(result["after"], 0, "{engine:?}: destroy() emptied the container: {result}");
        s.release();
        s.until("the wasm", "performance.getEntriesByType('resource').some(e => e.name.endsWith('.wasm'))").await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let seen = s
            .js("return { children: document.getElementById('held').childNodes.length, shown: !!window.__shown }")
            .await;
        assert_eq!(seen["children"], 0, "{engine:?}: still empty after the wasm came: {seen}");
        assert_eq!(seen["shown"], false, "{engine:?}: never mounted: {seen}");
        s.browser.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_element_is_defined_at_once_and_renders_the_early_form() {
    for_each_engine("the_element_is_defined_at_once_and_renders_the_early_form", |engine| async move {
        let s = start(engine).await;
        s.open("custom-element.html").await;
        let input = "document.querySelector('auth-widget').shadowRoot.querySelector('input[type=email]')";
        s.until("the early form in the shadow root", &format!("customElements.get('auth-widget') && document.querySelector('auth-widget').dataset.state == 'loading' && {input}.getClientRects().length")).await;
        s.js(&format!("{input}.focus()")).await;
        // Keys to the focused field (a WebDriver cannot reach into a shadow root by element).
        e2e::press(&s.browser, &"shadow@example.com".chars().collect::<Vec<_>>()).await;
        let boxes = format!("return [...document.querySelector('auth-widget').shadowRoot.querySelectorAll('input, button')].map(e => {{ const r = e.getBoundingClientRect(); return [e.tagName, Math.round(r.x * 2) / 2, Math.round(r.y * 2) / 2, Math.round(r.width * 2) / 2, Math.round(r.height * 2) / 2]; }})");
        let before = s.js(&boxes).await;
        s.release();
        s.until("the component", "document.querySelector('auth-widget').dataset.state == 'ready'").await;
        s.until("signup-ready", "document.querySelector('#log [data-event=\"signup-ready\"]')").await;
        let seen = s
            .js(&format!("const root = document.querySelector('auth-widget').shadowRoot;
                 return {{ value: {input}.value, focused: root.activeElement === {input}, forms: root.querySelectorAll('form').length }};"))
            .await;
        assert_eq!(seen["value"], "shadow@example.com", "{engine:?}: {seen}");
        assert_eq!(seen["focused"], true, "{engine:?}: {seen}");
        assert_eq!(seen["forms"], 1, "{engine:?}: {seen}");
        assert_eq!(before, s.js(&boxes).await, "{engine:?}: every field and button in the same box");
        s.browser.close().await.unwrap();
    })
    .await;
}

/// Random sequences of calls on the class and the element (seeded, so a
/// failure can be replayed), part made while the wasm is held and part after
/// it arrives: the held wasm is one more random delay. However they
/// interleave, each widget ends with one form if it was last shown and with
/// none if it was hidden or destroyed, and a container never holds two.
const RANDOM_SEQUENCE: &str = r#"
const [seed, phase, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
import('/dist/auth-widget.js').then(({ AuthWidget }) => {
  let state = seed * 2654435761 % 4294967296 || 1;
  const random = (n) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
  const world = window.__world ??= { widgets: [], elements: [], operations: 0 };
  for (let i = 0; i < (phase === 'check' ? 0 : 12); i++) {
    world.operations++;
    const live = world.widgets.filter((w) => !w.destroyed);
    switch (random(8)) {
      case 0: {
        const box = document.createElement('div');
        document.body.append(box);
        const widget = new AuthWidget('demo-client', location.origin, { container: box, initialScreen: random(2) ? 'signUp' : 'forgotPassword' });
        world.widgets.push({ widget, box, shown: false, destroyed: false });
        break;
      }
      case 1: case 2: { const w = live[random(live.length)]; if (w) { w.widget.show(); w.shown = true; } break; }
      case 3: { const w = live[random(live.length)]; if (w) { w.widget.hide(); w.shown = false; } break; }
      case 4: { const w = live[random(live.length)]; if (w) { w.widget.destroy(); w.destroyed = true; w.shown = false; } break; }
      case 5: {
        const element = document.createElement('auth-widget');
        element.setAttribute('client-id', 'demo-client');
        element.setAttribute('domain', location.origin);
        document.body.append(element);
        world.elements.push(element);
        break;
      }
      case 6: {
        const element = world.elements[random(world.elements.length)];
        if (element) random(2) ? element.setAttribute('initial-screen', random(2) ? 'signUp' : 'forgotPassword') : (element.options = { prefill: { email: 'x@example.com' } });
        break;
      }
      case 7: { const element = world.elements[random(world.elements.length)]; if (element) element.remove(); break; }
    }
  }
  if (phase === 'check') {
    const problems = [];
    for (const [i, w] of world.widgets.entries()) {
      const forms = w.box.querySelectorAll('form').length;
      const hosts = w.box.querySelectorAll('.aw-host').length;
      const want = w.shown ? 1 : 0;
      if (forms !== want || hosts !== want) problems.push(`widget ${i}: ${forms} forms, ${hosts} hosts, want ${want}`);
      if (w.shown && w.box.querySelector('.aw-host').dataset.state !== 'ready') problems.push(`widget ${i}: not ready`);
    }
    for (const [i, element] of world.elements.entries()) {
      const forms = element.shadowRoot.querySelectorAll('form').length;
      const want = element.isConnected ? 1 : 0;
      if (forms !== want) problems.push(`element ${i}: ${forms} forms, want ${want}`);
    }
    done({ problems, operations: world.operations, widgets: world.widgets.length, elements: world.elements.length });
  } else {
    done(null);
  }
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_sequences_with_the_wasm_held_settle_to_one_form_or_none() {
    for_each_engine("random_sequences_with_the_wasm_held_settle_to_one_form_or_none", |engine| async move {
        let s = start(engine).await;
        let (mut operations, mut widgets) = (0, 0);
        for seed in 1..=8u64 {
            s.hold.send(true).unwrap();
            s.open("index.html").await;
            let run = |phase: &'static str| {
                s.browser.execute_async(RANDOM_SEQUENCE, vec![seed.into(), phase.into()])
            };
            run("held").await.unwrap();
            s.release();
            run("after").await.unwrap();
            // Settled: the wasm is in, and every mount has happened.
            s.until("the wasm", "performance.getEntriesByType('resource').some(e => e.name.endsWith('.wasm'))").await;
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            let seen = run("check").await.unwrap();
            assert_eq!(seen["problems"], serde_json::json!([]), "{engine:?}, seed {seed}: {seen}");
            operations += seen["operations"].as_u64().unwrap();
            widgets += seen["widgets"].as_u64().unwrap() + seen["elements"].as_u64().unwrap();
        }
        eprintln!("{}: 8 random sequences ({operations} operations, {widgets} widgets and elements), the wasm held for the first part of each: each settled with one form or none", engine.name());
        s.browser.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_that_change_the_form_hold_its_place_until_the_component_is_there() {
    for_each_engine("options_that_change_the_form_hold_its_place_until_the_component_is_there", |engine| async move {
        let s = start(engine).await;
        s.open("index.html").await;
        let held = s
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 import('/dist/auth-widget.js').then(({ AuthWidget }) => {
                   const box = document.createElement('div');
                   box.id = 'held';
                   document.body.append(box);
                   new AuthWidget('demo-client', location.origin, { container: box, requiresUsername: true }).show();
                   setTimeout(() => {
                     const host = box.querySelector('.aw-host');
                     done({ forms: box.querySelectorAll('form').length, busy: host?.getAttribute('aria-busy'),
                            label: host?.getAttribute('aria-label'), state: host?.dataset.state,
                            height: host?.getBoundingClientRect().height,
                            top: document.body.getBoundingClientRect().top,
                            card: box.querySelector('.aw-root')?.getBoundingClientRect().top });
                   }, 100);
                 });",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(held["forms"], 0, "{engine:?}: no form but the component's: {held}");
        assert_eq!(held["busy"], "true", "{engine:?}: {held}");
        assert_eq!(held["label"], "Sign up", "{engine:?}: named by the screen's title: {held}");
        assert_eq!(held["state"], "loading", "{engine:?}: {held}");
        assert!(held["height"].as_f64().unwrap() > 200.0, "{engine:?}: the default form's height is kept: {held}");
        s.release();
        s.until("the component", "document.querySelector('#held .aw-host[data-state=ready] input[autocomplete=username]')").await;
        assert!(
            holds(&s.browser, "document.querySelectorAll('#held .aw-host').length == 1 && !document.querySelector('#held [aria-busy=true]')").await,
            "{engine:?}: one host, no longer busy"
        );
        // The card's margins collapse with the page's as the component's
        // do: nothing on the page moves when it comes.
        let after = s
            .browser
            .execute(
                "return { top: document.body.getBoundingClientRect().top,
                          card: document.querySelector('#held .aw-root').getBoundingClientRect().top };",
                vec![],
            )
            .await
            .unwrap();
        for key in ["top", "card"] {
            let (before, now) = (held[key].as_f64(), after[key].as_f64());
            assert!(
                matches!((before, now), (Some(b), Some(n)) if (b - n).abs() < 0.5),
                "{engine:?}: {key} moved: {held} → {after}"
            );
        }
        s.browser.close().await.unwrap();
    })
    .await;
}

/// The wasm fails to load (a dropped connection): the early form says so in
/// its alert, keeps what was typed, and its button loads
/// the wasm again and sends the sign-up once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wasm_that_fails_to_load_is_said_and_the_button_tries_again() {
    for_each_engine(
        "a_wasm_that_fails_to_load_is_said_and_the_button_tries_again",
        |engine| async move {
            let s = start(engine).await;
            s.fail.store(1, Ordering::SeqCst);
            s.release();
            s.open("inline.html").await;
            s.until(
                "the early form",
                &format!("{HOST}?.querySelector('input[type=email]')"),
            )
            .await;
            let email = format!("wasm-failed-{}@example.com", engine.name());
            s.type_into("#signup input[type=email]", &email).await;
            s.type_into("#signup input[type=password]", "Retry-Passw0rd!")
                .await;
            s.until(
                "the failure, said in the form",
                &format!(
                    "{HOST}.dataset.state == 'error' && {HOST}.querySelector('[role=alert]').textContent.includes('could not reach the server')"
                ),
            )
            .await;
            assert!(
                holds(
                    &s.browser,
                    &format!(
                        "!{HOST}.querySelector('[type=submit]').hasAttribute('aria-busy') && {HOST}.querySelector('input[type=email]').value == '{email}'"
                    )
                )
                .await,
                "{engine:?}: the button is not busy and the email is kept"
            );
            s.browser
                .find(Locator::Css("#signup [type=submit]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            s.until(
                "signup success after the retry",
                "document.querySelector('#log [data-event=\"signup success\"]')",
            )
            .await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert_eq!(s.events("signup submit").await, 1, "{engine:?}: sent once");
            assert_eq!(
                e2e::token_status(&s.base, &email, "Retry-Passw0rd!"),
                200,
                "{engine:?}: the account exists"
            );
            assert_eq!(s.fail.load(Ordering::SeqCst), 0, "{engine:?}: one 503");
            s.browser.close().await.unwrap();
        },
    )
    .await;
}
