//! What hours of operation are open on a date: the weekly config, then the overrides that
//! fall on the date (the hours' own and those inherited from its parents), as wall-clock
//! times in the hours' time zone (docs/rules.md, *Hours of operation overrides*).
//!
//! Times are minutes of the day, 0 to 1440; an interval `(start, end)` is open from `start`
//! up to `end`. On the wire an end of 1440 is 00:00, the config's own way of saying midnight.
use crate::error::ApiError;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use switchboard_model::dto::{self, OperationalStatus, OverrideType, RecurrenceFrequency};

/// Minutes in a day.
pub const DAY: u16 = 1440;

/// Open (or, in an override, covered) from the first minute up to the second.
pub type Interval = (u16, u16);

/// A date of the API (`yyyy-mm-dd`, which the model's pattern has already checked), or
/// InvalidParameterException for one that is not in the calendar (2026-02-30).
pub fn date(value: &str, member: &str) -> Result<Date, ApiError> {
    value.parse::<Date>().map_err(|_| ApiError::invalid_parameter(format!("{member} '{value}' is not a valid date (yyyy-mm-dd)")))
}

/// The time zone of an IANA name (from the IANA database built into switchboard).
pub fn time_zone(name: &str) -> Result<TimeZone, ApiError> {
    TimeZone::get(name).map_err(|_| ApiError::invalid_parameter(format!("'{name}' is not a valid time zone")))
}

/// A day of the model's (HoursOfOperationDays or OverrideDays: the same names).
fn weekday(day: &str) -> Weekday {
    match day {
        "SUNDAY" => Weekday::Sunday,
        "MONDAY" => Weekday::Monday,
        "TUESDAY" => Weekday::Tuesday,
        "WEDNESDAY" => Weekday::Wednesday,
        "THURSDAY" => Weekday::Thursday,
        "FRIDAY" => Weekday::Friday,
        _ => Weekday::Saturday,
    }
}

fn hours_weekday(day: dto::HoursOfOperationDays) -> Weekday {
    weekday(day.as_str())
}

fn override_weekday(day: dto::OverrideDays) -> Weekday {
    weekday(day.as_str())
}

fn minutes(hours: i64, minutes: i64) -> u16 {
    (hours.clamp(0, 23) * 60 + minutes.clamp(0, 59)) as u16
}

/// An override slot as an interval of its day: 00:00 as its end is midnight (00:00–00:00 the
/// whole day). None when a time is missing or the slot ends before it starts (refused by
/// [`check_override`]).
fn override_slot(c: &dto::HoursOfOperationOverrideConfig) -> Option<Interval> {
    let (start, end) = (c.start_time.as_ref()?, c.end_time.as_ref()?);
    let (start, end) = (minutes(start.hours, start.minutes), minutes(end.hours, end.minutes));
    let end = if end == 0 { DAY } else { end };
    (end > start).then_some((start, end))
}

