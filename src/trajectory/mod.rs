//! Trajectories in LAMMPS's `dump custom` text format (which OVITO and VMD read): a streaming
//! reader for players and a writer for `multiscope run --dump`.
//!
//! # Reading
//! ```no_run
//! use multiscope::trajectory::Trajectory;
//! # fn main() -> Result<(), multiscope::trajectory::TrajectoryError> {
//! let mut traj = Trajectory::open("run/dump.lammpstrj".as_ref())?; // indexes frames, reads none
//! for i in 0..traj.frame_count() {
//!     let frame = traj.read_frame(i)?; // one frame in memory at a time
//!     println!("step {}: {} atoms", frame.step, frame.positions.len());
//! }
//! traj.refresh()?; // a file still being written: index the frames added since
//! # Ok(())
//! # }
//! ```
//! [`Trajectory::open`] scans the file once and keeps only each frame's byte offset, step and
//! atom count (a few dozen bytes per frame), so opening a dump of any size costs one pass over
//! it and bounded memory. [`Trajectory::read_frame`] seeks to a frame and parses it alone; any
//! frame can be read in any order (scrubbing). [`Trajectory::read_frame_into`] reuses a frame's
//! buffers (no allocation per frame while playing). An unfinished last frame (a run still being
//! written, or cut off) is not indexed: only complete frames count.
//!
//! Columns understood: `id`, `type` (both optional: 1, 2, … and type 1 when missing) and the
//! positions as `xu yu zu` (unwrapped, preferred), `x y z` (wrapped) or `xs ys zs` (scaled by the
//! box); other columns are ignored. Box bounds may be orthogonal or triclinic (the tilt factors
//! are ignored). Units are those of the run (σ for multiscope and for LAMMPS `units lj`).

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::file_problem::FileProblem;
use crate::format::number;

/// Why a trajectory could not be read or written.
#[derive(Debug, Error)]
pub enum TrajectoryError {
    /// The file could not be opened, read or written.
    #[error(transparent)]
    Io(FileProblem),
    /// The file is not a `dump custom` trajectory at a line.
    #[error(transparent)]
    Format(FileProblem),
    /// A frame number beyond the frames indexed.
    #[error("{path}: frame {frame} asked for, but the file holds {count} complete frames")]
    NoFrame {
        /// File.
        path: String,
        /// Frame asked for (0-based).
        frame: usize,
        /// Complete frames indexed.
        count: usize,
    },
}

/// One frame of a trajectory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    /// Time step number of the frame.
    pub step: u64,
    /// Box bounds [lo, hi] along x, y, z [σ].
    pub box_bounds: [[f64; 2]; 3],
    /// Atom ids, in file order.
    pub ids: Vec<u64>,
    /// Atom types, in file order.
    pub types: Vec<u32>,
    /// Positions [σ], in file order (unwrapped when the file has `xu yu zu`).
    pub positions: Vec<[f64; 3]>,
}

/// Where one frame is in the file.
#[derive(Clone, Copy, Debug)]
struct Entry {
    offset: u64,
    line: u64,
    step: u64,
    atoms: usize,
}

/// An open `dump custom` trajectory: an index of its complete frames and a reader.
#[derive(Debug)]
pub struct Trajectory {
    path: PathBuf,
    reader: BufReader<File>,
    frames: Vec<Entry>,
    /// Byte offset and line number where indexing stopped (start of the first incomplete
    /// frame, or the end of the file).
    end: (u64, u64),
}

/// Opens and indexes `path` (same as [`Trajectory::open`]).
pub fn open(path: &Path) -> Result<Trajectory, TrajectoryError> {
    Trajectory::open(path)
}

/// Which columns hold what.
#[derive(Clone, Copy, Debug)]
struct Columns {
    count: usize,
    id: Option<usize>,
    kind: Option<usize>,
    position: [usize; 3],
    scaled: bool,
}

impl Columns {
    fn parse(header: &str) -> Option<Columns> {
        let names: Vec<&str> = header.split_whitespace().skip(2).collect();
        let find = |n: &str| names.iter().position(|c| *c == n);
        let triple = |a: &str, b: &str, c: &str| Some([find(a)?, find(b)?, find(c)?]);
        let (position, scaled) = if let Some(p) = triple("xu", "yu", "zu") {
            (p, false)
        } else if let Some(p) = triple("x", "y", "z") {
            (p, false)
        } else {
            (triple("xs", "ys", "zs")?, true)
        };
        Some(Columns {
            count: names.len(),
            id: find("id"),
            kind: find("type"),
            position,
            scaled,
        })
    }
}

