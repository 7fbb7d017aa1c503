//! Windows' contrast themes and the accessibility tree (issue 23).
//!
//! - **Forced colors**, in Chromium with `forced-colors: active` emulated
//!   through the DevTools protocol, with the light and the dark contrast
//!   theme (`prefers-color-scheme`), on sign-up (empty, with field errors,
//!   with a server error, done), forgot-password (empty, sent) and the modal,
//!   all from computed styles: every button has a visible border on all four
//!   sides (or an outline); every input, select and checkbox a visible border
//!   or outline; every link is underlined and in `LinkText`; Tab reaches every
//!   control and each shows a visible outline when focused; the checklist's
//!   met and unmet rules differ in their mark; error and success messages
//!   differ in shape (pseudo-element marks, borders), not in colour alone.
//!   A screenshot of each state goes to target/forced-colors/.
//! - **The accessibility tree** of the same states in every engine: roles and
//!   accessible names as the browser computes them (WebDriver's Get Computed
//!   Role and Get Computed Label), `invalid`, `checked`, `pressed`, `disabled`
//!   and `busy` states and live regions (from the DOM, which WebDriver does
//!   not expose), compared with e2e/tests/aria/<engine>/<state>.txt, one line
//!   per node. A control without a name fails whatever the expectation says;
//!   a renamed one fails the comparison (both are shown on a planted control
//!   in each engine). `AW_UPDATE_ARIA=1` rewrites the expectations.
//!
//! The DevTools and computed-role commands go to the driver's own endpoints
//! (`e2e::Driver::port`) with ureq: fantoccini's custom commands would need
//! the `url` crate, which this crate does not depend on.

mod common;

use e2e::{repo, Engine};
use emulator::config::Config;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tower_http::services::ServeDir;

/// The W3C WebDriver key of an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The widget's options in every state: a terms checkbox with two links
/// and a select, so that each kind of control is there.
const FIELDS: &str = "{mustAcceptTerms: true, \
    languageDictionary: {terms_label: 'I agree to the [terms of service](https://example.com/terms) \
    and the [privacy policy](https://example.com/privacy).'}, \
    additionalSignUpFields: [{name: 'plan', type: 'select', placeholder: 'Plan', \
    options: [{value: 'free', label: 'Free'}, {value: 'team', label: 'Team'}]}]}";

/// The states checked, each reached afresh.
#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    SignUpEmpty,
    SignUpErrors,
    SignUpServerError,
    SignUpSuccess,
    ForgotPassword,
    ForgotPasswordSent,
    Modal,
}

const STATES: [State; 7] = [
    State::SignUpEmpty,
    State::SignUpErrors,
    State::SignUpServerError,
    State::SignUpSuccess,
    State::ForgotPassword,
    State::ForgotPasswordSent,
    State::Modal,
];

impl State {
    /// Its name in file names and output.
    fn file(self) -> &'static str {
        match self {
            State::SignUpEmpty => "sign-up-empty",
            State::SignUpErrors => "sign-up-errors",
            State::SignUpServerError => "sign-up-server-error",
            State::SignUpSuccess => "sign-up-success",
            State::ForgotPassword => "forgot-password",
            State::ForgotPasswordSent => "forgot-password-sent",
            State::Modal => "modal",
        }
    }
}

/// The two tests take turns: two browsers at once on a small machine make
/// the waits flaky.
static BUSY: AtomicBool = AtomicBool::new(false);

struct Turn;

impl Drop for Turn {
    fn drop(&mut self) {
        BUSY.store(false, Ordering::SeqCst);
    }
}

