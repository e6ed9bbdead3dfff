//! `TransitionCounter`: committed transitions between the two wells of a double well, counted on a
//! trajectory x(t) one sample at a time (transition-based counting with two stable-state regions).

use serde::{Deserialize, Serialize};

use super::estimate::Estimate;

/// One of the two wells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Well {
    /// The well at the smaller coordinate.
    Left,
    /// The well at the larger coordinate.
    Right,
}

/// Transition counts and rates of a [`TransitionCounter`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransitionRates {
    /// Completed transitions left → right.
    pub left_to_right: u64,
    /// Completed transitions right → left.
    pub right_to_left: u64,
    /// Time committed to the left well [τ]: from the first visit of its bottom region (or of the
    /// left one after a transition) until the right region is reached.
    pub time_left: f64,
    /// Time committed to the right well [τ].
    pub time_right: f64,
    /// Total time observed [τ] (including any time before the first region was reached).
    pub total_time: f64,
    /// One-way rate k_LR = n_LR / time_left [1/τ], standard error k/√n (Poisson). This is the
    /// rate comparable with the Fokker–Planck flux over population, the Smoluchowski 1/MFPT and
    /// Kramers' formula (`coarse::rates`).
    pub k_left_to_right: Estimate,
    /// One-way rate k_RL = n_RL / time_right [1/τ], standard error k/√n.
    pub k_right_to_left: Estimate,
    /// Transition frequency (n_LR + n_RL)/total_time [1/τ], standard error ν/√n: transitions of
    /// either direction per unit time, k_LR p_L + k_RL p_R, equal to the one-way rate only for a
    /// symmetric well.
    pub frequency: Estimate,
}

/// Counts transitions between two wells only when the particle, having left one well's bottom
/// region, reaches the other well's bottom region: |x − x_L| ≤ r or |x − x_R| ≤ r, r the commit
/// radius. Recrossings of the barrier top that fall back into the same well are not transitions.
///
/// Rates: the waiting time in a well before a committed transition is a renewal time, close to
/// exponential when the barrier is high, so the count n in committed time T is Poisson and
/// k = n/T has relative standard error 1/√n. The time committed to a well runs from the first
/// sample in its region after the last transition (or the start) until the sample that completes
/// the next transition, so `1/k_LR` estimates the mean first-passage time from the left well's
/// region to the right well's region — the definition of the one-way rate k_LR of two-state
/// kinetics. With n = 0 the rate is 0 with the 1-event bound 1/T as its error.
///
/// Memory O(1), work O(1) per sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransitionCounter {
    x_left: f64,
    x_right: f64,
    radius: f64,
    dt: f64,
    state: Option<Well>,
    n_lr: u64,
    n_rl: u64,
    samples: u64,
    samples_left: u64,
    samples_right: u64,
}

impl TransitionCounter {
    /// Wells at `x_left` < `x_right` [σ], regions of radius `radius` [σ] (e.g. a quarter of the
    /// separation), samples every `dt` [τ].
    ///
    /// # Panics
    /// If the regions overlap or touch, `radius < 0` or `dt ≤ 0` (programming errors).
    pub fn new(x_left: f64, x_right: f64, radius: f64, dt: f64) -> Self {
        assert!(
            radius >= 0.0 && x_left + radius < x_right - radius,
            "TransitionCounter: the two regions must be disjoint"
        );
        assert!(
            dt > 0.0 && dt.is_finite(),
            "TransitionCounter: dt must be > 0"
        );
        Self {
            x_left,
            x_right,
            radius,
            dt,
            state: None,
            n_lr: 0,
            n_rl: 0,
            samples: 0,
            samples_left: 0,
            samples_right: 0,
        }
    }

    /// Regions of radius `fraction · (x_right − x_left)` around each well bottom.
    pub fn with_fraction(x_left: f64, x_right: f64, fraction: f64, dt: f64) -> Self {
        Self::new(x_left, x_right, fraction * (x_right - x_left), dt)
    }

    /// The region holding `x`, if any.
    pub fn region(&self, x: f64) -> Option<Well> {
        if (x - self.x_left).abs() <= self.radius {
            Some(Well::Left)
        } else if (x - self.x_right).abs() <= self.radius {
            Some(Well::Right)
        } else {
            None
        }
    }

