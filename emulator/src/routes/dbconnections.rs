//! `POST /dbconnections/signup` and `POST /dbconnections/change_password`.

use super::*;
use serde::Deserialize;

fn password_error(connection: &Connection, problem: PasswordProblem) -> HttpError {
    use wire::{code, name};
    match problem {
        PasswordProblem::Strength(description) => {
            HttpError::password(name::PASSWORD_STRENGTH, code::INVALID_PASSWORD, description)
                .with("message", json!("Password is too weak"))
                .with("policy", json!(policy::policy_text(&connection.policy())))
        }
        PasswordProblem::Dictionary => HttpError::password(
            name::PASSWORD_DICTIONARY,
            code::INVALID_PASSWORD,
            json!("Password is too common"),
        ),
        PasswordProblem::PersonalData => HttpError::password(
            name::PASSWORD_NO_USER_INFO,
            code::INVALID_PASSWORD,
            json!("Password contains user information"),
        ),
        PasswordProblem::Leaked => HttpError::password(
            name::PASSWORD_LEAKED,
            code::PASSWORD_LEAKED,
            json!("This password has previously appeared in a data breach"),
        ),
    }
}

/// The address as stored (see [`crate::identity`]), syntax-checked after
/// canonicalisation (an internationalised domain becomes ASCII first).
/// Invisible characters are refused with `invisible_code`.
fn canonical_email(email: &str, invisible_code: &str) -> Result<String, HttpError> {
    match crate::identity::canonical_email(email) {
        Ok(email) if auth_core::email::validate(&email).is_ok() => Ok(email),
        Err(problem @ crate::identity::IdentityError::InvisibleCharacters) => {
            Err(bad_request(invisible_code, problem.message()))
        }
        _ => Err(bad_request("bad.email", "The email address is not valid")),
    }
}

fn domain_of(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// `POST /dbconnections/signup`
pub async fn signup(
    State(state): State<Arc<AppState>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    state.stats.signup_requests.fetch_add(1, Ordering::Relaxed);
    let quota = ip_quota(&state, &ip);
    let response = if quota.exceeded {
        Err(too_many_requests())
    } else {
        signup_inner(&state, &headers, body).await
    };
    with_quota(
        response.unwrap_or_else(IntoResponse::into_response),
        quota,
        state.now(),
    )
}

/// A sign-up body. Every field is read as JSON so that each refusal keeps
/// its own sentence (a missing field, a field of the wrong type); keys not
/// named here are ignored, as Auth0 ignores them, except the root profile
/// fields ([`wire::SIGNUP_ROOT_FIELDS`]), kept in `rest`.
#[derive(Deserialize)]
struct SignupBody {
    #[serde(default)]
    client_id: Value,
    #[serde(default)]
    email: Value,
    #[serde(default)]
    password: Value,
    #[serde(default)]
    connection: Value,
    #[serde(default)]
    username: Value,
    #[serde(default)]
    user_metadata: Value,
    #[serde(flatten)]
    rest: Object,
}

async fn signup_inner(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let request: SignupBody = parse_body(body)?;
    let (client_id, email, password, connection_name) = (
        required(&request.client_id, "client_id")?,
        required(&request.email, "email")?,
        required(&request.password, "password")?,
        required(&request.connection, "connection")?,
    );
    let (client, connection) = client_and_connection(state, headers, client_id, connection_name)?;
    let email = canonical_email(email, wire::code::INVALID_SIGNUP)?;
    let username = signup_username(&request.username, connection)?;

    let mut personal = vec![auth_core::email::local_part(&email).to_owned()];
    personal.extend(username.clone());
    let mut profile = root_fields(&request.rest, &mut personal)?;
    if let Some(metadata) = user_metadata(&request.user_metadata, &mut personal)? {
        profile.insert("user_metadata".into(), Value::Object(metadata));
    }
    check_signup_domain(connection, &email)?;
    if let Err(problem) = policy::check(connection, password, &personal) {
        return Err(password_error(connection, problem));
    }

    let Some(password_hash) = state.hasher.hash(password.to_owned()).await else {
        return Err(too_many_requests());
    };
    let signup = Signup {
        id: random_hex(12),
        email,
        username,
        password_hash,
        profile_json: Value::Object(profile).to_string(),
        personal,
        application: client.name.clone(),
        connection: connection.clone(),
    };
    store_signup(state, signup).await
}

/// The username a sign-up gives, checked against the connection's rules and
/// lower-cased; None when the connection does not ask for one.
fn signup_username(value: &Value, connection: &Connection) -> Result<Option<String>, HttpError> {
    let name = match value {
        Value::Null if !connection.requires_username => return Ok(None),
        Value::Null => {
            return Err(bad_request(
                "bad.username",
                "This connection requires a username",
            ))
        }
        Value::String(name) => name,
        _ => {
            return Err(bad_request(
                "bad.username",
                "Field username must be a string",
            ))
        }
    };
    use auth_core::username::{validate, UsernameError};
    if let Err(problem) = validate(name, connection.username_min, connection.username_max) {
        let text = match problem {
            UsernameError::TooShort(n) => {
                format!("The username must have at least {n} characters")
            }
            UsernameError::TooLong(n) => format!("The username must have at most {n} characters"),
            UsernameError::InvalidCharacters => {
                "The username may only contain letters, digits and _+-.!#$^`~@'".to_owned()
            }
        };
        return Err(bad_request("bad.username", &text));
    }
    Ok(Some(name.to_lowercase()))
}

/// The root profile fields (`given_name`, `picture`...) a sign-up sets:
/// strings of at most 300 characters. All but `picture` count as personal
/// data, which a password must not contain.
fn root_fields(rest: &Object, personal: &mut Vec<String>) -> Result<Object, HttpError> {
    let mut profile = Object::new();
    for field in wire::SIGNUP_ROOT_FIELDS {
        match rest.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(value)) if value.chars().count() <= 300 => {
                if field != "picture" {
                    personal.push(value.clone());
                }
                profile.insert(field.to_owned(), Value::String(value.clone()));
            }
            Some(_) => {
                return Err(bad_request(
                    wire::code::BAD_REQUEST,
                    &format!("Field {field} must be a string of at most 300 characters"),
                ))
            }
        }
    }
    Ok(profile)
}

