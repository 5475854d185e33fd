"""The units of work every engine runs: plain functions of picklable records, the same everywhere.

A *batch* is a list of (source, [(cache key, article), ...]): the articles of a few sources,
kept with their source so a page holding several articles travels once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from reconcile.records import Article, Claim, Extraction, Flag, NameMentions, Source, Story
from reconcile.rules import RuleSet

Batch = list[tuple[Source, list[tuple[str, Article]]]]


@lru_cache(maxsize=1)
def extractions_adapter():
    """Extractions <-> JSON bytes (built once: a TypeAdapter costs milliseconds to make)."""
    from pydantic import TypeAdapter

    return TypeAdapter(list[Extraction])


def extract_batch(rules: RuleSet, batch: Batch) -> list[tuple[str, bytes]]:
    """Each article's extraction (claims and name mentions) as JSON bytes, under its cache key."""
    from reconcile.extract import extract

    dump = extractions_adapter().dump_json
    # Each is dumped as a one-item array so that many can be joined into one array and decoded at once.
    return [(key, dump([extract(article, source, rules)])) for source, articles in batch for key, article in articles]


def decode_extractions(blobs: list[bytes]) -> list[Extraction]:
    """The extractions of many articles, in order, decoded in one call."""
    inner = [blob[1:-1] for blob in blobs]  # each blob is a one-item JSON array: "[{...}]"
    return extractions_adapter().validate_json(b"[" + b",".join(inner) + b"]")


def make_batches(items: list[tuple[Source, list[tuple[str, Article]]]], workers: int,
                 most: int = 64) -> list[Batch]:
    """Group sources into batches: enough of them to keep every worker busy and the progress line moving,
    few enough that each is worth sending."""
    total = sum(len(articles) for _, articles in items)
    return consecutive_runs(items, lambda item: len(item[1]), max(1, min(most, total // max(1, workers * 16))))


def consecutive_runs(items: list, weight: Callable[[object], int], target: int) -> list[list]:
    """`items` cut in order into runs whose weights add up to at least `target` (the last may be lighter)."""
    runs: list[list] = []
    current: list = []
    size = 0
    for item in items:
        current.append(item)
        size += weight(item)
        if size >= target:
            runs.append(current)
            current, size = [], 0
    if current:
        runs.append(current)
    return runs

Part = tuple[list[Claim], list[NameMentions], list[Story], dict[str, Source]]
Compared = tuple[list[Flag], list[Claim]]


def story_parts(claims: list[Claim], names: list[NameMentions], stories: list[Story],
                sources: dict[str, Source]) -> list[Part]:
    """The claims and name mentions of each story with its story and the sources they cite, in story order.

    Comparing each part on its own and concatenating the flags gives exactly what one `compare`
    call over everything gives: comparison never looks across stories and sorts by story first.
    """
    story_of = {article: story.id for story in stories for article in story.articles}
    by_story: dict[str, tuple[list[Claim], list[NameMentions]]] = {}
    for claim in claims:
        by_story.setdefault(claim.story or "", ([], []))[0].append(claim)
    for found in names:
        by_story.setdefault(story_of.get(found.article, ""), ([], []))[1].append(found)
    story_by_id = {story.id: story for story in stories}
    parts: list[Part] = []
    for story_id in sorted(by_story):
        members, mentions = by_story[story_id]
        used = sorted({claim.source for claim in members} | {found.source for found in mentions})
        parts.append((members, mentions, [story_by_id[story_id]] if story_id in story_by_id else [],
                      {source_id: sources[source_id] for source_id in used}))
    return parts


def group_parts(parts: list[Part], workers: int) -> list[list[Part]]:
    """Consecutive runs of parts, about eight per worker, balanced by claim and name count."""
    weight = lambda part: len(part[0]) + sum(len(found.names) for found in part[1])  # noqa: E731
    total = sum(weight(part) for part in parts)
    return consecutive_runs(parts, weight, max(1, total // max(1, workers * 8)))


def compare_stories(rules: RuleSet, parts: list[Part]) -> Compared:
    """Compare each part (the claims, names, story and sources of one story) on its own; flags in order."""
    from reconcile.compare import compare

    flags: list[Flag] = []
    evidence: list[Claim] = []
    for claims, names, stories, sources in parts:
        found, cited = compare(claims, stories, sources, rules, names)
        flags.extend(found)
        evidence.extend(cited)
    return flags, evidence
