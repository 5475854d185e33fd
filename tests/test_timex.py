"""Example-based tests for the temporal tagger: one group per construction the issue lists.

Sentences are written for these tests (not taken from any corpus). Each case says which span must be
found and which TIMEX3 type and value it must get, against DCT Friday 2025-07-11 unless stated.
"""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.timex import Timex, interval_of, tag

DCT = date(2025, 7, 11)  # a Friday


def _find(text: str, span: str, dct: date | None = DCT) -> Timex:
    found = tag(text, dct)
    for t in found:
        if t.text == span:
            return t
    raise AssertionError(f"False negative: {span!r} not tagged in {text!r}; got {[(t.text, t.value) for t in found]}")


CASES = {
    "absolute": [
        ("The plant opened on March 27, 2008, to little fanfare.", "March 27, 2008", "DATE", "2008-03-27"),
        ("The plant opened on 27 March 2008 to little fanfare.", "27 March 2008", "DATE", "2008-03-27"),
        ("Talks resumed on Sept. 4 after a pause.", "Sept. 4", "DATE", "2025-09-04"),
        ("The deal was signed in October 1997 in Paris.", "October 1997", "DATE", "1997-10"),
        ("Sales fell in 1987 and never recovered.", "1987", "DATE", "1987"),
        ("The filing is dated 2024-02-29.", "2024-02-29", "DATE", "2024-02-29"),
        ("The ministry wrote on 12/03/2019 that the site was safe.", "12/03/2019", "DATE", "2019-12-03"),
        ("It was founded on Tuesday, 4 June 1996, in a garage.", "Tuesday, 4 June 1996", "DATE", "1996-06-04"),
        ("The bridge reopened in mid-2006 after repairs.", "mid-2006", "DATE", "2006"),
        ("Fans still remember the summer of '82.", "'82", "DATE", "1982"),
        ("Shops will close early on Christmas Eve.", "Christmas Eve", "DATE", "2025-12-24"),
    ],
    "decades_centuries": [
        ("The tower was built in the 1970s by a state firm.", "the 1970s", "DATE", "197"),
        ("Growth slowed in the early 1990s across the region.", "the early 1990s", "DATE", "199"),
        ("The chapel dates from the 19th century and was restored.", "the 19th century", "DATE", "18"),
        ("Music from the '80s filled the hall.", "the '80s", "DATE", "198"),
        ("Few cars existed in the 1800s in that valley.", "the 1800s", "DATE", "18"),
    ],
    "seasons_quarters_halves": [
        ("The festival returns this summer with new acts.", "this summer", "DATE", "2025-SU"),
        ("Snow closed the pass last winter for weeks.", "last winter", "DATE", "2024-WI"),
        ("Profits rose in the third quarter on strong demand.", "the third quarter", "DATE", "2025-Q3"),
        ("Output dipped in the first half of 2024 before recovering.", "the first half of 2024", "DATE", "2024-H1"),
        ("Revenue for Q2 2023 beat estimates.", "Q2 2023", "DATE", "2023-Q2"),
    ],
    "relative": [
        ("The dam was built 52 years ago by the province.", "52 years ago", "DATE", "1973"),
        ("Ministers met last week to discuss the budget.", "last week", "DATE", "2025-W27"),
        ("The new rules take effect next month, officials say.", "next month", "DATE", "2025-08"),
        ("The mayor resigned on Friday after the audit.", "Friday", "DATE", "2025-07-11"),
        ("The mayor said Wednesday that she would not resign.", "Wednesday", "DATE", "2025-07-09"),
        ("The board will vote on Tuesday on the merger.", "Tuesday", "DATE", "2025-07-15"),
        ("Shares jumped earlier this month on the news.", "earlier this month", "DATE", "2025-07"),
        ("Police made two arrests yesterday in the city.", "yesterday", "DATE", "2025-07-10"),
        ("Exports have grown this year despite tariffs.", "this year", "DATE", "2025"),
        ("Imports had fallen the previous year as well.", "the previous year", "DATE", "2024"),
        ("The talks collapsed three days ago in Geneva.", "three days ago", "DATE", "2025-07-08"),
        ("The strike ended today after a month.", "today", "DATE", "2025-07-11"),
        ("The results are due tomorrow morning.", "tomorrow morning", "TIME", "2025-07-12TMO"),
    ],
    "ranges": [
        ("The plan covers 2024-2029 and costs billions.", "2024", "DATE", "2024"),
        ("The plan covers 2024-2029 and costs billions.", "2029", "DATE", "2029"),
        ("He served as governor from 2001 to 2009.", "2001", "DATE", "2001"),
        ("He served as governor from 2001 to 2009.", "2009", "DATE", "2009"),
        ("Rain fell between May and July.", "May", "DATE", "2025-05"),
        ("Rain fell between May and July.", "July", "DATE", "2025-07"),
    ],
    "durations": [
        ("The site has been closed for 17 years.", "17 years", "DURATION", "P17Y"),
        ("The reform took a decade to pass.", "a decade", "DURATION", "P10Y"),
        ("The trial will last six months.", "six months", "DURATION", "P6M"),
        ("Prices have doubled over the past three years.", "the past three years", "DURATION", "P3Y"),
        ("Crews worked for half an hour to free him.", "half an hour", "DURATION", "PT30M"),
        ("She signed a five-year contract with the club.", "five-year", "DURATION", "P5Y"),
        ("The rescue took 36 hours in total.", "36 hours", "DURATION", "PT36H"),
        ("The war dragged on for years.", "years", "DURATION", "PXY"),
        ("They waited several weeks for a reply.", "several weeks", "DURATION", "PXW"),
    ],
    "sets": [
        ("The race is held every year in the capital.", "every year", "SET", "P1Y"),
        ("The prize is awarded annually by the academy.", "annually", "SET", "P1Y"),
        ("The club changes its kit each season.", "each season", "SET", "P3M"),
        ("The council meets every Monday in the town hall.", "every Monday", "SET", "XXXX-WXX-1"),
        ("The paper is printed twice a week in the town.", "a week", "SET", "P1W"),
    ],
    "approximations": [
        ("The fire started about 20 years ago in the old mill.", "about 20 years ago", "DATE", "2005"),
        ("The case has dragged on for nearly a decade.", "nearly a decade", "DURATION", "P10Y"),
        ("The siege lasted more than four hours.", "more than four hours", "DURATION", "PT4H"),
    ],
    "times": [
        ("The quake struck at 4:15 a.m. local time.", "4:15 a.m.", "TIME", "2025-07-11T04:15"),
        ("The crowd gathered shortly after noon.", "shortly after noon", "TIME", "2025-07-11T12:00"),
        ("Fighting broke out on Sunday night near the border.", "Sunday night", "TIME", "2025-07-06TNI"),
        ("The launch is set for 18:30 UTC.", "18:30 UTC", "TIME", "2025-07-11T18:30Z"),
        ("Polls close at 10 p.m. Thursday, officials said.", "10 p.m. Thursday", "TIME", "2025-07-10T22:00"),
    ],
    "document_references": [
        ("The factory is now closed to visitors.", "now", "DATE", "PRESENT_REF"),
        ("The firm is currently under investigation.", "currently", "DATE", "PRESENT_REF"),
        ("Such floods were rare in the past, experts say.", "the past", "DATE", "PAST_REF"),
        ("The minister recently visited the flooded towns.", "recently", "DATE", "PAST_REF"),
        ("More cuts are likely in the near future.", "the near future", "DATE", "FUTURE_REF"),
    ],
}


