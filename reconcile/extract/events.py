"""Event claims: a trigger word, who or what it is about, and the values its sentence gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from reconcile.extract.text import (CALENDAR_WORDS, DETERMINERS, FUNCTION_WORDS, NameChunk, Sentence, Token, is_plural,
                                    singular, strip_determiners)
from reconcile.errors import RuleError
from reconcile.rules import WORD_END, WORD_START, CuesFile, EventsFile, Label, phrase_regex

_AUXILIARIES = {"was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "am", "get", "got"}
_MODALS = {"will", "would", "could", "can", "may", "might", "shall", "should", "must"}
# "expected to", "set to", "due to" ... before an event's verb.
_BEFORE_TO = {"expected", "set", "due", "scheduled", "likely", "going", "planned", "poised", "slated", "ready",
              "about", "unlikely", "supposed"}
_HAVING = {"has", "have", "had", "having", "with"}
_PASSIVE = {"was", "were", "is", "are", "be", "been", "being", "get", "got", "gets"}
_ADVERBS = {"also", "already", "officially", "formally", "reportedly", "now", "since", "then", "first",
            "originally", "eventually", "finally", "recently", "previously", "once", "still", "not", "never",
            "largely", "partly", "fully", "effectively"}
_CLAUSE_BREAK = {",", ";", ":", "—", "–", "(", ")", "“", "”", '"'}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "a": 1, "an": 1, "single": 1}
# A scale word belongs to a sum, not to a name: "a $210 million agreement".
_NP_STOP = FUNCTION_WORDS | {"such", "which", "that", "who", "near", "across", "outside", "inside", "hundred",
                             "thousand", "million", "billion", "trillion"}
# Words of a time expression ("27 years ago") never belong to the noun phrase an event acts on.
_TIME_WORDS = {"ago", "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
               "decade", "decades", "century", "centuries", "earlier", "later"}


@dataclass(frozen=True)
class Trigger:
    label: str
    start: int
    end: int
    token_index: int


@dataclass(frozen=True)
class Phrase:
    """A noun phrase found around a trigger, and the entity name it stands for."""

    tokens: tuple[Token, ...]
    name: str
    kind: str

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


class TriggerMatcher:
    """All phrases and patterns of a cue or event file, compiled for a fast scan of many sentences.

    Phrases go into one regular expression laid out as a trie on their first letters, so the
    engine tries only the phrases that can start at each position (five times faster than a flat
    alternation). Phrases are literal words and cannot backtrack badly; the free-form `patterns`
    can, so they run separately under a time limit and a bad one stops the run with a clear error
    instead of hanging it. Where matches overlap, the leftmost wins, then a phrase over a pattern,
    then the longest phrase.
    """

    TIME_LIMIT_SECONDS = 2.0
    TRIE_DEPTH = 3

    def __init__(self, labels: dict[str, Label], yields: list[str] = ()):
        self.yields = frozenset(phrase.lower() for phrase in yields)
        phrases = sorted(((phrase_regex(phrase, bounded=False), label)
                          for label, rule in labels.items() for phrase in rule.phrases),
                         key=lambda item: (-len(item[0]), item[0]))
        patterns = [(pattern, label) for label, rule in labels.items() for pattern in rule.patterns]
        self.group_label = {f"g{number}": label for number, (_, label) in enumerate(phrases + patterns)}
        named = [(body, f"g{number}") for number, (body, _) in enumerate(phrases)]
        self.phrases = (re.compile(WORD_START + "(?:" + _trie(named, self.TRIE_DEPTH) + ")" + WORD_END, re.IGNORECASE)
                        if phrases else None)
        self.patterns = (regex.compile("|".join(f"(?P<g{number}>{body})" for number, (body, _)
                                                in enumerate(patterns, start=len(phrases))),
                                       regex.IGNORECASE | regex.VERSION0) if patterns else None)

    def find(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        found = [(self._label(match), match.start(), match.end())
                 for match in self.phrases.finditer(text, start, end)] if self.phrases else []
        if self.patterns is None:
            return found
        try:
            by_pattern = [(self._label(match), match.start(), match.end())
                          for match in self.patterns.finditer(text, start, end, timeout=self.TIME_LIMIT_SECONDS)]
        except TimeoutError:
            raise RuleError(f"a rule pattern took over {self.TIME_LIMIT_SECONDS:g} s on one sentence; simplify "
                            "the 'patterns' in your rules (nested repeats such as (a|aa)+ backtrack badly)") from None
        return _leftmost(found, by_pattern)

    def _label(self, match) -> str:
        # The named group wraps the whole phrase or pattern, so it closes last.
        if match.lastgroup in self.group_label:
            return self.group_label[match.lastgroup]
        return next(label for name, label in self.group_label.items() if match.group(name) is not None)


def _trie(named: list[tuple[str, str]], depth: int) -> str:
    """Alternatives `(?P<name>body)`, nested under their shared first letters down to `depth`.

    Order among bodies with the same first letter is kept, so the longest phrase still wins;
    bodies with different first letters cannot match at the same position.
    """
    if depth == 0:
        return "|".join(f"(?P<{name}>{body})" for body, name in named)
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for body, name in named:
        letter = body[0].lower() if body and body[0].isalnum() and len(body[0].lower()) == 1 else ""
        by_letter.setdefault(letter, []).append((body[len(letter):], name))
    return "|".join(letter + "(?:" + _trie(rest, depth - 1) + ")" if letter
                    else "|".join(f"(?P<{name}>{body})" for body, name in rest)
                    for letter, rest in sorted(by_letter.items()))


def _leftmost(first: list[tuple[str, int, int]], second: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Non-overlapping matches from two scans, leftmost first and `first` before `second` on a tie."""
    ordered = sorted([(start, 0, end, label) for label, start, end in first]
                     + [(start, 1, end, label) for label, start, end in second])
    kept: list[tuple[str, int, int]] = []
    for start, _, end, label in ordered:
        if not kept or start >= kept[-1][2]:
            kept.append((label, start, end))
    return kept