/// A line reader that counts lines and bytes.
struct Lines<'a> {
    r: &'a mut BufReader<File>,
    buf: Vec<u8>,
    offset: u64,
    line: u64,
}

impl Lines<'_> {
    /// The next complete line (without its line feed), or `None` at the end or before an
    /// unfinished last line.
    fn next(&mut self) -> std::io::Result<Option<&str>> {
        self.buf.clear();
        let n = self.r.read_until(b'\n', &mut self.buf)?;
        if n == 0 || self.buf.last() != Some(&b'\n') {
            return Ok(None);
        }
        self.offset += n as u64;
        self.line += 1;
        let text = std::str::from_utf8(&self.buf).unwrap_or("\u{fffd}");
        Ok(Some(text.trim_end()))
    }

    /// Skips `n` complete lines by counting line feeds; false if the file ends first.
    fn skip(&mut self, mut n: usize) -> std::io::Result<bool> {
        let lines = n as u64;
        while n > 0 {
            let chunk = self.r.fill_buf()?;
            if chunk.is_empty() {
                return Ok(false);
            }
            let mut used = chunk.len();
            for (k, &b) in chunk.iter().enumerate() {
                if b == b'\n' {
                    n -= 1;
                    if n == 0 {
                        used = k + 1;
                        break;
                    }
                }
            }
            self.r.consume(used);
            self.offset += used as u64;
        }
        self.line += lines;
        Ok(true)
    }
}

impl Trajectory {
    /// Opens `path` and indexes its complete frames (one pass, bounded memory).
    pub fn open(path: &Path) -> Result<Trajectory, TrajectoryError> {
        let file = File::open(path).map_err(|e| io(path, e))?;
        let mut t = Trajectory {
            path: path.to_path_buf(),
            reader: BufReader::with_capacity(1 << 16, file),
            frames: Vec::new(),
            end: (0, 0),
        };
        t.refresh()?;
        Ok(t)
    }

