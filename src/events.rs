//! What the widget tells its host, with Lock's event names (plus the
//! forgot-password outcomes Lock never reported).

use crate::api::{ApiError, SignupSuccess};
use std::fmt;
use std::rc::Rc;

/// Something the widget tells its host (Lock's events, and the forgot-password outcomes).
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetEvent {
    /// The widget was rendered.
    Show,
    /// The widget was removed.
    Hide,
    /// The sign-up screen is shown.
    SignupReady,
    /// A sign-up passed the checks and is being sent.
    SignupSubmit,
    /// The tenant created the account.
    SignupSuccess(SignupSuccess),
    /// The tenant refused the sign-up, or the request failed.
    SignupError(ApiError),
    /// The forgot-password screen is shown.
    ForgotPasswordReady,
    /// A reset request is being sent.
    ForgotPasswordSubmit,
    /// The tenant accepted the reset request.
    ForgotPasswordSuccess,
    /// The tenant refused the reset request, or it failed.
    ForgotPasswordError(ApiError),
}

/// Every event name, as `on(name, …)` takes it.
pub const EVENT_NAMES: [&str; 10] = [
    "show",
    "hide",
    "signup ready",
    "signup submit",
    "signup success",
    "signup error",
    "forgot_password ready",
    "forgot_password submit",
    "forgot_password success",
    "forgot_password error",
];

impl WidgetEvent {
    /// Lock's name (`"signup success"`).
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Show => EVENT_NAMES[0],
            WidgetEvent::Hide => EVENT_NAMES[1],
            WidgetEvent::SignupReady => EVENT_NAMES[2],
            WidgetEvent::SignupSubmit => EVENT_NAMES[3],
            WidgetEvent::SignupSuccess(_) => EVENT_NAMES[4],
            WidgetEvent::SignupError(_) => EVENT_NAMES[5],
            WidgetEvent::ForgotPasswordReady => EVENT_NAMES[6],
            WidgetEvent::ForgotPasswordSubmit => EVENT_NAMES[7],
            WidgetEvent::ForgotPasswordSuccess => EVENT_NAMES[8],
            WidgetEvent::ForgotPasswordError(_) => EVENT_NAMES[9],
        }
    }

    /// The name as a DOM event (`"signup-success"`), for `addEventListener`.
    pub fn dom_name(&self) -> String {
        dom_event_name(self.name())
    }
}

/// `"forgot_password submit"` → `"forgot-password-submit"`.
pub fn dom_event_name(name: &str) -> String {
    name.replace([' ', '_'], "-")
}

/// A host's listener for widget events.
#[derive(Clone)]
pub struct EventHandler(pub Rc<dyn Fn(&WidgetEvent)>);

impl EventHandler {
    /// A listener calling `handler` for every event.
    pub fn new(handler: impl Fn(&WidgetEvent) + 'static) -> Self {
        EventHandler(Rc::new(handler))
    }

    /// Tells the listener that `event` happened.
    pub fn call(&self, event: &WidgetEvent) {
        (self.0)(event)
    }
}

impl fmt::Debug for EventHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventHandler")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_lock_and_the_dom() {
        assert_eq!(
            WidgetEvent::SignupSuccess(SignupSuccess {
                id: "1".into(),
                email: String::new(),
                email_verified: false,
                username: None
            })
            .name(),
            "signup success"
        );
        assert_eq!(
            WidgetEvent::ForgotPasswordSubmit.dom_name(),
            "forgot-password-submit"
        );
        assert_eq!(WidgetEvent::Show.dom_name(), "show");
        let unique: std::collections::HashSet<_> = EVENT_NAMES.iter().collect();
        assert_eq!(unique.len(), EVENT_NAMES.len());
    }
}
