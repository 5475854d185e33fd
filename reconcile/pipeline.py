"""The whole pipeline as one library call: ingest → extract → resolve → compare.

Extraction, the costly stage, runs on an engine (this process, a local process pool, or a Dask
cluster) and its results are cached per article, keyed by content; the resolved stories and
flags of an unchanged corpus are cached too. Neither changes the output: a run with any number
of jobs, on any engine, with or without a cache, gives the same Analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reconcile.engines import RunOptions, current_options, run_options
from reconcile.records import Article, Claim, Flag, Record, Source, Story

__all__ = ["Analysis", "RunOptions", "analyse", "run_options"]


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


def analyse(paths: list[str], rules_dir: str | Path | None = None, options: RunOptions | None = None) -> Analysis:
    """Run every stage over the files and folders in `paths` with the rules in `rules_dir`.

    `options` (default: those set by `run_options`, else one process and no cache) chooses the
    engine, the number of jobs and the cache folder; they never change the result.
    """
    from reconcile.ingest import read_corpus
    from reconcile.rules import load_rules

    options = options or current_options()
    rules = load_rules(rules_dir)
    corpus = read_corpus(paths)
    sources = {source.id: source for source in corpus.sources}
    run = _Run(corpus.sources, corpus.articles, rules, options)
    try:
        stories, claims, flags, set_aside = run.result(sources)
    finally:
        run.close()
    return Analysis(sources=corpus.sources, articles=corpus.articles, stories=stories, claims=claims, flags=flags,
                    set_aside=set_aside, warnings=corpus.warnings, unreadable=corpus.unreadable)


class _Run:
    """One analysis after ingest: cached where it can be, computed on the engine where it cannot."""

    def __init__(self, sources: list[Source], articles: list[Article], rules, options: RunOptions):
        self.sources, self.articles, self.rules, self.options = sources, articles, rules, options
        self.cache = None
        self.engine = None
        if options.cache_dir is not None:
            from reconcile.cache import ClaimCache

            self.cache = ClaimCache(options.cache_dir)
        self.keys = self._article_keys()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
        if self.cache is not None:
            self.cache.close()

    def _article_keys(self) -> list[str]:
        """One content key per article (the cache's keys, also the engines' work labels)."""
        from reconcile.cache import article_key, namespace, source_digest

        space = namespace(self.rules.fingerprint()) if self.cache is not None else b""
        digests: dict[str, bytes] = {}
        keys = []
        for index, article in enumerate(self.articles):
            if self.cache is None:
                keys.append(f"{index}")
                continue
            source = self.article_source(article)
            if source.id not in digests:
                digests[source.id] = source_digest(source)
            keys.append(article_key(space, digests[source.id], article))
        return keys

    def article_source(self, article: Article) -> Source:
        if not hasattr(self, "_by_id"):
            self._by_id = {source.id: source for source in self.sources}
        return self._by_id[article.source]

    def result(self, sources: dict[str, Source]) -> tuple[list[Story], list[Claim], list[Flag], list[Article]]:
        from reconcile.cache import namespace, result_key
        from reconcile.resolve import resolve

        whole = None
        if self.cache is not None:
            whole = result_key(namespace(self.rules.fingerprint()), self.keys)
            cached = self._cached_result(whole)
            if cached is not None:
                return cached
        claims = self._claims()
        resolved = resolve(self.sources, self.articles, claims, self.rules)
        if self.engine is not None:  # already running (it extracted): compare there too
            flags = self.engine.compare(resolved.claims, resolved.stories, sources, self.rules)
        else:
            from reconcile.compare import compare

            flags = compare(resolved.claims, resolved.stories, sources, self.rules)
        if self.cache is not None and whole is not None:
            self.cache.put_result(whole, _encode_result(resolved.stories, resolved.claims, flags, resolved.set_aside))
        return resolved.stories, resolved.claims, flags, resolved.set_aside

    def _open_engine(self):
        """The engine, opened on first use: a fully cached run starts no workers and connects to no cluster."""
        if self.engine is None:
            from reconcile.engines import open_engine

            self.engine = open_engine(self.options)
        return self.engine

    def _claims(self) -> list[Claim]:
        from reconcile.engines.progress import Progress, wanted
        from reconcile.engines.work import decode_claims

        blobs = self.cache.get_claims(self.keys) if self.cache is not None else {}
        todo: dict[str, tuple[Source, list[tuple[str, Article]]]] = {}
        for key, article in zip(self.keys, self.articles):
            if key not in blobs:
                source = self.article_source(article)
                todo.setdefault(source.id, (source, []))[1].append((key, article))
        fresh: dict[str, bytes] = {}
        if todo:
            missing = sum(len(articles) for _, articles in todo.values())
            progress = Progress(missing, "reconcile: extracting", self.options.progress and wanted())
            try:
                fresh = self._open_engine().extract(list(todo.values()), self.rules, progress)
            finally:
                progress.close()
        blobs.update(fresh)
        try:
            claims = decode_claims([blobs[key] for key in self.keys])
        except ValueError:
            if not (set(blobs) - set(fresh)):
                raise
            # A cached row that no longer decodes: forget the cache's rows and extract everything.
            self.cache.forget_claims(set(blobs) - set(fresh))
            self.cache.problems.append("cached claims did not decode; extracted again")
            return self._claims()
        if self.cache is not None:
            self.cache.put_claims(fresh)
            self.cache.prune_claims(set(self.keys))
        return claims

    def _cached_result(self, key: str):
        data = self.cache.get_result(key)
        if data is None:
            return None
        try:
            return _decode_result(data, self.articles)
        except (ValueError, KeyError):
            self.cache.forget_result(key)
            self.cache.problems.append("a cached result did not decode; computed again")
            return None


class _Result(Record):
    """The resolved stories, claims and flags of one corpus: what the result cache holds."""

    stories: list[Story]
    claims: list[Claim]
    flags: list[Flag]
    set_aside: list[str]


def _encode_result(stories: list[Story], claims: list[Claim], flags: list[Flag], set_aside: list[Article]) -> bytes:
    return _Result(stories=stories, claims=claims, flags=flags,
                   set_aside=[article.id for article in set_aside]).model_dump_json().encode()


def _decode_result(data: bytes, articles: list[Article]):
    record = _Result.model_validate_json(data)
    by_id = {article.id: article for article in articles}
    set_aside = [by_id[article_id] for article_id in record.set_aside]
    return record.stories, record.claims, record.flags, set_aside
