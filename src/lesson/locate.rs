//! Line and column of a value inside RON text, by its path (`steps[2].check.test`): a small
//! scanner that skips strings and comments and follows brackets, so that a problem found after
//! parsing can still point at the place in the file.

/// A token that matters for structure.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Open,
    Close,
    Comma,
    Colon,
    Ident(String),
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// Byte offset.
    at: usize,
    /// Bracket depth of the token (an opening bracket has the depth outside it).
    depth: usize,
}

fn scan(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let push = |out: &mut Vec<Token>, kind, at, depth| out.push(Token { kind, at, depth });
    while i < b.len() {
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut nest = 1;
                i += 2;
                while i < b.len() && nest > 0 {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        nest += 1;
                        i += 1;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        nest -= 1;
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'"' => {
                push(&mut out, Kind::Other, i, depth);
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"') | Some(b'#')) => {
                // Raw string r#"…"#.
                let start = i;
                i += 1;
                let mut hashes = 0;
                while b.get(i) == Some(&b'#') {
                    hashes += 1;
                    i += 1;
                }
                if b.get(i) == Some(&b'"') {
                    push(&mut out, Kind::Other, start, depth);
                    i += 1;
                    loop {
                        if i >= b.len() {
                            break;
                        }
                        if b[i] == b'"' && (1..=hashes).all(|k| b.get(i + k) == Some(&b'#')) {
                            i += 1 + hashes;
                            break;
                        }
                        i += 1;
                    }
                } else {
                    i = start + 1;
                    push(&mut out, Kind::Ident("r".into()), start, depth);
                }
            }
            b'(' | b'[' | b'{' => {
                push(&mut out, Kind::Open, i, depth);
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                push(&mut out, Kind::Close, i, depth);
                i += 1;
            }
            b',' => {
                push(&mut out, Kind::Comma, i, depth);
                i += 1;
            }
            b':' => {
                push(&mut out, Kind::Colon, i, depth);
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                push(&mut out, Kind::Ident(text[start..i].into()), start, depth);
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                push(&mut out, Kind::Other, i, depth);
                // Skip the rest of a multi-byte character or a number.
                i += 1;
                while i < b.len() && !b[i].is_ascii() {
                    i += 1;
                }
            }
        }
    }
    out
}

/// One step of a path.
enum Segment<'a> {
    Field(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            out.push(Segment::Field(name));
        }
        for idx in rest.split('[') {
            if let Some(n) = idx
                .trim_end_matches(']')
                .parse()
                .ok()
                .filter(|_| !idx.is_empty())
            {
                out.push(Segment::Index(n));
            }
        }
    }
    out
}

/// Index one past the last token of the value starting at token `i`.
fn value_end(t: &[Token], i: usize) -> usize {
    let mut j = i;
    // An identifier followed by a bracket (`Some(`, `LoadScene(`) is one value with it.
    if matches!(t[j].kind, Kind::Ident(_)) && t.get(j + 1).is_some_and(|n| n.kind == Kind::Open) {
        j += 1;
    }
    if t[j].kind != Kind::Open {
        return j + 1;
    }
    let depth = t[j].depth;
    j += 1;
    while j < t.len() && !(t[j].kind == Kind::Close && t[j].depth == depth) {
        j += 1;
    }
    (j + 1).min(t.len())
}

/// Token of `name:` inside the value at `i` (the shallowest, then the first).
fn field(t: &[Token], i: usize, name: &str) -> Option<usize> {
    let end = value_end(t, i);
    (i..end.saturating_sub(1))
        .filter(|&j| {
            t[j].kind == Kind::Ident(name.into())
                && t.get(j + 1).is_some_and(|n| n.kind == Kind::Colon)
        })
        .min_by_key(|&j| t[j].depth)
}

/// Token starting element `k` of the first list (or tuple) inside the value at `i`.
fn element(t: &[Token], i: usize, k: usize) -> Option<usize> {
    let end = value_end(t, i);
    let open = (i..end)
        .filter(|&j| t[j].kind == Kind::Open)
        .min_by_key(|&j| t[j].depth)?;
    // A list written inside `Some(…)` or a variant: take the innermost single wrapper's list.
    let inner = t[open].depth + 1;
    let mut n = 0;
    let mut j = open + 1;
    let mut start = j;
    while j < end {
        match t[j].kind {
            Kind::Close if t[j].depth == t[open].depth => break,
            Kind::Comma if t[j].depth == inner => {
                if n == k {
                    return Some(start);
                }
                n += 1;
                start = j + 1;
            }
            _ => {}
        }
        j += 1;
    }
    (n == k && start < j).then_some(start)
}

/// Line and column (1-based) of the value at `path` in `text` (e.g. `steps[1].actions[0]`);
/// the deepest part of the path that was found, or 1:1.
pub fn locate(text: &str, path: &str) -> (usize, usize) {
    let t = scan(text);
    let mut at = None;
    if let Some(first) = t.iter().position(|x| x.kind == Kind::Open) {
        let mut cur = first;
        for seg in segments(path) {
            let found = match seg {
                Segment::Field(name) => field(&t, cur, name).map(|j| (j, j + 2)),
                Segment::Index(k) => element(&t, cur, k).map(|j| (j, j)),
            };
            match found {
                Some((show, next)) if next < t.len() => {
                    at = Some(t[show].at);
                    cur = next;
                }
                Some((show, _)) => {
                    at = Some(t[show].at);
                    break;
                }
                None => break,
            }
        }
    }
    line_column(text, at.unwrap_or(0))
}

/// Line and column (1-based, columns in characters) of byte offset `at`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |k| k + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::locate;

    const TEXT: &str = "// c: (\n(\n  title: \"a: (b\",\n  steps: [\n    (id: \"x\", actions: [Hold]),\n    (\n      id: \"y\",\n      actions: [Play, Epsilon(2.0)],\n      check: Some((test: Range(quantity: Zeta))),\n    ),\n  ],\n)\n";

    #[test]
    fn paths_find_their_values_past_strings_and_comments() {
        assert_eq!(locate(TEXT, "title"), (3, 3));
        assert_eq!(locate(TEXT, "steps[0]"), (5, 5));
        assert_eq!(locate(TEXT, "steps[0].actions[0]"), (5, 25));
        assert_eq!(locate(TEXT, "steps[1].id"), (7, 7));
        assert_eq!(locate(TEXT, "steps[1].actions[1]"), (8, 23));
        assert_eq!(locate(TEXT, "steps[1].check.test"), (9, 20));
        assert_eq!(locate(TEXT, "steps[1].check.test.quantity"), (9, 32));
    }

    #[test]
    fn a_missing_part_points_at_the_deepest_one_found() {
        assert_eq!(locate(TEXT, "steps[1].nothing"), (6, 5));
        assert_eq!(locate(TEXT, "steps[7]"), (4, 3));
        assert_eq!(locate(TEXT, "nothing"), (1, 1));
    }
}
