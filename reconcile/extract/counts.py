"""Counts of people: "at least 30 people were killed", "killing 42", "a death toll of 45", "12 arrested".

A count is only read where the number is tied to the trigger word by the grammar of news copy:
the number and who was counted come right before the trigger ("40 people were killed",
"three soldiers dead"), or right after it ("killing 42", "injured more than 50 people"), or after
a toll noun ("the death toll rose to 45"). What was counted is kept: "people", a nationality or
"civilians" are the same generic group; "children" or "soldiers" are a group of their own, so a
count of children is never compared with a count of everyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconcile.extract.events import Trigger
from reconcile.extract.quantities import Quantity
from reconcile.extract.text import TOKEN, Sentence, singular

# Words that may sit between a number and a trigger after it: "40 people were reportedly killed".
_AUXILIARY = {"were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "now", "reportedly",
              "confirmed", "reported", "feared", "believed", "thought", "presumed", "left", "later", "all",
              "also", "still", "remain", "remained", "remains", "either", "seriously", "critically", "badly",
              "slightly", "fatally", "allegedly", "so", "far", "listed", "as", "officially", "to", "known",
              "understood", "expected", "likely", "set", "due", "will", "would", "could", "may", "might"}
# Words between a trigger and its number: qualifiers ("at least") and toll verbs ("rose to").
_TOLL_LINK = {"of", "at", "to", "rose", "risen", "rises", "climbed", "climbs", "reached", "reaches", "stood",
              "stands", "is", "was", "has", "had", "now", "hit", "jumped", "increased", "grew", "put", "stands",
              "been", "officially", "up", "overnight", "sharply", "again", "further", "later", "steadily",
              "since", "today", "yesterday"}
_TOLL_VERBS = {"rose", "risen", "rises", "climbed", "climbs", "reached", "reaches", "stood", "stands", "is", "was",
               "hit", "jumped", "increased", "grew", "at"}
_QUALIFIER_WORDS = {"at", "least", "more", "than", "over", "about", "around", "nearly", "almost", "some",
                    "up", "to", "as", "many", "an", "estimated", "roughly", "approximately", "a", "total", "of",
                    "no", "fewer", "less", "under", "close", "just", "upwards", "in", "excess", "below", "above",
                    "exactly", "only", "the"}
# Words that end a group phrase: what follows is not who was counted.
_GROUP_STOP = {"of", "in", "at", "on", "from", "by", "and", "or", "with", "who", "which", "that", "when", "after",
               "before", "during", "including", "while", "as", "into", "near", "across", "inside", "outside",
               "the", "a", "an", "this", "their", "his", "her", "its", "our", "for", "to", "than", "since",
               "them", "us", "it", "more", "another", "further", "additional", "extra", "over", "amid", "because",
               "due", "under", "through", "against", "toward", "towards", "about"}
# A count of "another 10" or "a further 5" adds to an earlier count; it is not the total.
_INCREMENT = {"another", "further", "additional", "extra", "more"}
_GENERIC = {"people", "person", "persons", "individual", "civilian", "resident", "inhabitant", "villager",
            "victim", "human", "life", "live", "lives", "soul", "protester", "protestor", "demonstrator",
            "marcher", "participant", "occupant", "fan", "spectator", "supporter", "attendee", "onlooker",
            "mourner", "worshipper", "visitor", "guest", ""}
_TOLL_TRIGGERS = ("toll", "tally", "number")
_AGE_BEFORE = re.compile(r"(?:\b(?:dead|died|dies|dying)\s+at|\baged|\bage\s+of)\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"[-\s]years?[-\s]olds?\b", re.IGNORECASE)
_OPENS_SENTENCE = re.compile(r"\W*(?:(?:at|least|more|than|over|about|around|some|nearly|almost|up|to)\s+)*",
                             re.IGNORECASE)
_AND_ANOTHER = re.compile(r"\s+and\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"a dozen|dozens)\b)", re.IGNORECASE)
_PARTITIVE_DETERMINERS = {"the", "those", "its", "their", "his", "her"}
_PARTITIVE = re.compile(rf"\s+(?:out\s+)?of\s+(?:{'|'.join(sorted(_PARTITIVE_DETERMINERS))})\s+")  # "three of the 12"
_MAGNITUDE = re.compile(r"\bmagnitude[-\s]*(?:of\s+)?$", re.IGNORECASE)
_MAGNITUDE_AFTER = re.compile(r"[-\s]*(?:magnitude|on the richter)\b", re.IGNORECASE)
_RELATED = re.compile(r"\b\w+-related\b", re.IGNORECASE)  # "three storm-related deaths"
_NO = re.compile(r"\bno\s+$", re.IGNORECASE)  # "no one was hurt" counts nobody, not one
_AFTER_BREAKS = ",;:()\"“”—–"
# "Mother of 12 killed in crossfire": the number is her children, not the dead ("family of five" is).
_PARENT_OF = re.compile(r"\b(?:mother|father|mum|mom|dad|parent|grandmother|grandfather|grandparent)s?\s+of\s+$",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    """A number of people in a category ("killed"), who they were, and the evidence span."""

    category: str
    low: float | None
    high: float | None
    qualifier: str | None
    group: str  # "people" for the generic group, else the counted noun in the singular ("child")
    group_text: str
    start: int
    end: int
    number: int = -1  # where the number itself starts
    others: bool = False  # "two other firefighters": counted against someone already named


def _words(text: str) -> list[str]:
    return [match.group(0) for match in TOKEN.finditer(text)]


_OBJECT_STARTS = {"the", "a", "an", "his", "her", "their", "its", "this", "that"}


def _group(words: list[str]) -> tuple[str, str] | None:
    """The counted group from the words next to a number, or None if they are not a noun group."""
    taken: list[str] = []
    if words and words[0].lower() in ("other", "others"):
        # "one died and two other firefighters were hurt", "two others were injured": the others are
        # set against the dead, not added to an earlier count of the same kind.
        if words[0].lower() == "others":
            return "people", words[0]
        words = words[1:]
    words = [word for word in words if not word.lower().endswith("-related")]  # "storm-related deaths"
    if len(words) > 1 and words[0].islower() and words[0].endswith("ed") and (
            words[1][0].isupper() or words[1].lower() in _OBJECT_STARTS):
        return "people", ""  # "a crowd of 41,268 watched Vela beat Orle": a verb and its object, no group
    for word in words:
        if not word[0].isalpha() or word.lower() in _GROUP_STOP | _AUXILIARY or len(taken) == 4:
            break
        if taken and word.islower() and word.endswith(("ing", "ed")) and len(word) > 4:
            break  # "40 villagers sheltering in a school": a participle ends the group
        taken.append(word)
    if not taken:
        return "people", ""
    head = taken[-1]
    lower = singular(head.lower())
    if lower in _GENERIC or lower == "people":
        return "people", " ".join(taken)
    if head[0].isupper() and head.lower().endswith("s"):
        return "people", " ".join(taken)  # a nationality or group of residents: "Palestinians"
    return lower, " ".join(taken)


def find_counts(text: str, sentence: Sentence, triggers: list[Trigger], quantities: list[Quantity],
                before_only: frozenset[str] = frozenset()) -> list[Count]:
    """Counts of people in one sentence, given its count triggers (find_triggers) and its quantities
    (find_quantities). Labels in `before_only` take only a number before the trigger."""
    # "a 19-year-old suspect", "a man aged 39", "died at 86": a number that is an age counts nobody.
    # "A magnitude 6.8 earthquake killed 40": a magnitude, or any fraction, counts nobody.
    people = [q for q in quantities if q.unit in ("", "people") and (q.low is None or q.low >= 0)
              and all(bound is None or float(bound).is_integer() for bound in (q.low, q.high))
              and not _MAGNITUDE.search(text, max(0, q.start - 12), q.start) and not _MAGNITUDE_AFTER.match(text, q.end)
              and not _AGE_AFTER.match(text, q.end) and not _NO.search(text, max(0, q.start - 4), q.start)
              and not _AGE_BEFORE.search(text, max(0, q.start - 20), q.start)]
    found: list[Count] = []
    for trigger in triggers:
        count = _before(text, trigger, people) or (
            None if trigger.label in before_only else _after(text, trigger, people))
        if count is not None and count.others and not any(t.label != trigger.label and t.start < trigger.start
                                                          for t in triggers) \
                and not _OPENS_SENTENCE.fullmatch(text, sentence.start, count.number):
            # "one died and two others were injured" sets the injured against the dead, as does a
            # sentence that opens with "At least 25 others were injured"; "Horton and two other
            # victims killed" adds to a count of the same kind, so it is no total.
            continue
        # "killed about 40 people sheltering in a school": the number belongs to the first trigger.
        if count is not None and not any(c.number == count.number for c in found):
            found.append(count)
            listed = _listed_before(text, count, people)
            if listed is not None and not any(c.number == listed.number for c in found):
                found.append(listed)
    return found


_LISTED = re.compile(r"\s+([a-z]+(?:\s+[a-z]+)?)\s+and\s+$")


def _listed_before(text: str, count: Count, quantities: list[Quantity]) -> Count | None:
    """ "241 passengers and 12 crew on board": the first figure of a pair counts its own group
    (not in "14 crashes and 6 injuries", where the second figure names no group of its own)."""
    if not count.group_text:
        return None
    earlier = [q for q in quantities if q.end <= count.number and count.number - q.end <= 40]
    if not earlier:
        return None
    quantity = max(earlier, key=lambda q: q.end)
    match = _LISTED.fullmatch(text, quantity.end, count.number)
    words = match.group(1).split() if match else ([] if quantity.unit == "people" else None)
    if words is None or not match and not re.fullmatch(r"\s+and\s+", text[quantity.end:count.number]):
        return None
    # Listed beside another group ("154 passengers and six crew"), passengers are not everyone aboard.
    noun = _words(text[quantity.start:quantity.end])[-1]
    group = (singular(noun.lower()), noun) if quantity.unit == "people" else _group(words)
    if group is None or group[0] == count.group:
        return None  # "killed 12 and injured 40" or two figures of one group: not a list of groups
    return Count(count.category, quantity.low, quantity.high, quantity.qualifier, group[0], group[1],
                 _with_qualifier(text, quantity), count.end, quantity.start)  # the evidence runs to the trigger


def _before(text: str, trigger: Trigger, quantities: list[Quantity]) -> Count | None:
    """ "40 people were killed", "three soldiers dead", "12 injured", "three of the 12 passengers
    were injured" (three)."""
    candidates = [q for q in quantities if q.end <= trigger.start and trigger.start - q.end <= 60]
    if not candidates:
        return None
    quantity = max(candidates, key=lambda q: q.end)
    part = next((q for q in candidates if q.end < quantity.start
                 and _PARTITIVE.fullmatch(text, q.end, quantity.start)), None)
    if _PARENT_OF.search(text, max(0, quantity.start - 30), quantity.start):
        return None
    between = text[quantity.end:trigger.start]
    if any(mark in between for mark in ",;:()\"“”—–") or "-" in _RELATED.sub("", between).replace(" - ", ""):
        return None
    words = _words(between)
    if _incremental(text, quantity):
        return None
    group_words = []
    index = 1 if quantity.qualifier == "vague" and words and words[0].lower() == "of" else 0  # "dozens of passengers"
    while index < len(words) and words[index].lower() not in _AUXILIARY:
        group_words.append(words[index])
        index += 1
    if any(word.lower() not in _AUXILIARY for word in words[index:]):
        return None
    lowered = [word.lower() for word in group_words]
    if "of" in lowered[1:] and len(lowered) - lowered.index("of", 1) <= 4:
        group_words = group_words[:lowered.index("of", 1)]  # "12 million users of its software are affected"
    group = _group(group_words)
    if group is None or len(group_words) > 4 or any(w.lower() in _GROUP_STOP for w in group_words):
        return None
    # "Three of the 12 passengers were injured": three; "three of the four soldiers killed by the
    # blast were reservists": the four were killed (no verb of its own before the trigger).
    counted = part if part is not None and index < len(words) else quantity
    return Count(trigger.label, counted.low, counted.high, counted.qualifier, group[0], group[1],
                 _with_qualifier(text, counted), trigger.end, counted.start, _others(group_words))