/// The checks an override gets on create and update, beyond the model's (docs/rules.md):
/// real dates, EffectiveFrom not after EffectiveTill, slots with both times that end after
/// they start and do not overlap on a day, and a recurrence only for OPEN and CLOSED events
/// with the pattern's documented combinations.
pub fn check_override(o: &dto::HoursOfOperationOverride) -> Result<(), ApiError> {
    let invalid = |m: &str| ApiError::invalid_parameter(m);
    let from = date(o.effective_from.as_deref().unwrap_or_default(), "EffectiveFrom")?;
    let till = date(o.effective_till.as_deref().unwrap_or_default(), "EffectiveTill")?;
    if from > till {
        return Err(invalid(&format!("EffectiveFrom {from} is after EffectiveTill {till}")));
    }
    let config = o.config.as_deref().unwrap_or_default();
    let mut slots: Vec<(Option<Weekday>, Interval)> = Vec::new();
    for c in config {
        if c.start_time.is_none() || c.end_time.is_none() {
            return Err(invalid("Each override Config entry needs a StartTime and an EndTime"));
        }
        let Some(slot) = override_slot(c) else {
            return Err(invalid("An override slot must end after it starts (an EndTime of 00:00 is midnight)"));
        };
        let day = c.day.map(override_weekday);
        let same_day = |d: Option<Weekday>| d.is_none() || day.is_none() || d == day;
        if slots.iter().any(|(d, (s, e))| same_day(*d) && slot.0 < *e && *s < slot.1) {
            return Err(invalid(&format!("The override's hours for {} overlap", c.day.map_or("every day", |d| d.as_str()))));
        }
        slots.push((day, slot));
    }
    let Some(recurrence) = &o.recurrence_config else { return Ok(()) };
    if o.override_type.unwrap_or_default() == OverrideType::Standard {
        return Err(invalid("A RecurrenceConfig is for a recurring event: OverrideType OPEN or CLOSED, not STANDARD"));
    }
    let p = &recurrence.recurrence_pattern;
    let (months, month_days, occurrences) = (p.by_month.as_deref(), p.by_month_day.as_deref(), p.by_weekday_occurrence.as_deref());
    for (name, values) in [("ByMonth", months), ("ByMonthDay", month_days)] {
        if values.is_some_and(|v| v.len() > 1) {
            return Err(invalid(&format!("{name} does not accept multiple values")));
        }
    }
    let given = |v: Option<&[i64]>| v.is_some_and(|v| !v.is_empty());
    if given(months) && p.frequency != RecurrenceFrequency::Yearly {
        return Err(invalid("ByMonth is used with YEARLY frequency"));
    }
    if (given(month_days) || given(occurrences)) && p.frequency == RecurrenceFrequency::Weekly {
        return Err(invalid("ByMonthDay and ByWeekdayOccurrence are used with MONTHLY or YEARLY frequency"));
    }
    if given(month_days) && given(occurrences) {
        return Err(invalid("ByMonthDay cannot be used together with ByWeekdayOccurrence"));
    }
    if month_days.into_iter().flatten().chain(occurrences.into_iter().flatten()).any(|v| *v == 0) {
        return Err(invalid("ByMonthDay and ByWeekdayOccurrence count from 1 (or -1 for the last)"));
    }
    if given(occurrences) && (config.is_empty() || config.iter().any(|c| c.day.is_none())) {
        return Err(invalid("With ByWeekdayOccurrence, every Config entry names its Day (the weekday that recurs)"));
    }
    Ok(())
}

/// Whether two overrides are both STANDARD ("temporary hours") on some same date: one hours
/// of operation cannot have two (docs/rules.md).
pub fn standard_overlap(a: &dto::HoursOfOperationOverride, b: &dto::HoursOfOperationOverride) -> bool {
    let standard = |o: &dto::HoursOfOperationOverride| o.override_type.unwrap_or_default() == OverrideType::Standard;
    standard(a) && standard(b) && a.effective_from <= b.effective_till && b.effective_from <= a.effective_till
}

/// Whether a recurrence pattern falls on `date`, counted from `from` (the override's
/// EffectiveFrom, RFC 5545's DTSTART: what the rule leaves out, such as the day of the month,
/// is taken from it, and the interval counts weeks from its week, which starts on Monday).
fn recurs(p: &dto::RecurrencePattern, from: Date, date: Date) -> bool {
    let interval = p.interval.max(1);
    let first = |v: &Option<Vec<i64>>| v.as_ref().and_then(|v| v.first().copied());
    let day_of_month = || {
        if let Some(day) = first(&p.by_month_day) {
            return if day == -1 { date == date.last_of_month() } else { i64::from(date.day()) == day };
        }
        if let Some(n) = first(&p.by_weekday_occurrence) {
            return if n == -1 { date.day() + 7 > date.days_in_month() } else { i64::from((date.day() - 1) / 7 + 1) == n };
        }
        date.day() == from.day()
    };
    match p.frequency {
        RecurrenceFrequency::Weekly => {
            let days = i64::from(from.until(date).map(|s| s.get_days()).unwrap_or(0));
            let weeks = (days + i64::from(from.weekday().to_monday_zero_offset()) - i64::from(date.weekday().to_monday_zero_offset())) / 7;
            weeks % interval == 0
        }
        RecurrenceFrequency::Monthly => {
            let months = i64::from(date.year() - from.year()) * 12 + i64::from(date.month() - from.month());
            months % interval == 0 && day_of_month()
        }
        RecurrenceFrequency::Yearly => {
            let month = first(&p.by_month).unwrap_or(i64::from(from.month()));
            i64::from(date.year() - from.year()) % interval == 0 && i64::from(date.month()) == month && day_of_month()
        }
    }
}

