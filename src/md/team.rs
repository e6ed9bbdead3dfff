//! The threads of the force kernel's ranges, started together and leaving together.
//!
//! A rayon `join` or parallel iterator ends with the calling thread waiting for the work other
//! threads took; when that takes more than a few microseconds it falls asleep, and waking a
//! sleeping thread costs tens of microseconds (35–40 µs measured on a 2-vCPU virtual machine, a
//! tenth of a 4000-atom step). The kernel's two thread ranges differed by ~15 % in work (4000 atoms), so with rayon's
//! join the caller slept at every force evaluation. Here every thread of the pool runs its own
//! part (rayon's broadcast) and then spins until all parts are done, as OpenMP's active wait
//! does, so the threads leave together. (The shorter per-atom passes of a step, tried the same
//! way, gained nothing measurable and stay with rayon's iterators.)

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Runs `work(t, &mut parts[t])` for each part t and returns the results in part order: inline
/// when there is one part, else once on each thread of the current rayon pool (one part per
/// thread), all at once, each thread spin-waiting after its part until every part is done (for at
/// most [`SPIN_LIMIT_US`]; then rayon's own wait, which may sleep).
pub(super) fn run_parts<T: Send, O: Send>(
    parts: &mut [T],
    work: impl Fn(usize, &mut T) -> O + Sync,
) -> Vec<O> {
    if let [only] = parts {
        return vec![work(0, only)];
    }
    let n = parts.len();
    assert_eq!(
        n,
        rayon::current_num_threads(),
        "one part per thread of the pool"
    );
    // (Each lock is taken once, by its part's thread: they only hand the part over.)
    let slots: Vec<Mutex<(&mut T, Option<O>)>> =
        parts.iter_mut().map(|p| Mutex::new((p, None))).collect();
    let done = AtomicUsize::new(0);
    rayon::broadcast(|ctx| {
        let t = ctx.index();
        {
            // (Counts the part as done even if `work` panics, so that no thread waits forever.)
            let _arrive = Arrive(&done);
            let mut slot = slots[t].lock().unwrap_or_else(|e| e.into_inner());
            let out = work(t, slot.0);
            slot.1 = Some(out);
        }
        wait_for_all(&done, n);
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .1
                .expect("every thread ran its part")
        })
        .collect()
}

/// Marks one part of [`run_parts`] as done when dropped.
struct Arrive<'a>(&'a AtomicUsize);

impl Drop for Arrive<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

/// How long a thread that finished its part spins for the others at most [µs]: far longer than the
/// kernel ranges' usual imbalance (~20 µs in a 4000-atom step), far shorter than a step.
const SPIN_LIMIT_US: u128 = 200;

/// Spins until `n` parts are done or [`SPIN_LIMIT_US`] has passed. The limit matters for more
/// than CPU time: when two force evaluations share a pool (simulations run in parallel tasks),
/// each thread may wait inside one broadcast for a part of the other that only it can run, and
/// returning to rayon lets it run that part.
fn wait_for_all(done: &AtomicUsize, n: usize) {
    let start = Instant::now();
    let mut spins = 0u32;
    while done.load(Ordering::Acquire) < n {
        spins = spins.wrapping_add(1);
        if spins.is_multiple_of(64) && start.elapsed().as_micros() > SPIN_LIMIT_US {
            return;
        }
        std::hint::spin_loop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_runs_once_and_results_come_in_order() {
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut parts: Vec<usize> = (0..threads).collect();
            let out = pool.install(|| {
                run_parts(&mut parts, |t, p| {
                    *p += 100;
                    t * 10
                })
            });
            assert_eq!(out, (0..threads).map(|t| t * 10).collect::<Vec<_>>());
            assert_eq!(parts, (100..100 + threads).collect::<Vec<_>>());
        }
    }
}