    /// Adds the coordinate x [σ] at the next sample time; returns the transition it completed.
    #[inline]
    pub fn push(&mut self, x: f64) -> Option<Well> {
        self.samples += 1;
        let mut completed = None;
        if let Some(now) = self.region(x) {
            match (self.state, now) {
                (Some(Well::Left), Well::Right) => {
                    self.n_lr += 1;
                    completed = Some(Well::Right);
                }
                (Some(Well::Right), Well::Left) => {
                    self.n_rl += 1;
                    completed = Some(Well::Left);
                }
                _ => {}
            }
            if completed.is_some() {
                // The completing sample closes the interval committed to the old well.
                match now {
                    Well::Right => self.samples_left += 1,
                    Well::Left => self.samples_right += 1,
                }
                self.state = Some(now);
                return completed;
            }
            self.state = Some(now);
        }
        match self.state {
            Some(Well::Left) => self.samples_left += 1,
            Some(Well::Right) => self.samples_right += 1,
            None => {}
        }
        completed
    }

    /// The well the particle is committed to (the last region visited).
    pub fn committed(&self) -> Option<Well> {
        self.state
    }

    /// Completed transitions (both directions).
    pub fn transitions(&self) -> u64 {
        self.n_lr + self.n_rl
    }

    /// Forgets every sample.
    pub fn reset(&mut self) {
        *self = Self::new(self.x_left, self.x_right, self.radius, self.dt);
    }

    /// Counts and rates so far (cheap).
    pub fn rates(&self) -> TransitionRates {
        let time_left = self.samples_left as f64 * self.dt;
        let time_right = self.samples_right as f64 * self.dt;
        let total_time = self.samples as f64 * self.dt;
        TransitionRates {
            left_to_right: self.n_lr,
            right_to_left: self.n_rl,
            time_left,
            time_right,
            total_time,
            k_left_to_right: poisson_rate(self.n_lr, time_left),
            k_right_to_left: poisson_rate(self.n_rl, time_right),
            frequency: poisson_rate(self.n_lr + self.n_rl, total_time),
        }
    }
}

/// `n/T` with the Poisson standard error `√n/T` (`1/T` when n = 0; `NaN` when T = 0).
pub fn poisson_rate(n: u64, time: f64) -> Estimate {
    if time <= 0.0 {
        return Estimate::new(f64::NAN, f64::NAN);
    }
    let n = n as f64;
    Estimate::new(n / time, n.sqrt().max(1.0) / time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recrossings_of_the_barrier_do_not_count() {
        // Wells at ±1, regions of radius 0.25. The particle rattles across the barrier top many
        // times, falls back to the left well, then goes over to the right and back.
        let mut c = TransitionCounter::new(-1.0, 1.0, 0.25, 0.5);
        let mut path = vec![-1.0, -0.6, -0.1];
        for i in 0..50 {
            path.push(if i % 2 == 0 { 0.2 } else { -0.2 });
        }
        path.extend([-0.5, -0.9, -0.3, 0.4, 0.7, 0.8, 0.9, 0.3, -0.78]);
        let completed: Vec<Option<Well>> = path.iter().map(|&x| c.push(x)).collect();
        assert_eq!(c.transitions(), 2);
        assert_eq!(completed.iter().flatten().count(), 2);
        let r = c.rates();
        assert_eq!((r.left_to_right, r.right_to_left), (1, 1));
        // Committed left from sample 0 up to and including the one at 0.8 (index 58): 59
        // samples; right from 0.9 (59) to −0.78 (61): 3 samples.
        assert_eq!(r.time_left, 59.0 * 0.5);
        assert_eq!(r.time_right, 3.0 * 0.5);
        assert_eq!(r.total_time, path.len() as f64 * 0.5);
        // A naive counter of barrier (x = 0) crossings would have counted 52.
        let naive = path.windows(2).filter(|w| w[0] * w[1] < 0.0).count();
        assert_eq!(naive, 52);
    }

    #[test]
    fn poisson_errors() {
        let e = poisson_rate(100, 50.0);
        assert_eq!((e.mean, e.sem), (2.0, 0.2));
        assert_eq!(poisson_rate(0, 10.0).sem, 0.1);
    }
}