    /// Indexes frames appended since the last call (a file still being written); returns the
    /// number of complete frames now.
    pub fn refresh(&mut self) -> Result<usize, TrajectoryError> {
        let (mut offset, mut line) = self.end;
        self.reader
            .seek(SeekFrom::Start(offset))
            .map_err(|e| io(&self.path, e))?;
        loop {
            let mut lines = Lines {
                r: &mut self.reader,
                buf: Vec::new(),
                offset,
                line,
            };
            match index_frame(&mut lines, &self.path).map_err(|e| match e {
                Step::Io(e) => io(&self.path, e),
                Step::Bad(l, m) => format_error(&self.path, l, m),
            })? {
                Some((step, atoms)) => {
                    self.frames.push(Entry {
                        offset,
                        line,
                        step,
                        atoms,
                    });
                    offset = lines.offset;
                    line = lines.line;
                }
                None => break,
            }
        }
        self.end = (offset, line);
        Ok(self.frames.len())
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of complete frames indexed.
    pub fn frame_count(&self) -> usize {
        self.frames.len()
    }

    /// Step number of frame `i`, without reading it.
    pub fn step(&self, i: usize) -> Option<u64> {
        self.frames.get(i).map(|e| e.step)
    }

    /// Atom count of frame `i`, without reading it.
    pub fn atoms(&self, i: usize) -> Option<usize> {
        self.frames.get(i).map(|e| e.atoms)
    }

    /// Reads frame `i` (0-based).
    pub fn read_frame(&mut self, i: usize) -> Result<Frame, TrajectoryError> {
        let mut f = Frame::default();
        self.read_frame_into(i, &mut f)?;
        Ok(f)
    }

    /// Reads frame `i` into `frame`, reusing its buffers.
    pub fn read_frame_into(&mut self, i: usize, frame: &mut Frame) -> Result<(), TrajectoryError> {
        let e = *self.frames.get(i).ok_or_else(|| TrajectoryError::NoFrame {
            path: self.path.display().to_string(),
            frame: i,
            count: self.frames.len(),
        })?;
        self.reader
            .seek(SeekFrom::Start(e.offset))
            .map_err(|er| io(&self.path, er))?;
        let path = self.path.clone();
        let mut lines = Lines {
            r: &mut self.reader,
            buf: Vec::new(),
            offset: e.offset,
            line: e.line,
        };
        read_frame(&mut lines, &path, frame).map_err(|er| match er {
            Step::Io(er) => io(&path, er),
            Step::Bad(l, m) => format_error(&path, l, m),
        })
    }
}

enum Step {
    Io(std::io::Error),
    Bad(u64, String),
}

impl From<std::io::Error> for Step {
    fn from(e: std::io::Error) -> Self {
        Step::Io(e)
    }
}

fn io(path: &Path, e: impl std::fmt::Display) -> TrajectoryError {
    TrajectoryError::Io(FileProblem::io(path, e))
}

fn format_error(path: &Path, line: u64, message: String) -> TrajectoryError {
    TrajectoryError::Format(FileProblem::at(path, line, message))
}

/// A frame's header: step, atom count, box bounds [σ], columns.
type Header = (u64, usize, [[f64; 2]; 3], Columns);

/// The header of one frame: step, atoms, box, columns; `None` at the end of the file (or of its
/// complete part).
fn read_header(lines: &mut Lines<'_>) -> Result<Option<Header>, Step> {
    let expect = |lines: &mut Lines<'_>, item: &str| -> Result<Option<String>, Step> {
        let Some(l) = lines.next()?.map(str::to_string) else {
            return Ok(None);
        };
        if !l.starts_with(item) {
            return Err(Step::Bad(
                lines.line,
                format!(
                    "`{}` where `{item}` was expected; not a LAMMPS `dump custom` file, or damaged",
                    l.chars().take(60).collect::<String>()
                ),
            ));
        }
        Ok(Some(l))
    };
    let value = |lines: &mut Lines<'_>, what: &str| -> Result<Option<String>, Step> {
        Ok(lines.next()?.map(|l| l.to_string())).and_then(|l| match l {
            Some(l) if !l.starts_with("ITEM:") => Ok(Some(l)),
            Some(_) => Err(Step::Bad(lines.line, format!("{what} is missing"))),
            None => Ok(None),
        })
    };
    // Blank lines between frames are tolerated.
    let first = loop {
        match lines.next()? {
            None => return Ok(None),
            Some("") => continue,
            Some(l) => break l.to_string(),
        }
    };
    if !first.starts_with("ITEM: TIMESTEP") {
        return Err(Step::Bad(
            lines.line,
            format!(
                "`{}` where `ITEM: TIMESTEP` was expected; not a LAMMPS `dump custom` file, or \
                 damaged",
                first.chars().take(60).collect::<String>()
            ),
        ));
    }
    let Some(step) = value(lines, "the time step")? else {
        return Ok(None);
    };
    let step: u64 = step.trim().parse().map_err(|_| {
        Step::Bad(
            lines.line,
            format!("the time step `{step}` is not a whole number"),
        )
    })?;
    if expect(lines, "ITEM: NUMBER OF ATOMS")?.is_none() {
        return Ok(None);
    }
    let Some(n) = value(lines, "the number of atoms")? else {
        return Ok(None);
    };
    let atoms: usize = n.trim().parse().map_err(|_| {
        Step::Bad(
            lines.line,
            format!("the number of atoms `{n}` is not a whole number"),
        )
    })?;
    if expect(lines, "ITEM: BOX BOUNDS")?.is_none() {
        return Ok(None);
    }
    let mut bounds = [[0.0; 2]; 3];
    for b in &mut bounds {
        let Some(l) = value(lines, "a box bound")? else {
            return Ok(None);
        };
        let v: Vec<f64> = l
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if v.len() < 2 || !v.iter().all(|x| x.is_finite()) {
            return Err(Step::Bad(
                lines.line,
                format!("`{l}` is not a box bound `lo hi` (two numbers)"),
            ));
        }
        *b = [v[0], v[1]];
    }
    let Some(h) = expect(lines, "ITEM: ATOMS")? else {
        return Ok(None);
    };
    let cols = Columns::parse(&h).ok_or_else(|| {
        Step::Bad(
            lines.line,
            format!(
                "`{h}` has no positions: dump `xu yu zu`, `x y z` or `xs ys zs` (e.g. `dump 1 \
                 all custom 100 FILE id type xu yu zu`)"
            ),
        )
    })?;
    Ok(Some((step, atoms, bounds, cols)))
}

/// Indexes one frame: its step and atom count, skipping the atom lines without parsing them.
fn index_frame(lines: &mut Lines<'_>, _path: &Path) -> Result<Option<(u64, usize)>, Step> {
    let Some((step, atoms, _, _)) = read_header(lines)? else {
        return Ok(None);
    };
    if !lines.skip(atoms)? {
        return Ok(None);
    }
    Ok(Some((step, atoms)))
}

