//! Calendar rules for ages.
//!
//! A person born on `b` is at least `n` years old on `d` exactly when `b <= d - n years`,
//! where `d - n years` keeps the month and day of `d`. When `d` is 29 February and the year
//! `n` years earlier is a common year, `d - n years` is 28 February. So a person born on
//! 29 February reaches each new age on 1 March in common years, and on 29 February in leap
//! years.

use chrono::{Datelike, NaiveDate};

/// The latest birth date of someone who is at least `years` old on `on`, or `None` when that
/// date is before year -262143 (out of the calendar's range).
pub fn latest_birth_date_for_age(on: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = on.year().checked_sub(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, on.month(), on.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
}

/// Whether someone born on `birth` is at least `years` old on `on`.
pub fn age_at_least(birth: NaiveDate, on: NaiveDate, years: u32) -> bool {
    latest_birth_date_for_age(on, years).is_some_and(|t| birth <= t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn exact_birthday() {
        assert!(age_at_least(d("2008-12-03"), d("2026-12-03"), 18));
        assert!(!age_at_least(d("2008-12-04"), d("2026-12-03"), 18));
    }

    #[test]
    fn leap_day_births() {
        // Common year: the birthday falls on 1 March.
        assert!(!age_at_least(d("2008-02-29"), d("2026-02-28"), 18));
        assert!(age_at_least(d("2008-02-29"), d("2026-03-01"), 18));
        // Leap year: on 29 February itself.
        assert!(!age_at_least(d("2012-02-29"), d("2030-02-28"), 18));
        assert!(age_at_least(d("2012-02-29"), d("2030-03-01"), 18));
        assert!(age_at_least(d("2008-02-29"), d("2026-03-01"), 18));
        assert!(age_at_least(d("2012-02-29"), d("2032-02-29"), 20));
        assert!(!age_at_least(d("2012-02-29"), d("2032-02-28"), 20));
        // A verification date of 29 February with a common target year.
        assert!(age_at_least(d("2010-02-28"), d("2028-02-29"), 18));
        assert!(!age_at_least(d("2010-03-01"), d("2028-02-29"), 18));
    }
}
