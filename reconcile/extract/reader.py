"""The article reader: one article's sentences, read by every extractor in turn into claims,
name mentions and story terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reconcile.extract.ages import find_ages, find_pronoun_age, find_titled_ages
from reconcile.extract.attributes import find_colours
from reconcile.extract.counts import find_counts
from reconcile.extract.measures import find_measures
from reconcile.extract.incidents import EARLIER, POSSESSIVE_AFTER, clock_for, dated_incidents, day_of, incident_kind
from reconcile.extract.events import (Phrase, Trigger, TriggerMatcher, clause_bounds, cue_matcher,
                                      event_matcher, find_modality, find_triggers, object_count,
                                      phrase_before, subject_and_object, token_span)
from reconcile.extract.quantities import QUANTITY, find_quantities
from reconcile.extract.roles import RoleReader
from reconcile.extract.terms import story_terms
from reconcile.extract.text import (DETERMINERS, FUNCTION_WORDS, NameChunk, Sentence, known_capitalised, name_chunks,
                                    normalise_name, sentences, singular)
from reconcile.ingest import locate
from reconcile.records import (Article, Claim, ClaimValue, Entity, Extraction, NameMentions, NameValue, QuantityValue,
                               Source, TimeValue, claim_id)
from reconcile.errors import RuleError
from reconcile.rules import CuesFile, EventsFile, LexiconFile, RuleSet, SynonymsFile
from reconcile.timex import Timex, tag
from reconcile.timex.intervals import partial_interval


# A date no finer than a month ("in July", "in 2006", "the 1990s"): background, not the day's event.
_COARSE_DATE = re.compile(r"[\dX]{4}-\d\d|\d{4}|\d{3}|\d{2}")


_BYLINE = re.compile(r"(?:By|BY|Written by|Reporting by)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
                     r"(?:\s*(?:,|and|in|for|\|)\s*[^.!?]{0,60})?$")
_AGE_GATE = re.compile(r"\d|year", re.IGNORECASE)
_FRONTED = re.compile(r"(?:(?:on|early|late|by|at|in)\s+)?", re.IGNORECASE)
_TIME_NOUNS = {"date", "dates", "day", "days", "time", "deadline", "schedule", "timetable", "window"}


@dataclass(frozen=True)
class _Compiled:
    events: TriggerMatcher
    modality: TriggerMatcher
    roles: RoleReader
    documents: dict[str, str]  # document word -> its synonym group
    counts: TriggerMatcher | None
    counted_before: frozenset[str]  # count labels whose number stands before the trigger only
    background: TriggerMatcher | None
    withdrawn: TriggerMatcher | None  # background.yaml's correction notes, found once per article
    measures: TriggerMatcher | None
    dimensions: dict[str, str]
    colours: frozenset[str]
    things: frozenset[str]
    honorifics: frozenset[str]


def _optional(rules: RuleSet, stem: str, kind: type):
    """A rule file the reader can do without (an older rules folder may lack it)."""
    try:
        return rules.get(stem, kind)
    except RuleError:
        return None


@lru_cache(maxsize=8)
def _compile(rules: RuleSet) -> _Compiled:
    documents = rules.synonyms("documents")
    counts = _optional(rules, "counts", EventsFile)
    background = _optional(rules, "background", CuesFile)
    measures = _optional(rules, "measures", EventsFile)
    dimensions = _optional(rules, "measure_dimensions", LexiconFile)
    colours = _optional(rules, "colours", SynonymsFile)
    things = _optional(rules, "vehicles", LexiconFile)
    honorifics = _optional(rules, "honorifics", LexiconFile)
    return _Compiled(
        measures=event_matcher(measures) if measures else None,
        dimensions={str(k): str(v) for k, v in dimensions.terms.items()}
        if dimensions and isinstance(dimensions.terms, dict) else {},
        colours=frozenset(word.lower() for words in colours.groups.values() for word in words) if colours
        else frozenset(),
        things=frozenset(term.lower() for term in things.terms) if things else frozenset(),
        honorifics=frozenset(str(term).lower() for term in honorifics.terms) if honorifics else frozenset(),
        counts=event_matcher(counts) if counts else None,
        counted_before=frozenset(label for label, rule in counts.labels.items() if rule.count_side == "before")
        if counts else frozenset(),
        background=cue_matcher(background) if background else None,
        withdrawn=TriggerMatcher({"withdrawn": background.labels["withdrawn"]})
        if background and "withdrawn" in background.labels else None,
        events=event_matcher(rules.events),
        modality=cue_matcher(rules.modality),
        roles=RoleReader(list(rules.lexicon("titles").terms), list(rules.lexicon("organisation_suffixes").terms)),
        documents={word.lower(): group for group, words in documents.groups.items() for word in words},
    )


class _ArticleReader:
    """Reads one article; holds what its sentences share (names, timexes)."""

    def __init__(self, article: Article, source: Source, rules: RuleSet):
        self.article, self.source, self.rules = article, source, rules
        self.compiled = _compile(rules)
        text = source.text
        self.sentences = sentences(text, article.start, article.end)
        self.known = known_capitalised(self.sentences)
        body = text[article.start:article.end]
        # A date without a year ("Dec. 6" in an undated article) keeps a stand-in interval, so two
        # such dates can still be compared with each other (never with a full date).
        self.timexes = [timex.model_copy(update={
            "start": timex.start + article.start, "end": timex.end + article.start,
            "interval": timex.interval or partial_interval(timex.value, timex.mod)})
            for timex in tag(body, article.published)]
        self.claims: list[Claim] = []
        self.names: list[tuple[str, int, int, int, int]] = []
        self.names_so_far: list[NameChunk] = []
        self.full_names: dict[str, NameChunk] = {}  # the latest name of two or more words, by its last word
        self.ambiguous: set[str] = set()  # surnames the article gave two people
        self.aliases: dict[str, str] = {}
        self.title_holders: dict[str, set[str]] = {}  # a title's last word -> the people given it so far
        self.people: set[str] = set()  # full names the article gave a title or an age
        self.deceased: str | None = None  # the person whose death the article last reported
        self.mentioned: set[str] = set()
        self._lower_words: set[str] | None = None
        self._quantities: dict[int, list] = {}
        self._withdrawn = False  # the sentence read now withdraws a value (a correction note)
        # "Correction: An earlier version of this article said he died on Monday": a withdrawn value.
        notes = self.compiled.withdrawn.find(text, article.start, article.end) if self.compiled.withdrawn else []
        self._corrections = [start for _, start, _ in notes]

    def read(self) -> list[Claim]:
        for sentence in self.sentences:
            if _BYLINE.match(sentence.text):
                continue  # "By Tomas Reyel": the writer, not a person in the story
            self._withdrawn = any(sentence.start <= start < sentence.end for start in self._corrections)
            chunks = [chunk for chunk in name_chunks(sentence, self.known) if not self._is_time(chunk)]
            self._learn_aliases(sentence, chunks)
            triggers = find_triggers(sentence, self.compiled.events)
            for trigger in triggers:
                if not _inside_a_name(sentence, trigger, chunks):
                    self._event_claims(sentence, trigger, chunks, triggers)
            for label, kind, day, start, end in dated_incidents(self.source.text, sentence, self.timexes,
                                                                self.rules.events.labels, self.article.published):
                if not self._background(sentence):  # "Sunday's earthquake"
                    self._add(Entity(name=kind, key=kind, kind="event"), label, day, "asserted", start, end,
                              sentence, f"events.{label}")
            if QUANTITY.search(self.source.text, sentence.start, sentence.end):  # half of all sentences state no number
                self._count_claims(sentence)
                self._measure_claims(sentence, chunks)
            self._name_mentions(sentence, chunks)
            # An age is written in digits or as "-year-old": most sentences give none.
            may_age = _AGE_GATE.search(self.source.text, sentence.start, sentence.end) is not None
            for age in find_ages(self.source.text, sentence, chunks, self._is_person, self._full_name) if may_age else ():
                self.people.add(age.person)
                # "Roe, 92, told a reporter in 2006" (an article of 2008): her age then, not now.
                # "Roe, 47, joined the club last year" still gives her age now.
                if not self._in_an_earlier_year(sentence):
                    self._add_age(age, sentence, "ages.apposition")
            for found in find_colours(sentence, chunks, self.compiled.colours, self.compiled.things):
                thing = Entity(name=found.thing, key=normalise_name(found.key), kind="thing")
                self._add(thing, "colour", NameValue(name=found.colour), "asserted", found.start, found.end,
                          sentence, "colours.attribute")
            for mention in self.compiled.roles.read(sentence, chunks):
                self.title_holders.setdefault(mention.title.lower().split()[-1], set()).add(mention.person)
                self.people.add(mention.person)
                person = Entity(name=mention.person, key=normalise_name(mention.person), kind="person")
                self._add(person, "role", NameValue(name=mention.title.lower()), "asserted",
                          mention.start, mention.end, sentence, "roles.title")
                if mention.organisation:
                    self._add(person, "affiliation", NameValue(name=mention.organisation), "asserted",
                              mention.start, mention.end, sentence, "roles.organisation")
            if may_age:
                holders = {title: next(iter(people)) for title, people in self.title_holders.items()
                           if len(people) == 1}
                named = {self._full_name(chunk) for chunk in self.full_names.values() if self._is_person(chunk)}
                if len(named) == 1:  # "Ana Ruiz has checked into a clinic. The 36-year-old actress ...": her
                    holders = {**dict.fromkeys(self.compiled.roles.title_ends, next(iter(named))), **holders}
                for age in find_titled_ages(self.source.text, sentence, holders):
                    self._add_age(age, sentence, "ages.title")
            closing = find_pronoun_age(sentence, self.deceased) if may_age else None
            if closing:
                self._add_age(closing, sentence, "ages.obituary")
            self.names_so_far.extend(chunks)
            for chunk in chunks:
                words = chunk.text.split()
                if len(words) > 1:
                    known = self.full_names.get(words[-1])
                    given = self._person_tokens(chunk)
                    earlier = self._person_tokens(known) if known is not None else []
                    if len(given) > 1 and earlier and earlier[0].text != given[0].text:
                        # "Brandon Kessly ... his father, Gregory Kessly": a bare "Kessly" is now ambiguous.
                        self.ambiguous.add(words[-1])
                    self.full_names[words[-1]] = chunk
        return self.claims

    def _sentence_quantities(self, sentence: Sentence):
        if sentence.start not in self._quantities:  # asked by counts and by measures
            self._quantities[sentence.start] = self._quantities_in(sentence.start, sentence.end)
        return self._quantities[sentence.start]

    def _quantities_in(self, start: int, end: int):
        """The numbers in text[start:end] that are not part of a date or time."""
        return [q for q in find_quantities(self.source.text, start, end, self.rules.qualifiers,
                                           self.rules.lexicon("units"))
                if not any(t.start <= q.start < t.end for t in self.timexes)]

    def _in_an_earlier_year(self, sentence: Sentence) -> bool:
        published = self.article.published  # unknown: any year the sentence names may be another time
        return any(sentence.start <= t.start and t.end <= sentence.end and re.fullmatch(r"\d{4}", t.value or "")
                   and (published is None or int(t.value) < published.year - 1) for t in self.timexes)

    def _background(self, sentence: Sentence, start: int | None = None, end: int | None = None) -> bool:
        """A sentence (or the part start..end of it) about an earlier event or a running total:
        a year or month on its own, or a background cue."""
        start = sentence.start if start is None else start
        end = sentence.end if end is None else end
        if any(start <= t.start and t.end <= end and _COARSE_DATE.fullmatch(t.value or "") for t in self.timexes):
            return True
        matcher = self.compiled.background
        return bool(matcher and matcher.find(sentence.text, 0, len(sentence.text)))

    def _count_claims(self, sentence: Sentence) -> None:
        """Counts of people: killed, injured, missing, arrested, evacuated, displaced."""
        # Most sentences count nobody: one scan for a trigger spares them the number reader.
        triggers = find_triggers(sentence, self.compiled.counts) if self.compiled.counts else []
        if not triggers or self._background(sentence):
            return
        quantities = self._sentence_quantities(sentence)
        if not quantities:
            return
        for count in find_counts(self.source.text, sentence, triggers, quantities, self.compiled.counted_before):
            trigger = next(t for t in triggers if count.start <= t.start < count.end or t.start <= count.start < t.end)
            modality, _ = find_modality(sentence, trigger, self.compiled.modality)
            subject = Entity(name=count.group_text or "people", key="", kind="event")
            self._add(subject, count.category, QuantityValue(low=count.low, high=count.high, unit=count.group,
                                                             qualifier=count.qualifier),
                      modality, count.start, count.end, sentence, f"counts.{count.category}")

    def _measure_claims(self, sentence: Sentence, chunks: list[NameChunk]) -> None:
        """Magnitudes, depths, wind speeds and sums of money tied to the event's trigger words."""
        if self.compiled.measures is None:
            return
        triggers = find_triggers(sentence, self.compiled.measures)
        if not triggers:
            return
        for measure in find_measures(sentence, triggers, self._sentence_quantities(sentence),
                                     self.compiled.dimensions):
            trigger = next(t for t in triggers if t.label == measure.label)
            # A year before the measure or in its clause makes it background ("In 2008, thieves took
            # $88m"); one in a later clause does not ("bought X for $2bn, its largest deal since it
            # was founded in 1987" states this deal's price).
            _, clause_end = token_span(sentence, *clause_bounds(sentence, trigger.token_index))
            if self._background(sentence, sentence.start, max(clause_end, measure.end)):
                continue
            modality, _ = find_modality(sentence, trigger, self.compiled.modality)
            q = measure.quantity
            subject = None
            if self.rules.files["measures"].labels[measure.label].subject == "patient":
                # "The Nova 3 Pro costs $1,099": the price is the named model's.
                subject = self._entity(phrase_before(sentence, trigger.token_index, chunks), chunks)
                if subject is None:
                    # "Ravnik conceded after winning 43% of the vote": the clause's first person is whose.
                    first, _ = clause_bounds(sentence, trigger.token_index)
                    clause_start = sentence.tokens[first].start
                    named = next((c for c in chunks if clause_start <= c.start < trigger.start
                                  and self._is_person(c)), None)
                    subject = named and self._entity(Phrase(named.tokens, named.text, "name"), chunks)
            self._add(subject or Entity(name="(the event)", key="", kind="event"), measure.label,
                      QuantityValue(low=q.low, high=q.high, unit=measure.unit, qualifier=q.qualifier), modality,
                      measure.start, measure.end, sentence, f"measures.{measure.label}")

    def _name_mentions(self, sentence: Sentence, chunks: list[NameChunk]) -> None:
        """Each name's first mention in the article, for the story-wide spelling check in compare."""
        for chunk in chunks:
            first = chunk.tokens[0]
            rest_key = normalise_name(" ".join(t.text for t in chunk.tokens[1:]))
            if first.start == sentence.start and len(chunk.tokens) > 1 and (self._ordinary(first.lower)
                                                                             or rest_key in self.mentioned):
                # "Later Rashid Meredov left": a sentence's first word is not part of the name.
                rest = chunk.tokens[1:]
                chunk = NameChunk(self.source.text[rest[0].start:rest[-1].end], rest[0].start, rest[-1].end, rest)
            key = normalise_name(chunk.text)
            if not key or key in self.mentioned or not any(c.isalpha() for c in key):
                continue
            self.mentioned.add(key)
            self.names.append((chunk.text, chunk.start, chunk.end, sentence.start, sentence.end))

    def _ordinary(self, word: str) -> bool:
        """Whether the article also writes this word in lower case: an ordinary word, not a name."""
        if self._lower_words is None:
            body = self.source.text[self.article.start:self.article.end]
            self._lower_words = set(re.findall(r"(?<![\w'’-])[a-z][a-z'’-]*", body))
        return word in self._lower_words or word in FUNCTION_WORDS

    def _person_tokens(self, chunk: NameChunk):
        tokens = list(chunk.tokens)
        # Titles and stray capitals before a name: "Judge", "PM EDT" from a dateline.
        while tokens and (tokens[0].lower in self.compiled.roles.title_words
                          or tokens[0].lower in self.compiled.honorifics
                          or tokens[0].text.isupper() and len(tokens[0].text) <= 4 and len(tokens) > 2):
            tokens = tokens[1:]
        return tokens

    def _is_person(self, chunk: NameChunk) -> bool:
        tokens = self._person_tokens(chunk)
        if not 1 <= len(tokens) <= 4 or self.compiled.roles.is_organisation([tokens[0]] + tokens):
            return False
        if not all(t.text[0].isupper() and t.text.replace("-", "").replace("'", "").replace(".", "").isalpha()
                   for t in tokens):
            return False
        return len(tokens) > 1 or self._full_name(chunk) != tokens[0].text or tokens[0].text in self.ambiguous

    def _full_name(self, chunk: NameChunk) -> str:
        tokens = self._person_tokens(chunk)
        if len(tokens) == 1 and tokens[0].text in self.full_names and tokens[0].text not in self.ambiguous:
            return " ".join(t.text for t in self._person_tokens(self.full_names[tokens[0].text]))
        return " ".join(t.text for t in tokens)

    def _is_time(self, chunk: NameChunk) -> bool:
        return any(timex.start <= chunk.start and chunk.end <= timex.end for timex in self.timexes)

    def _learn_aliases(self, sentence: Sentence, chunks: list[NameChunk]) -> None:
        """"Northfield Power Company (NPC)" makes NPC stand for the full name."""
        text = self.source.text
        for chunk in chunks:
            after = text[chunk.end:chunk.end + 16]
            if after.startswith(" (") and ")" in after:
                acronym = after[2:after.index(")")]
                if acronym.isupper() and 2 <= len(acronym) <= 8 and _initials_match(acronym, chunk.text):
                    self.aliases[acronym.lower()] = normalise_name(chunk.text)

    def _entity(self, phrase: Phrase | None, chunks: list[NameChunk] = (), of_people: bool = False) -> Entity | None:
        """Who or what a phrase names. `of_people`: the event happens to people ("died"), so a
        surname alone can stand for the full name even before the article gave it a title or age."""
        if phrase is None or not phrase.name:
            return None
        # "former Valdor mayor Anton Berezny": a phrase ending in a title and a person's name is about the person.
        person = next((chunk for chunk in chunks if chunk.end == phrase.end and chunk.start >= phrase.start
                       and (chunk.start > phrase.start and self._after_title(phrase, chunk)
                            or chunk.tokens[0].lower in self.compiled.roles.title_words)  # "Actress Jane Roe"
                       and self._is_person(chunk)), None)
        if person is not None:
            name = self._full_name(person)
            return Entity(name=name, key=normalise_name(name), kind="person")
        named = next((chunk for chunk in chunks if chunk.end == phrase.end and chunk.start > phrase.start), None)
        if phrase.kind == "name" and named is not None and all(
                token.text.islower() or token.lower in DETERMINERS for token in phrase.tokens
                if token.end <= named.start):
            # "the new Vexa Orbit", "state-owned Korlan Steel": the name, not its describing words.
            phrase = Phrase(named.tokens, named.text, "name")
        if phrase.kind == "name" and len(phrase.tokens) == 1 and phrase.tokens[0].text in self.full_names \
                and phrase.tokens[0].text not in self.ambiguous:
            # "Olander died on Saturday" after "Marguerite Olander": the person the article named.
            chunk = self.full_names[phrase.tokens[0].text]
            name = self._full_name(chunk)
            # Named with a title or an age, it is a person, not a product ("the new Orbit").
            if name in self.people or of_people and self._is_person(chunk):
                return Entity(name=name, key=normalise_name(name), kind="person")
        key = normalise_name(phrase.name)
        if phrase.kind == "thing" and " " not in key:
            # "the mill" after "Northfield Steel Mills": a definite description of a named thing.
            referent = next((chunk for chunk in reversed(self.names_so_far)
                             if singular(chunk.tokens[-1].text).lower() == singular(key)), None)
            if referent is not None:
                return Entity(name=referent.text, key=self.aliases.get(normalise_name(referent.text),
                                                                       normalise_name(referent.text)))
        key = self.aliases.get(key, key)
        return Entity(name=phrase.name, key=key, kind="thing" if phrase.kind == "thing" else "organisation")

    def _person_ending(self, phrase: Phrase | None, chunks: list[NameChunk]) -> Entity | None:
        """The person a phrase ends with ("reliever Tom Beck"), if it names one."""
        chunk = next((chunk for chunk in chunks if phrase is not None and chunk.end == phrase.end
                      and chunk.start >= phrase.start and self._is_person(chunk)), None)
        if chunk is None:
            return None
        name = self._full_name(chunk)
        return Entity(name=name, key=normalise_name(name), kind="person")

    def _after_title(self, phrase: Phrase, chunk: NameChunk) -> bool:
        before = [token for token in phrase.tokens if token.end <= chunk.start]
        return bool(before) and before[-1].lower in self.compiled.roles.title_ends

    def _event_claims(self, sentence: Sentence, trigger: Trigger, chunks: list[NameChunk],
                      triggers: list[Trigger]) -> None:
        rule = self.rules.events.labels[trigger.label]
        if rule.recurs and self._background(sentence):
            return  # "Velkane was previously arrested in 2019": an earlier arrest, not this one
        subject_phrase, object_phrase, object_is_subject = subject_and_object(sentence, trigger, rule.subject,
                                                                              chunks)
        if subject_phrase is not None and subject_phrase.tokens[-1].lower in _TIME_NOUNS:
            subject_phrase = None  # "a November release date": the date is the value, not what is released
        if subject_phrase is not None and not subject_phrase.tokens[-1].capitalised \
                and any(t.lower in EARLIER for t in subject_phrase.tokens[:-1]):
            return  # "released its first phone in 2012": an earlier one of its kind, not this one
        head = singular(subject_phrase.tokens[-1].lower) if subject_phrase is not None else ""
        if head in rule.not_subjects:
            return  # "closing the investigation", "shares closed": another sense of the word
        label = next((sense for sense, heads in rule.subject_senses.items() if head in heads), trigger.label)
        if label != trigger.label:  # "the deal is expected to close": the deal completes
            trigger = Trigger(label, trigger.start, trigger.end, trigger.token_index)
            # The sense's own label, where the rules define one; else this one under the sense's name.
            rule = self.rules.events.labels.get(label) or rule.model_copy(update={"subject_senses": {}})
        if rule.subject_kinds:
            kind = incident_kind(rule, subject_phrase, sentence, trigger)
            if kind is None:
                return  # "the storm hit", but not "the price hit" or "a second quake struck"
            subject = Entity(name=kind, key=kind, kind="event")
        else:
            subject = self._entity(subject_phrase, chunks, of_people=rule.subject == "intransitive" or rule.people)
        if rule.person_object:
            # "signed reliever Tom Beck to a two-year deal" is his contract; so is "Owen Castellane,
            # who had signed a four-year contract": neither is the story's contract.
            holder = self._person_ending(object_phrase, chunks) or (
                None if subject is not None and subject.kind == "person" else self._person_ending(subject_phrase, chunks))
            if holder is not None:
                subject = holder
        if rule.subject == "intransitive" and subject is not None and subject.kind == "thing":
            return  # "two people died": who is meant is a count's business, not a named subject's
        if subject is None:
            if rule.subject != "agent":
                return
            subject = Entity(name="(the event)", key="", kind="event")
        modality, cue_start = find_modality(sentence, trigger, self.compiled.modality)
        rule_id = f"events.{trigger.label}"
        span_start = min(trigger.start, cue_start if cue_start is not None else trigger.start)
        if "time" in rule.values:
            timex = self._time_for(sentence, trigger, triggers)
            if timex is not None and timex.interval is not None:
                value = TimeValue(timex=timex.value, interval=timex.interval)
                self._add(subject, trigger.label, day_of(value) if "clock" in rule.values else value, modality,
                          min(span_start, timex.start), max(trigger.end, timex.end), sentence, rule_id)
        if "clock" in rule.values:
            clock = clock_for(self.source.text, sentence, trigger, self.timexes)
            if clock is not None:
                timex, value = clock
                self._add(subject, "time_of_day", value, modality, min(span_start, timex.start),
                          max(trigger.end, timex.end), sentence, rule_id)
        if "duration" in rule.values:
            duration = self._duration_for(sentence, trigger)
            if duration is not None:
                timex, amount, unit = duration
                self._add(subject, trigger.label, QuantityValue(low=amount, high=amount, unit=unit), modality,
                          min(span_start, timex.start), max(trigger.end, timex.end), sentence, rule_id)
        if "count" in rule.values and object_is_subject and object_phrase is not None \
                and not _attributive(sentence, trigger, object_phrase):
            counted = object_count(object_phrase)
            if counted:
                low, high, unit = counted
                self._add(subject, trigger.label, QuantityValue(low=low, high=high, unit=unit,
                                                                qualifier="plural" if high is None else None),
                          modality, span_start, max(trigger.end, object_phrase.end), sentence, rule_id)
        if "object" in rule.values and object_phrase is not None:
            head = object_phrase.tokens[-1].text.lower()
            document = self.compiled.documents.get(head) or self.compiled.documents.get(singular(head))
            if document:
                self._add(subject, trigger.label, NameValue(name=head), modality,
                          min(span_start, object_phrase.start), max(trigger.end, object_phrase.end), sentence,
                          rule_id)
        if "quantity" in rule.values:
            self._quantity_claim(sentence, trigger, subject, modality, rule_id)

    def _quantity_claim(self, sentence: Sentence, trigger: Trigger, subject: Entity, modality: str,
                        rule_id: str) -> None:
        quantities = self._quantities_in(*token_span(sentence, *clause_bounds(sentence, trigger.token_index)))
        if not quantities:
            return
        nearest = min(quantities, key=lambda q: min(abs(q.start - trigger.end), abs(trigger.start - q.end)))
        self._add(subject, trigger.label, QuantityValue(low=nearest.low, high=nearest.high, unit=nearest.unit,
                                                        qualifier=nearest.qualifier), modality,
                  min(trigger.start, nearest.start), max(trigger.end, nearest.end), sentence, rule_id)

    def _duration_for(self, sentence: Sentence, trigger: Trigger) -> tuple[Timex, float, str] | None:
        """The first plain duration after the trigger in the clause where it ends: "jailed for 17 years"
        -> 17 year, and "sentenced Jane Roe, 58, to 12 years" -> 12 year."""
        ending = max((i for i, token in enumerate(sentence.tokens) if token.start < trigger.end),
                     default=trigger.token_index)
        _, end = token_span(sentence, *clause_bounds(sentence, ending))
        for timex in self.timexes:
            if timex.type == "DURATION" and trigger.end <= timex.start and timex.end <= end:
                # A term is introduced as one: "signed Ana Ruiz to a five-year deal", "jailed for six
                # months", not "the signing came one day before" or "after two years of talks".
                between = self.source.text[trigger.end:timex.start].split()
                if between and between[-1].lower() not in _DURATION_LINKS:
                    return None
                match = _PLAIN_DURATION.fullmatch(timex.value)
                if match:
                    return timex, float(match.group(1)), _DURATION_UNITS[match.group(2)]
        return None

    def _time_for(self, sentence: Sentence, trigger: Trigger, triggers: list[Trigger]) -> Timex | None:
        """The date or time in the trigger's clause, nearest after it, else nearest before, unless
        another kind of event stands between them: in "the closure was announced on Tuesday",
        Tuesday dates the announcement."""
        start, end = token_span(sentence, *clause_bounds(sentence, trigger.token_index))
        candidates = [t for t in self.timexes if start <= t.start < end  # "on March 31, 2026": its comma ends no clause
                      and t.type in ("DATE", "TIME") and t.interval is not None and not _BARE_CLOCK.fullmatch(t.text)
                      and not POSSESSIVE_AFTER.match(self.source.text, t.end)  # "over Thursday's robbery"
                      and "\n" not in self.source.text[min(t.end, trigger.end):max(t.start, trigger.start)]
                      and not _UNTIL.search(self.source.text, max(start, t.start - 12), t.start)
                      and not _SUBORDINATE.search(self.source.text, min(t.end, trigger.end),
                                                  max(t.start, trigger.start))
                      and not any(other.label != trigger.label and min(t.end, trigger.end) <= other.start
                                  < max(t.start, trigger.start) for other in triggers)]
        if not candidates:
            return self._fronted_time(sentence, trigger, triggers)
        after = [t for t in candidates if t.start >= trigger.end]
        if after:
            return min(after, key=lambda t: t.start)
        return max(candidates, key=lambda t: t.end)

    def _fronted_time(self, sentence: Sentence, trigger: Trigger, triggers: list[Trigger]) -> Timex | None:
        """ "On Tuesday, the club signed Vigo": a date that opens the sentence, set off by a comma,
        dates its main verb, unless another kind of event comes first."""
        text = self.source.text
        opening = next((t for t in self.timexes if sentence.start <= t.start and t.end < trigger.start
                        and t.type in ("DATE", "TIME") and t.interval is not None
                        and _FRONTED.fullmatch(text, sentence.start, t.start) and not POSSESSIVE_AFTER.match(text, t.end)
                        and text.startswith(",", t.end)), None)
        if opening is None or any(other.label != trigger.label and other.start < trigger.start for other in triggers):
            return None
        return opening

    def _add_age(self, age, sentence: Sentence, rule: str) -> None:
        person = Entity(name=age.person, key=normalise_name(age.person), kind="person")
        self._add(person, "age", QuantityValue(low=age.age, high=age.age, unit="year"), "asserted",
                  age.start, age.end, sentence, rule)

    def _add(self, subject: Entity, attribute: str, value: ClaimValue, modality: str, start: int, end: int,
             sentence: Sentence, rule: str) -> None:
        if self._withdrawn:
            return
        if attribute == "death" and subject.kind == "person":
            self.deceased = subject.name
        text = self.source.text[start:end]
        self.claims.append(Claim(
            id=claim_id(self.source.id, start, end, attribute, rule), source=self.source.id, article=self.article.id, subject=subject,
            attribute=attribute, value=value, modality=modality, text=text, span=locate(self.source, start, end),
            sentence=sentence.text, rule=rule))


