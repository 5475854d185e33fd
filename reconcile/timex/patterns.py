"""Compiled regular expressions, one per kind of temporal expression.

Each rule is a `Rule(name, regex)`; `resolve.py` turns a match of rule `name` into a TIMEX3 type and
value. Regexes only find candidate spans; guards that need the surrounding text live in `resolve.py`.
All patterns are case-insensitive; capitalisation checks (months, weekdays) happen in the resolver.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reconcile.timex.lexicon import DECADE_WORDS, HOLIDAYS, ONES, TENS


class Rule(NamedTuple):
    """A kind of temporal expression. `scan` finds it in lowercased text (fast: no case folding);
    `regex` is the same pattern, case-insensitive, re-applied at each hit on the original text so that
    handlers see the original spelling (capitalisation matters: "May" vs "may")."""

    name: str
    regex: re.Pattern[str]
    scan: re.Pattern[str]


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_FULL_MONTH = "january|february|march|april|may|june|july|august|september|october|november|december"
_ABBR_MONTH = r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?"
MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})(?![a-z])"
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tues?|wed|thur?s?|fri|sat|sun)\.)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d])"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
PART = r"(?:morning|afternoon|evening|night|overnight)"
_WORDNUM = (
    rf"(?:(?:{_alt(TENS)})(?:[- ](?:{_alt(k for k in ONES if 0 < ONES[k] < 10)}))?|{_alt(ONES)})"
)
NUM = (
    rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|{_WORDNUM}|a\s+couple\s+of|couple\s+of|a\s+dozen|a\s+few|few|several|"
    rf"many|some|a|an|half\s+an?|a\s+half|a\s+single|dozens\s+of|hundreds\s+of|thousands\s+of)"
)
UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|quarters?|"
    r"years?|yrs?|decades?|centuries|century|weekends?|seasons?)"
)
UNIT_ONE = r"(?:day|week|weekend|month|quarter|year|decade|century|season|fortnight|hour|minute)"
APPROX = (
    r"(?:about|around|approximately|roughly|nearly|almost|some|close\s+to|more\s+than|less\s+than|"
    r"fewer\s+than|over|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|well\s+over|upwards\s+of|"
    r"just\s+over|just\s+under|only|barely|just)"
)
TZ = r"(?:[ecmp][sd]t|gmt|utc|bst|cet|cest|z)(?![\w])"
CLOCK = (
    r"(?:\d{1,2}(?:[:.][0-5]\d)?\s*(?:a\.\s?m\.?|p\.\s?m\.?|am(?![a-z])|pm(?![a-z]))|(?:[01]?\d|2[0-3]):[0-5]\d"
    r"(?::[0-5]\d)?|noon|midnight|midday|mid-day)"
)
MODWORD = (
    r"(?:early|earlier|mid|middle|late|later|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    r"the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+latter\s+part\s+of|"
    r"the\s+early\s+part\s+of|end[- ]of|the\s+turn\s+of)"
)
_NB = r"(?<![\w$£€¥#@.,/:-])"  # no word, currency or number glued on the left
_NA = r"(?![\w%°]|[.,:/]\d)"  # nothing glued on the right

_SOURCES: list[tuple[str, str]] = [
    # absolute dates -----------------------------------------------------------------------------
    ("iso", rf"{_NB}(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?:[t ](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::\d\d)?(?:\s?(?P<z>z|utc|gmt))?)?{_NA}"),
    ("numeric", rf"{_NB}(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?P<y>\d{{4}}|\d{{2}}){_NA}"),
    ("mdy", rf"(?:(?P<wd>{WEEKDAY}),?[ \t]+)?(?:(?P<mod>{MODWORD})[\s-]+)?(?P<month>{MONTH})\s*(?P<d>{DAY})(?:,\s*|\s+|,?\s+of\s+)(?P<y>{YEAR})"),
    ("dmy", rf"(?:(?P<wd>{WEEKDAY}),?[ \t]+)?(?:the\s+)?{_NB}(?P<d>{DAY})(?:\s+of)?\s+(?P<month>{MONTH}),?\s+(?P<y>{YEAR})"),
    ("md", rf"(?:(?P<wd>{WEEKDAY}),?[ \t]+)?(?P<month>{MONTH})\s*(?P<d>{DAY})(?![\d,.]\d|\s*(?:%|percent|million|billion))"),
    ("dm", rf"(?:(?P<wd>{WEEKDAY}),?[ \t]+)?(?:the\s+)?{_NB}(?P<d>{DAY})(?:\s+of)?\s+(?P<month>{MONTH})"),
    ("my", rf"(?:(?P<mod>{MODWORD})[\s-]+)?(?P<month>{MONTH})(?:,|\s+of)?\s+(?P<y>{YEAR}|(?:this|last|next)\s+year(?![\w'’]))"),
    ("month", rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|that|the\s+following|the\s+previous)\s+)?(?:(?P<mod>{MODWORD})[\s-]+)?(?P<month>{_FULL_MONTH}|sept\.|sept|oct\.|nov\.|dec\.|jan\.|feb\.|aug\.)(?![a-z])"),
    # seasons, quarters, halves ------------------------------------------------------------------
    ("season", rf"(?:(?P<rel>this\s+past|this\s+coming|the\s+coming|the\s+past|last|next|this|that|the|early|late|mid|in|during|since|until|by|of)[\s-]+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?P<s>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR}|(?:this|last|next)\s+year))?(?!\w|['’](?!s\b))"),
    ("quarter", rf"(?:(?P<det>the|its|a|this|his|her|their)\s+)?(?:(?P<yr>{YEAR}|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s|year-ago|year-earlier)\s+)?(?:(?:fiscal|calendar)[\s-]+)?(?P<o>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+(?:(?:fiscal|calendar)[\s-]+)?(?P<u>quarter|half)(?:\s+of\s+(?:fiscal\s+|the\s+)?(?P<y>{YEAR}|this\s+year|last\s+year|next\s+year|the\s+year))?(?![\w])"),
    ("qcode", rf"{_NB}(?P<u>q|h)(?P<o>[1-4])(?:\s+|/|-)?(?P<y>{YEAR}|'\d\d)?(?![\w])"),
    ("relquarter", r"(?P<rel>the\s+latest|the\s+current|the\s+past|the\s+last|the\s+previous|the\s+same|last|next|this|the\s+year-ago|the\s+year-earlier|the)\s+(?P<u>quarter|half)(?![\w-])"),
    ("year", rf"(?:(?P<mod>{MODWORD})[\s-]+)?(?:(?P<fy>fiscal|fy|calendar|the\s+year)[\s-]*)?(?<![\w$£€¥#@.,/:])(?P<y>{YEAR}){_NA}(?!-year)"),
    ("yy", rf"(?:(?P<mod>{MODWORD})[\s-]+)?(?<![\w.])['’](?P<yy>\d\d)(?![\w'’]|[.,]\d)"),
    ("hundreds", rf"(?:the\s+)?(?:(?P<mod>{MODWORD})[\s-]+)?{_NB}(?P<c>1[0-9]|20)00['’]?s(?!\w|['’](?!s\b))"),
    ("decade", rf"(?:the\s+)?(?:(?P<mod>{MODWORD}|the\s+last\s+half\s+of\s+the|the\s+first\s+half\s+of\s+the)[\s-]+)?(?:(?<![\w$£€¥#@.,/:])(?P<c>1[0-9]|20)?(?P<d>\d)0['’]?s|['’](?P<d2>\d)0s|(?<=the\s)(?P<d3>[1-9])0s|(?<=\d0s\sand\s)(?P<d4>[1-9])0s|(?P<w>{_alt(DECADE_WORDS)}))(?!\w|['’](?!s\b))"),
    ("century", rf"(?:the\s+)?(?:(?P<mod>{MODWORD})[\s-]+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|twenty\s+first)[\s-]+century"),
    ("holiday", rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>{_alt(HOLIDAYS)}|thanksgiving(?:\s+day)?|easter(?:\s+sunday)?|good\s+friday|memorial\s+day|labou?r\s+day|election\s+day)(?!\w|['’](?!s\b))"),
    # relative expressions ------------------------------------------------------------------------
    ("ago", rf"(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM})[\s-]+(?P<u>{UNIT})\s+(?:and\s+a\s+half\s+|or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back|previously|prior)(?![\w])"),
    ("relunit", rf"(?:(?P<pre>earlier|later|early|late|mid|by|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of)[\s-]+)?(?P<rel>this\s+past|this\s+coming|the\s+past|the\s+last|the\s+previous|the\s+preceding|the\s+following|the\s+next|the\s+coming|the\s+same|the\s+current|the\s+present|last|this|next|coming|past|previous|that|same|the\s+prior|a|one)\s+(?P<u>{UNIT_ONE})(?![\w-])(?:\s+(?P<dir>ago|earlier|later|before|after|prior))?"),
    ("yearago", r"(?:(?P<the>the|a)\s+)?(?:(?P<adj>comparable|same|corresponding)\s+)?(?P<w>year-ago|year-earlier|year\s+ago|year\s+earlier)(?:\s+(?P<u>period|quarter|results|levels?|month|figures?))?(?![\w-])"),
    ("period", r"(?P<the>the|its)\s+(?P<w>latest|most\s+recent|comparable|same|year-ago|year-earlier|\d{4})\s+(?P<u>period|quarter)(?![\w-])"),
    ("sameperiod", r"(?:the\s+)?(?:(?:same|corresponding|comparable|year-ago|year-earlier)\s+)?(?:period|quarter|month|time)\s+(?:of\s+|in\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior|last)\s+year)(?![\w-])|last\s+year['’]s\s+(?:quarter|period)(?![\w-])"),
    ("theyear", r"(?P<the>the|its)\s+(?:(?P<q>full|fiscal|current|latest|whole|entire|past|previous)[\s-]+)?(?:(?P<q2>fiscal|calendar)[\s-]+)?(?P<u>year|month|week)(?![\w-])"),
    ("periodend", r"(?:the\s+)?(?:(?P<pre>end|close|start|beginning|middle)\s+of\s+(?:the|this)\s+(?P<u>year|month|week|quarter|decade|century)|(?P<u2>year|month|quarter)[-\s](?P<pre2>end)|(?P<u3>year|month)['’]s\s+(?P<pre3>end))(?![\w-])"),
    ("weekend", r"(?P<the>the|this|last|next|this\s+past|this\s+coming)\s+weekend(?!\w|['’](?!s\b))"),
    ("spelledyear", r"(?:the\s+year\s+)?(?:(?P<c>nineteen)[\s-]+(?P<t>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)|two\s+thousand(?:\s+(?:and\s+)?(?P<t2>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?)(?![\w-])"),
    ("unitlong", rf"{_NB}(?:(?P<n>{_WORDNUM}|\d+)-)?(?P<u>{UNIT})-?long(?![\w-])"),
    ("vaguerel", r"(?:(?P<q>just|only|mere|a\s+few|several|some)\s+)?(?P<u>seconds|minutes|hours|days|weeks|months|years|decades)\s+(?P<dir>after|before|later|earlier)(?![\w-])"),
    ("theday", r"(?:(?P<pre>late|early|later|earlier|mid)\s+in\s+)?(?P<the>the)\s+(?P<u>day|session|year|month|week)(?![\w-])"),
    ("podday", rf"(?:(?P<pre>early|late|mid)[\s-]+)?(?P<pod>morning|afternoon|evening|night)\s+(?:of\s+)?(?:(?P<w>yesterday|today|tomorrow)|(?P<wd>{WEEKDAY}))(?!\w|['’](?!s\b))"),
    ("deictic", r"(?:(?P<pre>early|late|earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)|overnight)(?:\s+(?P<pod>morning|afternoon|evening|night))?(?!\w|['’](?!s\b))"),
    ("weekday", rf"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|the\s+previous|the\s+following|early|late|every|each|on)\s+)?(?P<wd>{WEEKDAY})(?P<pl>s)?(?:\s+(?P<pod>morning|afternoon|evening|night|overnight)s?)?(?!\w|['’](?!s\b))"),
    ("anchored", r"(?P<rel>that|the\s+same|the\s+previous|the\s+preceding|the\s+following|the\s+next|the\s+prior)\s+(?P<u>morning|afternoon|evening|night)(?![\w-])|(?P<rel2>the\s+day|the\s+night|the\s+week|the\s+month|the\s+year)\s+(?P<dir>before|after)(?=\s*[,.;:)–—-]|\s*$)"),
    ("partofday", r"(?:(?P<pre>early|late|mid)[\s-]+)?(?:(?P<the>the|in\s+the|that|this)\s+)?(?P<pod>morning|afternoon|evening|night)(?!\w|['’](?!s\b))"),
    # times ----------------------------------------------------------------------------------------
    ("clock", rf"(?:(?P<approx>about|around|approximately|shortly\s+after|shortly\s+before|just\s+after|just\s+before|soon\s+after|after|before|until|by|at)\s+)?{_NB}(?P<t>{CLOCK})(?:\s+in\s+the\s+(?P<pod>morning|afternoon|evening))?(?:\s*(?P<tz>{TZ}))?"),
    ("hhmm", rf"{_NB}(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s*(?:hours|hrs|h)?\s*(?P<tz>gmt|utc|z)(?![\w])"),
    # durations and sets ---------------------------------------------------------------------------
    ("duration", rf"(?:(?P<approx>{APPROX})\s+)?(?:(?P<rel>the\s+past|the\s+last|the\s+next|the\s+first|the\s+coming|the\s+previous|the\s+following|the\s+final|the\s+latest|the\s+remaining|the\s+initial|the\s+ensuing|the\s+same|the|past|next|coming|another|recent|the\s+recent|over\s+the\s+past|over\s+the\s+last|over\s+the\s+next)\s+)?{_NB}(?P<n>{NUM})[\s-]+(?:(?:more|additional|straight|consecutive|full|long|short|trading|business|working|calendar)\s+)?(?P<u>{UNIT})(?:(?P<old>[\s-]+old)|(?P<half>\s+and\s+a\s+half)|\s+(?P<orso>or\s+so|or\s+more|or\s+less))?(?![\w])"),
    ("halfunit", rf"(?:(?P<approx>{APPROX})\s+)?(?:(?P<n>{NUM})\s+and\s+a\s+half|half\s+an?|a\s+half)[\s-]+(?P<u>{UNIT})(?![\w])|(?P<n2>an?|one)\s+(?P<u2>{UNIT})\s+and\s+a\s+half(?![\w])"),
    ("vague", r"(?:(?P<rel>the\s+past|the\s+last|the\s+next|the\s+coming|the\s+recent|over\s+the|in\s+the|recent|coming|past|for|over|within|in|after)\s+)(?:(?P<q>few|several|many)\s+)?(?P<u>(?:seconds|minutes|hours|days|nights|weeks|months|quarters|years|decades|centuries))(?![\w-])"),
    ("everyn", rf"(?P<q>every)\s+(?P<n>{_WORDNUM}|\d+)\s+(?P<u>{UNIT})(?![\w-])"),
    ("set", rf"(?P<q>every|each|per)\s+(?:(?P<other>other|single)\s+)?(?:(?P<u>{UNIT_ONE}|season|second)|(?P<wd>{WEEKDAY})|(?P<month>{_FULL_MONTH})|(?P<s>{SEASON})|(?P<pod>{PART}))(?!\w|['’](?!s\b))"),
    ("setword", r"(?P<w>annually|yearly|daily|weekly|monthly|quarterly|hourly|nightly|bi-?weekly|bi-?monthly|semi-?annually)(?![\w])"),
    ("count_set", r"(?P<c>once|twice|thrice|\d+\s+times|(?:two|three|four|five|six|ten|several|many|a\s+few)\s+times)\s+(?P<a>a|an|per|each|every)\s+(?P<u>day|week|month|year|hour|minute|season|night|decade)(?![\w])"),
    # document-relative references -----------------------------------------------------------------
    ("ref", r"(?P<w>right\s+now|just\s+now|by\s+now|now|currently|current|presently|at\s+present|nowadays|these\s+days|today['’]s|in\s+the\s+past|the\s+past|the\s+distant\s+past|the\s+recent\s+past|the\s+near\s+future|the\s+distant\s+future|the\s+future|future|recently|recent|lately|soon|formerly|previously|so\s+far|the\s+time\s+being|the\s+long\s+term|the\s+short\s+term|the\s+near\s+term|the\s+long\s+run|the\s+short\s+run|in\s+the\s+meantime|as\s+soon\s+as\s+possible|a\s+later\s+(?:date|time)|once)(?![\w'-])"),
]

_NO_BOUNDARY = {"yy", "decade"}  # may start with an apostrophe
RULES: tuple[Rule, ...] = tuple(
    Rule(name, re.compile(src, re.IGNORECASE), re.compile(src))
    for name, src in ((n, s if n in _NO_BOUNDARY else r"\b" + s) for n, s in _SOURCES)
)

# Head words: a rule can only match near one of its head tokens, so the tagger runs each rule only
# in small windows around them (see tagger._windows). Tokens are lowercased runs of letters (with
# trailing digits, "q3") or of digits; numbers are routed by `tagger._digit_rules`.
_MONTH_RULES = ("mdy", "dmy", "md", "dm", "my", "month")
_UNIT_RULES = ("relunit", "duration", "vague")
_HEAD_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("january february march april may june july august september october november december "
     "jan feb mar apr jun jul aug sep sept oct nov dec", _MONTH_RULES),
    ("monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays "
     "fridays saturdays sundays mon tue tues wed thu thur thurs fri sat sun", ("weekday", "holiday", "podday")),
    ("second seconds sec secs minute minutes min mins hour hours hr hrs day days night nights week weeks "
     "fortnight fortnights month months quarter quarters year years yr yrs decade decades century "
     "centuries weekend weekends season seasons", _UNIT_RULES),
    ("half", ("halfunit",)),
    ("quarter half", ("quarter", "relquarter")),
    ("spring summer autumn fall winter", ("season",)),
    ("century", ("century",)),
    ("twenties thirties forties fifties sixties seventies eighties nineties", ("decade",)),
    ("today tonight yesterday tomorrow overnight", ("deictic", "podday")),
    ("morning afternoon evening night", ("deictic", "anchored", "partofday", "weekday", "clock")),
    ("day session year month week", ("theday",)),
    ("day night week month year", ("anchored",)),
    ("noon midnight midday", ("clock",)),
    ("every each per", ("set", "everyn")),
    ("annually yearly daily weekly monthly quarterly hourly nightly biweekly bimonthly semiannually "
     "annually", ("setword",)),
    ("once twice thrice times", ("count_set",)),
    ("now currently current presently present nowadays days past future recently recent lately soon "
     "formerly previously being term run possible", ("ref",)),
    ("christmas thanksgiving easter halloween valentine independence veterans remembrance armistice "
     "bastille patrick memorial labor labour election boxing year", ("holiday",)),
    ("q1 q2 q3 q4 h1 h2", ("qcode",)),
    ("ago earlier later hence back previously prior before after now", ("ago",)),
    ("year", ("yearago",)),
    ("year month week", ("theyear",)),
    ("period quarter", ("period", "sameperiod")),
    ("month time", ("sameperiod",)),
    ("end close start beginning middle", ("periodend",)),
    ("weekend", ("weekend",)),
    ("nineteen thousand", ("spelledyear",)),
    ("long weeklong monthlong yearlong daylong", ("unitlong",)),
    ("seconds minutes hours days weeks months years decades", ("vaguerel",)),
    ("later", ("ref",)),
]
HEAD_WORDS: dict[str, frozenset[str]] = {}
for _words, _rules in _HEAD_GROUPS:
    for _word in _words.split():
        HEAD_WORDS[_word] = HEAD_WORDS.get(_word, frozenset()) | frozenset(_rules)

APPROX_MOD: dict[str, str] = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "nearly": "APPROX", "almost": "APPROX", "some": "APPROX", "close to": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "well over": "MORE_THAN", "upwards of": "MORE_THAN",
    "just over": "MORE_THAN", "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
    "just under": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "only": None, "barely": None,
    "just": None,
}
