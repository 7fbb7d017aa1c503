#![cfg(all(target_arch = "wasm32", feature = "embed"))]
//! The lifecycle of a widget instance and of the `<auth-widget>` element, in
//! a real browser against the running emulator (which also serves the
//! language files: `cargo xtask wasm-test` starts it with `--static`).
//!
//! - Random sequences of show/hide/destroy, option and attribute changes,
//!   element removal and re-insertion, with every response delayed by a
//!   random amount (a delaying `window.fetch` in front of the real one): after
//!   each sequence settles, at most one form is mounted, none after
//!   hide/destroy, the element shows its latest attributes and options, and
//!   the events agree with what is on the page.
//! - The README's custom-element example, verbatim, renders one form.
//! - Show/destroy cycles with a language and a different dictionary override
//!   each time do not grow wasm memory.

mod common;

use auth_widget::embed::JsAuthWidget;
use common::{document, obj, sleep, tenant};
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The element module the bundle ships (bundled into dist/auth-widget.js).
#[wasm_bindgen(module = "/src/embed/js/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineAuthWidgetElement)]
    fn define_auth_widget_element(class: &JsValue, name: &str) -> JsValue;
}

const CLIENT_ID: &str = "widget-test";
const LANGUAGES: [Option<&str>; 4] = [None, Some("fr"), Some("de"), Some("ja")];

/// xorshift64*: a fixed seed gives the same sequences in every engine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) % u64::from(n)) as u32
    }
}

/// The language files and the client configuration come from the emulator.
fn setup() {
    let files = Object::new();
    for language in auth_widget::i18n::SHIPPED {
        let url = format!("{}/i18n/{language}.json", tenant());
        Reflect::set(&files, &language.into(), &url.into()).unwrap();
    }
    JsAuthWidget::set_language_files(files);
}

/// Registers `<auth-widget>` over the class the tests link (once per page).
fn define_element() {
    if web_sys::window()
        .unwrap()
        .custom_elements()
        .get("auth-widget")
        .is_undefined()
    {
        let instance: JsValue =
            JsAuthWidget::new(CLIENT_ID.into(), tenant().into(), JsValue::UNDEFINED).into();
        let class = Reflect::get(&instance, &"constructor".into()).unwrap();
        define_auth_widget_element(&class, "auth-widget");
    }
}

/// `window.fetch`, delayed by a random 0..`max_ms` per request, with a count
/// of requests still under way. Restored when dropped.
struct DelayingFetch {
    original: JsValue,
    in_flight: Rc<Cell<u32>>,
    _wrapper: Closure<dyn FnMut(JsValue, JsValue) -> Promise>,
}

impl DelayingFetch {
    fn install(mut delays: Rng, max_ms: u32) -> DelayingFetch {
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let in_flight = Rc::new(Cell::new(0));
        let (fetch, count) = (
            original.clone().unchecked_into::<Function>(),
            in_flight.clone(),
        );
        let wrapper = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(
            move |input: JsValue, init: JsValue| {
                let delay = delays.below(max_ms);
                let (fetch, count) = (fetch.clone(), count.clone());
                count.set(count.get() + 1);
                wasm_bindgen_futures::future_to_promise(async move {
                    sleep(delay).await;
                    let window = web_sys::window().unwrap();
                    let answer = match fetch.call2(&window, &input, &init) {
                        Ok(promise) => JsFuture::from(promise.unchecked_into::<Promise>()).await,
                        Err(error) => Err(error),
                    };
                    count.set(count.get() - 1);
                    answer
                })
            },
        );
        Reflect::set(&window, &"fetch".into(), wrapper.as_ref()).unwrap();
        DelayingFetch {
            original,
            in_flight,
            _wrapper: wrapper,
        }
    }

    /// Waits until no request has been under way for 150 ms (a load reads
    /// its answer's body, then may start the next request).
    async fn settle(&self) {
        let mut quiet = 0;
        for _ in 0..400 {
            sleep(50).await;
            quiet = if self.in_flight.get() == 0 {
                quiet + 1
            } else {
                0
            };
            if quiet == 3 {
                return;
            }
        }
        panic!("requests never settled");
    }
}

impl Drop for DelayingFetch {
    fn drop(&mut self) {
        let _ = Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &self.original);
    }
}

/// `console.warn`, counted instead of printed, until dropped.
struct Warnings {
    original: JsValue,
    count: Rc<Cell<u32>>,
    _counter: Closure<dyn FnMut()>,
}

