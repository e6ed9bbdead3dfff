//! The one way numbers are written as text: CSV files, JSON-free reports and error messages that
//! echo a user's value.

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

#[cfg(test)]
mod tests {
    use super::{number, row};

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
