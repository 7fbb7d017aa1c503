//! SQLite storage: users, password history, reset tickets and the outbox.
//! Uniqueness is the database's job (unique indexes), so concurrent sign-ups
//! of one email yield exactly one user.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::Mutex;

pub struct Store {
    db: Mutex<Connection>,
}

/// A user as the server needs it (never serialised as a whole).
#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub connection: String,
    pub email: String,
    pub username: Option<String>,
    pub password_hash: String,
    /// Names and metadata kept for the personal-data password check.
    pub personal: Vec<String>,
    pub blocked: bool,
}

/// A user as the Management API and the dashboard show it.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub id: String,
    pub connection: String,
    pub email: String,
    pub username: Option<String>,
    /// Root fields (`given_name`, ...) and `user_metadata`, as sign-up stored them.
    pub profile: serde_json::Map<String, serde_json::Value>,
    pub created_at: u64,
    pub updated_at: u64,
    pub password_changed_at: Option<u64>,
    pub blocked: bool,
    pub email_verified: bool,
}

/// One page of users, newest first, and how many match in all.
pub struct UserPage {
    pub users: Vec<UserRecord>,
    pub total: u64,
}

/// What a search of users matches.
#[derive(Clone, Debug, Default)]
pub struct UserSearch {
    /// Exact email (canonical form).
    pub email: Option<String>,
    /// Exact username (lower case).
    pub username: Option<String>,
    /// A part of the email or username.
    pub text: Option<String>,
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub connection: &'a str,
    pub email: &'a str,
    pub username: Option<&'a str>,
    pub password_hash: &'a str,
    pub profile_json: &'a str,
    pub personal: &'a [String],
    pub now: u64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum InsertError {
    EmailTaken,
    UsernameTaken,
    Other(String),
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub link: String,
    /// Seconds since the Unix epoch.
    pub sent_at: u64,
    /// The rendered HTML (emails stored before templates have none).
    pub html: Option<String>,
    pub from: Option<String>,
    /// Its place in the outbox (0 until stored).
    #[serde(skip_serializing_if = "is_zero")]
    pub id: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

pub enum TicketState {
    Valid { user_id: String, connection: String },
    Used,
    Expired,
    Unknown,
}

/// Version 1: the schema of the first release (databases written before
/// versions existed have `user_version` 0 and exactly these tables).
const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  connection TEXT NOT NULL,
  email TEXT NOT NULL,
  username TEXT,
  password_hash TEXT NOT NULL,
  profile TEXT NOT NULL DEFAULT '{}',
  personal TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users(connection, email);
CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users(connection, username);
CREATE TABLE IF NOT EXISTS password_history (
  user_id TEXT NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL,
  replaced_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reset_tickets (
  ticket_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS verify_tickets (
  ticket_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS verified_emails (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  verified_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
";

/// Version 2: blocked users, when a password last changed, where a reset
/// ticket's page sends the person afterwards, the rendered HTML of each
/// email, and email templates edited on the dashboard or the Management API.
const SCHEMA_V2: &str = "
ALTER TABLE users ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
ALTER TABLE users ADD COLUMN updated_at INTEGER;
CREATE INDEX users_created ON users(created_at);
ALTER TABLE reset_tickets ADD COLUMN redirect_to TEXT;
ALTER TABLE outbox ADD COLUMN html TEXT;
ALTER TABLE outbox ADD COLUMN from_addr TEXT;
CREATE TABLE email_templates (
  name TEXT PRIMARY KEY,
  template TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
";

/// The migrations, in order: `MIGRATIONS[i]` takes a database from version
/// `i` to `i + 1`. Append to it; never edit a released step.
const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2];

/// The schema version this code writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Why a database could not be opened.
#[derive(Debug)]
pub enum OpenError {
    Sqlite(rusqlite::Error),
    /// The file was written by a newer emulator.
    TooNew {
        found: u32,
        supported: u32,
    },
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Sqlite(error) => write!(f, "{error}"),
            OpenError::TooNew { found, supported } => write!(
                f,
                "the database has schema version {found}, newer than this emulator's {supported}: use a newer emulator or another --db file"
            ),
        }
    }
}

impl std::error::Error for OpenError {}

impl From<rusqlite::Error> for OpenError {
    fn from(error: rusqlite::Error) -> Self {
        OpenError::Sqlite(error)
    }
}

/// Brings `db` to [`SCHEMA_VERSION`], one transaction per step (a step
/// that fails leaves the database at the version before it).
fn migrate(db: &mut Connection) -> Result<(), OpenError> {
    let found: u32 = db.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(OpenError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (version, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = db.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", version as u32 + 1)?;
        tx.commit()?;
        tracing::info!(version = version + 1, "database migrated");
    }
    Ok(())
}

impl Store {
    /// Opens (or creates) the database at `path`; `:memory:` keeps it in memory.
    pub fn open(path: &str) -> Result<Store, OpenError> {
        if path != ":memory:" {
            if let Some(dir) = Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    let _ = std::fs::create_dir_all(dir);
                }
            }
        }
        let mut db = Connection::open(path)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "foreign_keys", "ON")?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut db)?;
        Ok(Store { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn insert_user(&self, user: &NewUser<'_>) -> Result<(), InsertError> {
        let personal = serde_json::to_string(user.personal).unwrap_or_else(|_| "[]".into());
        let result = self.db().execute(
            "INSERT INTO users (id, connection, email, username, password_hash, profile, personal, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                user.id,
                user.connection,
                user.email,
                user.username,
                user.password_hash,
                user.profile_json,
                personal,
                sql_time(user.now)
            ],
        );
        match result {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, Some(message)))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                if message.contains("username") {
                    Err(InsertError::UsernameTaken)
                } else {
                    Err(InsertError::EmailTaken)
                }
            }
            Err(e) => Err(InsertError::Other(e.to_string())),
        }
    }

