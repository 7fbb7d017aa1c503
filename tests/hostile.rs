#![cfg(all(target_arch = "wasm32", feature = "embed"))]
//! Hostile input in a real browser: every text the widget shows (the
//! tenant's error description, `languageDictionary`, additional fields'
//! labels, placeholders and option labels, prefill) gets script and markup
//! payloads, through the JavaScript API a page uses. Each must render as
//! text: a global flag a payload would set stays unset, and no element a
//! payload names appears. `theme.logo` and `theme.primaryColor` get URLs and
//! CSS that must neither load nor inject. Long unbroken text must wrap
//! inside a 320 px wide widget.

mod common;

use auth_widget::embed::JsAuthWidget;
use auth_widget::i18n::KEYS;
use common::{document, obj, sleep, tenant};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Each sets `window.__awPwned` if it ever runs, and most would add an
/// element (`img`, `script`, `svg`, `iframe`, `a`, `style`) if parsed as HTML.
const PAYLOADS: &[&str] = &[
    r#"<img src=x onerror="window.__awPwned='img'">"#,
    r#"<script>window.__awPwned='script'</script>"#,
    r#""><svg onload="window.__awPwned='svg'">"#,
    r#"</label><iframe srcdoc="<script>parent.__awPwned='iframe'</script>"></iframe>"#,
    r#"<a href="javascript:window.__awPwned='a'">terms</a>"#,
    r#"' autofocus onfocus='window.__awPwned="attr"' x='"#,
    r#"javascript:window.__awPwned='url'"#,
    r#"{{constructor.constructor("window.__awPwned='template'")()}}"#,
    r#"<style>.aw-root{display:none}</style>"#,
    r#"&lt;b&gt;an entity stays an entity&lt;/b&gt;"#,
];

/// Elements no payload may create inside the widget (the widget's own
/// links, from the `[text](url)` syntax, carry a class of their own).
const INJECTED: &str = "img, script, svg, iframe, a:not(.aw-label-link), style, object, embed";

/// A long unbroken URL, as a tenant's hook once sent (it overflowed).
fn long_url() -> String {
    format!("https://status.example.com/{}", "incident-".repeat(40))
}

fn list(items: impl IntoIterator<Item = JsValue>) -> JsValue {
    items.into_iter().collect::<Array>().into()
}

fn pwned() -> JsValue {
    Reflect::get(&js_sys::global(), &"__awPwned".into()).unwrap()
}

/// A container `width` px wide, and a widget shown in it with `options`.
async fn show(
    width: u32,
    connection: &str,
    options: &[(&str, JsValue)],
) -> (Element, JsAuthWidget) {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    container
        .style()
        .set_property("width", &format!("{width}px"))
        .unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let mut members = vec![
        ("container", JsValue::from(container.clone())),
        ("connection", connection.into()),
    ];
    members.extend(options.iter().cloned());
    let widget = JsAuthWidget::new("widget-test".into(), tenant().into(), obj(&members));
    widget.show();
    for _ in 0..20 {
        leptos::task::tick().await;
    }
    assert!(
        container.query_selector("form").unwrap().is_some(),
        "the widget rendered"
    );
    (container.into(), widget)
}

/// Nothing ran, and nothing a payload names is in the widget. Waits a
/// little first: `onerror`, `onload` and `onfocus` fire asynchronously.
async fn assert_inert(container: &Element, place: &str) {
    sleep(150).await;
    assert!(
        pwned().is_undefined(),
        "{place}: a payload ran: {:?}",
        pwned()
    );
    let injected = container.query_selector_all(INJECTED).unwrap();
    let names: Vec<String> = (0..injected.length())
        .filter_map(|i| injected.item(i))
        .map(|node| node.node_name())
        .collect();
    assert!(
        names.is_empty(),
        "{place}: elements from a payload: {names:?}"
    );
}

fn text(container: &Element) -> String {
    container.text_content().unwrap_or_default()
}

/// Nothing inside is wider than the widget: no sideways scrolling.
fn assert_wraps(container: &Element, width: i32, place: &str) {
    let root = container.query_selector(".aw-root").unwrap().unwrap();
    assert!(
        root.scroll_width() <= root.client_width() + 1 && root.client_width() <= width,
        "{place}: the widget is {} px wide inside, {} px shown, in a {width} px page",
        root.scroll_width(),
        root.client_width()
    );
    let all = root.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let element: Element = all.item(i).unwrap().unchecked_into();
        // An input scrolls its own value; anything else must fit.
        if matches!(element.node_name().as_str(), "INPUT" | "SELECT" | "OPTION") {
            continue;
        }
        assert!(
            element.get_bounding_client_rect().right()
                <= root.get_bounding_client_rect().right() + 1.0,
            "{place}: {} sticks out of the widget",
            element.outer_html().chars().take(80).collect::<String>()
        );
    }
}

