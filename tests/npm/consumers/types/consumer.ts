// Type-checked by `tsc --noEmit` against the installed package (cargo xtask npm-consumers):
// every option and every event as a user writes them must check; each line after
// `// @ts-expect-error` is a misuse that must not (tsc fails on a directive
// whose line has no error).
import {
  AuthWidget,
  type AuthWidgetError,
  type AuthWidgetOptions,
  type SignupSuccess,
} from "auth-widget";

const options: AuthWidgetOptions = {
  connection: "Username-Password-Authentication",
  initialScreen: "forgotPassword",
  allowSignUp: true,
  allowForgotPassword: true,
  allowLogin: false,
  usernameStyle: "email",
  prefill: { email: "jane@example.com", username: "jane" },
  passwordPolicy: "excellent",
  minLength: 12,
  requiresUsername: true,
  usernameMin: 3,
  usernameMax: 20,
  allowShowPassword: false,
  container: "signup",
  closable: false,
  autofocus: true,
  requestTimeout: 5000,
  confirmPassword: true,
  mustAcceptTerms: true,
  additionalSignUpFields: [
    { name: "company", placeholder: "Company", validator: (value) => value.length > 1 },
    {
      name: "plan",
      type: "select",
      options: [{ value: "free", label: "Free" }, { value: "pro" }],
      prefill: "free",
    },
    { name: "newsletter", type: "checkbox", prefill: true, ariaLabel: "Send me news" },
    { name: "source", type: "hidden", value: "landing-page" },
    {
      name: "given_name",
      storage: "root",
      validator: (value) => ({ valid: value !== "", hint: "Your first name" }),
    },
  ],
  language: "pt-BR",
  languageDictionary: { sign_up_title: "Join us", terms_label: "I agree to the [terms](/terms)" },
  configurationBaseUrl: "https://cdn.example.com",
  theme: { primaryColor: "#0a7d55", logo: "/logo.svg", mode: "auto" },
};

const widget = new AuthWidget("client-id", "tenant.example.com", options);
widget.on("show", () => {});
widget.on("hide", () => {});
widget.on("signup ready", () => {});
widget.on("signup submit", () => {});
widget.on("signup success", (user) => {
  const id: string = user._id;
  const verified: boolean = user.email_verified;
  console.log(id, verified, user.username?.length);
});
widget.on("signup error", (error) => {
  const code: string = error.code;
  const status: number = error.statusCode;
  console.log(code, status, error.rules?.map((rule) => rule.verified));
});
widget.on("forgot_password ready", () => {});
widget.on("forgot_password submit", () => {});
widget.on("forgot_password success", () => {});
const onForgotError = (error: AuthWidgetError) => console.log(error.message);
widget.on("forgot_password error", onForgotError);
widget.off("forgot_password error", onForgotError);
widget.show();
widget.hide();
widget.destroy();
const version: string = AuthWidget.version;
const names: string[] = AuthWidget.eventNames();
AuthWidget.setLanguageFiles({ fr: "/static/fr.json" });
new AuthWidget("client-id", "tenant.example.com");
new AuthWidget("client-id", "tenant.example.com", { container: document.createElement("div") });

// The element, as `document.querySelector` and `createElement` type it.
const element = document.createElement("auth-widget");
element.options = { prefill: { email: "jane@example.com" }, theme: { mode: "dark" } };
element.setAttribute("client-id", "client-id");
element.addEventListener("signup-success", (event) => {
  const user: SignupSuccess = event.detail;
  console.log(user.email);
});
element.addEventListener("forgot-password-error", (event) => console.log(event.detail.code));
const found = document.querySelector("auth-widget");
found?.addEventListener("signup-error", (event) => console.log(event.detail.statusCode));
// The events bubble and are composed: typed on any element.
document.body.addEventListener("signup-submit", (event) => console.log(event.detail));
window.AuthWidget.eventNames();
console.log(version, names);

// Misuse.
// @ts-expect-error an unknown option
new AuthWidget("client-id", "tenant.example.com", { allowedConnections: ["db"] });
// @ts-expect-error no login screen
new AuthWidget("client-id", "tenant.example.com", { initialScreen: "login" });
// @ts-expect-error the success payload is not an error
widget.on("signup success", (error: AuthWidgetError) => console.log(error.code));
// @ts-expect-error an unknown event
widget.on("signup", () => {});
// @ts-expect-error a client id is required
new AuthWidget();
// @ts-expect-error a number is not a password policy
new AuthWidget("client-id", "tenant.example.com", { passwordPolicy: 3 });
// @ts-expect-error a select field needs its options
const select: AuthWidgetOptions = { additionalSignUpFields: [{ name: "plan", type: "select" }] };
// @ts-expect-error the element's success detail is not an error
element.addEventListener("signup-success", (event: CustomEvent<AuthWidgetError>) => console.log(event));
// @ts-expect-error a language the widget does not ship
element.options = { language: "xx" };
console.log(select);