async fn my_turn() -> Turn {
    while BUSY.swap(true, Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Turn
}

struct Session {
    engine: Engine,
    browser: Client,
    session_id: String,
    base: String,
    driver: e2e::Driver,
}

async fn start(engine: Engine) -> Session {
    assert!(
        repo("dist/auth-widget.js").exists(),
        "no dist/ (make test builds it first)"
    );
    let state = common::tenant(Config::embedded_default());
    let app = emulator::app(state.clone(), None)
        .nest_service("/dist", ServeDir::new(repo("dist")))
        .nest_service("/axe", ServeDir::new(repo("e2e/axe")));
    let base = common::serve(state, app).await;
    let (driver, browser) = e2e::browser(engine).await;
    let session_id = browser.session_id().await.unwrap().expect("a session id");
    Session {
        engine,
        browser,
        session_id,
        base,
        driver,
    }
}

/// An element reference from `execute`'s JSON.
fn element_id(element: &Value) -> String {
    element[ELEMENT]
        .as_str()
        .unwrap_or_else(|| panic!("not an element: {element}"))
        .to_owned()
}

impl Session {
    async fn js(&self, script: &str) -> Value {
        e2e::js(&self.browser, script).await
    }

    async fn until(&self, what: &str, script: &str) {
        assert!(
            e2e::eventually(&self.browser, script).await,
            "{}: timed out waiting for {what}",
            self.engine.name()
        );
    }

    /// A WebDriver command fantoccini has no method for, sent to the
    /// driver's endpoint `session/{id}/{path}`; its `value`, or the error.
    async fn command(&self, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!(
            "http://127.0.0.1:{}/session/{}/{path}",
            self.driver.port(),
            self.session_id
        );
        tokio::task::spawn_blocking(move || {
            let answer = match body {
                Some(body) => ureq::post(&url).send_json(body),
                None => ureq::get(&url).call(),
            };
            match answer {
                Ok(response) => response
                    .into_json::<Value>()
                    .map(|mut v| v["value"].take())
                    .map_err(|e| e.to_string()),
                Err(ureq::Error::Status(code, response)) => Err(format!(
                    "{code}: {}",
                    response.into_string().unwrap_or_default()
                )),
                Err(error) => Err(error.to_string()),
            }
        })
        .await
        .unwrap()
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    async fn cdp(&self, cmd: &str, params: Value) {
        self.command(
            "goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"));
    }

    async fn press(&self, keys: &[char]) {
        e2e::press(&self.browser, keys).await
    }

    /// A fresh page with the widget shown with `options` (a JS object
    /// literal) over [`FIELDS`].
    async fn show(&self, options: &str, domain: &str) {
        let options = format!("{FIELDS}, {options}");
        e2e::show_on_test_page(&self.browser, &self.base, domain, &options).await
    }

    async fn fill(&self, selector: &str, value: &str) {
        e2e::fill(&self.browser, selector, value).await
    }

    async fn submit(&self) {
        e2e::submit(&self.browser).await
    }

    /// Fills the sign-up form validly with `email` and sends it.
    async fn sign_up(&self, email: &str) {
        self.fill("input[type=email]", email).await;
        self.fill("input[autocomplete=new-password]", "Correct-Horse-7")
            .await;
        self.js(
            "const plan = document.querySelector('.aw-root select'); plan.value = 'team'; \
             plan.dispatchEvent(new Event('change', {bubbles: true})); \
             document.querySelector('.aw-root input[type=checkbox]').click();",
        )
        .await;
        self.submit().await;
    }

    /// Brings the page to `state`; the selector of the element that holds
    /// the widget.
    async fn reach(&self, state: State) -> &'static str {
        let origin = self.base.as_str();
        match state {
            State::SignUpEmpty => self.show("{}", origin).await,
            State::SignUpErrors => {
                self.show("{}", origin).await;
                // Some rules met, some not.
                self.fill("input[autocomplete=new-password]", "abc").await;
                self.submit().await;
                self.until(
                    "the field errors",
                    "document.querySelector('.aw-field-error:not(:empty)')",
                )
                .await;
            }
            State::SignUpServerError => {
                self.show("{}", origin).await;
                let taken = format!("taken-{}@example.com", emulator::random_hex(4));
                self.js(&format!(
                    "return fetch('/dbconnections/signup', {{method: 'POST', headers: {{'Content-Type': 'application/json'}}, \
                     body: JSON.stringify({{client_id: 'demo-client', email: '{taken}', password: 'Correct-Horse-7', \
                     connection: 'Username-Password-Authentication'}})}}).then(r => r.status)"
                ))
                .await;
                self.sign_up(&taken).await;
                self.until(
                    "the server's refusal",
                    "document.querySelector('[role=alert]').textContent.trim()",
                )
                .await;
            }
            State::SignUpSuccess => {
                self.show("{}", origin).await;
                self.sign_up(&format!("new-{}@example.com", emulator::random_hex(4)))
                    .await;
                self.until(
                    "the success message",
                    "document.querySelector('.aw-success')",
                )
                .await;
            }
            State::ForgotPassword => {
                self.show("{initialScreen: 'forgotPassword'}", origin).await;
            }
            State::ForgotPasswordSent => {
                self.show("{initialScreen: 'forgotPassword'}", origin).await;
                self.fill("input[type=email]", "someone@example.com").await;
                self.submit().await;
                self.until("the confirmation", "document.querySelector('.aw-success')")
                    .await;
            }
            State::Modal => {
                self.show("{container: undefined}", origin).await;
                self.until(
                    "the modal",
                    "document.querySelector('dialog.aw-dialog')?.open",
                )
                .await;
                return "dialog.aw-dialog";
            }
        }
        "#widget"
    }
}