def _toll(text: str, trigger: Trigger, quantities: list[Quantity]) -> Count | None:
    """ "the death toll rose to 45", "the toll from Tuesday's magnitude 6.6 quake has risen to 42":
    a phrase of up to twelve words may stand between the toll and its verb, and any figure inside
    that phrase (a magnitude, a year) is passed over."""
    for quantity in sorted((q for q in quantities if q.start >= trigger.end and q.start - trigger.end <= 120),
                           key=lambda q: q.start):
        between = text[trigger.end:quantity.start]
        if any(mark in between for mark in _AFTER_BREAKS) or re.search(r"\.(?!\d)", between):
            return None  # the clause ended before a figure was given
        words = _words(between)
        verbs = [i for i, word in enumerate(words) if word.lower() in _TOLL_VERBS]
        if verbs and verbs[0] <= 12:
            words = words[verbs[0]:]
        if all(word.lower() in _QUALIFIER_WORDS | _TOLL_LINK for word in words) and not _incremental(text, quantity):
            return Count(trigger.label, quantity.low, quantity.high, quantity.qualifier, "people", "",
                         trigger.start, quantity.end, quantity.start)
    return None


def _after(text: str, trigger: Trigger, quantities: list[Quantity]) -> Count | None:
    """ "killing 42", "injured more than 50 people", "the death toll rose to 45"."""
    trigger_text = text[trigger.start:trigger.end].lower()
    toll = trigger_text.endswith(_TOLL_TRIGGERS) or trigger_text.startswith("number of")
    if toll:
        return _toll(text, trigger, quantities)
    candidates = [q for q in quantities if q.start >= trigger.end and q.start - trigger.end <= 30]
    if not candidates:
        return None
    quantity = min(candidates, key=lambda q: q.start)
    between = text[trigger.end:quantity.start]
    if any(mark in between for mark in _AFTER_BREAKS):
        return None
    if any(word.lower() not in _QUALIFIER_WORDS for word in _words(between)) or _incremental(text, quantity):
        return None
    following = text[quantity.end:quantity.end + 60]
    stop = min((following.find(mark) for mark in ",;:.()\n" if mark in following), default=len(following))
    words = _words(following[:stop])
    if quantity.unit == "people":  # "9,000 villagers fleeing the floods": the unit word was the group
        noun = _words(text[quantity.start:quantity.end])[-1]
        # "carrying 214 passengers and 12 crew": passengers, beside another group, are not everyone.
        group = singular(noun.lower()) if _AND_ANOTHER.match(text, quantity.end) else "people"
        return Count(trigger.label, quantity.low, quantity.high, quantity.qualifier, group, noun,
                     trigger.start, quantity.end, quantity.start)
    if words and words[0].lower() == "of" and quantity.qualifier == "vague":
        words = words[1:]  # "tens of thousands of people"
    elif len(words) > 2 and words[0].lower() == "of" and words[1].lower() in _PARTITIVE_DETERMINERS:
        words = words[2:]  # "recaptured two of the inmates": two inmates
    elif words and words[0].lower() == "of":
        return None  # "killing four of them": a part of some other group
    group = _group(words)
    if group is None:
        return None
    end = quantity.end
    if group[1]:
        end = text.find(group[1].split()[-1], quantity.end) + len(group[1].split()[-1])
    return Count(trigger.label, quantity.low, quantity.high, quantity.qualifier, group[0], group[1],
                 trigger.start, end, quantity.start, _others(words))


def _others(words: list[str]) -> bool:
    return bool(words) and words[0].lower() in ("other", "others")


def _with_qualifier(text: str, quantity: Quantity) -> int:
    """Where the evidence starts: before "at least" or "more than" when they qualify the number."""
    if not quantity.qualifier or quantity.qualifier in ("range", "vague"):
        return quantity.start
    start = quantity.start
    for _ in range(4):
        head = text[max(0, start - 16):start]
        words = list(TOKEN.finditer(head))
        if not words or words[-1].group(0).lower() not in _QUALIFIER_WORDS - {"the", "a", "of", "in", "only"}:
            break
        if head[words[-1].end():].strip():
            break
        start = start - len(head) + words[-1].start()
    return start


def _incremental(text: str, quantity: Quantity) -> bool:
    """ "another 12 people", "two more people": an addition to an earlier count, not a total."""
    before = _words(text[max(0, quantity.start - 20):quantity.start])
    after = _words(text[quantity.end:quantity.end + 20])
    return bool(before) and before[-1].lower() in _INCREMENT or \
        bool(after) and after[0].lower() in _INCREMENT and (len(after) < 2 or after[1].lower() != "than")