# TIMEX3 durations of one unit: P17Y, P6M, P3W, P10D (P1DE is a decade).
_PLAIN_DURATION = re.compile(r"P(\d+(?:\.\d+)?)(Y|M|W|D|DE)")
# "at around 9.35am", "shortly before midnight": a time of day with no day is pinned to the
# publication date by the tagger, which is a guess; it dates no event.
_BARE_CLOCK = re.compile(r"(?:(?:about|around|at|approximately|roughly|shortly|just|soon|some)\s+)*"
                         r"(?:(?:before|after|past)\s+)?(?:\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?|h|hrs)?|\d{4}\s*(?:GMT|UTC|h|hrs)|noon|midday|midnight)"
                         r"(?:\s*(?:local time|GMT|UTC))?", re.IGNORECASE)
# "closed until Tuesday", "through March": when a state ends, not when the event happened.
_UNTIL = re.compile(r"\b(?:until|till|through|pending)\s+(?:at\s+least\s+|the\s+end\s+of\s+)?$", re.IGNORECASE)
# A time past one of these words belongs to another verb: "died while serving a sentence imposed in 1997".
# ("shortly before 4 a.m." is a time, not a clause.)
_SUBORDINATE = re.compile(r"\b(?:while|when|(?<!shortly )(?<!just )(?<!soon )(?:after|before)|because|which|who|whom|"
                          r"whose|that)\b", re.IGNORECASE)