/// A sign-up's `user_metadata`, within Auth0's limits (keys, key length,
/// string values). Its name-like values count as personal data.
fn user_metadata(value: &Value, personal: &mut Vec<String>) -> Result<Option<Object>, HttpError> {
    let refused = |text: &str| bad_request("bad.user_metadata", text);
    let metadata = match value {
        Value::Null => return Ok(None),
        Value::Object(metadata) => metadata,
        _ => return Err(refused("user_metadata must be an object")),
    };
    if metadata.len() > wire::METADATA_MAX_KEYS {
        return Err(refused("user_metadata may have at most 10 properties"));
    }
    for (key, value) in metadata {
        if key.chars().count() > wire::METADATA_MAX_KEY_CHARS {
            return Err(refused(
                "user_metadata property names may have at most 100 characters",
            ));
        }
        match value {
            Value::String(text) if text.chars().count() <= wire::METADATA_MAX_VALUE_CHARS => {
                if ["name", "first", "last", "first_name", "last_name"].contains(&key.as_str()) {
                    personal.push(text.clone());
                }
            }
            _ => {
                return Err(refused(
                    "user_metadata values must be strings of at most 500 characters",
                ))
            }
        }
    }
    Ok(Some(metadata.clone()))
}

/// The connection's sign-up domain rules: a denied domain, or one a hook
/// refuses (with the hook's message).
fn check_signup_domain(connection: &Connection, email: &str) -> Result<(), HttpError> {
    let domain = domain_of(email);
    let listed = |domains: &[String]| domains.iter().any(|d| d.eq_ignore_ascii_case(domain));
    if listed(&connection.signup_denied_domains) {
        return Err(bad_request(wire::code::INVALID_SIGNUP, "Invalid sign up"));
    }
    if listed(&connection.signup_hook_denied_domains) {
        return Err(bad_request(
            wire::code::HOOK_ERROR,
            &connection.signup_hook_message,
        ));
    }
    Ok(())
}

/// A checked sign-up, its password hashed, ready to store.
struct Signup {
    id: String,
    email: String,
    username: Option<String>,
    password_hash: String,
    profile_json: String,
    personal: Vec<String>,
    application: String,
    connection: Connection,
}

/// Stores the user and, as Auth0 does on sign-up, a verification email (its
/// failure is logged, not answered), on the blocking pool.
async fn store_signup(state: &Arc<AppState>, signup: Signup) -> Result<Response, HttpError> {
    let inserted = state
        .blocking(move |state| {
            let new_user = NewUser {
                id: &signup.id,
                connection: &signup.connection.name,
                email: &signup.email,
                username: signup.username.as_deref(),
                password_hash: &signup.password_hash,
                profile_json: &signup.profile_json,
                personal: &signup.personal,
                now: state.now(),
            };
            if let Err(error) = state.store.insert_user(&new_user) {
                return Ok(Err(error));
            }
            tracing::info!(user_id = %signup.id, connection = %signup.connection.name, "user signed up");
            let to = (signup.email.as_str(), signup.username.as_deref());
            let stored = compose(
                state,
                Kind::VerifyEmail,
                to,
                &signup.application,
                &signup.connection,
            )
            .and_then(|outgoing| match outgoing {
                Some(outgoing) => outgoing.store(state, &signup.id, Kind::VerifyEmail),
                None => Ok(()),
            });
            if let Err(error) = stored {
                tracing::error!(%error, "storing a verification email failed");
            }
            let mut body = json!({"_id": signup.id, "email": signup.email, "email_verified": false});
            if let Some(username) = signup.username {
                body["username"] = json!(username);
            }
            Ok(Ok(body))
        })
        .await?;
    match inserted {
        Ok(body) => Ok(json_response(StatusCode::OK, &body)),
        Err(InsertError::EmailTaken) => Err(bad_request(
            wire::code::USER_EXISTS,
            "The user already exists.",
        )),
        Err(InsertError::UsernameTaken) => Err(bad_request(
            wire::code::USERNAME_EXISTS,
            "The username provided is in use already.",
        )),
        Err(InsertError::Other(error)) => {
            tracing::error!(%error, "storing a user failed");
            Err(server_error())
        }
    }
}

