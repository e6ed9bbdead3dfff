//! The vocabulary the kernels and the pair-list host side ([`crate::md::pair_list`]) share: the
//! cluster size, a packed cluster pair (j-cluster index and periodic shift), the mark of a cluster
//! of two or more atom types, and what a kernel range gives back (energy and virial, a pruned
//! list). It lives under the kernels and depends on nothing else in the crate, so the host side
//! depends on the kernels one way only.

/// Atoms per cluster.
pub const M: usize = 4;

/// Index of the zero shift among the 27 shift vectors (s_x, s_y, s_z) ∈ {−1, 0, 1}³.
pub(in crate::md) const NO_SHIFT: u32 = 13;

/// Bits of a packed pair that hold the shift index.
const SHIFT_BITS: u32 = 5;

/// Cluster type of a cluster whose real atoms are of two or more types (each lane of such a
/// cluster pair then takes its own type pair's coefficients).
pub(in crate::md) const TWO_TYPES: u32 = u32::MAX;

/// The index of shift vector `s` ∈ {−1, 0, 1}³ (in units of the box edge).
pub(in crate::md) fn shift_index(s: [i32; 3]) -> u32 {
    ((s[0] + 1) + 3 * (s[1] + 1) + 9 * (s[2] + 1)) as u32
}

/// The shift vector of shift index `index`, in units of the box edge.
pub(in crate::md) fn shift_of(index: u32) -> [f64; 3] {
    let i = index as i32;
    [
        (i % 3 - 1) as f64,
        ((i / 3) % 3 - 1) as f64,
        (i / 9 - 1) as f64,
    ]
}

/// A cluster pair as the list stores it: j-cluster `cj` << [`SHIFT_BITS`] | shift index `shift`.
#[inline(always)]
pub(in crate::md) fn pack(cj: usize, shift: u32) -> u32 {
    (cj as u32) << SHIFT_BITS | shift
}

/// The j-cluster and the shift index of a packed cluster pair ([`pack`]).
#[inline(always)]
pub(in crate::md) fn unpack(packed: u32) -> (usize, u32) {
    (
        (packed >> SHIFT_BITS) as usize,
        packed & ((1 << SHIFT_BITS) - 1),
    )
}

/// Energy and virial of the pair forces (filled only when requested).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairSums {
    /// Potential energy Σ u(r_ij) [ε_LJ].
    pub energy: f64,
    /// Virial tensor Σ r_ij,a f_ij,b in the order xx, yy, zz, xy, xz, yz [ε_LJ].
    pub virial: [f64; 6],
}

impl PairSums {
    /// The sum of two parts.
    pub(in crate::md) fn add(mut self, o: PairSums) -> PairSums {
        self.energy += o.energy;
        for k in 0..6 {
            self.virial[k] += o.virial[k];
        }
        self
    }
}

/// The inner list of one thread's range of i-clusters, written while pruning.
#[derive(Debug, Clone, Default)]
pub(in crate::md) struct PruneOut {
    /// Kept j-clusters of each i-cluster of the range.
    pub counts: Vec<u32>,
    /// The kept packed pairs, in list order.
    pub kept: Vec<u32>,
}