fn read_frame(lines: &mut Lines<'_>, _path: &Path, f: &mut Frame) -> Result<(), Step> {
    let Some((step, atoms, bounds, cols)) = read_header(lines)? else {
        return Err(Step::Bad(lines.line, "the frame ends early".into()));
    };
    f.step = step;
    f.box_bounds = bounds;
    f.ids.clear();
    f.types.clear();
    f.positions.clear();
    f.ids.reserve(atoms);
    f.types.reserve(atoms);
    f.positions.reserve(atoms);
    // The columns wanted: id, type, x, y, z (usize::MAX where absent).
    let want = [
        cols.id.unwrap_or(usize::MAX),
        cols.kind.unwrap_or(usize::MAX),
        cols.position[0],
        cols.position[1],
        cols.position[2],
    ];
    for k in 0..atoms {
        let line = lines.line + 1;
        let Some(l) = lines.next()? else {
            return Err(Step::Bad(line, "the frame ends early".into()));
        };
        let mut picked = [""; 5];
        let mut count = 0;
        for (c, field) in l.split_whitespace().enumerate() {
            for (slot, &w) in picked.iter_mut().zip(&want) {
                if w == c {
                    *slot = field;
                }
            }
            count += 1;
        }
        if count != cols.count {
            return Err(Step::Bad(
                line,
                format!(
                    "{count} columns where the ITEM: ATOMS line names {}",
                    cols.count
                ),
            ));
        }
        let bad = |what: &str, s: &str| Step::Bad(line, format!("{what} `{s}` is not a number"));
        let id = match cols.id {
            Some(_) => picked[0].parse().map_err(|_| bad("the id", picked[0]))?,
            None => k as u64 + 1,
        };
        let kind = match cols.kind {
            Some(_) => picked[1].parse().map_err(|_| bad("the type", picked[1]))?,
            None => 1,
        };
        let mut p = [0.0; 3];
        for a in 0..3 {
            let s = picked[2 + a];
            let x: f64 = s.parse().map_err(|_| bad("a position", s))?;
            if !x.is_finite() {
                return Err(bad("a position", s));
            }
            p[a] = if cols.scaled {
                bounds[a][0] + x * (bounds[a][1] - bounds[a][0])
            } else {
                x
            };
        }
        f.ids.push(id);
        f.types.push(kind);
        f.positions.push(p);
    }
    Ok(())
}

/// Writes frames in `dump custom` format (`id type xu yu zu`), each frame in one piece.
#[derive(Debug)]
pub struct DumpWriter {
    path: PathBuf,
    w: BufWriter<File>,
    text: String,
    types: Vec<u32>,
}

impl DumpWriter {
    /// Creates (or truncates) `path`.
    pub fn create(path: &Path) -> Result<Self, TrajectoryError> {
        let file = File::create(path).map_err(|e| io(path, e))?;
        Ok(Self {
            path: path.to_path_buf(),
            w: BufWriter::with_capacity(1 << 20, file),
            text: String::new(),
            types: Vec::new(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one frame: step, cubic box [0, L)³ of edge `box_length` [σ], and for atom k id
    /// k + 1, `types[k]` and unwrapped position `positions[k]` [σ]. The frame reaches the file
    /// whole before this returns.
    pub fn write_frame(
        &mut self,
        step: u64,
        box_length: f64,
        types: &[u32],
        positions: impl ExactSizeIterator<Item = [f64; 3]>,
    ) -> Result<(), TrajectoryError> {
        use std::fmt::Write as _;
        let l = number(box_length);
        self.text.clear();
        let _ = write!(
            self.text,
            "ITEM: TIMESTEP\n{step}\nITEM: NUMBER OF ATOMS\n{}\nITEM: BOX BOUNDS pp pp pp\n\
             0 {l}\n0 {l}\n0 {l}\nITEM: ATOMS id type xu yu zu\n",
            positions.len()
        );
        for (k, (p, t)) in positions.zip(types).enumerate() {
            let _ = writeln!(
                self.text,
                "{} {t} {} {} {}",
                k + 1,
                number(p[0]),
                number(p[1]),
                number(p[2])
            );
        }
        self.w
            .write_all(self.text.as_bytes())
            .and_then(|()| self.w.flush())
            .map_err(|e| io(&self.path, e))
    }

    /// Appends the current frame of `sim`: LAMMPS numbering (id = index + 1, type = multiscope
    /// type + 1, so 1 host and 2 nanoparticle, as `multiscope export` writes), unwrapped
    /// positions.
    pub fn write_simulation(&mut self, sim: &crate::md::Simulation) -> Result<(), TrajectoryError> {
        let b = sim.system.periodic_box;
        let st = &sim.state;
        let mut types = std::mem::take(&mut self.types);
        if types.len() != sim.system.types.len() {
            types = sim.system.types.iter().map(|t| t + 1).collect();
        }
        let result = self.write_frame(
            st.step,
            b.length(),
            &types,
            (0..st.positions.len()).map(|i| st.unwrapped(i, &b)),
        );
        self.types = types;
        result
    }
}
