"""Extract: read one article into typed claims, each with its verbatim evidence and rule id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from reconcile.extract.events import (Phrase, Trigger, TriggerMatcher, clause_bounds, cue_matcher,
                                      event_matcher, find_modality, find_triggers, object_count,
                                      subject_and_object)
from reconcile.extract.quantities import find_quantities
from reconcile.extract.roles import RoleReader
from reconcile.extract.text import (NameChunk, Sentence, known_capitalised, name_chunks, normalise_name,
                                    sentences, singular)
from reconcile.ingest import locate
from reconcile.records import (Article, Claim, ClaimValue, Entity, NameValue, QuantityValue, Source,
                               TimeValue)
from reconcile.rules import RuleSet
from reconcile.timex import Timex, tag


@dataclass(frozen=True)
class _Compiled:
    events: TriggerMatcher
    modality: TriggerMatcher
    roles: RoleReader
    documents: dict[str, str]  # document word -> its synonym group


@lru_cache(maxsize=8)
def _compile(rules: RuleSet) -> _Compiled:
    documents = rules.synonyms("documents")
    return _Compiled(
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
        self.timexes = [timex.model_copy(update={"start": timex.start + article.start,
                                                 "end": timex.end + article.start})
                        for timex in tag(body, article.published)]
        self.claims: list[Claim] = []
        self.names_so_far: list[NameChunk] = []
        self.aliases: dict[str, str] = {}

    def read(self) -> list[Claim]:
        for sentence in self.sentences:
            chunks = [chunk for chunk in name_chunks(sentence, self.known) if not self._is_time(chunk)]
            self._learn_aliases(sentence, chunks)
            for trigger in find_triggers(sentence, self.compiled.events):
                self._event_claims(sentence, trigger, chunks)
            for mention in self.compiled.roles.read(sentence, chunks):
                person = Entity(name=mention.person, key=normalise_name(mention.person), kind="person")
                self._add(person, "role", NameValue(name=mention.title.lower()), "asserted",
                          mention.start, mention.end, sentence, "roles.title")
                if mention.organisation:
                    self._add(person, "affiliation", NameValue(name=mention.organisation), "asserted",
                              mention.start, mention.end, sentence, "roles.organisation")
            self.names_so_far.extend(chunks)
        return self.claims

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

    def _entity(self, phrase: Phrase | None) -> Entity | None:
        if phrase is None or not phrase.name:
            return None
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

    def _event_claims(self, sentence: Sentence, trigger: Trigger, chunks: list[NameChunk]) -> None:
        rule = self.rules.events.labels[trigger.label]
        subject_phrase, object_phrase, object_is_subject = subject_and_object(sentence, trigger, rule.subject,
                                                                              chunks)
        subject = self._entity(subject_phrase)
        if subject is None:
            if rule.subject == "patient":
                return
            subject = Entity(name="(the event)", key="", kind="event")
        modality, cue_start = find_modality(sentence, trigger, self.compiled.modality)
        rule_id = f"events.{trigger.label}"
        span_start = min(trigger.start, cue_start if cue_start is not None else trigger.start)
        if "time" in rule.values:
            timex = self._time_for(sentence, trigger)
            if timex is not None and timex.interval is not None:
                self._add(subject, trigger.label, TimeValue(timex=timex.value, interval=timex.interval), modality,
                          min(span_start, timex.start), max(trigger.end, timex.end), sentence, rule_id)
        if "count" in rule.values and object_is_subject and object_phrase is not None:
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
        first, last = clause_bounds(sentence, trigger.token_index)
        tokens = sentence.tokens
        start = tokens[first].start if first < len(tokens) else sentence.start
        end = tokens[last - 1].end if 0 < last <= len(tokens) else sentence.end
        quantities = [q for q in find_quantities(self.source.text, start, end, self.rules.qualifiers,
                                                 self.rules.lexicon("units"))
                      if not any(t.start <= q.start < t.end for t in self.timexes)]
        if not quantities:
            return
        nearest = min(quantities, key=lambda q: min(abs(q.start - trigger.end), abs(trigger.start - q.end)))
        self._add(subject, trigger.label, QuantityValue(low=nearest.low, high=nearest.high, unit=nearest.unit,
                                                        qualifier=nearest.qualifier), modality,
                  min(trigger.start, nearest.start), max(trigger.end, nearest.end), sentence, rule_id)

    def _time_for(self, sentence: Sentence, trigger: Trigger) -> Timex | None:
        """The date or time in the trigger's clause, nearest after it, else nearest before."""
        first, last = clause_bounds(sentence, trigger.token_index)
        tokens = sentence.tokens
        start = tokens[first].start if first < len(tokens) else sentence.start
        end = tokens[last - 1].end if 0 < last <= len(tokens) else sentence.end
        candidates = [t for t in self.timexes if start <= t.start and t.end <= end
                      and t.type in ("DATE", "TIME") and t.interval is not None]
        if not candidates:
            return None
        after = [t for t in candidates if t.start >= trigger.end]
        if after:
            return min(after, key=lambda t: t.start)
        return max(candidates, key=lambda t: t.end)

    def _add(self, subject: Entity, attribute: str, value: ClaimValue, modality: str, start: int, end: int,
             sentence: Sentence, rule: str) -> None:
        text = self.source.text[start:end]
        digest = hashlib.sha1(f"{self.source.id}|{start}|{end}|{attribute}|{rule}".encode()).hexdigest()[:10]
        self.claims.append(Claim(
            id=f"c{digest}", source=self.source.id, article=self.article.id, subject=subject,
            attribute=attribute, value=value, modality=modality, text=text, span=locate(self.source, start, end),
            sentence=sentence.text, rule=rule))


def _initials_match(acronym: str, name: str) -> bool:
    initials = "".join(word[0] for word in name.split() if word[0].isupper())
    return acronym.lower() == initials.lower() or acronym.lower() in initials.lower()


def extract(article: Article, source: Source, rules: RuleSet) -> list[Claim]:
    """Every claim one article makes, in text order."""
    return _ArticleReader(article, source, rules).read()
