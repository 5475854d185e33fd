"""Typed, frozen records passed between pipeline stages.

Every stage takes and returns these; none of them knows about any stage.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base for all pipeline records: immutable and strict about field names."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Granularity = Literal[
    "millennium", "century", "decade", "year", "half", "quarter", "season", "month", "week", "day", "time"
]
Modality = Literal["asserted", "reported", "unconfirmed", "expected", "planned", "agreed", "denied"]
FlagKind = Literal["discrepancy", "variant", "agreement"]
Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class TimeInterval(Record):
    """A half-open calendar interval [start, end) read at a granularity."""

    start: datetime
    end: datetime
    granularity: Granularity
    approximate: bool = False

    def overlaps(self, other: TimeInterval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


class Span(Record):
    """Where evidence sits: character offsets into the source's decoded text, and its 1-based line."""

    start: int
    end: int
    line: int


class Source(Record):
    """One input document as read, with what is known about who published it and when."""

    id: str
    path: str
    outlet: str
    url: str | None = None
    published: date | None = None
    published_basis: Literal["manifest", "record", "text", "none"] = "none"
    title: str | None = None
    text: str  # the analysed text: what extraction reads
    # HTML: the file's decoded text, and (analysed offset, file offset) anchors that
    # map analysed offsets back into it, so spans always index the file itself.
    raw: str | None = None
    anchors: tuple[tuple[int, int], ...] = ()
    # JSON records: spans index the record's "text" field and report the record's line.
    record_line: int | None = None


class Article(Record):
    """One article inside a source; a scraped page may hold several."""

    id: str
    source: str
    index: int
    start: int
    end: int
    title: str
    published: date | None = None


class Entity(Record):
    """Who or what a claim is about. `key` is the resolved identity shared across sources."""

    name: str
    key: str
    kind: Literal["person", "organisation", "place", "thing", "event"] = "thing"


class TimeValue(Record):
    type: Literal["time"] = "time"
    timex: str
    interval: TimeInterval


class QuantityValue(Record):
    """A number with bounds. Either bound may be open (None) for "at least" / "up to"."""

    type: Literal["quantity"] = "quantity"
    low: float | None
    high: float | None
    unit: str
    qualifier: str | None = None


class NameValue(Record):
    type: Literal["name"] = "name"
    name: str


class StatusValue(Record):
    type: Literal["status"] = "status"
    status: str


ClaimValue = Annotated[Union[TimeValue, QuantityValue, NameValue, StatusValue], Field(discriminator="type")]


def claim_id(source: str, start: int, end: int, attribute: str, rule: str) -> str:
    """A claim's id: stable across runs, and the same whichever stage makes the claim."""
    return "c" + hashlib.sha1(f"{source}|{start}|{end}|{attribute}|{rule}".encode()).hexdigest()[:10]


class Claim(Record):
    """One normalised statement a source makes, with its verbatim evidence."""

    id: str
    source: str
    article: str
    story: str | None = None
    subject: Entity
    attribute: str
    value: ClaimValue
    modality: Modality = "asserted"
    text: str
    span: Span
    sentence: str
    rule: str


class NameMentions(Record):
    """Each name one article writes, at its first mention, in text order: the name as written, its
    start and end in the source's text, and its sentence's start and end. Compared across a story
    for spelling only, and kept this compact because an article names ten times more than it
    claims; a mention that a flag cites becomes a Claim then."""

    source: str
    article: str
    names: tuple[tuple[str, int, int, int, int], ...] = ()


class Extraction(Record):
    """What one article yields: its claims, its name mentions, and the terms that tell which story
    it belongs to (word -> weighted count)."""

    claims: tuple[Claim, ...] = ()
    names: NameMentions
    terms: dict[str, int] = {}


class Story(Record):
    """Articles about the same event, across sources."""

    id: str
    title: str
    articles: tuple[str, ...]
    sources: tuple[str, ...]


class Flag(Record):
    """An agreement, discrepancy or variant between claims, explained."""

    id: str
    kind: FlagKind
    severity: Severity
    story: str
    attribute: str
    subject: str
    claims: tuple[str, ...]
    summary: str
    explanation: str
    rule: str
