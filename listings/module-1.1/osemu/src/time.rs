//! Time in fractions of a tick, counted exactly.
//!
//! `scheduler.py` reads its run times with Python's `float()`, so `-l 2.5,1.5,4` is a homework it
//! answers. A scheduler simulator keeps asking questions that rounding can get wrong (does this job
//! end before that one? is the quantum used up?), and binary floating point cannot even hold 0.1
//! exactly. So `osemu` counts time in whole *units*: a unit is a tick when every time of the
//! workload is whole, and otherwise the coarsest decimal fraction of a tick in which every time is
//! whole (a tenth for 2.5, a hundredth for 0.25). That is fixed-point arithmetic with the point
//! chosen per workload. The engine only ever sees integers; a [`TimeScale`] turns ticks into units
//! when a workload is read, and units back into ticks when a result is printed.
//!
//! This is exact because every policy of the event-driven engine commutes with scaling: multiply
//! every time of a workload (and the quantum) by the same factor, and every time of the schedule
//! is multiplied by that factor. `tests/properties.rs` checks that on random workloads. MLFQ is not
//! scaled: it is simulated tick by tick, and `mlfq.py` itself accepts only whole numbers.

use serde::{Serialize, Serializer};
use std::fmt;

/// A number as it was written in decimal: `digits` times 10 to the power `-places`, with a sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    /// The digits without the point: 25 for 2.5.
    pub digits: u64,
    /// How many of the digits come after the point, trailing zeros dropped: 1 for 2.5 and 2.50,
    /// 0 for 4 and 4.0.
    pub places: u32,
}

impl Decimal {
    /// Reads `2.5`, `.5`, `4.`, `+3` or `-1.25` (surrounding spaces allowed, as `float()` allows
    /// them). Exponents, `inf` and `nan` are refused: no homework needs them, and they have no
    /// exact decimal value to count in. The error says what is wrong, for the caller's message.
    pub fn parse(text: &str) -> Result<Decimal, &'static str> {
        const NOT_A_NUMBER: &str = "is not a number (write times in decimal, such as 2.5)";
        let text = text.trim();
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction)
        {
            return Err(NOT_A_NUMBER);
        }
        let fraction = fraction.trim_end_matches('0');
        let places = u32::try_from(fraction.len()).map_err(|_| "has too many decimal places")?;
        let mut digits = 0u64;
        for byte in whole.bytes().chain(fraction.bytes()) {
            digits = digits
                .checked_mul(10)
                .and_then(|d| d.checked_add(u64::from(byte - b'0')))
                .ok_or("is too large")?;
        }
        Ok(Decimal {
            negative: negative && digits != 0,
            digits,
            places,
        })
    }

    pub fn is_zero(&self) -> bool {
        self.digits == 0
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str(&format_fixed(self.digits, self.places))
    }
}

/// `digits` with a point inserted `places` digits from the right: (25, 1) is "2.5", (5, 2) is
/// "0.05", (4, 0) is "4".
fn format_fixed(digits: u64, places: u32) -> String {
    let text = digits.to_string();
    let places = places as usize;
    if places == 0 {
        return text;
    }
    let padded = format!("{text:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    format!("{whole}.{fraction}")
}

/// How many units make a tick: 10 to the power of the number of decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeScale {
    places: u32,
}

impl TimeScale {
    /// Whole ticks: one unit is one tick.
    pub const TICKS: TimeScale = TimeScale { places: 0 };

    /// The finest unit accepted, a millionth of a tick. Finer units would shrink the longest
    /// schedule that fits in 64 bits below anything useful.
    pub const MAX_PLACES: u32 = 6;

    /// The coarsest unit in which every one of `values` is a whole number. Fails, naming the
    /// value, when one has more than [`Self::MAX_PLACES`] decimal places.
    pub fn fitting<'a>(
        values: impl IntoIterator<Item = &'a Decimal>,
    ) -> Result<TimeScale, &'a Decimal> {
        let mut places = 0;
        for value in values {
            if value.places > Self::MAX_PLACES {
                return Err(value);
            }
            places = places.max(value.places);
        }
        Ok(TimeScale { places })
    }

    pub fn places(self) -> u32 {
        self.places
    }

    pub fn units_per_tick(self) -> u64 {
        10u64.pow(self.places)
    }

    pub fn is_whole_ticks(self) -> bool {
        self.places == 0
    }

    /// A non-negative `value` in units (the sign is the caller's to check); `None` if it does not
    /// fit in 64 bits.
    pub fn units(self, value: Decimal) -> Option<u64> {
        let shift = self.places.checked_sub(value.places)?;
        value.digits.checked_mul(10u64.checked_pow(shift)?)
    }

    /// A whole number of ticks in units; `None` if it does not fit in 64 bits.
    pub fn from_ticks(self, ticks: u64) -> Option<u64> {
        ticks.checked_mul(self.units_per_tick())
    }

    /// `units` in ticks with this scale's number of decimal places: "2.5" and "4.0" in tenths,
    /// "4" in ticks. Used where times line up in columns.
    pub fn format(self, units: u64) -> String {
        format_fixed(units, self.places)
    }

    /// `units` in ticks with no trailing zeros: "2.5" and "4" in tenths. Used for labels.
    pub fn format_short(self, units: u64) -> String {
        let text = self.format(units);
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    }

    /// `units` in ticks as a float, for averages and JSON.
    pub fn to_ticks(self, units: u64) -> f64 {
        // Both conversions are exact below 2^53, and the division is then correctly rounded: 25
        // tenths become the double nearest to 2.5.
        units as f64 / self.units_per_tick() as f64
    }

    /// A time to put in a report: serialized as an integer in whole ticks, as a number with a
    /// fraction otherwise.
    pub fn ticks(self, units: u64) -> Ticks {
        Ticks { units, scale: self }
    }
}