/// What an override covers on `date`: None when it does not fall on the date; otherwise its
/// slots for the date's weekday (a slot without a Day is every day's). An OPEN or CLOSED
/// event without slots covers the whole day; a STANDARD override's slots are the day's
/// hours, so one without a slot for the day closes it.
fn covers(o: &dto::HoursOfOperationOverride, date: Date) -> Option<Vec<Interval>> {
    let from = o.effective_from.as_deref()?.parse::<Date>().ok()?;
    let till = o.effective_till.as_deref()?.parse::<Date>().ok()?;
    if date < from || date > till {
        return None;
    }
    if let Some(r) = &o.recurrence_config {
        if !recurs(&r.recurrence_pattern, from, date) {
            return None;
        }
    }
    let standard = o.override_type.unwrap_or_default() == OverrideType::Standard;
    let config = o.config.as_deref().unwrap_or_default();
    if config.is_empty() {
        return Some(if standard { vec![] } else { vec![(0, DAY)] });
    }
    let slots: Vec<Interval> =
        config.iter().filter(|c| c.day.is_none_or(|d| override_weekday(d) == date.weekday())).filter_map(override_slot).collect();
    (standard || !slots.is_empty()).then_some(slots)
}

/// Sorted, merged, without empty intervals.
fn merge(mut spans: Vec<Interval>) -> Vec<Interval> {
    spans.retain(|(s, e)| s < e);
    spans.sort();
    let mut out: Vec<Interval> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn subtract(open: Vec<Interval>, closed: &[Interval]) -> Vec<Interval> {
    let mut out = open;
    for &(cs, ce) in closed {
        out = out.into_iter().flat_map(|(s, e)| [(s, e.min(cs)), (s.max(ce), e)]).filter(|(s, e)| s < e).collect();
    }
    merge(out)
}

/// One override's part in a date: its name, OPEN or CLOSED, when.
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideHour {
    pub name: String,
    pub status: OperationalStatus,
    pub interval: Interval,
}

/// A date's effective hours and the overrides that made them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Day {
    pub open: Vec<Interval>,
    pub overrides: Vec<OverrideHour>,
}

/// The hours of `date`, before time zone rules: the weekly config's slots for its weekday
/// (and the part after midnight of the previous day's slot that runs past it); then the
/// OPEN events add their hours and the CLOSED events take theirs away (closed wins where
/// they meet); a STANDARD override ("temporary hours") that falls on the date replaces all
/// of that, the hours' own before one inherited, in the order given.
pub fn day(config: &[dto::HoursOfOperationConfig], overrides: &[&dto::HoursOfOperationOverride], date: Date) -> Day {
    let mut open = Vec::new();
    for c in config {
        let (start, end) = (minutes(c.start_time.hours, c.start_time.minutes), minutes(c.end_time.hours, c.end_time.minutes));
        let weekday = hours_weekday(c.day);
        if weekday == date.weekday() {
            open.push((start, if end <= start { DAY } else { end }));
        }
        if end <= start && end > 0 && weekday == date.weekday().previous() {
            open.push((0, end));
        }
    }
    let name = |o: &dto::HoursOfOperationOverride| o.name.clone().unwrap_or_default();
    if let Some((o, slots)) = overrides
        .iter()
        .filter(|o| o.override_type.unwrap_or_default() == OverrideType::Standard)
        .find_map(|o| covers(o, date).map(|slots| (*o, slots)))
    {
        let open = merge(slots.clone());
        let overrides = if slots.is_empty() {
            vec![OverrideHour { name: name(o), status: OperationalStatus::Closed, interval: (0, DAY) }]
        } else {
            slots.into_iter().map(|interval| OverrideHour { name: name(o), status: OperationalStatus::Open, interval }).collect()
        };
        return Day { open, overrides };
    }
    let mut open = merge(open);
    let mut hours = Vec::new();
    let events: Vec<(&dto::HoursOfOperationOverride, Vec<Interval>)> =
        overrides.iter().filter_map(|o| covers(o, date).map(|slots| (*o, slots))).collect();
    for status in [OverrideType::Open, OverrideType::Closed] {
        for (o, slots) in events.iter().filter(|(o, _)| o.override_type == Some(status)) {
            open = if status == OverrideType::Open { merge(open.into_iter().chain(slots.iter().copied()).collect()) } else { subtract(open, slots) };
            let status = if status == OverrideType::Open { OperationalStatus::Open } else { OperationalStatus::Closed };
            hours.extend(slots.iter().map(|&interval| OverrideHour { name: name(o), status, interval }));
        }
    }
    Day { open, overrides: hours }
}

