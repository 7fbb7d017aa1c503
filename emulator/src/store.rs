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
}

pub enum TicketState {
    Valid { user_id: String, connection: String },
    Used,
    Expired,
    Unknown,
}

const SCHEMA: &str = "
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

impl Store {
    /// Opens (or creates) the database at `path`; `:memory:` keeps it in memory.
    pub fn open(path: &str) -> rusqlite::Result<Store> {
        if path != ":memory:" {
            if let Some(dir) = Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    let _ = std::fs::create_dir_all(dir);
                }
            }
        }
        let db = Connection::open(path)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "foreign_keys", "ON")?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        db.execute_batch(SCHEMA)?;
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

    fn user_where(&self, clause: &str, a: &str, b: &str) -> Option<User> {
        let sql = format!(
            "SELECT id, connection, email, username, password_hash, personal FROM users WHERE {clause}"
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
                })
            })
            .optional()
            .ok()
            .flatten()
    }

    pub fn user_by_email(&self, connection: &str, email: &str) -> Option<User> {
        self.user_where("connection = ?1 AND email = ?2", connection, email)
    }

    pub fn user_by_username(&self, connection: &str, username: &str) -> Option<User> {
        self.user_where("connection = ?1 AND username = ?2", connection, username)
    }

    pub fn user_by_id(&self, id: &str) -> Option<User> {
        self.user_where("id = ?1 AND ?2 = ''", id, "")
    }

    /// The stored profile (root fields and `user_metadata`) as JSON text.
    pub fn profile(&self, connection: &str, email: &str) -> Option<String> {
        self.db()
            .query_row(
                "SELECT profile FROM users WHERE connection = ?1 AND email = ?2",
                params![connection, email],
                |row| row.get(0),
            )
            .optional()
            .ok()
            .flatten()
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
    pub fn password_history(&self, user_id: &str, n: usize) -> Vec<String> {
        let db = self.db();
        let Ok(mut stmt) = db.prepare(
            "SELECT password_hash FROM password_history WHERE user_id = ?1 ORDER BY rowid DESC LIMIT ?2",
        ) else {
            return Vec::new();
        };
        stmt.query_map(params![user_id, n as i64], |row| row.get(0))
            .map(|rows| rows.filter_map(Result::ok).collect())
            .unwrap_or_default()
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
    ) -> bool {
        let mut db = self.db();
        let Ok(tx) = db.transaction() else {
            return false;
        };
        let claimed = tx
            .execute(
                "UPDATE reset_tickets SET used_at = ?1 WHERE ticket_hash = ?2 AND used_at IS NULL AND expires_at > ?1",
                params![sql_time(now), ticket_hash],
            )
            .unwrap_or(0);
        if claimed != 1 {
            return false;
        }
        let ok = tx
            .execute(
                "INSERT INTO password_history (user_id, password_hash, replaced_at)
                 SELECT id, password_hash, ?2 FROM users WHERE id = ?1",
                params![user_id, sql_time(now)],
            )
            .is_ok()
            && tx
                .execute(
                    "UPDATE users SET password_hash = ?1 WHERE id = ?2",
                    params![new_hash, user_id],
                )
                .is_ok_and(|n| n == 1)
            && tx
                .execute(
                    "UPDATE reset_tickets SET used_at = ?1 WHERE user_id = ?2 AND used_at IS NULL",
                    params![sql_time(now), user_id],
                )
                .is_ok();
        ok && tx.commit().is_ok()
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

    pub fn ticket_state(&self, ticket_hash: &str, now: u64) -> TicketState {
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
            .optional()
            .ok()
            .flatten();
        match row {
            None => TicketState::Unknown,
            Some((_, _, _, Some(_))) => TicketState::Used,
            Some((_, _, expires_at, None)) if expires_at as u64 <= now => TicketState::Expired,
            Some((user_id, connection, _, None)) => TicketState::Valid {
                user_id,
                connection,
            },
        }
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
    pub fn verify_email(&self, ticket_hash: &str, now: u64) -> Option<String> {
        let mut db = self.db();
        let tx = db.transaction().ok()?;
        let user_id: String = tx
            .query_row(
                "UPDATE verify_tickets SET used_at = ?1 WHERE ticket_hash = ?2 AND used_at IS NULL AND expires_at > ?1 RETURNING user_id",
                params![sql_time(now), ticket_hash],
                |row| row.get(0),
            )
            .ok()?;
        tx.execute(
            "INSERT OR IGNORE INTO verified_emails (user_id, verified_at) VALUES (?1, ?2)",
            params![user_id, sql_time(now)],
        )
        .ok()?;
        tx.commit().ok()?;
        Some(user_id)
    }

    /// Whether the user's address was verified.
    pub fn email_verified(&self, user_id: &str) -> bool {
        self.db()
            .query_row(
                "SELECT 1 FROM verified_emails WHERE user_id = ?1",
                params![user_id],
                |_| Ok(()),
            )
            .is_ok()
    }

    pub fn send_email(&self, email: &Email) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO outbox (to_addr, subject, body, link, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![email.to, email.subject, email.text, email.link, sql_time(email.sent_at)],
        )?;
        Ok(())
    }

    /// Every email, newest first.
    pub fn outbox(&self) -> Vec<Email> {
        let db = self.db();
        let Ok(mut stmt) =
            db.prepare("SELECT to_addr, subject, body, link, sent_at FROM outbox ORDER BY id DESC")
        else {
            return Vec::new();
        };
        stmt.query_map([], |row| {
            Ok(Email {
                to: row.get(0)?,
                subject: row.get(1)?,
                text: row.get(2)?,
                link: row.get(3)?,
                sent_at: row.get::<_, i64>(4)? as u64,
            })
        })
        .map(|rows| rows.filter_map(Result::ok).collect())
        .unwrap_or_default()
    }
}

/// A time in seconds as SQLite's integer: the end of time (a test clock moved
/// far ahead) stays the largest value instead of wrapping to a negative one.
fn sql_time(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}