// ---- forced colors -------------------------------------------------------

/// What the page's controls look like under forced colors, from computed
/// styles: `{controls, problems, shapes: {error: [...], success: [...]},
/// marks: {met: [...], unmet: [...]}}`.
const LOOK: &str = r#"
const root = document.querySelector(arguments[0]);
const clear = c => !c || c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
const drawn = (s, p) => !['none', 'hidden'].includes(s.getPropertyValue(p + '-style'))
  && parseFloat(s.getPropertyValue(p + '-width')) > 0 && !clear(s.getPropertyValue(p + '-color'));
const boxed = s => ['top', 'right', 'bottom', 'left'].every(side => drawn(s, 'border-' + side));
const shown = el => el.getClientRects().length > 0 && !el.closest('[aria-hidden=true]');
const named = el => `${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} `
  + JSON.stringify((el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40));
const probe = document.createElement('span');
probe.style.color = 'LinkText';
root.append(probe);
const linkText = getComputedStyle(probe).color;
probe.remove();
const problems = [];
let controls = 0;
for (const el of root.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href]')) {
  if (!shown(el)) continue;
  controls++;
  const s = getComputedStyle(el);
  const border = `appearance ${s.appearance}, border ${s.borderStyle} ${s.borderWidth} ${s.borderColor}, outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
  if (el.matches('a')) {
    if (!s.textDecorationLine.includes('underline')) problems.push(`${named(el)}: a link, not underlined`);
    if (s.color !== linkText) problems.push(`${named(el)}: a link in ${s.color}, not LinkText (${linkText})`);
  } else if (el.matches('button')) {
    if (!boxed(s) && !drawn(s, 'outline')) problems.push(`${named(el)}: a button with no visible border (${border})`);
  } else if (!boxed(s) && !drawn(s, 'outline')) {
    problems.push(`${named(el)}: a field with no visible border or outline (${border})`);
  }
}
// The shape of a message: what is drawn besides its text and colour.
const shape = el => {
  const s = getComputedStyle(el), before = getComputedStyle(el, '::before'), after = getComputedStyle(el, '::after');
  return `before ${before.content}, after ${after.content}, border ${s.borderStyle} ${s.borderWidth}`;
};
const error = [...root.querySelectorAll('.aw-alert, .aw-field-error')].filter(shown).map(shape);
const success = [...root.querySelectorAll('.aw-success')].filter(shown).map(shape);
const marks = {met: [], unmet: []};
for (const rule of root.querySelectorAll('.aw-rule')) {
  if (!shown(rule)) continue;
  const mark = rule.querySelector(':scope > .aw-mark');
  const visible = mark && mark.getClientRects().length > 0 && !clear(getComputedStyle(mark).color);
  if (!visible) problems.push(`a rule with no visible mark: ${JSON.stringify(rule.textContent.trim().slice(0, 40))}`);
  marks[rule.classList.contains('aw-met') ? 'met' : 'unmet'].push(visible ? mark.textContent.trim() : '');
}
return {controls, problems, shapes: {error, success}, marks};
"#;

/// The focused element's outline, and whether it is in the widget.
const FOCUSED: &str = r#"
const root = document.querySelector(arguments[0]);
const el = document.activeElement;
if (!el || !root.contains(el) || el === root) return null;
const s = getComputedStyle(el);
const clear = c => !c || c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
const id = `${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} `
  + JSON.stringify((el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40));
const visible = el.matches(':focus-visible') && s.outlineStyle !== 'none'
  && parseFloat(s.outlineWidth) > 0 && !clear(s.outlineColor);
return {id, index: [...root.querySelectorAll('*')].indexOf(el), visible,
  outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`};
