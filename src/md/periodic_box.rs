//! The cubic periodic simulation box.

use serde::{Deserialize, Serialize};

/// A cubic box with periodic boundaries in x, y and z, spanning `[0, L)` in each direction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PeriodicBox {
    /// Edge length L [σ].
    length: f64,
}

impl PeriodicBox {
    /// A cubic box of edge `length` [σ]. Panics on a non-positive or non-finite length: callers
    /// validate user input before reaching here.
    pub fn new(length: f64) -> Self {
        assert!(
            length.is_finite() && length > 0.0,
            "box length must be positive, got {length}"
        );
        Self { length }
    }

    /// Edge length L [σ].
    pub fn length(&self) -> f64 {
        self.length
    }

    /// Volume V = L³ [σ³].
    pub fn volume(&self) -> f64 {
        self.length.powi(3)
    }

    /// Minimum-image separation vector a − b [σ], for points inside (or near) the box.
    #[inline(always)]
    pub fn minimum_image(&self, a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
        let l = self.length;
        let mut d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
        for c in &mut d {
            *c -= l * (*c / l).round();
        }
        d
    }

    /// Folds `x` back into `[0, L)` and returns how many box lengths were removed per axis
    /// (the change to the atom's image counter).
    #[inline(always)]
    pub fn wrap(&self, x: &mut [f64; 3]) -> [i32; 3] {
        let l = self.length;
        let mut shift = [0i32; 3];
        for (c, s) in x.iter_mut().zip(shift.iter_mut()) {
            if *c >= l || *c < 0.0 {
                let n = (*c / l).floor();
                *c -= n * l;
                if *c >= l {
                    // Round-off can leave c == l after subtracting; fold it to 0.
                    *c = 0.0;
                }
                *s = n as i32;
            }
        }
        shift
    }

    /// Unwrapped position x + n·L [σ] of a wrapped position `x` with image counter `image`.
    #[inline(always)]
    pub fn unwrap(&self, x: [f64; 3], image: [i32; 3]) -> [f64; 3] {
        let l = self.length;
        [
            x[0] + f64::from(image[0]) * l,
            x[1] + f64::from(image[1]) * l,
            x[2] + f64::from(image[2]) * l,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_and_unwrap_round_trip() {
        let b = PeriodicBox::new(10.0);
        let original = [12.5, -0.5, 35.0];
        let mut x = original;
        let image = b.wrap(&mut x);
        assert!(x.iter().all(|&c| (0.0..10.0).contains(&c)));
        assert_eq!(image, [1, -1, 3]);
        let u = b.unwrap(x, image);
        for k in 0..3 {
            assert!((u[k] - original[k]).abs() < 1e-12);
        }
    }

    #[test]
    fn minimum_image_is_shortest() {
        let b = PeriodicBox::new(10.0);
        let d = b.minimum_image([0.5, 9.5, 5.0], [9.5, 0.5, 0.0]);
        assert!((d[0] - 1.0).abs() < 1e-12);
        assert!((d[1] + 1.0).abs() < 1e-12);
        assert!((d[2].abs() - 5.0).abs() < 1e-12);
    }
}
