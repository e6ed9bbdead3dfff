//! [`Mailbox`]: the latest-value mailbox between a worker thread and its front end. The worker
//! puts its newest value, replacing one not yet taken (values are overwritten, never queued), and
//! the front end takes the newest without ever waiting. It exists because the MD worker and the
//! coarse-grained worker publish many times a second while a frame must neither wait for physics
//! nor fall behind a queue of stale copies; both workers and their handles share this one type.

use std::sync::{Arc, Mutex};

/// A shared slot holding at most one value, the newest put; clones share the slot.
#[derive(Debug)]
pub(super) struct Mailbox<T>(Arc<Mutex<Option<T>>>);

impl<T> Clone for Mailbox<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Default for Mailbox<T> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<T> Mailbox<T> {
    /// Puts `value`, replacing one not yet taken. It waits only while a take holds the lock (a
    /// take is a pointer swap); a poisoned slot drops the value.
    pub(super) fn put(&self, value: T) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(value);
        }
    }

    /// Takes the newest value, if one was put since the last take. Never waits: if the writer
    /// holds the lock at this instant, this call simply gets nothing.
    pub(super) fn take(&self) -> Option<T> {
        self.0.try_lock().ok().and_then(|mut slot| slot.take())
    }
}

#[cfg(test)]
mod tests {
    use super::Mailbox;

    #[test]
    fn a_take_gets_the_newest_value_once() {
        let writer: Mailbox<u32> = Mailbox::default();
        let reader = writer.clone();
        assert_eq!(reader.take(), None);
        writer.put(1);
        writer.put(2);
        assert_eq!(reader.take(), Some(2));
        assert_eq!(reader.take(), None);
    }
}