"#;

/// The controls Tab should reach in the widget.
const TABBABLE: &str = r#"
const root = document.querySelector(arguments[0]);
return [...root.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href]')]
  .filter(el => el.getClientRects().length > 0 && !el.disabled && el.tabIndex >= 0).length;
"#;

impl Session {
    async fn run(&self, script: &str, root: &str) -> Value {
        self.browser
            .execute(script, vec![json!(root)])
            .await
            .unwrap()
    }

    /// Tabs through the widget from its first control; the problems with
    /// the focus outline, and how many controls were reached.
    async fn focus_problems(&self, root: &str) -> (usize, Vec<String>) {
        let mut problems = Vec::new();
        let tabbable = self.run(TABBABLE, root).await.as_u64().unwrap() as usize;
        self.browser
            .execute(
                "[...document.querySelector(arguments[0]) \
                 .querySelectorAll('input:not([type=hidden]), select, button, a[href]')] \
                 .find(el => el.getClientRects().length > 0)?.focus();",
                vec![json!(root)],
            )
            .await
            .unwrap();
        // Tab and Shift-Tab: the first control focused from the keyboard,
        // as a person reaches it (a script's focus may show no ring).
        let (shift, tab): (char, char) = (Key::Shift.into(), Key::Tab.into());
        self.press(&[tab]).await;
        let back = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        self.browser.perform_actions(back).await.unwrap();
        let mut seen = Vec::new();
        for _ in 0..40 {
            let focused = self.run(FOCUSED, root).await;
            if focused.is_null() {
                break;
            }
            let index = focused["index"].as_i64().unwrap();
            if seen.contains(&index) {
                break;
            }
            seen.push(index);
            if focused["visible"] != Value::Bool(true) {
                problems.push(format!(
                    "{}: focused with no visible outline ({})",
                    focused["id"].as_str().unwrap(),
                    focused["outline"].as_str().unwrap()
                ));
            }
            self.press(&[Key::Tab.into()]).await;
        }
        if seen.len() != tabbable {
            problems.push(format!(
                "Tab reached {} of the {tabbable} controls",
                seen.len()
            ));
        }
        (seen.len(), problems)
    }
}

