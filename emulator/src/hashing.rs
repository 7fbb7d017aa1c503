//! Password hashing (argon2id, 19 MiB, 2 passes) on a fixed set of worker
//! threads, each reusing its own 19 MiB of argon2 memory.
//!
//! Why: each hash needs 19 MiB. Run on whichever blocking thread tokio
//! picks, every hash mallocs and frees its own, and the allocator keeps the
//! memory per thread: 100 concurrent token requests reached 2.7 GB. Here at
//! most `workers` hashes run at once (one per CPU, at most 4), their memory
//! is allocated once, and at most `QUEUE` more wait; past that the caller
//! answers 429.

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// Jobs that may wait for a worker; more are refused.
pub const QUEUE: usize = 64;

/// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

type Job = Box<dyn FnOnce(&mut Worker) + Send>;

/// A worker's reusable state.
struct Worker {
    memory: Vec<Block>,
}

impl Worker {
    /// argon2id of `password` with `salt` and `params`, into `out`, in this
    /// worker's memory (grown only for stored hashes with larger costs).
    fn compute(&mut self, params: Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> bool {
        let blocks = params.block_count();
        if self.memory.len() < blocks {
            self.memory.resize(blocks, Block::default());
        }
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into_with_memory(password, salt, out, &mut self.memory[..blocks])
            .is_ok()
    }

    fn hash(&mut self, password: &str) -> Option<String> {
        let params = params();
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes).ok()?;
        let mut out = [0u8; 32];
        if !self.compute(params.clone(), password.as_bytes(), salt_bytes, &mut out) {
            return None;
        }
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).ok()?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out).ok()?),
        };
        Some(phc.to_string())
    }

    fn verify(&mut self, password: &str, stored: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(stored) else {
            return false;
        };
        let (Ok(params), Some(salt), Some(expected)) =
            (Params::try_from(&parsed), parsed.salt, parsed.hash)
        else {
            return false;
        };
        let mut salt_bytes = [0u8; 64];
        let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
            return false;
        };
        let mut out = vec![0u8; expected.len()];
        self.compute(params, password.as_bytes(), salt_bytes, &mut out)
            // Output's equality does not stop at the first difference.
            && Output::new(&out).is_ok_and(|computed| computed == expected)
    }
}

/// The pool. Cheap to share (`Arc` inside).
#[derive(Clone)]
pub struct Hasher {
    jobs: SyncSender<Job>,
    pub workers: usize,
}

impl Default for Hasher {
    fn default() -> Self {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        Hasher::new(workers)
    }
}

impl Hasher {
    /// A pool of `workers` threads.
    pub fn new(workers: usize) -> Hasher {
        let (jobs, queue) = sync_channel::<Job>(QUEUE);
        let queue: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(queue));
        for n in 0..workers.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    let mut worker = Worker { memory: Vec::new() };
                    loop {
                        let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        match job {
                            Ok(job) => job(&mut worker),
                            Err(_) => return, // the pool is gone
                        }
                    }
                })
                .expect("an argon2 worker thread");
        }
        Hasher {
            jobs,
            workers: workers.max(1),
        }
    }

    /// Runs `work` on a worker; `None` when the queue is full (answer 429).
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Worker) -> T + Send + 'static,
    ) -> Option<T> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |worker| {
            let _ = reply.send(work(worker));
        });
        match self.jobs.try_send(job) {
            Ok(()) => answer.await.ok(),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => None,
        }
    }

    /// A PHC string for `password` (a fresh salt).
    pub async fn hash(&self, password: String) -> Option<String> {
        self.run(move |worker| worker.hash(&password))
            .await
            .flatten()
    }

    /// Whether `password` matches any of `hashes` (the answer is `None`
    /// when the pool is overloaded).
    pub async fn verify_any(&self, password: String, hashes: Vec<String>) -> Option<bool> {
        self.run(move |worker| hashes.iter().any(|hash| worker.verify(&password, hash)))
            .await
    }
}

/// Hashes synchronously, with its own memory (tools and tests).
pub fn hash_password(password: &str) -> String {
    Worker { memory: Vec::new() }
        .hash(password)
        .expect("argon2 hashing with valid parameters")
}

/// Verifies synchronously, with its own memory (tools and tests).
pub fn verify_password(password: &str, hash: &str) -> bool {
    Worker { memory: Vec::new() }.verify(password, hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_standard_phc_strings_that_verify() {
        let hash = hash_password("Correct-Horse-7");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("Correct-Horse-7", &hash));
        assert!(!verify_password("Correct-Horse-8", &hash));
        // The argon2 crate's own verifier agrees (old databases keep working).
        use argon2::password_hash::PasswordVerifier;
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(Argon2::default()
            .verify_password(b"Correct-Horse-7", &parsed)
            .is_ok());
        let theirs = {
            use argon2::password_hash::PasswordHasher;
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
                .hash_password(b"Other-Horse-9", &salt)
                .unwrap()
                .to_string()
        };
        assert!(verify_password("Other-Horse-9", &theirs));
        assert!(!verify_password("x", "not a hash"));
    }
}
