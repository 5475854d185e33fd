"""Extract: read one article into typed claims, each with its verbatim evidence and rule id.

The reader and its extractors load on first use, so the later stages (and a fully cached run)
can use the small helpers here (`text`, `measures`) without compiling every extractor's patterns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reconcile.records import Article, Extraction, Source
    from reconcile.rules import RuleSet

__all__ = ["extract"]


def extract(article: Article, source: Source, rules: RuleSet) -> Extraction:
    """Every claim one article makes and every name it mentions, in text order, and its story terms."""
    from reconcile.extract.reader import extract as read

    return read(article, source, rules)