/// Whether the forced-colors check finds a control that is plain text: a
/// button without a border planted beside the widget must be reported
/// (the check is shown to work before it is trusted).
async fn planted_button_is_found(s: &Session) {
    s.js(
        "const b = document.createElement('button'); b.id = 'planted'; b.textContent = 'Planted'; \
          b.style.border = '0'; document.querySelector('.aw-root').append(b);",
    )
    .await;
    let look = s.run(LOOK, "#widget").await;
    s.js("document.getElementById('planted').remove()").await;
    let problems = look["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p
            .as_str()
            .unwrap()
            .contains("\"Planted\": a button with no visible border")),
        "a borderless button went unreported: {problems:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_control_is_identifiable_in_forced_colors() {
    if !Engine::all().contains(&Engine::Chromium) {
        println!("forced colors: Chromium only, and AW_E2E_ENGINES leaves it out");
        return;
    }
    let _turn = my_turn().await;
    let s = start(Engine::Chromium).await;
    s.browser.set_window_size(640, 960).await.unwrap();
    // The page keeps the focus when Tab has left it for the browser's own
    // controls (headless, there is no window to give it back).
    s.cdp(
        "Emulation.setFocusEmulationEnabled",
        json!({"enabled": true}),
    )
    .await;
    let shots = repo("target/forced-colors");
    std::fs::create_dir_all(&shots).unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        s.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [
                {"name": "forced-colors", "value": "active"},
                {"name": "prefers-color-scheme", "value": scheme},
            ]}),
        )
        .await;
        let (mut errors, mut successes) = (Vec::new(), Vec::new());
        let (mut met, mut unmet) = (Vec::new(), Vec::new());
        for state in STATES {
            let root = s.reach(state).await;
            assert!(
                e2e::holds(
                    &s.browser,
                    &format!(
                        "matchMedia('(forced-colors: active)').matches && \
                         matchMedia('(prefers-color-scheme: {scheme})').matches"
                    )
                )
                .await,
                "forced colors ({scheme}) are not emulated"
            );
            if state == State::SignUpEmpty {
                planted_button_is_found(&s).await;
            }
            let look = s.run(LOOK, root).await;
            let (focused, focus_problems) = s.focus_problems(root).await;
            let mut problems: Vec<String> = look["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_owned())
                .collect();
            problems.extend(focus_problems);
            let strings = |v: &Value| -> Vec<String> {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect()
            };
            errors.extend(strings(&look["shapes"]["error"]));
            successes.extend(strings(&look["shapes"]["success"]));
            met.extend(strings(&look["marks"]["met"]));
            unmet.extend(strings(&look["marks"]["unmet"]));
            let shot = shots.join(format!("{scheme}-{}.png", state.file()));
            std::fs::write(&shot, s.browser.screenshot().await.unwrap()).unwrap();
            println!(
                "forced colors ({scheme}): {}: {} controls, {focused} focused by Tab, {} problems; {}",
                state.file(),
                look["controls"],
                problems.len(),
                shot.strip_prefix(repo("")).unwrap_or(&shot).display()
            );
            failures.extend(
                problems
                    .into_iter()
                    .map(|p| format!("{scheme}, {}: {p}", state.file())),
            );
        }
        // Error and success messages, and met and unmet rules, told apart by
        // something other than colour (which forced colors take away).
        assert!(
            !errors.is_empty() && !successes.is_empty() && !met.is_empty() && !unmet.is_empty(),
            "{scheme}: the states showed no error, success, met or unmet rule to compare"
        );
        for error in &errors {
            if successes.contains(error) {
                failures.push(format!(
                    "{scheme}: an error message and a success message differ in colour alone ({error})"
                ));
            }
        }
        for mark in &met {
            if unmet.contains(mark) {
                failures.push(format!(
                    "{scheme}: met and unmet rules share the mark {mark:?}"
                ));
            }
        }
    }
    s.browser.close().await.unwrap();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "under forced colors:\n{}",
        failures.join("\n")
    );
}

// ---- the accessibility tree ------------------------------------------

/// Roles that are no node of their own in the snapshot (their text goes to
/// the nearest node that holds them), as each engine spells them. A
/// `<label>` is not one either: its text is its control's name.
const IGNORED: [&str; 8] = [
    "",
    "generic",
    "none",
    "presentation",
    "text",
    "StaticText",
    "LabelText",
    "label",
];

