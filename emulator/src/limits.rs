//! Fixed-window rate limits, kept in memory.

use std::collections::HashMap;
use std::sync::Mutex;

/// The state of one limit after a request was counted.
#[derive(Clone, Copy, Debug)]
pub struct Quota {
    pub limit: u32,
    pub remaining: u32,
    /// Unix time at which the window resets.
    pub reset: u64,
    pub exceeded: bool,
}

impl Quota {
    /// The tighter of two quotas (the one reported in headers).
    pub fn tighter(self, other: Quota) -> Quota {
        match (self.exceeded, other.exceeded) {
            (true, false) => self,
            (false, true) => other,
            _ if other.remaining < self.remaining => other,
            _ => self,
        }
    }
}

#[derive(Default)]
pub struct Limits {
    windows: Mutex<HashMap<String, (u64, u32)>>,
}

impl Limits {
    /// Counts one request against `key` and returns the quota left.
    pub fn hit(&self, key: &str, limit: u32, window: u64, now: u64) -> Quota {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let entry = windows.entry(key.to_owned()).or_insert((now, 0));
        if now >= entry.0.saturating_add(window) {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        Quota {
            limit,
            remaining: limit.saturating_sub(entry.1),
            reset: entry.0.saturating_add(window),
            exceeded: entry.1 > limit,
        }
    }

    pub fn clear(&self, key: &str) {
        self.windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_counts_and_resets() {
        let limits = Limits::default();
        let first = limits.hit("k", 2, 60, 1000);
        assert_eq!(
            (first.remaining, first.exceeded, first.reset),
            (1, false, 1060)
        );
        assert!(!limits.hit("k", 2, 60, 1001).exceeded);
        let third = limits.hit("k", 2, 60, 1002);
        assert!(third.exceeded);
        assert_eq!(third.remaining, 0);
        assert!(
            !limits.hit("k", 2, 60, 1060).exceeded,
            "a new window starts"
        );
        assert!(
            !limits.hit("other", 2, 60, 1002).exceeded,
            "keys are separate"
        );
    }
}
