"""The units of work every engine runs: plain functions of picklable records, the same everywhere.

A *batch* is a list of (source, [(cache key, article), ...]): the articles of a few sources,
kept with their source so a page holding several articles travels once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from reconcile.records import Article, Claim, Flag, Source, Story
from reconcile.rules import RuleSet

Batch = list[tuple[Source, list[tuple[str, Article]]]]


@lru_cache(maxsize=1)
def claims_adapter():
    """Claims <-> JSON bytes (built once: a TypeAdapter costs milliseconds to make)."""
    from pydantic import TypeAdapter

    return TypeAdapter(list[Claim])


def extract_batch(rules: RuleSet, batch: Batch) -> list[tuple[str, bytes]]:
    """Each article's claims as JSON bytes, under its cache key."""
    from reconcile.extract import extract

    dump = claims_adapter().dump_json
    return [(key, dump(extract(article, source, rules))) for source, articles in batch for key, article in articles]


def decode_claims(blobs: list[bytes]) -> list[Claim]:
    """The claims of many articles, in order, decoded in one call."""
    inner = [blob[1:-1] for blob in blobs if len(blob) > 2]  # each blob is a JSON array: "[...]"
    return claims_adapter().validate_json(b"[" + b",".join(inner) + b"]")


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

Part = tuple[list[Claim], list[Story], dict[str, Source]]


def story_parts(claims: list[Claim], stories: list[Story], sources: dict[str, Source]) -> list[Part]:
    """The claims of each story with its story and the sources they cite, in story-id order.

    Comparing each part on its own and concatenating the flags gives exactly what one `compare`
    call over everything gives: comparison never looks across stories and sorts by story first.
    """
    by_story: dict[str, list[Claim]] = {}
    for claim in claims:
        by_story.setdefault(claim.story or "", []).append(claim)
    story_of = {story.id: story for story in stories}
    parts: list[Part] = []
    for story_id in sorted(by_story):
        members = by_story[story_id]
        used = sorted({claim.source for claim in members})
        parts.append((members, [story_of[story_id]] if story_id in story_of else [],
                      {source_id: sources[source_id] for source_id in used}))
    return parts


def group_parts(parts: list[Part], workers: int) -> list[list[Part]]:
    """Consecutive runs of parts, about eight per worker, balanced by claim count."""
    total = sum(len(part[0]) for part in parts)
    return consecutive_runs(parts, lambda part: len(part[0]), max(1, total // max(1, workers * 8)))

def compare_stories(rules: RuleSet, parts: list[Part]) -> list[Flag]:
    """Compare each part (the claims, story and sources of one story) on its own; their flags in order."""
    from reconcile.compare import compare

    return [flag for claims, stories, sources in parts for flag in compare(claims, stories, sources, rules)]