@pytest.mark.parametrize(
    "sentence,span,type_,value",
    [pytest.param(*case, id=f"{group}-{i}") for group, cases in CASES.items() for i, case in enumerate(cases)],
)
def test_construction(sentence: str, span: str, type_: str, value: str) -> None:
    t = _find(sentence, span)
    assert (t.type, t.value) == (type_, value), f"{span!r} in {sentence!r}: got {t.type} {t.value}"


MUST_NOT_FIRE = [
    "Output ranged from 1.1 to 5.0 million tonnes last season.",
    "A magnitude 6.4 earthquake shook the coast.",
    "The ticket cost $2015 including fees.",
    "The plane was flying at 2,000 feet when the engine failed.",
    "The company employs 1500 people at the plant.",
    "Flight 2014 landed safely despite the storm.",
    "You may leave when you wish.",
    "Protesters march through the centre every week.",
    "The runners will march on.",
    "He has a second chance to make amends.",
    "A quarter of the voters stayed at home.",
    "The fall in prices surprised analysts.",
    "The current was too strong for the swimmers.",
    "She scored 3.5 points and won 12-10.",
    "The Daily Mail and the Sun reported the story.",
    "A 52-year-old engineer and his 6-year-old son were rescued.",
    "They watched High Noon on television.",
    "The company paid a previously announced dividend.",
    "He scored twice in the second half to win the match.",
    "The Lakers trailed after the third quarter despite 12 rebounds.",
    "Thousands joined the March on Washington.",
    "The story was first reported by the Sun.",
]


@pytest.mark.parametrize("sentence", MUST_NOT_FIRE)
def test_does_not_fire(sentence: str) -> None:
    allowed = {"last season", "every week"}
    found = [t.text for t in tag(sentence, DCT) if t.text not in allowed]
    assert not found, f"False positive against {sentence!r}: {found}"


