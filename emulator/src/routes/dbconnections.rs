//! `POST /dbconnections/signup` and `POST /dbconnections/change_password`.

use super::*;

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

async fn signup_inner(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let object = parse_object(body)?;
    let (client_id, email, password, connection_name) = (
        required(&object, "client_id")?,
        required(&object, "email")?,
        required(&object, "password")?,
        required(&object, "connection")?,
    );
    let (client, connection) = client_and_connection(state, headers, client_id, connection_name)?;
    let email = canonical_email(email, wire::code::INVALID_SIGNUP)?;

    let username = match object.get("username") {
        None | Some(Value::Null) if !connection.requires_username => None,
        None | Some(Value::Null) => {
            return Err(bad_request(
                "bad.username",
                "This connection requires a username",
            ))
        }
        Some(Value::String(name)) => {
            if let Err(problem) = auth_core::username::validate(
                name,
                connection.username_min,
                connection.username_max,
            ) {
                let text = match problem {
                    auth_core::username::UsernameError::TooShort(n) => {
                        format!("The username must have at least {n} characters")
                    }
                    auth_core::username::UsernameError::TooLong(n) => {
                        format!("The username must have at most {n} characters")
                    }
                    auth_core::username::UsernameError::InvalidCharacters => {
                        "The username may only contain letters, digits and _+-.!#$^`~@'".to_owned()
                    }
                };
                return Err(bad_request("bad.username", &text));
            }
            Some(name.to_lowercase())
        }
        Some(_) => {
            return Err(bad_request(
                "bad.username",
                "Field username must be a string",
            ))
        }
    };

    let mut profile = Object::new();
    let mut personal = vec![auth_core::email::local_part(&email).to_owned()];
    personal.extend(username.clone());
    for field in wire::SIGNUP_ROOT_FIELDS {
        match object.get(field) {
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
    match object.get("user_metadata") {
        None | Some(Value::Null) => {}
        Some(Value::Object(metadata)) => {
            if metadata.len() > wire::METADATA_MAX_KEYS {
                return Err(bad_request(
                    "bad.user_metadata",
                    "user_metadata may have at most 10 properties",
                ));
            }
            for (key, value) in metadata {
                if key.chars().count() > wire::METADATA_MAX_KEY_CHARS {
                    return Err(bad_request(
                        "bad.user_metadata",
                        "user_metadata property names may have at most 100 characters",
                    ));
                }
                match value {
                    Value::String(text)
                        if text.chars().count() <= wire::METADATA_MAX_VALUE_CHARS =>
                    {
                        if ["name", "first", "last", "first_name", "last_name"]
                            .contains(&key.as_str())
                        {
                            personal.push(text.clone());
                        }
                    }
                    _ => {
                        return Err(bad_request(
                            "bad.user_metadata",
                            "user_metadata values must be strings of at most 500 characters",
                        ))
                    }
                }
            }
            profile.insert("user_metadata".into(), Value::Object(metadata.clone()));
        }
        Some(_) => {
            return Err(bad_request(
                "bad.user_metadata",
                "user_metadata must be an object",
            ))
        }
    }

    let domain = domain_of(&email);
    if connection
        .signup_denied_domains
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain))
    {
        return Err(bad_request(wire::code::INVALID_SIGNUP, "Invalid sign up"));
    }
    if connection
        .signup_hook_denied_domains
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain))
    {
        return Err(bad_request(
            wire::code::HOOK_ERROR,
            &connection.signup_hook_message,
        ));
    }
    if let Err(problem) = policy::check(connection, password, &personal) {
        return Err(password_error(connection, problem));
    }

    let Some(password_hash) = state.hasher.hash(password.to_owned()).await else {
        return Err(too_many_requests());
    };
    let id = random_hex(12);
    let profile_json = Value::Object(profile).to_string();
    let new_user = NewUser {
        id: &id,
        connection: &connection.name,
        email: &email,
        username: username.as_deref(),
        password_hash: &password_hash,
        profile_json: &profile_json,
        personal: &personal,
        now: state.now(),
    };
    match state.store.insert_user(&new_user) {
        Ok(()) => {
            tracing::info!(user_id = %id, connection = %connection.name, "user signed up");
            // Auth0 sends a verification email on sign-up; so does this.
            let stored = compose(
                state,
                Kind::VerifyEmail,
                (&email, username.as_deref()),
                &client.name,
                connection,
            )
            .and_then(|outgoing| match outgoing {
                Some(outgoing) => outgoing.store(state, &id, Kind::VerifyEmail),
                None => Ok(()),
            });
            if let Err(error) = stored {
                tracing::error!(%error, "storing a verification email failed");
            }
            let mut body = json!({"_id": id, "email": email, "email_verified": false});
            if let Some(username) = username {
                body["username"] = json!(username);
            }
            Ok(json_response(StatusCode::OK, &body))
        }
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
    let answer = change_password_inner(&state, &headers, body, &mut quota);
    with_quota(
        answer.unwrap_or_else(IntoResponse::into_response),
        quota,
        state.now(),
    )
}

fn change_password_inner(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    quota: &mut Quota,
) -> Result<Response, HttpError> {
    let object = parse_object(body)?;
    // Exactly these keys: a password (or anything that might be one, under
    // any name: "Password", "new_password", "ｐassword", user_metadata...)
    // is refused, and counted.
    if let Some(key) = object
        .keys()
        .find(|key| !CHANGE_PASSWORD_KEYS.contains(&key.as_str()))
    {
        state
            .stats
            .change_password_with_password
            .fetch_add(1, Ordering::Relaxed);
        let message = if key == "password" {
            "password is not allowed".to_owned()
        } else {
            format!("{key:?} is not allowed: change_password takes client_id, email, connection and organization only")
        };
        return Err(bad_request(wire::code::BAD_REQUEST, &message));
    }
    let (client_id, email, connection_name) = (
        required(&object, "client_id")?,
        required(&object, "email")?,
        required(&object, "connection")?,
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
    // A blocked user gets the same answer, and no email.
    if let Some(user) = state
        .store
        .user_by_email(&connection.name, &email)
        .filter(|user| !user.blocked)
    {
        let application = client.name.clone();
        let connection = connection.clone();
        // Written after the answer, so that a known email does not take
        // longer to answer than an unknown one (that would tell who exists).
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
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(RESET_SENT))
        .map_err(|_| server_error())
}
