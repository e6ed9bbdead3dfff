//! [`EngineHandle`]: a front end's handle on the MD worker thread. It never blocks: commands go
//! in through a channel, the newest [`Snapshot`] and [`AnalysisSnapshot`] come out of latest-wins
//! [`Mailbox`]es (older ones are overwritten, never queued), and [`EngineEvent`]s are queued. It
//! starts the [`Worker`] and is all a front end needs of it.

use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::command::SimCommand;
use super::mailbox::Mailbox;
use super::snapshot::{AnalysisSnapshot, EngineEvent, Snapshot};
use super::worker::Worker;
use crate::scene::Scene;

/// MD threads in the app: all cores, as the headless `run` uses. (Leaving one core to the window
/// was measured slower on two cores: 618 against 693 steps/s for the default scene with a software
/// renderer.)
pub fn default_md_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The UI's handle on the worker thread.
#[derive(Debug)]
pub struct EngineHandle {
    commands: Sender<SimCommand>,
    events: Mutex<Receiver<EngineEvent>>,
    snapshot: Mailbox<Snapshot>,
    analysis: Mailbox<AnalysisSnapshot>,
    thread: Option<JoinHandle<()>>,
}

impl EngineHandle {
    /// Starts the worker on `scene` (named `name` in messages). Building and equilibrating happen
    /// on the worker. With `play` it starts running at once. The MD uses its own pool of
    /// `threads` threads (see [`default_md_threads`]).
    pub fn spawn(scene: Scene, name: String, play: bool, threads: usize) -> Self {
        let (tx, rx) = mpsc::channel();
        let (etx, erx) = mpsc::channel();
        let snapshot: Mailbox<Snapshot> = Mailbox::default();
        let analysis: Mailbox<AnalysisSnapshot> = Mailbox::default();
        let (s, a) = (snapshot.clone(), analysis.clone());
        let thread = std::thread::Builder::new()
            .name("multiscope-md".into())
            .spawn(move || {
                let mut worker = Worker::new(rx, etx, s, a);
                worker.playing = play;
                let go = move || {
                    worker.load(scene, name);
                    worker.run();
                };
                match rayon::ThreadPoolBuilder::new()
                    .num_threads(threads.max(1))
                    .thread_name(|i| format!("multiscope-md-{i}"))
                    .build()
                {
                    Ok(pool) => pool.install(go),
                    // No pool (the OS refused threads): run on the global one.
                    Err(_) => go(),
                }
            })
            .expect("the OS can start a thread");
        Self {
            commands: tx,
            events: Mutex::new(erx),
            snapshot,
            analysis,
            thread: Some(thread),
        }
    }

    /// Sends a command (never blocks; silently dropped if the worker has ended).
    pub fn send(&self, command: SimCommand) {
        let _ = self.commands.send(command);
    }

    /// A sender of commands that outlives a borrow of the handle (the app's panic hook uses one to
    /// have the worker save the current settings).
    pub fn command_sender(&self) -> Sender<SimCommand> {
        self.commands.clone()
    }

    /// Takes the newest snapshot, if one arrived since the last call. Never waits: if the worker
    /// holds the lock at this instant, this frame simply gets nothing.
    pub fn take_snapshot(&self) -> Option<Snapshot> {
        self.snapshot.take()
    }

    /// Takes the newest analysis snapshot, if one arrived since the last call (never waits).
    pub fn take_analysis(&self) -> Option<AnalysisSnapshot> {
        self.analysis.take()
    }

    /// Whether the worker thread is still running (it ends only on shutdown or a panic).
    pub fn is_alive(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Events since the last call, oldest first.
    pub fn drain_events(&self) -> Vec<EngineEvent> {
        match self.events.try_lock() {
            Ok(rx) => rx.try_iter().collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for EngineHandle {
    fn drop(&mut self) {
        let _ = self.commands.send(SimCommand::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