impl Warnings {
    fn count() -> Warnings {
        let console = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        let original = Reflect::get(&console, &"warn".into()).unwrap();
        let count = Rc::new(Cell::new(0));
        let counted = count.clone();
        let counter = Closure::<dyn FnMut()>::new(move || counted.set(counted.get() + 1));
        Reflect::set(&console, &"warn".into(), counter.as_ref()).unwrap();
        Warnings {
            original,
            count,
            _counter: counter,
        }
    }
}

impl Drop for Warnings {
    fn drop(&mut self) {
        let console = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        let _ = Reflect::set(&console, &"warn".into(), &self.original);
    }
}

/// `parent.querySelectorAll(selector)` for an element or a shadow root.
fn select_all(parent: &JsValue, selector: &str) -> web_sys::NodeList {
    let method: Function = Reflect::get(parent, &"querySelectorAll".into())
        .unwrap()
        .unchecked_into();
    method
        .call1(parent, &selector.into())
        .unwrap()
        .unchecked_into()
}

/// How many widgets are mounted in `parent`.
fn roots(parent: &JsValue) -> u32 {
    select_all(parent, ".aw-root").length()
}

/// What the test expects of the direct `AuthWidget` instance.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Model {
    Hidden,
    Shown,
    Destroyed,
}

/// The options of a direct instance: some need loads first, some do not.
fn widget_options(rng: &mut Rng, container: &Element, case: u32) -> JsValue {
    let mut members: Vec<(&str, JsValue)> = vec![("container", container.clone().into())];
    if let Some(language) = LANGUAGES[rng.below(4) as usize] {
        members.push(("language", language.into()));
    }
    if rng.below(2) == 0 {
        members.push(("configurationBaseUrl", tenant().into()));
    }
    if rng.below(2) == 0 {
        let title = format!("Case {case}");
        members.push((
            "languageDictionary",
            obj(&[("sign_up_title", title.into())]),
        ));
    }
    obj(&members)
}