/// How long a verification link works: 5 days, as Auth0's default.
pub const VERIFY_LINK_LIFETIME_SECS: u64 = 432_000;

/// The sentence change_password answers with, whether or not the user exists.
pub const RESET_SENT: &str = "We've just sent you an email to reset your password.";

/// The keys a change_password body may have.
pub const CHANGE_PASSWORD_KEYS: [&str; 4] = ["client_id", "email", "connection", "organization"];

/// A change_password body: exactly these keys, as Auth0 refuses any other
/// (a password, or anything that might be one, under any name: "Password",
/// "new_password", "ｐassword", user_metadata...). Values are read as JSON
/// so that each refusal keeps its own sentence.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // organization: accepted, not used
struct ChangePasswordBody {
    #[serde(default)]
    client_id: Value,
    #[serde(default)]
    email: Value,
    #[serde(default)]
    connection: Value,
    #[serde(default)]
    organization: Value,
}

/// `POST /dbconnections/change_password`
pub async fn change_password(
    State(state): State<Arc<AppState>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    state
        .stats
        .change_password_requests
        .fetch_add(1, Ordering::Relaxed);
    let mut quota = ip_quota(&state, &ip);
    // Every answer, refusals included, carries the rate-limit headers.
    let answer = change_password_inner(&state, &headers, body, &mut quota).await;
    with_quota(
        answer.unwrap_or_else(IntoResponse::into_response),
        quota,
        state.now(),
    )
}

/// The body as a [`ChangePasswordBody`]; a key it does not take is refused,
/// and counted.
fn change_password_body(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
) -> Result<ChangePasswordBody, HttpError> {
    let object = parse_object(body)?;
    if let Ok(request) = serde_json::from_value(Value::Object(object.clone())) {
        return Ok(request);
    }
    // serde refused a key: name it (the first, in the order serde read them).
    let key = object
        .keys()
        .find(|key| !CHANGE_PASSWORD_KEYS.contains(&key.as_str()))
        .map_or_else(String::new, String::clone);
    state
        .stats
        .change_password_with_password
        .fetch_add(1, Ordering::Relaxed);
    let message = if key == "password" {
        "password is not allowed".to_owned()
    } else {
        format!("{key:?} is not allowed: change_password takes client_id, email, connection and organization only")
    };
    Err(bad_request(wire::code::BAD_REQUEST, &message))
}

async fn change_password_inner(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    quota: &mut Quota,
) -> Result<Response, HttpError> {
    let request = change_password_body(state, body)?;
    let (client_id, email, connection_name) = (
        required(&request.client_id, "client_id")?,
        required(&request.email, "email")?,
        required(&request.connection, "connection")?,
    );
    let (client, connection) = client_and_connection(state, headers, client_id, connection_name)?;
    let email = canonical_email(email, "bad.email")?;
    let limits = &state.config.rate_limits;
    let email_quota = state.limits.hit(
        &format!("reset:{}:{email}", connection.name),
        limits.change_password_per_email,
        limits.window_secs,
        state.now(),
    );
    *quota = quota.tighter(email_quota);
    if quota.exceeded {
        return Err(too_many_requests());
    }
    if connection
        .enterprise_domains
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain_of(&email)))
    {
        return Err(bad_request(
            wire::code::ENTERPRISE_EMAIL,
            "This email belongs to an enterprise identity provider: reset the password there.",
        ));
    }
    let name = connection.name.clone();
    let user = state
        .blocking(move |s| s.store.user_by_email(&name, &email))
        .await?;
    // A blocked user gets the same answer, and no email.
    if let Some(user) = user.filter(|user| !user.blocked) {
        send_reset_later(state, user, client.name.clone(), connection.clone());
    }
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(RESET_SENT))
        .map_err(|_| server_error())
}

/// Writes the reset ticket and email after the answer, so that a known
/// email does not take longer to answer than an unknown one (that would
/// tell who exists).
fn send_reset_later(
    state: &Arc<AppState>,
    user: crate::store::User,
    application: String,
    connection: Connection,
) {
    state.write_later(move |state| {
        let sent = compose(
            state,
            Kind::ResetEmail,
            (&user.email, user.username.as_deref()),
            &application,
            &connection,
        )
        .and_then(|outgoing| match outgoing {
            Some(outgoing) => outgoing.store(state, &user.id, Kind::ResetEmail),
            None => Ok(()),
        });
        match sent {
            Ok(()) => tracing::info!(user_id = %user.id, "reset email sent"),
            Err(error) => tracing::error!(%error, "storing a reset ticket failed"),
        }
    });
}
