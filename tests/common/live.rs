//! Driving the live session's MD worker from a test, as a front end would: send commands, keep
//! the newest snapshot, analysis and every event.

use std::time::{Duration, Instant};

use multiscope::live::{AnalysisSnapshot, EngineEvent, EngineHandle, SimCommand, Snapshot};
use multiscope::scene::Scene;

/// A running worker and what it has published so far.
pub struct Probe {
    /// The worker.
    pub engine: EngineHandle,
    /// The newest snapshot.
    pub snapshot: Option<Snapshot>,
    /// The newest analysis.
    pub analysis: Option<AnalysisSnapshot>,
    /// Every event, oldest first.
    pub events: Vec<EngineEvent>,
    /// Analysis snapshots received.
    pub analyses: u64,
}

impl Probe {
    /// Starts the worker on `scene`, playing flat out on two threads.
    pub fn start(scene: Scene) -> Self {
        let engine = EngineHandle::spawn(scene, "test scene".into(), true, 2);
        engine.send(SimCommand::SetFlatOut(true));
        Self {
            engine,
            snapshot: None,
            analysis: None,
            events: Vec::new(),
            analyses: 0,
        }
    }

    /// Sends a command.
    pub fn send(&self, c: SimCommand) {
        self.engine.send(c);
    }

    /// Takes whatever arrived.
    pub fn poll(&mut self) {
        if let Some(s) = self.engine.take_snapshot() {
            self.snapshot = Some(s);
        }
        if let Some(a) = self.engine.take_analysis() {
            self.analysis = Some(a);
            self.analyses += 1;
        }
        self.events.extend(self.engine.drain_events());
    }

    /// Polls until `done` holds (panics after 60 s of wall time).
    pub fn until(&mut self, what: &str, done: impl Fn(&Probe) -> bool) {
        let start = Instant::now();
        loop {
            self.poll();
            if done(self) {
                return;
            }
            assert!(self.engine.is_alive(), "the worker died waiting for {what}");
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// The newest snapshot's MD step (0 before any).
    pub fn step(&self) -> u64 {
        self.snapshot.as_ref().map_or(0, |s| s.step)
    }

    /// The newest snapshot.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot.clone().expect("a snapshot")
    }

    /// The newest analysis.
    pub fn analysis(&self) -> AnalysisSnapshot {
        self.analysis.clone().expect("an analysis")
    }
}
