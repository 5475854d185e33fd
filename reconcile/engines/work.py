"""The units of work every engine runs: plain functions of picklable records, the same everywhere.

A *batch* is a list of (source, [(cache key, article), ...]): the articles of a few sources,
kept with their source so a page holding several articles travels once.
"""

from __future__ import annotations

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
    size = max(1, min(most, total // max(1, workers * 16)))
    batches: list[Batch] = []
    current: Batch = []
    count = 0
    for source, articles in items:
        current.append((source, articles))
        count += len(articles)
        if count >= size:
            batches.append(current)
            current, count = [], 0
    if current:
        batches.append(current)
    return batches


def compare_stories(rules: RuleSet, parts: list[tuple[list[Claim], list[Story], dict[str, Source]]]) -> list[list[Flag]]:
    """Compare each part (the claims, story and sources of one story) on its own."""
    from reconcile.compare import compare

    return [compare(claims, stories, sources, rules) for claims, stories, sources in parts]
