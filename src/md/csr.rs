//! Lists in compressed-row form (an offsets array and one array of entries), as the per-atom
//! Verlet list and the cluster-pair lists hold them. Their builds and the prune run in parallel
//! parts; this joins the parts' rows in order.

/// Replaces `offsets` and `entries` by the rows of `parts`, in order: each part gives the number
/// of entries of each of its rows and the rows' entries one after the other. `rows` (the total
/// number of rows) only reserves room.
pub(super) fn concat<'a>(
    offsets: &mut Vec<u32>,
    entries: &mut Vec<u32>,
    rows: usize,
    parts: impl IntoIterator<Item = (&'a [u32], &'a [u32])>,
) {
    offsets.clear();
    offsets.reserve(rows + 1);
    offsets.push(0);
    entries.clear();
    let mut total = 0u32;
    for (counts, list) in parts {
        for &c in counts {
            total += c;
            offsets.push(total);
        }
        entries.extend_from_slice(list);
    }
}
