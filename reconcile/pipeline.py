"""The whole pipeline as one library call: ingest → extract → resolve → compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reconcile.records import Article, Claim, Flag, Source, Story


@dataclass
class Analysis:
    """Everything one run found, ready for a report, the review ledger or the CI gate."""

    sources: list[Source]
    articles: list[Article]
    stories: list[Story]
    claims: list[Claim]
    flags: list[Flag]
    set_aside: list[Article] = field(default_factory=list)  # articles in stories with one source only
    warnings: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    def claim(self, claim_id: str) -> Claim:
        return self._claims_by_id[claim_id]

    def __post_init__(self):
        self._sources_by_id = {source.id: source for source in self.sources}
        self._claims_by_id = {claim.id: claim for claim in self.claims}


def analyse(paths: list[str], rules_dir: str | Path | None = None) -> Analysis:
    """Run every stage over the files and folders in `paths` with the rules in `rules_dir`."""
    from reconcile.compare import compare
    from reconcile.extract import extract
    from reconcile.ingest import read_corpus
    from reconcile.resolve import resolve
    from reconcile.rules import load_rules

    rules = load_rules(rules_dir)
    corpus = read_corpus(paths)
    sources = {source.id: source for source in corpus.sources}
    claims = [claim for article in corpus.articles
              for claim in extract(article, sources[article.source], rules)]
    resolved = resolve(corpus.sources, corpus.articles, claims, rules)
    flags = compare(resolved.claims, resolved.stories, sources, rules)
    return Analysis(sources=corpus.sources, articles=corpus.articles, stories=resolved.stories,
                    claims=resolved.claims, flags=flags, set_aside=resolved.set_aside,
                    warnings=corpus.warnings, unreadable=corpus.unreadable)