    fn user_where(&self, clause: &str, a: &str, b: &str) -> rusqlite::Result<Option<User>> {
        let sql = format!(
            "SELECT id, connection, email, username, password_hash, personal, blocked FROM users WHERE {clause}"
        );
        self.db()
            .query_row(&sql, params![a, b], |row| {
                let personal: String = row.get(5)?;
                Ok(User {
                    id: row.get(0)?,
                    connection: row.get(1)?,
                    email: row.get(2)?,
                    username: row.get(3)?,
                    password_hash: row.get(4)?,
                    personal: serde_json::from_str(&personal).unwrap_or_default(),
                    blocked: row.get(6)?,
                })
            })
            .optional()
    }

    pub fn user_by_email(&self, connection: &str, email: &str) -> rusqlite::Result<Option<User>> {
        self.user_where("connection = ?1 AND email = ?2", connection, email)
    }

    pub fn user_by_username(
        &self,
        connection: &str,
        username: &str,
    ) -> rusqlite::Result<Option<User>> {
        self.user_where("connection = ?1 AND username = ?2", connection, username)
    }

    pub fn user_by_id(&self, id: &str) -> rusqlite::Result<Option<User>> {
        self.user_where("id = ?1 AND ?2 = ''", id, "")
    }

    /// The stored profile (root fields and `user_metadata`) as JSON text.
    pub fn profile(&self, connection: &str, email: &str) -> rusqlite::Result<Option<String>> {
        self.db()
            .query_row(
                "SELECT profile FROM users WHERE connection = ?1 AND email = ?2",
                params![connection, email],
                |row| row.get(0),
            )
            .optional()
    }

