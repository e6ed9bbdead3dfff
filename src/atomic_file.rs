//! Files that are never left half-written: whole-file replacement through a temporary file, and
//! CSV files that grow by whole lines only.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Replaces `path` with what `write` produces, atomically: the data goes to a new temporary file
/// in the same folder (named after `path`, the process and a counter, so it never collides with
/// another file or another save), is flushed and synced to disk, and is then renamed over `path`.
/// A reader sees the old file or the new one, never a mixture; on any error the temporary file is
/// removed and `path` is untouched. A process killed mid-write may leave the temporary file
/// (`.NAME.PID.N.tmp`) behind, but never a damaged `path`.
pub fn replace(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("the path names a folder, not a file"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut w = BufWriter::new(&file);
        write(&mut w)?;
        w.flush()?;
        drop(w);
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    // Make the rename itself durable (best effort: not every platform can sync a folder).
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A CSV (or any line-oriented) file that only ever holds whole lines: lines are collected in
/// memory and written in one piece at least every [`CsvFile::FLUSH_INTERVAL`] or 64 KiB; a
/// failed write (disk full, file-size limit) cuts the file back to its last whole line and
/// reports the error. Dropping the writer flushes what is left.
#[derive(Debug)]
pub struct CsvFile {
    file: File,
    path: PathBuf,
    pending: Vec<u8>,
    written: u64,
    last_flush: Instant,
}

impl CsvFile {
    /// Longest time a written line waits in memory [s].
    pub const FLUSH_INTERVAL: Duration = Duration::from_secs(1);
    const FLUSH_BYTES: usize = 64 * 1024;

    /// Creates (or truncates) the file at `path`.
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(Self {
            file: File::create(path)?,
            path: path.to_path_buf(),
            pending: Vec::new(),
            written: 0,
            last_flush: Instant::now(),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `text` and a line end (`text` may hold several lines).
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        self.pending.extend_from_slice(text.as_bytes());
        self.pending.push(b'\n');
        if self.pending.len() >= Self::FLUSH_BYTES
            || self.last_flush.elapsed() >= Self::FLUSH_INTERVAL
        {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes every collected line now.
    pub fn flush(&mut self) -> io::Result<()> {
        self.last_flush = Instant::now();
        if self.pending.is_empty() {
            return Ok(());
        }
        match self.file.write_all(&self.pending) {
            Ok(()) => {
                self.written += self.pending.len() as u64;
                self.pending.clear();
                Ok(())
            }
            Err(e) => {
                // Keep the whole lines that made it to the file and cut off the partial one.
                let landed = self
                    .file
                    .metadata()
                    .map_or(0, |m| m.len().saturating_sub(self.written))
                    .min(self.pending.len() as u64) as usize;
                let whole = self.pending[..landed]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |k| k + 1);
                self.written += whole as u64;
                let _ = self.file.set_len(self.written);
                let _ = self.file.seek(SeekFrom::Start(self.written));
                self.pending.clear();
                Err(e)
            }
        }
    }
}

impl Drop for CsvFile {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("multiscope-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replace_keeps_the_old_file_when_writing_fails_and_touches_no_other_file() {
        let dir = scratch("replace");
        let path = dir.join("a.tmp");
        let other = dir.join("a.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::write(&other, "someone else's").unwrap();
        let e = replace(&path, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        });
        assert!(e.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        replace(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "someone else's");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 2, "a temporary file was left behind");
    }

    #[test]
    fn csv_lines_are_whole_after_drop() {
        let dir = scratch("csv");
        let path = dir.join("t.csv");
        {
            let mut f = CsvFile::create(&path).unwrap();
            f.line("a,b").unwrap();
            f.line("1,2").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n");
    }
}
