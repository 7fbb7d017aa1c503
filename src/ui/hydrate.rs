//! Hydration of a server-rendered widget without losing what a person did
//! before the wasm arrived. The server's form takes typing at once; when
//! the component then hydrates it, Leptos sets each control's `value`
//! property from its signal, which would put the served value back over
//! what was typed. So the signals start from the page instead.

use crate::options::Options;
use crate::screens::{self, FieldValue};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The values of the first screen's controls as they are in the page (by
/// their ids, which the server wrote with the same prefix), falling back on
/// `served` for any control that is not there: a widget created in the
/// browser after hydration, or one that is not in the document.
pub(crate) fn typed_before_hydration(
    id_prefix: &str,
    options: &Options,
    served: &[FieldValue],
) -> Vec<FieldValue> {
    let mut values = served.to_vec();
    let hydrating = Owner::current_shared_context().is_some_and(|shared| shared.during_hydration());
    let document = web_sys::window().and_then(|window| window.document());
    let (true, Some(document)) = (hydrating, document) else {
        return values;
    };
    for key in screens::fields(options.first_screen(), options) {
        let Some(control) = document.get_element_by_id(&format!("{id_prefix}-{}", key.id())) else {
            continue;
        };
        let property = |name: &str| js_sys::Reflect::get(&control, &JsValue::from_str(name)).ok();
        // A checkbox's slot holds a state, any other a text.
        let value = match values[key.slot()] {
            FieldValue::Checked(_) => property("checked")
                .and_then(|checked| checked.as_bool())
                .map(FieldValue::Checked),
            FieldValue::Text(_) => property("value")
                .and_then(|value| value.as_string())
                .map(FieldValue::Text),
        };
        if let Some(value) = value {
            values[key.slot()] = value;
        }
    }
    values
}