def test_offsets_index_the_text() -> None:
    text = "Since 2015 the line has carried 2,000 riders a day; it closed on Friday."
    for t in tag(text, DCT):
        assert text[t.start:t.end] == t.text


def test_without_dct_relative_values_stay_unresolved() -> None:
    found = {t.text: t.value for t in tag("The talks ended yesterday, on March 3, 2020, last week.", None)}
    assert found["yesterday"] == "XXXX-XX-XX"
    assert found["March 3, 2020"] == "2020-03-03"
    assert found["last week"] == "XXXX-WXX"


def test_anchored_to_previous_date() -> None:
    text = "The vote was held on June 3, 2019. The next day, protests began."
    assert _find(text, "The next day").value == "2019-06-04"


def test_results_are_ordered_and_disjoint() -> None:
    found = tag("On Monday, 3 March 2025, about 20 years ago, in the 1990s, every year, now.", DCT)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


@pytest.mark.parametrize(
    "value,granularity,start,end",
    [
        ("197", "decade", "1970-01-01", "1980-01-01"),
        ("1973", "year", "1973-01-01", "1974-01-01"),
        ("18", "century", "1800-01-01", "1900-01-01"),
        ("2025-SU", "season", "2025-06-01", "2025-09-01"),
        ("2025-WI", "season", "2025-12-01", "2026-03-01"),
        ("2025-Q3", "quarter", "2025-07-01", "2025-10-01"),
        ("2024-H1", "half", "2024-01-01", "2024-07-01"),
        ("2025-07", "month", "2025-07-01", "2025-08-01"),
        ("2025-W27", "week", "2025-06-30", "2025-07-07"),
        ("2025-07-11", "day", "2025-07-11", "2025-07-12"),
    ],
)
def test_interval_of(value: str, granularity: str, start: str, end: str) -> None:
    interval = interval_of(value)
    assert interval is not None
    assert interval.granularity == granularity
    assert interval.start.date().isoformat() == start
    assert interval.end.date().isoformat() == end


def test_interval_of_time_and_mods() -> None:
    t = interval_of("2025-07-11T04:15")
    assert t is not None and t.granularity == "time" and t.start.hour == 4 and t.start.minute == 15
    early = interval_of("199", "START")
    assert early is not None and early.approximate and early.start.year == 1990 and early.end.year == 1993
    late = interval_of("199", "END")
    assert late is not None and late.end.year == 2000 and late.start.year == 1996
    approx = interval_of("2005", "APPROX")
    assert approx is not None and approx.approximate
    for value in ("PRESENT_REF", "P3Y", "XXXX-XX-XX", "", "2025-13"):
        assert interval_of(value) is None


@pytest.mark.parametrize(
    "sentence,span,type_,value",
    [
        # TimeML marks the stretch of time; "later" only signals how it relates to an event
        ("The vote was held on June 3, 2019. Three days later, protests began.", "Three days", "DURATION", "P3D"),
        # an earnings report compares the same quarter a year earlier
        ("Third-quarter profit rose to $5 million from $3 million a year ago.", "a year ago", "DATE", "2024-Q3"),
        # a deadline points forward
        ("The union must answer by Monday, the ministry said.", "Monday", "DATE", "2025-07-14"),
        ("The minister said on Monday that talks had failed.", "Monday", "DATE", "2025-07-07"),
        ("Friday's vote was close.", "Friday", "DATE", "2025-07-11"),
        ("Fans camped outside over the weekend.", "the weekend", "DATE", "2025-W27-WE"),
        ("Trains resumed at 6.30am after the storm.", "6.30am", "TIME", "2025-07-11T06:30"),
        ("The announcement came hours after the vote.", "hours", "DURATION", "PTXH"),
        ("Sales rose 4% from the same period last year.", "the same period last year", "DATE", "2024"),
        ("The reactor was built in nineteen seventy-nine.", "nineteen seventy-nine", "DATE", "1979"),
        ("Profit fell in the fourth quarter, the company said.", "the fourth quarter", "DATE", "2025-Q4"),
    ],
)
def test_news_conventions(sentence: str, span: str, type_: str, value: str) -> None:
    t = _find(sentence, span)
    assert (t.type, t.value) == (type_, value), f"{span!r} in {sentence!r}: got {t.type} {t.value}"


def test_fourth_quarter_in_january_is_last_years() -> None:
    t = _find("Profit fell in the fourth quarter, the company said.", "the fourth quarter", date(2025, 1, 20))
    assert t.value == "2024-Q4"

