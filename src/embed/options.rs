//! Lock-style options from a JavaScript object, in one hand-off: the object
//! crosses into the wasm as JSON (functions and DOM nodes replaced by
//! numbered references) and is read by [`crate::options::lock`], which is
//! pure. Only the referenced values are touched here: the container (an
//! element, or an id looked up now) and the fields' validator functions.

pub use crate::options::lock::KNOWN_OPTIONS;
use crate::options::lock::{read, Container, EmbedOptions as Read};
use crate::options::{FieldValidator, Options};
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
export function handoff(options) {
  const refs = [];
  let json;
  try {
    json = JSON.stringify(options, (key, value) => {
      if (typeof value === "function" || (value !== null && typeof value === "object" && typeof value.nodeType === "number")) {
        refs.push(value);
        return { "\u0000ref": refs.length - 1 };
      }
      return value;
    });
  } catch (error) {
    json = '"unreadable"';
  }
  return [json === undefined ? "null" : json, refs];
}
"#)]
extern "C" {
    /// `[json, refs]`: the options as JSON, and the functions and nodes it
    /// refers to by index.
    fn handoff(options: &JsValue) -> Array;
}

/// Options that concern the embedding, with the container resolved.
pub type EmbedOptions = Read<web_sys::Node>;

/// The options object, read: what the screens need, what the embedding needs, and what was wrong.
pub struct Parsed {
    /// The screens' options.
    pub options: Options,
    /// The embedding's options, the container resolved.
    pub embed: EmbedOptions,
    /// One message per problem, each naming the option.
    pub problems: Vec<String>,
}

/// Reads `value` (undefined, null or an object).
pub fn parse(value: &JsValue) -> Parsed {
    let pair = handoff(value);
    let json = pair.get(0).as_string().unwrap_or_default();
    let refs: Array = pair.get(1).unchecked_into();
    let document = web_sys::window().and_then(|w| w.document());
    let value = crate::json::parse(&json).unwrap_or(crate::json::Value::Null);
    let mut read = read(&value);
    for (field, reference) in read.validators {
        read.options.additional_fields[field].validator =
            Some(js_validator(refs.get(reference as u32).unchecked_into()));
    }
    let mut problems = read.problems;
    let embed = read.embed.map_container(|container| match container {
        Container::Node(reference) => refs.get(reference as u32).dyn_into().ok(),
        Container::Id(id) => {
            let found = document.as_ref().and_then(|d| d.get_element_by_id(&id));
            if found.is_none() {
                problems.push(format!(
                    "option \"container\": no element with id \"{id}\"; opening as a modal"
                ));
            }
            found.map(Into::into)
        }
    });
    Parsed {
        options: read.options,
        embed,
        problems,
    }
}

/// Wraps a JS `validator(value)` returning a boolean or `{valid, hint}`.
fn js_validator(function: Function) -> FieldValidator {
    let function = send_wrapper::SendWrapper::new(function);
    FieldValidator(std::sync::Arc::new(move |value: &str| {
        let result = match function.call1(&JsValue::NULL, &value.into()) {
            Ok(result) => result,
            Err(error) => {
                web_sys::console::error_2(&"auth-widget: a field validator threw".into(), &error);
                return Err(None);
            }
        };
        if let Some(valid) = result.as_bool() {
            return if valid { Ok(()) } else { Err(None) };
        }
        let member = |key: &str| Reflect::get(&result, &key.into()).ok();
        let valid = member("valid").and_then(|v| v.as_bool()).unwrap_or(false);
        if valid {
            Ok(())
        } else {
            Err(member("hint").and_then(|h| h.as_string()))
        }
    }))
}