/// A time in a JSON report. A whole-tick workload keeps integers (`30`); a workload with fractions
/// gets every time as a number with a fraction (`2.5`, `4.0`), so that a reader of the document
/// sees one type per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticks {
    units: u64,
    scale: TimeScale,
}

impl Serialize for Ticks {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.scale.is_whole_ticks() {
            serializer.serialize_u64(self.units)
        } else {
            serializer.serialize_f64(self.scale.to_ticks(self.units))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal(text: &str) -> Decimal {
        Decimal::parse(text).expect(text)
    }

    #[test]
    fn decimals_are_read_exactly_with_trailing_zeros_dropped() {
        let cases = [
            ("2.5", 25, 1),
            ("2.50", 25, 1),
            ("4", 4, 0),
            ("4.0", 4, 0),
            (".25", 25, 2),
            ("7.", 7, 0),
            (" 0.001 ", 1, 3),
        ];
        for (text, digits, places) in cases {
            let value = decimal(text);
            assert_eq!((value.digits, value.places), (digits, places), "{text}");
            assert!(!value.negative, "{text}");
        }
        assert!(decimal("-1.5").negative);
        assert!(!decimal("-0.0").negative, "zero has no sign");
        assert_eq!(decimal("-1.50").to_string(), "-1.5");
    }

    #[test]
    fn what_is_not_a_decimal_is_refused() {
        for text in [
            "", ".", "-", "1e3", "inf", "nan", "1.2.3", "1,5", "0x10", "--1",
        ] {
            assert!(Decimal::parse(text).is_err(), "{text}");
        }
        assert_eq!(Decimal::parse("123456789012345678901"), Err("is too large"));
    }

    // 2.5, 1.5 and 4 are whole in tenths: 25, 15 and 40 units. 0.25 needs hundredths.
    #[test]
    fn the_scale_is_the_coarsest_that_makes_every_time_whole() {
        let values = [decimal("2.5"), decimal("1.5"), decimal("4")];
        let scale = TimeScale::fitting(&values).expect("few places");
        assert_eq!(scale.units_per_tick(), 10);
        let units: Vec<Option<u64>> = values.iter().map(|&v| scale.units(v)).collect();
        assert_eq!(units, [Some(25), Some(15), Some(40)]);
        assert_eq!(scale.from_ticks(3), Some(30));
        let finer = TimeScale::fitting(&[decimal("0.25"), decimal("1.5")]).expect("few places");
        assert_eq!(finer.units(decimal("1.5")), Some(150));
        assert_eq!(TimeScale::fitting(&[decimal("3")]), Ok(TimeScale::TICKS));
        let too_fine = [decimal("0.0000001")];
        assert_eq!(TimeScale::fitting(&too_fine), Err(&too_fine[0]));
        assert_eq!(TimeScale::TICKS.from_ticks(u64::MAX), Some(u64::MAX));
        assert_eq!(finer.from_ticks(u64::MAX), None);
    }

    #[test]
    fn units_print_back_as_ticks() {
        let tenths = TimeScale::fitting(&[decimal("0.5")]).expect("few places");
        assert_eq!(tenths.format(25), "2.5");
        assert_eq!(tenths.format(40), "4.0");
        assert_eq!(tenths.format(5), "0.5");
        assert_eq!(tenths.format_short(40), "4");
        assert_eq!(tenths.format_short(25), "2.5");
        assert_eq!(TimeScale::TICKS.format(40), "40");
        assert_eq!(TimeScale::TICKS.format_short(40), "40");
        let thousandths = TimeScale::fitting(&[decimal("0.125")]).expect("few places");
        assert_eq!(thousandths.format(5), "0.005");
        assert_eq!(thousandths.format_short(1500), "1.5");
        assert_eq!(tenths.to_ticks(25), 2.5);
    }

    #[test]
    fn reports_keep_integers_for_whole_ticks() {
        let tenths = TimeScale::fitting(&[decimal("0.5")]).expect("few places");
        let json = serde_json::json!({
            "whole": TimeScale::TICKS.ticks(30),
            "half": tenths.ticks(25),
            "four": tenths.ticks(40),
        });
        assert_eq!(json.to_string(), r#"{"four":4.0,"half":2.5,"whole":30}"#);
    }
}