    pub fn user_count(&self, connection: &str) -> u64 {
        self.db()
            .query_row(
                "SELECT COUNT(*) FROM users WHERE connection = ?1",
                [connection],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_or(0) as u64
    }

    /// The hashes of the last `n` replaced passwords, newest first.
    pub fn password_history(&self, user_id: &str, n: usize) -> rusqlite::Result<Vec<String>> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT password_hash FROM password_history WHERE user_id = ?1 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![user_id, n as i64], |row| row.get(0))?;
        rows.collect()
    }

    /// Sets a new password hash, keeps the old one in the history, marks
    /// the ticket used and ends every other outstanding ticket of the user
    /// (an older link must not change the new password), in one
    /// transaction. False if the ticket was used meanwhile (a double submit).
    pub fn reset_password(
        &self,
        ticket_hash: &str,
        user_id: &str,
        new_hash: &str,
        now: u64,
    ) -> rusqlite::Result<bool> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let claimed = tx.execute(
            "UPDATE reset_tickets SET used_at = ?1 WHERE ticket_hash = ?2 AND used_at IS NULL AND expires_at > ?1",
            params![sql_time(now), ticket_hash],
        )?;
        if claimed != 1 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO password_history (user_id, password_hash, replaced_at)
             SELECT id, password_hash, ?2 FROM users WHERE id = ?1",
            params![user_id, sql_time(now)],
        )?;
        let updated = tx.execute(
            "UPDATE users SET password_hash = ?1, password_changed_at = ?3, updated_at = ?3 WHERE id = ?2",
            params![new_hash, user_id, sql_time(now)],
        )?;
        if updated != 1 {
            return Ok(false);
        }
        tx.execute(
            "UPDATE reset_tickets SET used_at = ?1 WHERE user_id = ?2 AND used_at IS NULL",
            params![sql_time(now), user_id],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Stores a reset ticket (its hash).
    pub fn insert_ticket(
        &self,
        ticket_hash: &str,
        user_id: &str,
        expires_at: u64,
    ) -> rusqlite::Result<()> {
        self.insert_into("reset_tickets", ticket_hash, user_id, expires_at)
    }

    /// A ticket row in `table` (reset_tickets or verify_tickets: the same shape).
    fn insert_into(
        &self,
        table: &'static str,
        ticket_hash: &str,
        user_id: &str,
        expires_at: u64,
    ) -> rusqlite::Result<()> {
        self.db().execute(
            &format!("INSERT INTO {table} (ticket_hash, user_id, expires_at) VALUES (?1, ?2, ?3)"),
            params![ticket_hash, user_id, sql_time(expires_at)],
        )?;
        Ok(())
    }

    /// What a reset ticket is worth now; a database failure counts as
    /// [`TicketState::Unknown`] (tests' view; handlers use
    /// [`Store::try_ticket_state`], where it is an error).
    pub fn ticket_state(&self, ticket_hash: &str, now: u64) -> TicketState {
        self.try_ticket_state(ticket_hash, now)
            .unwrap_or(TicketState::Unknown)
    }

    /// What a reset ticket is worth now.
    pub fn try_ticket_state(&self, ticket_hash: &str, now: u64) -> rusqlite::Result<TicketState> {
        let row = self
            .db()
            .query_row(
                "SELECT t.user_id, u.connection, t.expires_at, t.used_at FROM reset_tickets t
                 JOIN users u ON u.id = t.user_id WHERE t.ticket_hash = ?1",
                [ticket_hash],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, Option<i64>>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(match row {
            None => TicketState::Unknown,
            Some((_, _, _, Some(_))) => TicketState::Used,
            Some((_, _, expires_at, None)) if expires_at as u64 <= now => TicketState::Expired,
            Some((user_id, connection, _, None)) => TicketState::Valid {
                user_id,
                connection,
            },
        })
    }

    /// Stores an email-verification ticket (its hash).
    pub fn insert_verify_ticket(
        &self,
        ticket_hash: &str,
        user_id: &str,
        expires_at: u64,
    ) -> rusqlite::Result<()> {
        self.insert_into("verify_tickets", ticket_hash, user_id, expires_at)
    }

    /// Uses a verification ticket: marks its user's address verified, in one
    /// transaction. The user's id, or None for a used, expired or unknown
    /// ticket.
    pub fn verify_email(&self, ticket_hash: &str, now: u64) -> rusqlite::Result<Option<String>> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let Some(user_id): Option<String> = tx
            .query_row(
                "UPDATE verify_tickets SET used_at = ?1 WHERE ticket_hash = ?2 AND used_at IS NULL AND expires_at > ?1 RETURNING user_id",
                params![sql_time(now), ticket_hash],
                |row| row.get(0),
            )
            .optional()?
        else {
            return Ok(None);
        };
        tx.execute(
            "INSERT OR IGNORE INTO verified_emails (user_id, verified_at) VALUES (?1, ?2)",
            params![user_id, sql_time(now)],
        )?;
        tx.commit()?;
        Ok(Some(user_id))
    }

    /// Whether the user's address was verified.
    pub fn email_verified(&self, user_id: &str) -> rusqlite::Result<bool> {
        Ok(self
            .db()
            .query_row(
                "SELECT 1 FROM verified_emails WHERE user_id = ?1",
                params![user_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn send_email(&self, email: &Email) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO outbox (to_addr, subject, body, link, sent_at, html, from_addr) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![email.to, email.subject, email.text, email.link, sql_time(email.sent_at), email.html, email.from],
        )?;
        Ok(())
    }

    /// Every email, newest first.
    pub fn outbox(&self) -> rusqlite::Result<Vec<Email>> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT to_addr, subject, body, link, sent_at, html, from_addr, id FROM outbox ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(Email {
                to: row.get(0)?,
                subject: row.get(1)?,
                text: row.get(2)?,
                link: row.get(3)?,
                sent_at: row.get::<_, i64>(4)? as u64,
                html: row.get(5)?,
                from: row.get(6)?,
                id: row.get(7)?,
            })
        })?;
        rows.collect()
    }
}

