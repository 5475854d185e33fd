"""Example sentences for every rule in `patterns.RULES`, checked by tests/test_timex_rules.py.

Each rule ships at least one (sentence, expected span, expected TIMEX3 value) triple, resolved against
DCT Friday 2025-07-11. The sentences are made up for these examples; none comes from a corpus.
A rule without examples fails the test suite.
"""

from __future__ import annotations

from datetime import date

DCT = date(2025, 7, 11)

EXAMPLES: dict[str, list[tuple[str, str, str]]] = {
    "iso": [("The filing is dated 2024-02-29 in the register.", "2024-02-29", "2024-02-29")],
    "numeric": [("The inspection on 3/14/2019 found no faults.", "3/14/2019", "2019-03-14")],
    "mdy": [("The bridge opened on March 27, 2008, after delays.", "March 27, 2008", "2008-03-27"),
            ("It was signed on Tuesday, June 4, 1996, in Oslo.", "Tuesday, June 4, 1996", "1996-06-04")],
    "dmy": [("The bridge opened on 27 March 2008 after delays.", "27 March 2008", "2008-03-27")],
    "md": [("Talks resume on Sept. 4 in Geneva.", "Sept. 4", "2025-09-04")],
    "dm": [("Talks resume on 4 September in Geneva.", "4 September", "2025-09-04")],
    "my": [("The merger closed in October 1997.", "October 1997", "1997-10"),
           ("The plant reopened in January this year.", "January this year", "2025-01")],
    "month": [("Prices fell in March, the agency said.", "March", "2025-03"),
              ("Talks will continue in September.", "September", "2025-09")],
    "quarter": [("Profit rose in the third quarter on higher sales.", "the third quarter", "2025-Q3"),
                ("Output dipped in the first half of 2024.", "the first half of 2024", "2024-H1")],
    "qcode": [("Revenue for Q2 2023 beat estimates.", "Q2 2023", "2023-Q2")],
    "relquarter": [("Sales will improve next quarter, the firm said.", "next quarter", "2025-Q4")],
    "season": [("The festival returns this summer.", "this summer", "2025-SU"),
               ("Floods hit the valley in the spring of 2019.", "the spring of 2019", "2019-SP")],
    "year": [("The mill closed in 1987 and never reopened.", "1987", "1987"),
             ("The tower was finished in mid-2006.", "mid-2006", "2006")],
    "yy": [("Fans still talk about the final of '82.", "'82", "1982")],
    "hundreds": [("Few roads existed in the 1800s.", "the 1800s", "18")],
    "decade": [("The tower was built in the 1970s.", "the 1970s", "197"),
               ("Growth slowed in the early 1990s.", "the early 1990s", "199")],
    "century": [("The chapel dates from the 19th century.", "the 19th century", "18")],
    "holiday": [("Shops will close early on Christmas Eve.", "Christmas Eve", "2025-12-24")],
    "ago": [("The dam was built 52 years ago.", "52 years ago", "1973"),
            ("The talks collapsed three days ago.", "three days ago", "2025-07-08")],
    "yearago": [("Net income rose from the year-ago level.", "year-ago", "2024")],
    "period": [("Sales rose in the third quarter. Costs in the latest period fell.", "the latest period", "2025-Q3")],
    "sameperiod": [("Sales rose 4% in June from the same month last year.", "the same month last year", "2024-06")],
    "theyear": [("The company expects a loss for the fiscal year.", "the fiscal year", "2025")],
    "periodend": [("The deal should close by the end of the year.", "the end of the year", "2025")],
    "weekend": [("Protesters gathered over the weekend in the square.", "the weekend", "2025-W27-WE")],
    "spelledyear": [("The reactor was built in nineteen seventy-nine.", "nineteen seventy-nine", "1979")],
    "unitlong": [("The strike ended a decades-long dispute.", "decades-long", "PXDE"),
                 ("They held a weeklong vigil.", "weeklong", "P1W")],
    "vaguerel": [("He resigned hours after the vote.", "hours", "PTXH")],
    "relunit": [("Ministers met last week in Brussels.", "last week", "2025-W27"),
                ("Shares fell earlier this month.", "earlier this month", "2025-07")],
    "theday": [("The index rose 2% to end the day at a record.", "the day", "2025-07-11")],
    "podday": [("The fire broke out mid-afternoon yesterday.", "mid-afternoon yesterday", "2025-07-10TAF")],
    "deictic": [("Police made two arrests yesterday.", "yesterday", "2025-07-10"),
                ("The results are due tomorrow morning.", "tomorrow morning", "2025-07-12TMO")],
    "weekday": [("The mayor resigned on Friday after the audit.", "Friday", "2025-07-11"),
                ("The board will vote on Tuesday.", "Tuesday", "2025-07-15")],
    "anchored": [("The vote was held on June 3, 2019. The next morning, crowds gathered.", "The next morning",
                  "2019-06-04")],
    "partofday": [("The vote was held on June 3, 2019. Crowds gathered in the evening.", "the evening",
                   "2019-06-03TEV")],
    "clock": [("The quake struck at 4:15 a.m. local time.", "4:15 a.m.", "2025-07-11T04:15"),
              ("The crowd gathered shortly after noon.", "shortly after noon", "2025-07-11T12:00"),
              ("Trains stopped at 6.30am on the line.", "6.30am", "2025-07-11T06:30")],
    "hhmm": [("The probe launched at 0800 GMT.", "0800 GMT", "2025-07-11T08:00Z")],
    "duration": [("The site has been closed for 17 years.", "17 years", "P17Y"),
                 ("The reform took a decade to pass.", "a decade", "P10Y")],
    "halfunit": [("Crews worked for half an hour to free him.", "half an hour", "PT30M")],
    "vague": [("The war dragged on for years.", "years", "PXY"),
              ("Prices climbed in recent months.", "recent months", "PAST_REF")],
    "set": [("The race is held every year in the capital.", "every year", "P1Y")],
    "everyn": [("The games are held every four years.", "every four years", "P4Y")],
    "setword": [("The prize is awarded annually by the academy.", "annually", "P1Y")],
    "count_set": [("The paper is printed twice a week.", "a week", "P1W")],
    "ref": [("The factory is now closed.", "now", "PRESENT_REF"),
            ("Such floods were rare in the past.", "the past", "PAST_REF")],
}