/// A wall-clock time of `date` in `tz`, as the clocks there show it: a time that the change
/// to daylight saving time skips is read with the offset before the change (RFC 5545,
/// section 3.3.5, and jiff's "compatible" disambiguation), so 02:30 on a day whose clocks go
/// from 02:00 to 03:00 is 03:30; a time that occurs twice is its first occurrence, the same
/// wall-clock time. A time pushed past the day's end is midnight.
pub fn on_the_clock(tz: &TimeZone, date: Date, minute: u16) -> u16 {
    if minute >= DAY {
        return DAY;
    }
    let civil = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
    match tz.to_zoned(civil) {
        Ok(zoned) if zoned.date() == date => zoned.hour() as u16 * 60 + zoned.minute() as u16,
        Ok(_) => DAY,
        Err(_) => minute,
    }
}

/// [`day`], its times as `tz`'s clocks show them on the date ([`on_the_clock`]).
pub fn day_in(tz: &TimeZone, config: &[dto::HoursOfOperationConfig], overrides: &[&dto::HoursOfOperationOverride], date: Date) -> Day {
    let Day { open, overrides } = day(config, overrides, date);
    let clock = |(s, e): Interval| (on_the_clock(tz, date, s), on_the_clock(tz, date, e));
    Day {
        open: merge(open.into_iter().map(clock).collect()),
        overrides: overrides.into_iter().map(|h| OverrideHour { interval: clock(h.interval), ..h }).filter(|h| h.interval.0 < h.interval.1).collect(),
    }
}