fn input(container: &Element, selector: &str) -> HtmlInputElement {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn type_into(container: &Element, selector: &str, value: &str) {
    let field = input(container, selector);
    field.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    field
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

/// Signs up on the `hostile-hook` connection with an address its hook
/// refuses, and returns the alert's text: the tenant's description.
async fn refused_by_the_hook(container: &Element) -> String {
    type_into(
        container,
        "input[autocomplete=email]",
        "someone@hooked.example",
    );
    type_into(
        container,
        "input[autocomplete=new-password]",
        "long enough password 1",
    );
    container
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    let alert = container.query_selector("[role=alert]").unwrap().unwrap();
    for _ in 0..200 {
        if !alert.text_content().unwrap().is_empty() {
            break;
        }
        sleep(25).await;
    }
    alert.text_content().unwrap()
}

#[wasm_bindgen_test]
async fn every_text_the_widget_shows_stays_text() {
    let mut rendered = 0;

    // languageDictionary: every text key gets a payload; these ten show as
    // text on the sign-up screen, one payload each.
    const VISIBLE: [&str; 10] = [
        "sign_up_title",
        "email_label",
        "password_label",
        "show",
        "rules_heading",
        "rule_unmet",
        "sign_up_submit",
        "to_forgot",
        "class_lower",
        "class_upper",
    ];
    let dictionary: Vec<(&str, JsValue)> = KEYS
        .iter()
        .filter(|key| !matches!(**key, "lang" | "dir"))
        .enumerate()
        .map(|(i, key)| {
            let payload = match VISIBLE.iter().position(|visible| visible == key) {
                Some(at) => PAYLOADS[at],
                None => PAYLOADS[i % PAYLOADS.len()],
            };
            (*key, JsValue::from(payload))
        })
        .collect();
    let (container, widget) = show(
        400,
        "Username-Password-Authentication",
        &[("languageDictionary", obj(&dictionary))],
    )
    .await;
    assert_inert(&container, "languageDictionary").await;
    let shown = text(&container);
    for payload in PAYLOADS {
        assert!(
            shown.contains(payload),
            "the payload shows as text: {payload}"
        );
        rendered += 1;
    }
    widget.destroy();

    // Additional fields: labels (placeholder), aria labels, option labels and values; prefill.
    for payload in PAYLOADS {
        let fields = list([
            obj(&[
                ("name", "nickname".into()),
                ("placeholder", (*payload).into()),
                ("ariaLabel", (*payload).into()),
                ("prefill", (*payload).into()),
            ]),
            obj(&[
                ("name", "plan".into()),
                ("type", "select".into()),
                ("placeholder", (*payload).into()),
                (
                    "options",
                    list([obj(&[
                        ("value", (*payload).into()),
                        ("label", (*payload).into()),
                    ])]),
                ),
            ]),
            obj(&[
                ("name", "agree".into()),
                ("type", "checkbox".into()),
                ("placeholder", (*payload).into()),
            ]),
        ]);
        let (container, widget) = show(
            400,
            "Username-Password-Authentication",
            &[
                ("additionalSignUpFields", fields),
                (
                    "prefill",
                    obj(&[
                        ("email", (*payload).into()),
                        ("username", (*payload).into()),
                    ]),
                ),
                ("allowShowPassword", true.into()),
            ],
        )
        .await;
        assert_inert(&container, "additional fields and prefill").await;
        let labels = container.query_selector_all("label").unwrap();
        let label_texts: Vec<String> = (0..labels.length())
            .map(|i| labels.item(i).unwrap().text_content().unwrap())
            .collect();
        assert!(
            label_texts
                .iter()
                .filter(|t| t.as_str() == *payload)
                .count()
                >= 3,
            "field labels show the payload as text: {label_texts:?}"
        );
        assert_eq!(
            input(&container, "input[autocomplete=email]").value(),
            *payload,
            "prefill is a value, not markup"
        );
        let option = container
            .query_selector("option[value]:not([value=''])")
            .unwrap()
            .unwrap();
        assert_eq!(option.text_content().unwrap(), *payload);
        rendered += 1;
        widget.destroy();
    }

    // The tenant's description (hook_error), shown in the alert.
    let (container, widget) = show(400, "hostile-hook", &[]).await;
    let description = refused_by_the_hook(&container).await;
    assert_inert(&container, "the tenant's description").await;
    let hostile = PAYLOADS
        .iter()
        .filter(|p| description.contains(**p))
        .count();
    assert_eq!(
        hostile,
        PAYLOADS.len(),
        "the description shows every payload as text: {description}"
    );
    rendered += hostile;
    widget.destroy();

    console_log!(
        "hostile input: {} payloads, {rendered} renderings checked (dictionary, field labels, \
         aria labels, option labels and values, prefill, the tenant's description): 0 executed, \
         0 elements injected",
        PAYLOADS.len()
    );
}

#[wasm_bindgen_test]
async fn logo_and_colour_neither_load_nor_inject() {
    for (logo, colour) in [
        (
            "javascript:window.__awPwned='logo'",
            "red; background: url(https://evil.example/x)",
        ),
        (
            "data:text/html,<script>parent.__awPwned='logo'</script>",
            "red}",
        ),
        (
            " java\tscript:window.__awPwned='logo'",
            "url(https://evil.example/x)",
        ),
    ] {
        let (container, widget) = show(
            400,
            "Username-Password-Authentication",
            &[(
                "theme",
                obj(&[("logo", logo.into()), ("primaryColor", colour.into())]),
            )],
        )
        .await;
        sleep(150).await;
        assert!(pwned().is_undefined(), "{logo}");
        assert!(
            container.query_selector("img").unwrap().is_none(),
            "no logo from {logo:?}"
        );
        let host: HtmlElement = container
            .query_selector(".aw-host")
            .unwrap()
            .unwrap()
            .unchecked_into();
        assert_eq!(
            host.style().get_property_value("--aw-primary").unwrap(),
            "",
            "{colour:?} is not applied"
        );
        let background = web_sys::window()
            .unwrap()
            .get_computed_style(&container.query_selector(".aw-submit").unwrap().unwrap())
            .unwrap()
            .unwrap()
            .get_property_value("background-image")
            .unwrap();
        assert_eq!(background, "none", "{colour:?} made no background request");
        widget.destroy();
    }
    // A good logo and colour still work.
    let (container, widget) = show(
        400,
        "Username-Password-Authentication",
        &[(
            "theme",
            obj(&[
                ("logo", "/logo.png".into()),
                ("primaryColor", "#123456".into()),
            ]),
        )],
    )
    .await;
    assert!(container.query_selector("img.aw-logo").unwrap().is_some());
    let host: HtmlElement = container
        .query_selector(".aw-host")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        host.style().get_property_value("--aw-primary").unwrap(),
        "#123456"
    );
    widget.destroy();
}

#[wasm_bindgen_test]
async fn long_unbroken_text_wraps_at_320_px() {
    let url = long_url();
    let fields = list([obj(&[
        ("name", "website".into()),
        ("placeholder", url.as_str().into()),
    ])]);
    let (container, widget) = show(
        320,
        "hostile-hook",
        &[
            (
                "languageDictionary",
                obj(&[
                    ("sign_up_title", url.as_str().into()),
                    ("email_label", url.as_str().into()),
                ]),
            ),
            ("additionalSignUpFields", fields),
            ("prefill", obj(&[("email", url.as_str().into())])),
        ],
    )
    .await;
    assert_wraps(&container, 320, "dictionary, label, prefill");
    // The tenant's description carries a long URL too.
    type_into(&container, "input[id$=field-0]", "https://example.com");
    let description = refused_by_the_hook(&container).await;
    assert!(
        description.contains("incident-incident"),
        "the description arrived: {description}"
    );
    assert_wraps(&container, 320, "the tenant's description");
    widget.destroy();
}

#[wasm_bindgen_test]
async fn terms_links_are_links_that_leave_the_box_alone() {
    let label = "I agree to the [terms of service](https://example.com/terms) and the \
                 [privacy policy](/privacy). [not a link](javascript:window.__awPwned='md')";
    let (container, widget) = show(
        400,
        "Username-Password-Authentication",
        &[
            ("mustAcceptTerms", true.into()),
            ("languageDictionary", obj(&[("terms_label", label.into())])),
        ],
    )
    .await;
    assert_inert(&container, "terms label").await;
    let links = container.query_selector_all("label a").unwrap();
    assert_eq!(
        links.length(),
        2,
        "two links, the javascript: one stays text"
    );
    let checkbox = input(&container, "input[type=checkbox]");
    let label_element = checkbox.labels().unwrap().get(0).unwrap();
    assert!(label_element
        .text_content()
        .unwrap()
        .contains("[not a link](javascript:"));
    // Following a link (here its navigation is stopped) leaves the box as it was.
    let stop =
        Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| event.prevent_default());
    for (i, href) in [(0, "https://example.com/terms"), (1, "/privacy")] {
        let link: HtmlElement = links.item(i).unwrap().unchecked_into();
        assert_eq!(link.get_attribute("href").as_deref(), Some(href));
        assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(
            link.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
        // Reachable by keyboard: a link with an href takes the focus.
        link.focus().unwrap();
        assert_eq!(
            document().active_element().as_ref(),
            Some(link.unchecked_ref::<Element>())
        );
        link.add_event_listener_with_callback("click", stop.as_ref().unchecked_ref())
            .unwrap();
        link.click();
        assert!(!checkbox.checked(), "following {href} did not tick the box");
    }
    // The label's own text still ticks it.
    label_element.unchecked_into::<HtmlElement>().click();
    assert!(checkbox.checked(), "the label's text ticks the box");
    widget.destroy();
}