/// Roles whose own text is not shown (it is their children's: labels).
const CONTAINERS: [&str; 6] = ["region", "form", "list", "dialog", "group", "main"];

/// The rendered elements of the tree under `arguments[0]`, outside
/// `aria-hidden` subtrees, each `{element, control}`: a control is kept in
/// the snapshot whatever role the engine gives it (Firefox computes none
/// for a password field).
const CANDIDATES: &str = r#"
const root = document.querySelector(arguments[0]);
const shown = el => !el.closest('[aria-hidden=true]')
  && (el.getClientRects().length > 0 || getComputedStyle(el).display === 'contents');
return [root, ...root.querySelectorAll('*')].filter(shown).map(element =>
  ({element, control: element.matches('input:not([type=hidden]), select, textarea, button, a[href]')}));
"#;

/// For each element of `arguments` (the snapshot's nodes): its depth
/// among them, its own text (outside nested nodes and hidden parts) and
/// its states from the DOM.
const DETAILS: &str = r#"
const nodes = [...arguments];
const set = new Set(nodes);
const shown = el => el.getAttribute('aria-hidden') !== 'true'
  && (el.getClientRects().length > 0 || getComputedStyle(el).display === 'contents');
return nodes.map(el => {
  let depth = 0;
  for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) depth++;
  let text = '';
  const walk = node => {
    for (const c of node.childNodes) {
      if (c.nodeType === 3) text += c.data;
      else if (c.nodeType === 1 && !set.has(c) && shown(c)) walk(c);
    }
  };
  walk(el);
  const states = [];
  const level = /^H([1-6])$/.exec(el.tagName);
  if (level) states.push('level=' + level[1]);
  if (el.getAttribute('aria-invalid') === 'true') states.push('invalid');
  if (el.type === 'checkbox') states.push(el.checked ? 'checked' : 'unchecked');
  if (el.hasAttribute('aria-pressed')) states.push('pressed=' + el.getAttribute('aria-pressed'));
  if (el.disabled) states.push('disabled');
  if (el.required) states.push('required');
  if (el.getAttribute('aria-busy') === 'true') states.push('busy');
  if (el.hasAttribute('aria-live')) states.push('live=' + el.getAttribute('aria-live'));
  return {depth, text: text.replace(/\s+/g, ' ').trim(), states};
});
"#;

/// Role and name from the DOM, for an engine without Get Computed Role
/// and Label: explicit roles, HTML-AAM's implicit ones for what the widget
/// uses, and names from aria-labelledby, aria-label, labels or content.
const DOM_ROLE_AND_NAME: &str = r#"
const el = arguments[0];
const tag = el.tagName.toLowerCase();
const types = {checkbox: 'checkbox', radio: 'radio', button: 'button', submit: 'button', range: 'slider'};
const implicit = {button: 'button', form: 'form', h1: 'heading', h2: 'heading', h3: 'heading',
  h4: 'heading', h5: 'heading', h6: 'heading', ul: 'list', ol: 'list', li: 'listitem', p: 'paragraph',
  dialog: 'dialog', main: 'main', img: 'img', select: 'combobox', textarea: 'textbox',
  section: el.hasAttribute('aria-labelledby') || el.hasAttribute('aria-label') ? 'region' : 'generic'};
const role = el.getAttribute('role') || (tag === 'input' ? types[el.type] || 'textbox'
  : tag === 'a' ? (el.hasAttribute('href') ? 'link' : 'generic') : implicit[tag] || 'generic');
const text = n => [...n.childNodes].map(c => c.nodeType === 3 ? c.data
  : c.nodeType === 1 && c.getAttribute('aria-hidden') !== 'true' ? text(c) : '').join('');