def event_matcher(events: EventsFile) -> TriggerMatcher:
    return TriggerMatcher(events.labels)


def cue_matcher(cues: CuesFile) -> TriggerMatcher:
    return TriggerMatcher(cues.labels, cues.yields)


def find_triggers(sentence: Sentence, matcher: TriggerMatcher) -> list[Trigger]:
    triggers = []
    for label, start, end in matcher.find(sentence.text, 0, len(sentence.text)):
        absolute = sentence.start + start
        index = next((i for i, token in enumerate(sentence.tokens) if token.start >= absolute), None)
        if index is not None:
            triggers.append(Trigger(label, absolute, sentence.start + end, index))
    return triggers


def clause_bounds(sentence: Sentence, index: int) -> tuple[int, int]:
    """Token range [first, last) of the clause around token `index`, split at commas and dashes."""
    tokens = sentence.tokens
    first = index
    while first > 0 and tokens[first - 1].text not in _CLAUSE_BREAK:
        first -= 1
    last = index
    while last < len(tokens) and tokens[last].text not in _CLAUSE_BREAK:
        last += 1
    return first, last


def token_span(sentence: Sentence, first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens [first, last) of a sentence (the sentence's own bounds where the
    range runs off either end)."""
    tokens = sentence.tokens
    start = tokens[first].start if first < len(tokens) else sentence.start
    end = tokens[last - 1].end if 0 < last <= len(tokens) else sentence.end
    return start, end


def _trigger_end_index(sentence: Sentence, trigger: Trigger) -> int:
    """Index of the first token after the trigger phrase."""
    index = trigger.token_index
    while index < len(sentence.tokens) and sentence.tokens[index].start < trigger.end:
        index += 1
    return index


def phrase_after(sentence: Sentence, index: int, chunks: list[NameChunk]) -> Phrase | None:
    """The noun phrase starting at token `index` (after determiners and numbers)."""
    tokens = sentence.tokens
    taken: list[Token] = []
    position = index
    while position < len(tokens) and len(taken) < 7:
        token = tokens[position]
        chunk = next((c for c in chunks if c.start == token.start), None)
        if chunk:
            taken.extend(chunk.tokens)
            break
        lower = token.lower
        if lower in DETERMINERS or lower in _NUMBER_WORDS or token.text[0].isdigit():
            if taken and taken[-1].lower not in DETERMINERS and not taken[-1].text[0].isdigit():
                break
            taken.append(token)
        elif token.text[0].isalpha() and lower not in _NP_STOP and lower not in _TIME_WORDS \
                and lower not in CALENDAR_WORDS:
            taken.append(token)
        else:
            break
        position += 1
    content = [t for t in taken if t.lower not in DETERMINERS and t.lower not in _NUMBER_WORDS
               and not t.text[0].isdigit()]
    if not content:
        return None
    return _phrase(tuple(taken), chunks)


def phrase_before(sentence: Sentence, index: int, chunks: list[NameChunk]) -> Phrase | None:
    """The noun phrase that ends just before token `index`, stepping over an appositive."""
    tokens = sentence.tokens
    position = index - 1
    # "The phone will go on sale", "The plant is expected to close": step back over the verb's helpers.
    while position >= 0 and (tokens[position].lower in _ADVERBS | _AUXILIARIES | _MODALS or (
            tokens[position].lower == "to" and position >= 1 and tokens[position - 1].lower in _BEFORE_TO)):
        position -= 2 if tokens[position].lower == "to" else 1
    if position >= 1 and tokens[position].lower in ("which", "who", "that") and tokens[position - 1].text == ",":
        # "Acme, which was founded in 2008": the relative clause is about what precedes the comma.
        return phrase_before(sentence, position - 1, chunks)
    if position >= 0 and tokens[position].text == ",":
        # "The plant, once the region's largest employer, was closed": skip the appositive.
        earlier = position - 1
        while earlier >= 0 and tokens[earlier].text != ",":
            earlier -= 1
        named = next((chunk for chunk in chunks if earlier >= 0 and len(chunk.tokens) > 1
                      and chunk.start == tokens[earlier + 1].start and chunk.end == tokens[position - 1].end), None)
        if named is not None:
            # "A climber from Orle, Tomas Belder, died": the appositive is the name of who died.
            return Phrase(named.tokens, named.text, "name")
        position = earlier - 1 if earlier > 0 else position - 1
        if position >= 1 and tokens[position].text[:1].isdigit() and tokens[position - 1].text == ",":
            position -= 2  # "Jane Roe, 53, the former minister, was jailed": an age before the appositive
    while position >= 0 and tokens[position].text == ")":
        while position >= 0 and tokens[position].text != "(":
            position -= 1
        position -= 1
    taken: list[Token] = []
    while position >= 0 and len(taken) < 7:
        token = tokens[position]
        if position >= 1 and token.text.isdigit() and tokens[position - 1].capitalised \
                and tokens[position - 1].end == token.start - 1 and (not taken or taken[0].capitalised):
            # "The Nova 3 goes on sale", "The Nova 3 Pro costs": a model number is part of the name.
            taken.insert(0, token)
            position -= 1
            continue
        chunk = next((c for c in chunks if c.end == token.end), None)
        if chunk and not taken:
            taken = list(chunk.tokens)
            position = next(i for i, t in enumerate(tokens) if t.start == chunk.start) - 1
            if position >= 1 and tokens[position].lower == "of" and tokens[position - 1].text.islower() \
                    and tokens[position - 1].lower not in _NP_STOP:
                # "The merger of Acme and Vela was announced": what was announced is the merger.
                taken, position = [], position - 1
            continue
        if token.lower in DETERMINERS:
            taken.insert(0, token)
            break
        if token.text[0].isalpha() and token.lower not in _NP_STOP and token.lower not in CALENDAR_WORDS \
                and token.lower not in _TIME_WORDS:  # "kidnapped three weeks ago were released": not "weeks ago"
            taken.insert(0, token)
            position -= 1
            continue
        break
    if not taken or all(t.lower in DETERMINERS for t in taken):
        return None
    return _phrase(tuple(taken), chunks)


def _phrase(tokens: tuple[Token, ...], chunks: list[NameChunk]) -> Phrase:
    words = strip_determiners([t.text for t in tokens])
    is_name = any(c.start <= tokens[-1].start < c.end for c in chunks)
    name = " ".join(words)
    return Phrase(tokens, name, "name" if is_name else "thing")


def subject_and_object(sentence: Sentence, trigger: Trigger, role: str,
                       chunks: list[NameChunk]) -> tuple[Phrase | None, Phrase | None, bool]:
    """Who or what the event is about, what it acts on, and whether the object gives the subject."""
    tokens = sentence.tokens
    after = _trigger_end_index(sentence, trigger)
    position = trigger.token_index - 1
    while position >= 0 and tokens[position].lower in _ADVERBS:
        position -= 1
    passive = position >= 0 and tokens[position].lower in _PASSIVE
    # "The stadium, built 27 years ago, ...": a participle after a comma describes what precedes it.
    passive = passive or position >= 0 and tokens[position].text == "," and _participle(trigger, sentence)
    inside = [chunk for chunk in chunks if trigger.start < chunk.start and chunk.end < trigger.end]
    if inside and role == "patient":
        # "sentenced Ana Ruiz to", "jailed him ... for": a name inside the phrase is who it acts on;
        # a full name before a place ("sentenced former Valdor mayor Ana Ruiz to").
        chunk = next((chunk for chunk in inside if len(chunk.tokens) > 1), inside[0])
        return Phrase(chunk.tokens, chunk.text, "name"), None, False
    if after < len(tokens) and tokens[after].lower == "of" and role != "intransitive":  # "died of cancer"
        target = phrase_after(sentence, after + 1, chunks)
        if target is not None:
            return target, None, False
    if trigger.token_index == 0 and role == "patient":
        comma = next((i for i in range(after, len(tokens)) if tokens[i].text == ","), None)
        if comma is not None:
            return phrase_after(sentence, comma + 1, chunks), None, False
    before = phrase_before(sentence, trigger.token_index, chunks)
    if role == "intransitive":
        return before, None, False  # "Jane Roe died aged 85": nothing after the verb is acted on
    if before is not None:
        # "the smelter has a production capacity": the owner comes before the verb of having.
        position = next(i for i, token in enumerate(tokens) if token.start == before.start)
        if position > 0 and tokens[position - 1].lower in _HAVING:
            before = phrase_before(sentence, position - 1, chunks) or before
    obj = None if passive else phrase_after(sentence, after, chunks)
    if passive:
        return before, before, False
    if role == "patient" and obj is not None:
        return obj, obj, True
    if obj is None and role == "agent" and trigger.token_index > 0:
        # "the deal signing": a noun right before a nominal trigger is what it acts on.
        previous = tokens[trigger.token_index - 1]
        if previous.text[0].isalpha() and previous.lower not in _NP_STOP:
            obj = Phrase((previous,), previous.text, "thing")
    return before, obj, False


_IRREGULAR_PARTICIPLES = {"built", "made", "shut", "set", "begun", "done", "held", "led", "run", "won", "sold",
                          "bought", "hit", "cut", "put", "struck", "found", "founded", "signed"}


def _participle(trigger: Trigger, sentence: Sentence) -> bool:
    word = sentence.tokens[trigger.token_index].lower
    return word.endswith("ed") or word in _IRREGULAR_PARTICIPLES


def object_count(phrase: Phrase) -> tuple[float, float | None, str] | None:
    """How many things a noun phrase names: "a new plant" is one, "new plants" two or more."""
    words = [t.text for t in phrase.tokens]
    if not words:
        return None
    head = words[-1]
    first = words[0].lower()
    unit_words = [w for w in strip_determiners(words) if w.lower() not in _NUMBER_WORDS and not w[0].isdigit()]
    if not unit_words:
        return None
    unit = singular(unit_words[-1]).lower()
    if first in _NUMBER_WORDS:
        count = float(_NUMBER_WORDS[first])
        return count, count, unit
    if first[0].isdigit():
        count = float(first.replace(",", ""))
        return count, count, unit
    if is_plural(head):
        return 2.0, None, unit
    if first in ("a", "an", "the", "this", "that"):
        return 1.0, 1.0, unit
    return None


def find_modality(sentence: Sentence, trigger: Trigger, cues: TriggerMatcher) -> tuple[str, int | None]:
    """The modality cue nearest before the trigger within its clause, and where it starts.

    A cue the rules mark as yielding ("would") gives way to an earlier one: in "rumours that the
    firm would close" the rumour, not the reported future, is what the claim's certainty is.
    """
    clause_start, _ = token_span(sentence, *clause_bounds(sentence, trigger.token_index))
    found = sorted(((start, label, sentence.text[start:end].lower() in cues.yields)
                    for label, start, end in cues.find(sentence.text, clause_start - sentence.start,
                                                       trigger.start - sentence.start)), reverse=True)
    if not found:
        return "asserted", None
    start, label, _ = next((cue for cue in found if not cue[2]), found[0])
    return label, sentence.start + start