/// A minute of the day on the wire (1440, midnight, is 00:00).
pub fn slice(minute: u16) -> dto::OverrideTimeSlice {
    let minute = minute % DAY;
    dto::OverrideTimeSlice { hours: i64::from(minute / 60), minutes: i64::from(minute % 60) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dto::HoursOfOperationDays as D;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn weekly(days: &[D], (h1, m1): (i64, i64), (h2, m2): (i64, i64)) -> Vec<dto::HoursOfOperationConfig> {
        days.iter()
            .map(|&day| dto::HoursOfOperationConfig {
                day,
                start_time: dto::HoursOfOperationTimeSlice { hours: h1, minutes: m1 },
                end_time: dto::HoursOfOperationTimeSlice { hours: h2, minutes: m2 },
            })
            .collect()
    }

    fn slot(day: Option<dto::OverrideDays>, (h1, m1): (i64, i64), (h2, m2): (i64, i64)) -> dto::HoursOfOperationOverrideConfig {
        dto::HoursOfOperationOverrideConfig {
            day,
            start_time: Some(dto::OverrideTimeSlice { hours: h1, minutes: m1 }),
            end_time: Some(dto::OverrideTimeSlice { hours: h2, minutes: m2 }),
        }
    }

    fn ov(name: &str, kind: OverrideType, from: &str, till: &str, config: Vec<dto::HoursOfOperationOverrideConfig>) -> dto::HoursOfOperationOverride {
        dto::HoursOfOperationOverride {
            name: Some(name.into()),
            override_type: Some(kind),
            effective_from: Some(from.into()),
            effective_till: Some(till.into()),
            config: Some(config),
            ..Default::default()
        }
    }

    const WEEKDAYS: [D; 5] = [D::Monday, D::Tuesday, D::Wednesday, D::Thursday, D::Friday];

    #[test]
    fn weekly_hours_and_overnight_slots() {
        let config = weekly(&WEEKDAYS, (9, 0), (17, 0));
        assert_eq!(day(&config, &[], d("2026-03-02")).open, vec![(540, 1020)], "a Monday");
        assert_eq!(day(&config, &[], d("2026-03-01")).open, vec![], "a Sunday");
        let night = weekly(&[D::Friday], (22, 0), (6, 0));
        assert_eq!(day(&night, &[], d("2026-03-06")).open, vec![(1320, DAY)], "Friday until midnight");
        assert_eq!(day(&night, &[], d("2026-03-07")).open, vec![(0, 360)], "and Saturday morning");
        let all_day = weekly(&[D::Sunday], (0, 0), (0, 0));
        assert_eq!(day(&all_day, &[], d("2026-03-01")).open, vec![(0, DAY)]);
        assert_eq!(day(&all_day, &[], d("2026-03-02")).open, vec![]);
    }

    #[test]
    fn a_standard_override_replaces_the_day_and_closes_days_it_has_no_slot_for() {
        let config = weekly(&WEEKDAYS, (9, 0), (17, 0));
        let holiday = ov("Holiday", OverrideType::Standard, "2026-12-25", "2026-12-25", vec![]);
        let xmas = day(&config, &[&holiday], d("2026-12-25"));
        assert_eq!(xmas.open, vec![]);
        assert_eq!(xmas.overrides, vec![OverrideHour { name: "Holiday".into(), status: OperationalStatus::Closed, interval: (0, DAY) }]);
        assert_eq!(day(&config, &[&holiday], d("2026-12-24")).open, vec![(540, 1020)]);
        let short = ov("Short", OverrideType::Standard, "2026-12-21", "2026-12-27", vec![slot(Some(dto::OverrideDays::Monday), (10, 0), (12, 0))]);
        assert_eq!(day(&config, &[&short], d("2026-12-21")).open, vec![(600, 720)]);
        assert_eq!(day(&config, &[&short], d("2026-12-22")).open, vec![], "a Tuesday without a slot");
    }

    #[test]
    fn open_and_closed_events_add_and_take_away_closed_winning() {
        let config = weekly(&WEEKDAYS, (9, 0), (17, 0));
        let late = ov("Late", OverrideType::Open, "2026-03-02", "2026-03-02", vec![slot(None, (17, 0), (20, 0))]);
        let lunch = ov("Lunch", OverrideType::Closed, "2026-03-02", "2026-03-02", vec![slot(None, (12, 0), (13, 0))]);
        let both = day(&config, &[&late, &lunch], d("2026-03-02"));
        assert_eq!(both.open, vec![(540, 720), (780, 1200)]);
        assert_eq!(both.overrides.len(), 2);
        let closed = ov("Closed", OverrideType::Closed, "2026-03-02", "2026-03-02", vec![]);
        assert_eq!(day(&config, &[&late, &closed], d("2026-03-02")).open, vec![]);
    }

    #[test]
    fn recurrences() {
        let config = weekly(&WEEKDAYS, (9, 0), (17, 0));
        let pattern = |frequency, interval, by_month: Option<i64>, by_month_day: Option<i64>, occurrence: Option<i64>| {
            Some(dto::RecurrenceConfig {
                recurrence_pattern: dto::RecurrencePattern {
                    frequency,
                    interval,
                    by_month: by_month.map(|m| vec![m]),
                    by_month_day: by_month_day.map(|m| vec![m]),
                    by_weekday_occurrence: occurrence.map(|m| vec![m]),
                },
            })
        };
        // Closed on December 25th every year.
        let xmas = dto::HoursOfOperationOverride {
            recurrence_config: pattern(RecurrenceFrequency::Yearly, 1, Some(12), Some(25), None),
            ..ov("Christmas", OverrideType::Closed, "2026-01-01", "2030-12-31", vec![])
        };
        assert!(check_override(&xmas).is_ok());
        assert_eq!(day(&config, &[&xmas], d("2028-12-25")).open, vec![], "a Monday");
        assert_eq!(day(&config, &[&xmas], d("2028-12-26")).open, vec![(540, 1020)]);
        // Early closure the last Friday of every month.
        let early = dto::HoursOfOperationOverride {
            recurrence_config: pattern(RecurrenceFrequency::Monthly, 1, None, None, Some(-1)),
            ..ov("Early", OverrideType::Closed, "2026-01-01", "2026-12-31", vec![slot(Some(dto::OverrideDays::Friday), (15, 0), (0, 0))])
        };
        assert!(check_override(&early).is_ok());
        assert_eq!(day(&config, &[&early], d("2026-03-27")).open, vec![(540, 900)], "the last Friday of March");
        assert_eq!(day(&config, &[&early], d("2026-03-20")).open, vec![(540, 1020)]);
        // Every other week, Mondays.
        let fortnightly = dto::HoursOfOperationOverride {
            recurrence_config: pattern(RecurrenceFrequency::Weekly, 2, None, None, None),
            ..ov("Training", OverrideType::Closed, "2026-03-04", "2026-12-31", vec![slot(Some(dto::OverrideDays::Monday), (9, 0), (10, 0))])
        };
        assert_eq!(day(&config, &[&fortnightly], d("2026-03-02")).open, vec![(540, 1020)], "before EffectiveFrom");
        assert_eq!(day(&config, &[&fortnightly], d("2026-03-09")).open, vec![(540, 1020)], "week 1");
        assert_eq!(day(&config, &[&fortnightly], d("2026-03-16")).open, vec![(600, 1020)], "week 2");
        // The last day of the month.
        let last = dto::HoursOfOperationOverride {
            recurrence_config: pattern(RecurrenceFrequency::Monthly, 1, None, Some(-1), None),
            ..ov("Inventory", OverrideType::Closed, "2026-01-01", "2026-12-31", vec![])
        };
        assert_eq!(day(&config, &[&last], d("2026-04-30")).open, vec![]);
        assert_eq!(day(&config, &[&last], d("2026-04-29")).open, vec![(540, 1020)]);
    }

    #[test]
    fn override_checks() {
        let ok = ov("x", OverrideType::Standard, "2026-01-01", "2026-01-02", vec![slot(None, (9, 0), (0, 0))]);
        assert!(check_override(&ok).is_ok());
        let bad_dates = ov("x", OverrideType::Standard, "2026-01-02", "2026-01-01", vec![]);
        assert!(check_override(&bad_dates).is_err());
        let not_a_date = ov("x", OverrideType::Standard, "2026-02-30", "2026-03-01", vec![]);
        assert!(check_override(&not_a_date).is_err());
        let backwards = ov("x", OverrideType::Standard, "2026-01-01", "2026-01-01", vec![slot(None, (9, 0), (8, 0))]);
        assert!(check_override(&backwards).is_err());
        let overlap = ov("x", OverrideType::Open, "2026-01-01", "2026-01-01", vec![slot(None, (9, 0), (12, 0)), slot(Some(dto::OverrideDays::Monday), (11, 0), (13, 0))]);
        assert!(check_override(&overlap).is_err());
        let standard_recurring = dto::HoursOfOperationOverride {
            recurrence_config: Some(dto::RecurrenceConfig { recurrence_pattern: dto::RecurrencePattern { frequency: RecurrenceFrequency::Weekly, interval: 1, ..Default::default() } }),
            ..ok.clone()
        };
        assert!(check_override(&standard_recurring).is_err());
        let a = ov("a", OverrideType::Standard, "2026-01-01", "2026-01-10", vec![]);
        let b = ov("b", OverrideType::Standard, "2026-01-10", "2026-01-20", vec![]);
        let c = ov("c", OverrideType::Closed, "2026-01-01", "2026-01-20", vec![]);
        assert!(standard_overlap(&a, &b) && !standard_overlap(&a, &c));
    }

    #[test]
    fn daylight_saving_time_on_the_clocks_of_the_time_zone() {
        let ny = time_zone("America/New_York").unwrap();
        let config = weekly(&[D::Sunday], (2, 30), (4, 0));
        // 2026-03-08: clocks go from 02:00 to 03:00; 02:30 is read as 03:30.
        assert_eq!(day_in(&ny, &config, &[], d("2026-03-08")).open, vec![(210, 240)]);
        assert_eq!(day_in(&ny, &config, &[], d("2026-03-01")).open, vec![(150, 240)]);
        // 2026-11-01: 01:00-02:00 happens twice; the clocks still show 02:30.
        assert_eq!(day_in(&ny, &config, &[], d("2026-11-01")).open, vec![(150, 240)]);
        // Europe changes on another Sunday (2026-03-29).
        let paris = time_zone("Europe/Paris").unwrap();
        assert_eq!(day_in(&paris, &config, &[], d("2026-03-08")).open, vec![(150, 240)]);
        assert_eq!(day_in(&paris, &config, &[], d("2026-03-29")).open, vec![(210, 240)]);
    }

    #[test]
    fn every_listed_time_zone_is_in_the_database() {
        for name in include_str!("../../timezones.txt").lines() {
            assert!(time_zone(name).is_ok(), "{name}");
        }
    }
}