const byIds = ids => ids.split(/\s+/).map(id => document.getElementById(id)).filter(Boolean).map(text).join(' ');
let name = el.hasAttribute('aria-labelledby') ? byIds(el.getAttribute('aria-labelledby'))
  : el.getAttribute('aria-label') || (el.labels && el.labels.length ? [...el.labels].map(text).join(' ')
  : ['button', 'link', 'heading', 'checkbox', 'listitem'].includes(role) ? text(el) : el.getAttribute('title') || '');
return [role, name.replace(/\s+/g, ' ').trim()];
"#;

/// Roles that are controls: each must have a name.
const CONTROLS: [&str; 8] = [
    "button",
    "link",
    "textbox",
    "checkbox",
    "combobox",
    "listbox",
    "radio",
    "searchbox",
];

impl Session {
    /// Whether this engine answers Get Computed Role and Label.
    async fn computes_roles(&self) -> bool {
        let body = self.js("return document.body").await;
        let path = format!("element/{}/computedrole", element_id(&body));
        match self.command(&path, None).await {
            Ok(_) => true,
            Err(error)
                if error.contains("unknown command") || error.contains("unsupported operation") =>
            {
                println!(
                    "aria ({}): no Get Computed Role ({error}); roles and names come from the DOM",
                    self.engine.name()
                );
                false
            }
            Err(error) => panic!("{}: Get Computed Role: {error}", self.engine.name()),
        }
    }