#[wasm_bindgen_test]
async fn random_sequences_mount_at_most_one_form_and_events_agree() {
    const CASES: u32 = 60;
    const OPS: u32 = 12;
    setup();
    define_element();
    // Two streams: the operations are the same in every run and engine; the
    // delays (drawn per request, whose number depends on timing) vary apart.
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let fetch = DelayingFetch::install(Rng(0x5EED_0000_DE1A_0002), 40);
    // Calls on destroyed instances each warn; counted here, not printed.
    let warnings = Warnings::count();
    let document = document();
    let body = document.body().unwrap();
    let mut operations = 0;

    for case in 0..CASES {
        // The direct instance, its log and the model of what it should show.
        let container = document.create_element("div").unwrap();
        body.append_child(&container).unwrap();
        let options = widget_options(&mut rng, &container, case);
        let widget = JsAuthWidget::new(CLIENT_ID.into(), tenant().into(), options);
        let log: Rc<RefCell<Vec<String>>> = Rc::default();
        let mut handlers = Vec::new();
        for name in ["show", "hide"] {
            let (log, container) = (log.clone(), container.clone());
            let handler = Closure::<dyn FnMut()>::new(move || {
                // A "show" only for a form on the page, a "hide" only for one gone.
                log.borrow_mut()
                    .push(format!("{name}:{}", roots(&container.clone().into())));
            });
            widget.on(
                name.into(),
                handler.as_ref().unchecked_ref::<Function>().clone(),
            );
            handlers.push(handler);
        }
        let mut model = Model::Hidden;

        // The element, with its expected language and prefill.
        let host = document.create_element("div").unwrap();
        body.append_child(&host).unwrap();
        let element = document.create_element("auth-widget").unwrap();
        element.set_attribute("client-id", CLIENT_ID).unwrap();
        element.set_attribute("domain", tenant()).unwrap();
        let element_log: Rc<RefCell<Vec<String>>> = Rc::default();
        let mut listeners = Vec::new();
        for name in ["show", "hide"] {
            let (log, shadow) = (element_log.clone(), element.shadow_root().unwrap());
            let listener = Closure::<dyn FnMut()>::new(move || {
                log.borrow_mut()
                    .push(format!("{name}:{}", roots(&shadow.clone().into())));
            });
            element
                .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                .unwrap();
            listeners.push(listener);
        }
        host.append_child(&element).unwrap();
        let mut language: Option<&str> = None;
        let mut prefill = String::new();
        let mut connected = true;

        for _ in 0..OPS {
            operations += 1;
            let op = rng.below(10);
            match op {
                0 | 1 => {
                    widget.show();
                    if model == Model::Hidden {
                        model = Model::Shown;
                    }
                }
                2 => {
                    widget.hide();
                    if model == Model::Shown {
                        model = Model::Hidden;
                    }
                }
                3 => {
                    widget.destroy();
                    model = Model::Destroyed;
                    log.borrow_mut().push("destroyed".into());
                }
                4 | 5 => {
                    language = LANGUAGES[rng.below(4) as usize];
                    match language {
                        Some(code) => element.set_attribute("language", code).unwrap(),
                        None => element.remove_attribute("language").unwrap(),
                    }
                }
                6 => {
                    prefill = format!("p{}@example.com", rng.below(1000));
                    let mut members = vec![("prefill", obj(&[("email", prefill.as_str().into())]))];
                    if rng.below(2) == 0 {
                        members.push(("configurationBaseUrl", tenant().into()));
                    }
                    Reflect::set(&element, &"options".into(), &obj(&members)).unwrap();
                }
                7 => {
                    if connected {
                        element.remove();
                    } else {
                        host.append_child(&element).unwrap();
                    }
                    connected = !connected;
                }
                // Let loads and re-renders run part-way (another task).
                _ => {
                    let pause = rng.below(30);
                    sleep(pause).await;
                }
            }
        }
        fetch.settle().await;

        // The direct instance. A slow machine may still be reading a
        // language file: a form that should be there gets 2 s to appear.
        let expected = u32::from(model == Model::Shown);
        for _ in 0..40 {
            if roots(&container.clone().into()) >= expected {
                break;
            }
            sleep(50).await;
        }
        let mounted = roots(&container.clone().into());
        let log_text = log.borrow().join(" ");
        assert_eq!(mounted, expected, "case {case}: {model:?}, log: {log_text}");
        let mut showing = 0;
        let mut after_destroy = false;
        for entry in log.borrow().iter() {
            match entry.as_str() {
                "destroyed" => after_destroy = true,
                _ if after_destroy => panic!("case {case}: {entry} after destroy: {log_text}"),
                "show:1" => showing += 1,
                "hide:0" => showing -= 1,
                other => panic!("case {case}: {other} does not match the page: {log_text}"),
            }
            assert!((0..=1).contains(&showing), "case {case}: {log_text}");
        }
        if !after_destroy {
            assert_eq!(showing, expected as i32, "case {case}: events: {log_text}");
        }

        // The element: one form for its latest attributes and options, or none.
        let shadow: JsValue = element.shadow_root().unwrap().into();
        for _ in 0..40 {
            if roots(&shadow) >= u32::from(connected) {
                break;
            }
            sleep(50).await;
        }
        let element_text = element_log.borrow().join(" ");
        let element_mounted = roots(&shadow);
        assert_eq!(
            element_mounted,
            u32::from(connected),
            "case {case}: element connected={connected}, events: {element_text}"
        );
        let mut showing = 0;
        for entry in element_log.borrow().iter() {
            match entry.as_str() {
                "show:1" => showing += 1,
                "hide:0" => showing -= 1,
                other => panic!("case {case}: element {other}: {element_text}"),
            }
            assert!((0..=1).contains(&showing), "case {case}: {element_text}");
        }
        assert_eq!(
            showing, element_mounted as i32,
            "case {case}: {element_text}"
        );
        if connected {
            let shadow: &web_sys::ShadowRoot = shadow.unchecked_ref();
            let root = shadow.query_selector(".aw-root").unwrap().unwrap();
            assert_eq!(
                root.get_attribute("lang").as_deref(),
                Some(language.unwrap_or("en")),
                "case {case}: the latest language"
            );
            let email: HtmlInputElement = shadow
                .query_selector("input[type=email]")
                .unwrap()
                .unwrap()
                .unchecked_into();
            assert_eq!(email.value(), prefill, "case {case}: the latest options");
        }

        widget.destroy();
        element.remove();
        fetch.settle().await;
        container.remove();
        host.remove();
    }
    drop(fetch);
    let warned = warnings.count.get();
    drop(warnings);
    console_log!(
        "lifecycle: {CASES} random sequences (seeded, {operations} operations, {warned} calls after destroy) settled with at most one form each"
    );
}

