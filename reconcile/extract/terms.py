"""Story terms: what an article is about, counted for grouping articles into stories.

Counted with the claims, in the extraction workers, and cached with them.
"""

from __future__ import annotations

import re
from collections import Counter

from reconcile.extract.text import FUNCTION_WORDS, singular

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_COMMON = FUNCTION_WORDS | {"said", "says", "year", "years", "also", "would", "could", "people", "time",
                            "government", "new", "last", "first", "told", "week", "month", "day", "news",
                            "according", "officials", "official", "reported", "report", "updated", "follow"}
_NAME_RUN = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")
# A whole number: a digit first lets the engine skip ahead to digits; the look-behind then rejects
# one that continues a word ("B52").
_NUMBER = re.compile(r"\d(?<!\w\d)(?:[\d,.]*\d)?\b")


def story_terms(text: str) -> dict[str, int]:
    """What an article is about: its names (and runs of names) weigh more than its common words,
    and the numbers it states tell one event of a kind from another."""
    counts: Counter = Counter()
    # Each distinct spelling is weighed once, times how often it occurs: most words repeat.
    for word, times in Counter(_WORD.findall(text)).items():
        lower = word.lower().rstrip("'’")
        if lower in _COMMON or len(lower) < 4:
            continue
        counts[singular(lower)] += times * (2 if word[0].isupper() else 1)
    for run, times in Counter(_NAME_RUN.findall(text)).items():
        words = [w.lower() for w in run.split() if w.lower() not in _COMMON]
        for left, right in zip(words, words[1:]):
            counts[f"{left} {right}"] += 2 * times
    for number, times in Counter(_NUMBER.findall(text)).items():
        counts["#" + number.replace(",", "")] += times
    return dict(counts)
