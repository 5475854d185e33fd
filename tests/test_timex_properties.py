"""Hypothesis properties of the temporal tagger and of interval_of."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.timex import interval_of, tag

dcts = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300), st.one_of(st.none(), dcts))
def test_never_raises_and_spans_index_the_text(text: str, dct: date | None) -> None:
    found = tag(text, dct)
    last_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end
        last_end = t.end


_pieces = st.sampled_from([
    "next", "Christmas", "tomorrow", "a year ago", "the next day", "this weekend", "0800 GMT",
    "on", "Friday", "March", "3", ",", "2015", "last", "week", "years", "ago", "the", "1970s", "about",
    "every", "year", "now", "$", "2,000", "feet", "6.4", "-", "4:15", "a.m.", "noon", "summer", "quarter",
    "third", "half", "of", "yesterday", "in", "early", "decade", "'80s", "19th", "century", "since", "12/03/2019",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=25), st.one_of(st.none(), dcts, st.dates()))
def test_time_like_word_salad_is_safe_and_deterministic(words: list[str], dct: date | None) -> None:
    text = " ".join(words)
    first = tag(text, dct)
    assert first == tag(text, dct)
    for t in first:
        assert text[t.start:t.end] == t.text
        if t.type in ("DATE", "TIME") and t.interval is not None:
            assert t.interval.start < t.interval.end


@settings(max_examples=200, deadline=None)
@given(dcts, st.integers(min_value=2, max_value=12))
def test_n_years_ago_is_dct_year_minus_n(dct: date, n: int) -> None:
    for spelled in (str(n), WORDS[n - 1]):
        found = [t for t in tag(f"The mill closed {spelled} years ago.", dct) if t.text.endswith("ago")]
        assert len(found) == 1
        assert found[0].value == str(dct.year - n)


def _renderings(d: date) -> list[str]:
    m = MONTH_NAMES[d.month - 1]
    return [
        f"{m} {d.day}, {d.year}",
        f"{d.day} {m} {d.year}",
        f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}",
        f"{m} {d.day} {d.year}",
        f"{d.isoformat()}",
        f"{d.day} {m}, {d.year}",
        f"the {d.day}th of {m} {d.year}" if d.day not in (1, 2, 3, 21, 22, 23, 31) else f"{m} {d.day}, {d.year}",
        f"{m} {d.day}th, {d.year}" if d.day not in (1, 2, 3, 21, 22, 23, 31) else f"{d.day} {m} {d.year}",
        f"{d.month}/{d.day}/{d.year}" if d.day <= 12 and d.month <= 12 and d.day == d.month or d.day > 12
        else f"{d.isoformat()}",
        f"{['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][d.weekday()]}, "
        f"{m} {d.day}, {d.year}",
    ]


@settings(max_examples=200, deadline=None)
@given(days, st.one_of(st.none(), dcts))
def test_ten_date_formats_normalise_back(d: date, dct: date | None) -> None:
    for rendering in _renderings(d):
        found = tag(f"The agreement was signed {rendering} in the capital.", dct)
        assert [t.value for t in found] == [d.isoformat()], (rendering, found)


@settings(max_examples=200, deadline=None)
@given(days)
def test_day_interval_contains_its_anchor(d: date) -> None:
    moment = datetime(d.year, d.month, d.day, 12)
    for value in (d.isoformat(), f"{d.year:04d}-{d.month:02d}", f"{d.year:04d}", f"{d.year // 10}",
                  f"{d.year // 100:02d}", f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}",
                  f"{d.year:04d}-H{1 if d.month <= 6 else 2}"):
        interval = interval_of(value)
        assert interval is not None and interval.contains(moment), value
    iso_year, iso_week, _ = d.isocalendar()
    week = interval_of(f"{iso_year:04d}-W{iso_week:02d}")
    assert week is not None and week.contains(moment)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=2099))
def test_year_interval_is_that_year(year: int) -> None:
    interval = interval_of(str(year))
    assert interval is not None
    assert (interval.start, interval.end, interval.granularity) == (datetime(year, 1, 1), datetime(year + 1, 1, 1), "year")
    found = tag(f"The treaty was signed in {year}.", date(2099, 1, 1))
    assert [t.value for t in found] == [str(year)]


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(["START", "MID", "END", "APPROX", None]))
def test_mods_narrow_within_the_plain_interval(d: date, mod: str | None) -> None:
    for value in (f"{d.year:04d}", f"{d.year // 10}", f"{d.year:04d}-{d.month:02d}", d.isoformat()):
        plain, narrowed = interval_of(value), interval_of(value, mod)
        assert plain is not None and narrowed is not None
        assert plain.start <= narrowed.start < narrowed.end <= plain.end
        assert narrowed.approximate == (mod is not None)


@settings(max_examples=100, deadline=None)
@given(dcts, st.integers(min_value=0, max_value=6))
def test_past_weekday_is_within_the_week_before_the_dct(dct: date, offset: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(dct.weekday() - offset) % 7]
    found = tag(f"The minister resigned on {name} after the vote.", dct)
    assert [t.value for t in found] == [(dct - timedelta(days=offset)).isoformat()]


def test_dense_text_stays_linear() -> None:
    import time

    text = "In the early 1990s, about 20 years ago, on Friday, March 3, 2015 at 4:15 a.m. every year, now. " * 1000
    started = time.perf_counter()
    found = tag(text, date(2025, 7, 11))
    assert len(found) >= 6000
    assert time.perf_counter() - started < 10  # ~0.4 s on a laptop; quadratic behaviour would take minutes



@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([None, "APPROX", "AFTER", "BEFORE"]),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_a_clock_time_holds_its_minute_whatever_the_day(hour, minute, mod, day):
    from reconcile.timex.intervals import clock_interval
    value = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    interval = clock_interval(value, mod)
    other_day = clock_interval(f"XXXX-XX-XXT{hour:02d}:{minute:02d}", mod)
    assert interval == other_day  # the day the tagger pinned it to does not matter
    stated = datetime(4, 1, 1) + timedelta(hours=hour, minutes=minute)
    assert interval.start <= stated <= interval.end
    assert interval.end - interval.start <= timedelta(minutes=60)
    assert clock_interval(value + "Z", mod) is None  # a time in UTC is no local time
