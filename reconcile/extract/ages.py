"""Ages of people: "Ana Ruiz, 27,", "the 15-year-old Tomas Vigo", "Ana Ruiz, aged 27".

An age is read only where news style ties it to a person's name: an apposition right after the
name, or "N-year-old" right before it (with at most two describing words between, as in "the
15-year-old student Tomas Vigo"). A surname alone is read as the full name the article used
earlier ("Ruiz, 27" after "Ana Ruiz").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconcile.extract.quantities import number_value
from reconcile.extract.text import NameChunk, Sentence

_NUMBER = r"\d{1,3}|[a-z]+(?:-[a-z]+)?"
_AFTER = re.compile(r",\s*(?:aged\s+)?(?P<age>\d{1,3})\s*(?=,|\.|;|\)|$|\s+(?:and|was|is|who|has|had|were|of|from)\b)")
_PAREN = re.compile(r"\s*\((?P<age>\d{1,3})\)")
# "Ana Ruiz, the 57-year-old former mayor": an apposition that starts with the age.
_AFTER_OLD = re.compile(rf",\s*(?:the|a|an)\s+(?P<age>{_NUMBER})[-\s]year[-\s]old\b", re.IGNORECASE)
# "Jane Roe dies at 85", "died on Thursday at the age of 86", "who died aged 85": an age at death,
# tied to the last person named before it in the sentence.
_AT_DEATH = re.compile(r"\b(?:died|dies|dead|passed away)\b(?:\s+[\w,.]+){0,7}?,?\s+(?:at\s+(?:the\s+age\s+of\s+)?|aged\s+)"
                       r"(?P<age>\d{1,3})\b(?![-\s]*(?:percent|%|years?\s+ago|people|others|[ap]\.?m\b|o['’]clock|[:.]\d|h\b))",
                       re.IGNORECASE)
_QUOTED = re.compile(r"['\"‘“](?:The |A |An )?$")
# "She was 78." closing an obituary: the age of the person whose death the article reports.
_PRONOUN_AGE = re.compile(r"(?:She|He) was (?:aged )?(?P<age>\d{1,3})\.?$")
_THEN = re.compile(r"\bthen\s*-?\s*$", re.IGNORECASE)
# "the 15-year-old student Jonah Pike", "a 19-year-old suspect, Jonah Pike"; not "the 47-year-old
# coach of Vela United", whose name after a preposition is the coach's club.
_BEFORE = re.compile(rf"(?P<age>{_NUMBER})[-\s]year[-\s]old\s+(?:(?!(?:of|for|from|at|in|with|to|by)\s)[a-z]+\s+){{0,2}}"
                     rf"(?:[a-z]+,\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Age:
    person: str
    age: float
    start: int
    end: int


def find_ages(text: str, sentence: Sentence, chunks: list[NameChunk], is_person, full_name) -> list[Age]:
    """Ages stated for people in one sentence.

    `is_person(chunk)` says whether a name chunk can be a person; `full_name(chunk)` gives the
    fullest form of that person's name the article has used so far.
    """
    found: list[Age] = []
    for chunk in chunks:
        if not is_person(chunk):
            continue
        tail = text[chunk.end:min(sentence.end, chunk.end + 40)]
        match = _AFTER.match(tail) or _PAREN.match(tail) or _AFTER_OLD.match(tail)
        if match:
            age = _age(match)
            if age is not None:
                found.append(Age(full_name(chunk), age, chunk.start, chunk.end + match.end()))
            continue
        head = text[max(sentence.start, chunk.start - 40):chunk.start]
        match = _BEFORE.search(head)
        if match and _THEN.search(head[:match.start()]):
            continue  # "the then-15-year-old": an age at an earlier time, not now
        age = _age(match) if match else None
        if age is not None:
            found.append(Age(full_name(chunk), age, chunk.start - len(head) + match.start(), chunk.end))
    for match in _AT_DEATH.finditer(text, sentence.start, sentence.end):
        # A name in quotes is a work's title ("star of 'The Lantern House', dies at 78"), not who died.
        named = [chunk for chunk in chunks if chunk.end <= match.start() and is_person(chunk)
                 and not _QUOTED.search(text, max(0, chunk.start - 6), chunk.start)
                 and not _in_a_clause(text, sentence.start, chunk, match.start())]
        age = _age(match)
        if named and age is not None and not any(a.start <= match.start() < a.end for a in found):
            person = named[-1]
            found.append(Age(full_name(person), age, match.start(), match.end("age")))
    return found


# ", who starred in Blue Coast," or ", best known for Blue Coast,": a clause about the person before it.
_CLAUSE_OPENS = re.compile(r",\s*(?:who|whose|which|best known|known|star of|author of|director of|founder of)\b[^,]*$",
                           re.IGNORECASE)


def _in_a_clause(text: str, sentence_start: int, chunk: NameChunk, before: int) -> bool:
    """Whether a name sits inside a relative clause that closes before `before`: "Actress Lena
    Morrow, who starred in Blue Coast, has died at 86" is about Lena Morrow, not Blue Coast."""
    return bool(_CLAUSE_OPENS.search(text, sentence_start, chunk.start)) and "," in text[chunk.end:before]


# "The winger, 24, has signed", "the 24-year-old winger": a person the article named with that title.
_TITLED_AFTER = re.compile(r"\bthe\s+(?P<title>[a-z]+),\s*(?:aged\s+)?(?P<age>\d{1,3})\s*"
                           r"(?=,|\s+(?:was|is|has|had|who|and|will|would)\b)", re.IGNORECASE)
_TITLED_BEFORE = re.compile(rf"\bthe\s+(?P<age>{_NUMBER})[-\s]year[-\s]old\s+(?P<title>[a-z]+)\b(?!\s+(?-i:[A-Z]))",
                            re.IGNORECASE)


def find_titled_ages(text: str, sentence: Sentence, holders: dict[str, str]) -> list[Age]:
    """Ages given for a person by title alone ("The winger, 24,"), where `holders` maps a title
    word to the one person the article has so far given that title."""
    found: list[Age] = []
    for pattern in (_TITLED_AFTER, _TITLED_BEFORE):
        for match in pattern.finditer(text, sentence.start, sentence.end):
            person = holders.get(match.group("title").lower())
            age = _age(match)
            if person and age is not None and not any(a.start <= match.start() < a.end for a in found):
                found.append(Age(person, age, match.start(), match.end()))
    return found


def find_pronoun_age(sentence: Sentence, person: str | None) -> Age | None:
    """ "She was 78." after the article reported `person`'s death."""
    match = _PRONOUN_AGE.fullmatch(sentence.text) if person else None
    age = _age(match) if match else None
    return Age(person, age, sentence.start, sentence.end) if age is not None else None


def _age(match: re.Match) -> float | None:
    """The age a match's "age" group states ("27", "forty"), if it reads as a person's age."""
    try:
        age = number_value(match.group("age"))
    except ValueError:
        return None
    return age if 0 < age < 120 else None
