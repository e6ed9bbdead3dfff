//! The one way numbers are written as text: [`number`] and [`row`] for files that are read back
//! (CSV, error messages that echo a user's value), [`estimate`] and [`significant`] for a reader
//! (the command line, the app's panels, the report, the lessons), with [`MISSING`] and
//! [`NO_ERROR_BAR`] for what is not known.

/// Shortest text that reads back bit-identically with `str::parse::<f64>`: plain for
/// 1e-4 ≤ |x| < 1e6 and for ±0 (`0.25`, `-3`, `0`), exponent form otherwise (`6e-245`,
/// `1.5e300`), and `NaN`, `inf`, `-inf` for the non-finite values.
///
/// Plain notation for a tiny or huge value would be hundreds of characters of zeros (a density of
/// 6e-245 written positionally is 250 characters long); the exponent keeps every number short.
pub fn number(x: f64) -> String {
    let a = x.abs();
    if x == 0.0 || (1e-4..1e6).contains(&a) || !x.is_finite() {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// One CSV row: the values written with [`number`], separated by commas, without a line end.
pub fn row(values: &[f64]) -> String {
    let mut line = String::with_capacity(values.len() * 12);
    for (k, &x) in values.iter().enumerate() {
        if k > 0 {
            line.push(',');
        }
        line.push_str(&number(x));
    }
    line
}

/// How a value without a number is written wherever a value is shown: not measured yet, or not
/// finite.
pub const MISSING: &str = "—";

/// How a value whose standard error is not known (yet) is marked after it: `0.0331 ± ?`.
pub const NO_ERROR_BAR: &str = "± ?";

/// A value to `digits` significant digits for a reader (not for reading back: see [`number`]):
/// plain for 1e-3 ≤ |x| < 1e5 (`0.03312`, `1234`), exponent form otherwise (`3.312e-5`), `0` for
/// zero and [`MISSING`] for a value that is not finite.
pub fn significant(x: f64, digits: usize) -> String {
    let digits = digits.max(1);
    if !x.is_finite() {
        return MISSING.into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if (1e-3..1e5).contains(&a) {
        let decimals = (digits as i32 - 1 - a.log10().floor() as i32).max(0) as usize;
        format!("{x:.decimals$}")
    } else {
        format!("{x:.*e}", digits - 1)
    }
}

/// The one way a measured value is written with its standard error: the error to two significant
/// digits and the value to the same decimal place (`0.0331 ± 0.0012`, `-2.5 ± 1.3`); one shared
/// exponent where the value is below 1e-3 or from 1e5 up (`(3.31 ± 0.12)e-5`). An exact value
/// (sem 0) is written alone to six significant digits, trailing zeros dropped; a value whose error is unknown (sem NaN or
/// infinite) to four, followed by [`NO_ERROR_BAR`]; a value that is not finite as [`MISSING`].
pub fn estimate(mean: f64, sem: f64) -> String {
    if !mean.is_finite() {
        return MISSING.into();
    }
    if sem == 0.0 {
        let text = significant(mean, 6);
        return if text.contains('.') && !text.contains('e') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        };
    }
    if !sem.is_finite() {
        return format!("{} {NO_ERROR_BAR}", significant(mean, 4));
    }
    let sem = sem.abs();
    let scale = mean.abs().max(sem);
    let exponent = if (1e-3..1e5).contains(&scale) {
        0
    } else {
        scale.log10().floor() as i32
    };
    let (m, s) = (mean / 10f64.powi(exponent), sem / 10f64.powi(exponent));
    // The decimal place of the error's second significant digit, at least the units.
    let decimals = (1 - s.log10().floor() as i32).max(0) as usize;
    let pair = format!("{m:.decimals$} ± {s:.decimals$}");
    if exponent == 0 {
        pair
    } else {
        format!("({pair})e{exponent}")
    }
}

/// [`estimate`] of an optional value: [`MISSING`] when there is none.
pub fn maybe_estimate(value: Option<(f64, f64)>) -> String {
    value.map_or_else(|| MISSING.into(), |(mean, sem)| estimate(mean, sem))
}

#[cfg(test)]
mod tests {
    use crate::format::{number, row};

    #[test]
    fn an_estimate_shows_the_error_to_two_digits_and_the_value_to_the_same_place() {
        use crate::format::estimate;
        assert_eq!(estimate(0.033123, 0.00123), "0.0331 ± 0.0012");
        assert_eq!(estimate(-2.5123, 1.31), "-2.5 ± 1.3");
        assert_eq!(estimate(712.4, 23.0), "712 ± 23");
        assert_eq!(estimate(3.31e-5, 1.2e-6), "(3.31 ± 0.12)e-5");
        assert_eq!(estimate(1.234e6, 5.0e4), "(1.234 ± 0.050)e6");
        assert_eq!(estimate(0.722, 0.0), "0.722");
        assert_eq!(estimate(0.1 + 0.2, 0.0), "0.3");
        assert_eq!(estimate(0.0331, f64::NAN), "0.03310 ± ?");
        assert_eq!(estimate(f64::NAN, 0.1), "—");
        assert_eq!(crate::format::maybe_estimate(None), "—");
    }

    #[test]
    fn significant_digits_for_a_reader() {
        use crate::format::significant;
        assert_eq!(significant(0.033123, 4), "0.03312");
        assert_eq!(significant(1234.5, 4), "1234");
        assert_eq!(significant(3.3123e-5, 4), "3.312e-5");
        assert_eq!(significant(0.0, 4), "0");
        assert_eq!(significant(f64::INFINITY, 4), "—");
    }

    #[test]
    fn a_row_joins_numbers_with_commas() {
        assert_eq!(row(&[1.0, 6e-245, f64::NAN]), "1,6e-245,NaN");
        assert_eq!(row(&[]), "");
    }

    use proptest::prelude::*;

    #[test]
    fn tiny_and_huge_values_use_an_exponent() {
        assert_eq!(number(6e-245), "6e-245");
        assert_eq!(number(1.5e300), "1.5e300");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(-7.1e12), "-7.1e12");
        assert_eq!(number(4.841394613410456e-34), "4.841394613410456e-34");
        assert_eq!(number(f64::MIN_POSITIVE / 4.0), "5.562684646268003e-309");
        assert_eq!(number(f64::MAX), "1.7976931348623157e308");
    }

    #[test]
    fn ordinary_values_are_plain() {
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(1e-4), "0.0001");
        assert_eq!(number(999999.5), "999999.5");
        assert_eq!(number(1e6), "1e6");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "-0");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn non_finite_values_are_spelled_out() {
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(f64::INFINITY), "inf");
        assert_eq!(number(f64::NEG_INFINITY), "-inf");
        assert!(number(f64::NAN).parse::<f64>().unwrap().is_nan());
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20260),
            ..ProptestConfig::default()
        })]

        #[test]
        fn every_finite_number_reads_back_bit_identically(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(!x.is_nan());
            let text = number(x);
            prop_assert_eq!(text.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{}", text);
            prop_assert!(text.len() <= 24, "{} is {} characters", text, text.len());
        }

        #[test]
        fn ordinary_magnitudes_read_back(x in -1e7f64..1e7) {
            let text = number(x);
            prop_assert_eq!(text.parse::<f64>().unwrap().to_bits(), x.to_bits());
        }
    }
}