    /// The snapshot of the tree under `root`: one line per node,
    /// `- role "name" [states]: text`, indented by depth.
    async fn aria(&self, root: &str, computed: bool) -> String {
        let candidates = self.run(CANDIDATES, root).await;
        let mut nodes = Vec::new();
        for candidate in candidates.as_array().unwrap() {
            let element = &candidate["element"];
            // A control with no role the engine names: "?" (a finding).
            let keep = |role: String| match candidate["control"] == Value::Bool(true) {
                true if IGNORED.contains(&role.as_str()) => Some(format!("?{role}")),
                true => Some(role),
                false if IGNORED.contains(&role.as_str()) => None,
                false => Some(role),
            };
            let id = element_id(element);
            let (role, name) = if computed {
                let role = self
                    .command(&format!("element/{id}/computedrole"), None)
                    .await
                    .unwrap();
                let Some(role) = keep(role.as_str().unwrap_or_default().to_owned()) else {
                    continue;
                };
                let name = self
                    .command(&format!("element/{id}/computedlabel"), None)
                    .await
                    .unwrap();
                (role, name.as_str().unwrap_or_default().to_owned())
            } else {
                let found = self
                    .browser
                    .execute(DOM_ROLE_AND_NAME, vec![element.clone()])
                    .await
                    .unwrap();
                let Some(role) = keep(found[0].as_str().unwrap().to_owned()) else {
                    continue;
                };
                (role, found[1].as_str().unwrap().to_owned())
            };
            nodes.push((
                element.clone(),
                role,
                name.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
        let elements: Vec<Value> = nodes.iter().map(|(e, _, _)| e.clone()).collect();
        let details = self
            .browser
            // One argument each: WebKit's driver reads no elements in an array.
            .execute(DETAILS, elements)
            .await
            .unwrap();
        let mut lines = Vec::new();
        for ((_, role, name), detail) in nodes.iter().zip(details.as_array().unwrap()) {
            let mut line = "  ".repeat(detail["depth"].as_u64().unwrap() as usize);
            line.push_str("- ");
            line.push_str(role);
            if !name.is_empty() {
                line.push_str(&format!(" {name:?}"));
            }
            let mut states: Vec<String> = detail["states"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            // The implicit live regions of ARIA's status and alert roles.
            let implicit = match role.as_str() {
                "status" => Some("live=polite"),
                "alert" => Some("live=assertive"),
                _ => None,
            };
            if let Some(live) = implicit {
                if !states.iter().any(|s| s.starts_with("live=")) {
                    states.push(live.to_owned());
                }
            }
            if !states.is_empty() {
                line.push_str(&format!(" [{}]", states.join(", ")));
            }
            let text = detail["text"].as_str().unwrap();
            if !text.is_empty() && text != name && !CONTAINERS.contains(&role.as_str()) {
                line.push_str(&format!(": {text}"));
            }
            lines.push(line);
        }
        lines.join("\n") + "\n"
    }
}

/// The controls of a snapshot that have no name.
fn unnamed(tree: &str) -> Vec<&str> {
    tree.lines()
        .filter(|line| {
            let node = line.trim_start().trim_start_matches("- ");
            let role = node.split([' ', ':']).next().unwrap_or_default();
            // "?": a control the engine gives no role (Firefox's password
            // field) is still a control that needs a name.
            (CONTROLS.contains(&role) || role.starts_with('?'))
                && !node[role.len()..].starts_with(" \"")
        })
        .collect()
}

/// The lines that differ, `-` expected and `+` found (a longest common
/// subsequence: the snapshots are short).
fn diff(expected: &str, found: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), found.lines().collect());
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || common[i][j + 1] >= common[i + 1][j]) {
            out.push(format!("+ {}", b[j]));
            j += 1;
        } else {
            out.push(format!("- {}", a[i]));
            i += 1;
        }
    }
    out.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_accessibility_tree_of_each_state_is_as_expected() {
    let update = std::env::var("AW_UPDATE_ARIA").is_ok_and(|v| v == "1");
    let _turn = my_turn().await;
    let mut failures = Vec::new();
    for engine in Engine::all() {
        let s = start(engine).await;
        let computed = s.computes_roles().await;
        for state in STATES {
            let root = s.reach(state).await;
            let tree = s.aria(root, computed).await;
            let path = repo(&format!(
                "e2e/tests/aria/{}/{}.txt",
                engine.name(),
                state.file()
            ));
            let unlabeled = unnamed(&tree);
            if !unlabeled.is_empty() {
                failures.push(format!(
                    "{}, {}: controls without a name:\n{}",
                    engine.name(),
                    state.file(),
                    unlabeled.join("\n")
                ));
            }
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &tree).unwrap();
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
                panic!(
                    "no {} (AW_UPDATE_ARIA=1 writes it); the tree is:\n{tree}",
                    path.display()
                )
            });
            println!(
                "aria ({}): {}: {} nodes, {}",
                engine.name(),
                state.file(),
                tree.lines().count(),
                if tree == expected {
                    "as expected"
                } else {
                    "DIFFERENT"
                }
            );
            if tree != expected {
                failures.push(format!(
                    "{}, {} differs from {}:\n{}",
                    engine.name(),
                    state.file(),
                    path.display(),
                    diff(&expected, &tree)
                ));
            }
            if state == State::SignUpEmpty {
                // A renamed control fails the comparison; an unlabeled one
                // is found whatever the expectation says.
                s.js("document.querySelector('.aw-root input[type=email]').labels[0].textContent = 'Renamed'")
                    .await;
                let renamed = s.aria(root, computed).await;
                assert!(
                    renamed != expected && diff(&expected, &renamed).contains("\"Renamed\""),
                    "{}: renaming the email field went unnoticed:\n{renamed}",
                    engine.name()
                );
                s.js(
                    "const input = document.querySelector('.aw-root input[type=email]'); \
                      input.labels[0].remove(); input.removeAttribute('aria-label');",
                )
                .await;
                let bare = s.aria(root, computed).await;
                assert!(
                    unnamed(&bare).iter().any(|line| line.contains("textbox")),
                    "{}: an email field without a label went unnoticed:\n{bare}",
                    engine.name()
                );
            }
        }
        s.browser.close().await.unwrap();
    }
    if update {
        println!("aria: expectations written (AW_UPDATE_ARIA=1); look at them before committing");
    }
    assert!(
        failures.is_empty(),
        "the accessibility tree (AW_UPDATE_ARIA=1 rewrites the expectations after a deliberate change):\n{}",
        failures.join("\n\n")
    );
}