const RECORD_COLUMNS: &str = "u.id, u.connection, u.email, u.username, u.profile, u.created_at, u.updated_at, u.password_changed_at, u.blocked, EXISTS (SELECT 1 FROM verified_emails v WHERE v.user_id = u.id)";

fn record(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRecord> {
    let profile: String = row.get(4)?;
    let created_at = row.get::<_, i64>(5)? as u64;
    Ok(UserRecord {
        id: row.get(0)?,
        connection: row.get(1)?,
        email: row.get(2)?,
        username: row.get(3)?,
        profile: serde_json::from_str(&profile).unwrap_or_default(),
        created_at,
        updated_at: row
            .get::<_, Option<i64>>(6)?
            .map_or(created_at, |t| t as u64),
        password_changed_at: row.get::<_, Option<i64>>(7)?.map(|t| t as u64),
        blocked: row.get(8)?,
        email_verified: row.get(9)?,
    })
}

/// The Management API and dashboard side of the store. Every method
/// answers `Err` for a database failure, never "not found".
impl Store {
    pub fn user_record(&self, id: &str) -> rusqlite::Result<Option<UserRecord>> {
        self.db()
            .query_row(
                &format!("SELECT {RECORD_COLUMNS} FROM users u WHERE u.id = ?1"),
                [id],
                record,
            )
            .optional()
    }

    /// Users matching `search`, newest first, `per_page` from `page` (0-based).
    pub fn search_users(
        &self,
        search: &UserSearch,
        page: u64,
        per_page: u64,
    ) -> rusqlite::Result<UserPage> {
        let like = search.text.as_deref().map(|text| {
            let escaped = text
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let filter = "(?1 IS NULL OR u.email = ?1) AND (?2 IS NULL OR u.username = ?2)
             AND (?3 IS NULL OR lower(u.email) LIKE ?3 ESCAPE '\\' OR lower(coalesce(u.username, '')) LIKE ?3 ESCAPE '\\')";
        let db = self.db();
        let args = params![search.email, search.username, like];
        let total: i64 = db.query_row(
            &format!("SELECT COUNT(*) FROM users u WHERE {filter}"),
            args,
            |row| row.get(0),
        )?;
        let mut stmt = db.prepare(&format!(
            "SELECT {RECORD_COLUMNS} FROM users u WHERE {filter}
             ORDER BY u.created_at DESC, u.rowid DESC LIMIT ?4 OFFSET ?5"
        ))?;
        let users = stmt
            .query_map(
                params![
                    search.email,
                    search.username,
                    like,
                    sql_time(per_page),
                    sql_time(page.saturating_mul(per_page))
                ],
                record,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(UserPage {
            users,
            total: total as u64,
        })
    }

    /// Blocks or unblocks; false if there is no such user.
    pub fn set_blocked(&self, id: &str, blocked: bool, now: u64) -> rusqlite::Result<bool> {
        Ok(self.db().execute(
            "UPDATE users SET blocked = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, blocked, sql_time(now)],
        )? == 1)
    }

    /// Marks the address verified (or not); false if there is no such user.
    pub fn set_verified(&self, id: &str, verified: bool, now: u64) -> rusqlite::Result<bool> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let found = tx.execute(
            "UPDATE users SET updated_at = ?2 WHERE id = ?1",
            params![id, sql_time(now)],
        )? == 1;
        if found && verified {
            tx.execute(
                "INSERT OR IGNORE INTO verified_emails (user_id, verified_at) VALUES (?1, ?2)",
                params![id, sql_time(now)],
            )?;
        } else if found {
            tx.execute("DELETE FROM verified_emails WHERE user_id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(found)
    }

    /// Sets a password by hand (no ticket, no email): the old hash goes to
    /// the history. False if there is no such user.
    pub fn set_password(&self, id: &str, new_hash: &str, now: u64) -> rusqlite::Result<bool> {
        let mut db = self.db();
        let tx = db.transaction()?;
        tx.execute(
            "INSERT INTO password_history (user_id, password_hash, replaced_at)
             SELECT id, password_hash, ?2 FROM users WHERE id = ?1",
            params![id, sql_time(now)],
        )?;
        let found = tx.execute(
            "UPDATE users SET password_hash = ?2, password_changed_at = ?3, updated_at = ?3 WHERE id = ?1",
            params![id, new_hash, sql_time(now)],
        )? == 1;
        tx.commit()?;
        Ok(found)
    }

    /// Sets the username and/or the profile (JSON text). Err with a
    /// constraint violation when the username is taken.
    pub fn update_user(
        &self,
        id: &str,
        username: Option<&str>,
        profile: Option<&str>,
        personal: Option<&[String]>,
        now: u64,
    ) -> rusqlite::Result<bool> {
        let personal = personal.map(|p| serde_json::to_string(p).unwrap_or_else(|_| "[]".into()));
        Ok(self.db().execute(
            "UPDATE users SET username = coalesce(?2, username), profile = coalesce(?3, profile),
             personal = coalesce(?4, personal), updated_at = ?5 WHERE id = ?1",
            params![id, username, profile, personal, sql_time(now)],
        )? == 1)
    }

    /// Deletes a user and everything that refers to it (its outbox emails
    /// stay: they were sent). False if there is no such user.
    pub fn delete_user(&self, id: &str) -> rusqlite::Result<bool> {
        let mut db = self.db();
        let tx = db.transaction()?;
        for table in [
            "password_history",
            "reset_tickets",
            "verify_tickets",
            "verified_emails",
        ] {
            tx.execute(&format!("DELETE FROM {table} WHERE user_id = ?1"), [id])?;
        }
        let found = tx.execute("DELETE FROM users WHERE id = ?1", [id])? == 1;
        tx.commit()?;
        Ok(found)
    }

    /// Stores a reset ticket with where its page sends the person afterwards.
    pub fn insert_ticket_redirect(
        &self,
        ticket_hash: &str,
        user_id: &str,
        expires_at: u64,
        redirect_to: Option<&str>,
    ) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO reset_tickets (ticket_hash, user_id, expires_at, redirect_to) VALUES (?1, ?2, ?3, ?4)",
            params![ticket_hash, user_id, sql_time(expires_at), redirect_to],
        )?;
        Ok(())
    }

    /// Where a reset ticket's page sends the person after the change.
    pub fn ticket_redirect(&self, ticket_hash: &str) -> rusqlite::Result<Option<String>> {
        Ok(self
            .db()
            .query_row(
                "SELECT redirect_to FROM reset_tickets WHERE ticket_hash = ?1",
                [ticket_hash],
                |row| row.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    /// A stored (edited) email template, as JSON text.
    pub fn template(&self, name: &str) -> rusqlite::Result<Option<String>> {
        self.db()
            .query_row(
                "SELECT template FROM email_templates WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()
    }

    pub fn save_template(&self, name: &str, json: &str, now: u64) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO email_templates (name, template, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET template = ?2, updated_at = ?3",
            params![name, json, sql_time(now)],
        )?;
        Ok(())
    }

    /// One outbox email by its id.
    pub fn email(&self, id: i64) -> rusqlite::Result<Option<Email>> {
        Ok(self.outbox()?.into_iter().find(|email| email.id == id))
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> rusqlite::Result<u32> {
        self.db()
            .query_row("PRAGMA user_version", [], |row| row.get(0))
    }
}

/// A time in seconds as SQLite's integer: the end of time (a test clock moved
/// far ahead) stays the largest value instead of wrapping to a negative one.
fn sql_time(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}