#[wasm_bindgen_test]
async fn readme_custom_element_example_renders_one_form() {
    setup();
    define_element();
    let document = document();
    let page = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&page).unwrap();
    // The README's example, verbatim (its script as the same two lines).
    page.set_inner_html(
        r#"<auth-widget client-id="demo-client" domain="http://127.0.0.1:8787" language="fr"></auth-widget>"#,
    );
    let el = document.query_selector("auth-widget").unwrap().unwrap();
    Reflect::set(
        &el,
        &"options".into(),
        &obj(&[("prefill", obj(&[("email", "jane@example.com".into())]))]),
    )
    .unwrap();

    let shadow = el.shadow_root().unwrap();
    for _ in 0..200 {
        if shadow.query_selector("form").unwrap().is_some() {
            break;
        }
        sleep(25).await;
    }
    sleep(200).await; // a second form, if one were coming, would be here by now
    let forms = shadow.query_selector_all("form").unwrap().length();
    assert_eq!(forms, 1, "one form");
    let root = shadow.query_selector(".aw-root").unwrap().unwrap();
    assert_eq!(root.get_attribute("lang").as_deref(), Some("fr"));
    let email: HtmlInputElement = shadow
        .query_selector("input[type=email]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(email.value(), "jane@example.com");
    page.remove();
}

#[wasm_bindgen_test]
async fn removing_the_element_mid_load_mounts_nothing() {
    setup();
    define_element();
    let fetch = DelayingFetch::install(Rng(7), 1);
    let document = document();
    let element = document.create_element("auth-widget").unwrap();
    element.set_attribute("client-id", CLIENT_ID).unwrap();
    element.set_attribute("domain", tenant()).unwrap();
    element.set_attribute("language", "de").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    sleep(0).await; // the render ran and started the load
    assert!(fetch.in_flight.get() > 0, "a language load is under way");
    element.remove();
    fetch.settle().await;
    assert_eq!(roots(&element.shadow_root().unwrap().into()), 0);
}

#[wasm_bindgen_test]
async fn calls_after_destroy_do_nothing() {
    setup();
    let document = document();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let widget = JsAuthWidget::new(
        CLIENT_ID.into(),
        tenant().into(),
        obj(&[("container", container.clone().into())]),
    );
    widget.show();
    widget.show();
    assert_eq!(
        roots(&container.clone().into()),
        1,
        "show() twice mounts once"
    );
    widget.destroy();
    assert_eq!(roots(&container.clone().into()), 0);
    let warnings = Warnings::count();
    let shows = Rc::new(Cell::new(0));
    let count = shows.clone();
    let handler = Closure::<dyn FnMut()>::new(move || count.set(count.get() + 1));
    widget.on(
        "show".into(),
        handler.as_ref().unchecked_ref::<Function>().clone(),
    );
    widget.show();
    widget.hide();
    widget.destroy();
    assert_eq!(
        roots(&container.clone().into()),
        0,
        "show() after destroy() is a no-op"
    );
    assert_eq!(shows.get(), 0);
    assert_eq!(
        warnings.count.get(),
        4,
        "one warning per call after destroy()"
    );
    container.remove();
}

/// The module's memory in bytes.
fn memory_bytes() -> u32 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
}

#[wasm_bindgen_test]
async fn show_destroy_cycles_with_changing_dictionaries_do_not_grow_memory() {
    const WARM_UP: u32 = 50;
    const CYCLES: u32 = 300;
    setup();
    let document = document();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let mut warmed = 0;
    for cycle in 0..WARM_UP + CYCLES {
        if cycle == WARM_UP {
            warmed = memory_bytes();
        }
        // A greeting with a different name each time, as an app would write it.
        let greeting = format!("Welcome, person number {cycle} — {}", "x".repeat(200));
        let widget = JsAuthWidget::new(
            CLIENT_ID.into(),
            tenant().into(),
            obj(&[
                ("container", container.clone().into()),
                ("language", "fr".into()),
                (
                    "languageDictionary",
                    obj(&[("sign_up_title", greeting.as_str().into())]),
                ),
            ]),
        );
        widget.show();
        let mut shown = false;
        for _ in 0..400 {
            if let Some(title) = container.query_selector("h2").unwrap() {
                assert_eq!(title.text_content().unwrap(), greeting);
                shown = true;
                break;
            }
            sleep(5).await;
        }
        assert!(shown, "cycle {cycle} showed its greeting");
        widget.destroy();
        sleep(0).await;
    }
    let after = memory_bytes();
    console_log!(
        "memory: {warmed} B after {WARM_UP} warm-up cycles, {after} B after {CYCLES} more (growth {} B)",
        i64::from(after) - i64::from(warmed)
    );
    assert_eq!(
        after, warmed,
        "wasm memory grew over {CYCLES} show/destroy cycles"
    );
    container.remove();
}
