//! Timestamps of the Common Log Format (`25/Nov/2026:14:03:59 +0100`) turned into UTC hours.
//!
//! A log written by servers in several time zones, or across a daylight-saving change, only adds
//! up per hour if every line is first moved to one zone; `dataproc` uses UTC and names an hour
//! `2026-11-25T14`. The calendar arithmetic is Howard Hinnant's `days_from_civil`, which is exact
//! for the proleptic Gregorian calendar and needs no time-zone database.

/// Hours since 1970-01-01T00 UTC. An integer is cheap to hash and to compare; it becomes text
/// only when the report is printed.
pub type HourKey = i64;

const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

// ANCHOR: parse_clf_hour
/// Parses `dd/Mon/yyyy:HH:MM:SS +hhmm` (exactly that shape) and returns its hour in UTC, or
/// `None` for anything that is not a real instant: 31 April, hour 24, offset +2400.
pub fn parse_clf_hour(stamp: &[u8]) -> Option<HourKey> {
    let s: &[u8; 26] = stamp.try_into().ok()?;
    let fixed = [
        (2, b'/'),
        (6, b'/'),
        (11, b':'),
        (14, b':'),
        (17, b':'),
        (20, b' '),
    ];
    if fixed.iter().any(|&(at, byte)| s[at] != byte) {
        return None;
    }
    let day = digits(&s[0..2])?;
    let month = MONTHS.iter().position(|m| m[..] == s[3..6])? as i64 + 1;
    let year = digits(&s[7..11])?;
    let (hour, minute, second) = (
        digits(&s[12..14])?,
        digits(&s[15..17])?,
        digits(&s[18..20])?,
    );
    let sign = match s[21] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (off_hours, off_minutes) = (digits(&s[22..24])?, digits(&s[24..26])?);
    if day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if off_hours > 23 || off_minutes > 59 {
        return None;
    }
    // A leap second (:60) belongs to the minute it ends, not to the next hour.
    let local =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59);
    let utc = local - sign * (off_hours * 3600 + off_minutes * 60);
    Some(utc.div_euclid(3600))
}
// ANCHOR_END: parse_clf_hour

/// `2026-11-25T14` for the hour that starts at 2026-11-25 14:00:00 UTC.
pub fn format_hour(key: HourKey) -> String {
    let (year, month, day) = civil_from_days(key.div_euclid(24));
    format!("{year:04}-{month:02}-{day:02}T{:02}", key.rem_euclid(24))
}

/// Seconds since the Unix epoch to the CLF form in the given offset (in minutes east of UTC).
pub fn format_clf(unix_seconds: i64, offset_minutes: i64) -> String {
    let local = unix_seconds + offset_minutes * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let in_day = local.rem_euclid(86_400);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.abs();
    format!(
        "{day:02}/{}/{year:04}:{:02}:{:02}:{:02} {sign}{:02}{:02}",
        std::str::from_utf8(MONTHS[(month - 1) as usize]).unwrap_or("Jan"),
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60,
        offset / 60,
        offset % 60
    )
}

fn digits(bytes: &[u8]) -> Option<i64> {
    bytes.iter().try_fold(0i64, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12; // March is 0, so February's leap day comes last
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(format_hour(0), "1970-01-01T00");
        assert_eq!(format_hour(-1), "1969-12-31T23");
    }

    #[test]
    fn civil_round_trip_over_four_centuries() {
        for days in (-200_000..200_000).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn format_clf_is_parsed_back() {
        for (seconds, offset) in [
            (1_795_000_000, 0),
            (1_795_000_000, -300),
            (1_795_000_000, 330),
            (0, 60),
        ] {
            let text = format_clf(seconds, offset);
            assert_eq!(
                parse_clf_hour(text.as_bytes()),
                Some(seconds.div_euclid(3600)),
                "{text}"
            );
        }
    }
}
