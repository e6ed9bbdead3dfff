//! Lists in compressed-row form (an offsets array and one array of entries), as the per-atom
//! Verlet list and the cluster-pair lists hold them. Their builds and the prune run in parallel
//! parts, and their force passes run one range of rows per thread: this joins the parts' rows in
//! order and cuts the rows into balanced ranges.

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

/// Cuts rows `0..rows` of a list (offsets `offsets`, `entries` entries in all) into `parts`
/// contiguous ranges of about the same number of entries: part t is `bounds[t]..bounds[t + 1]`.
pub(super) fn balanced_ranges(
    offsets: &[u32],
    entries: usize,
    rows: usize,
    parts: usize,
) -> Vec<usize> {
    let total = entries as u64;
    let mut bounds = vec![0usize; parts + 1];
    for (t, bound) in bounds.iter_mut().enumerate().take(parts).skip(1) {
        let target = (total * t as u64 / parts as u64) as u32;
        *bound = offsets.partition_point(|&o| o < target).min(rows);
    }
    bounds[parts] = rows;
    bounds
}

/// Groups items `0..keys.len()` by their keys (`keys[i] < buckets`) with a counting sort: returns
/// the offsets of each key's items and the items, key by key, each key's in ascending order.
pub(super) fn group_by_key(keys: &[u32], buckets: usize) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; buckets + 1];
    for &c in keys {
        start[c as usize + 1] += 1;
    }
    for k in 0..buckets {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut items = vec![0u32; keys.len()];
    for (i, &c) in keys.iter().enumerate() {
        items[fill[c as usize] as usize] = i as u32;
        fill[c as usize] += 1;
    }
    (start, items)
}