_DURATION_LINKS = {"a", "an", "the", "for", "to", "of", "new"}
_DURATION_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "DE": "decade"}


# Nouns made from verbs: "construction of a plant" names the event, "construction firms" a kind of firm.
_NOMINAL_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ure")


def _inside_a_name(sentence: Sentence, trigger: Trigger, chunks: list[NameChunk]) -> bool:
    """ "Corvanta Construction said": a trigger word that is part of a proper name mid-sentence.
    A headline in title case ("Steel Plant Closure Announced") is not a name."""
    chunk = next((c for c in chunks if c.start <= trigger.start and trigger.end <= c.end and len(c.tokens) > 1), None)
    if chunk is None or not sentence.text[trigger.start - sentence.start:][:1].isupper():
        return False
    words = [token for token in sentence.tokens if token.text[0].isalpha()]
    return sum(1 for token in words if token.text.islower()) * 2 > len(words)


def _attributive(sentence: Sentence, trigger: Trigger, object_phrase: Phrase) -> bool:
    """Whether a noun trigger only describes the noun right after it ("construction firms")."""
    trigger_text = sentence.text[trigger.start - sentence.start:trigger.end - sentence.start].lower()
    return trigger_text.endswith(_NOMINAL_ENDINGS) and not sentence.text[
        trigger.end - sentence.start:object_phrase.start - sentence.start].strip()


def _initials_match(acronym: str, name: str) -> bool:
    initials = "".join(word[0] for word in name.split() if word[0].isupper())
    return acronym.lower() == initials.lower() or acronym.lower() in initials.lower()


def extract(article: Article, source: Source, rules: RuleSet) -> Extraction:
    """Every claim one article makes and every name it mentions, in text order, and its story terms."""
    reader = _ArticleReader(article, source, rules)
    claims = reader.read()
    return Extraction(claims=tuple(claims),
                      names=NameMentions(source=source.id, article=article.id, names=tuple(reader.names)),
                      terms=story_terms(source.text[article.start:article.end]))
