"""The whole pipeline as one library call: ingest → extract → resolve → compare.

Extraction, the costly stage, runs on an engine (this process, a local process pool, or a Dask
cluster) and its results are cached per article, keyed by content; the resolved stories and
flags of an unchanged corpus are cached too. Neither changes the output: a run with any number
of jobs, on any engine, with or without a cache, gives the same Analysis.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from reconcile.engines import RunOptions, current_options, run_options
from reconcile.records import Article, Claim, Flag, NameMentions, Record, Source, Story

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
    name_mentions: int = 0  # names compared for spelling; `claims` holds only those a flag cites
    warnings: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    def claim(self, claim_id: str) -> Claim:
        return self._claims_by_id[claim_id]

    def __post_init__(self):
        self.timings: dict[str, float] = {}  # seconds per stage of the run that made it
        self._sources_by_id = {source.id: source for source in self.sources}
        self._claims_by_id = {claim.id: claim for claim in self.claims}


def analyse(paths: list[str], rules_dir: str | Path | None = None, options: RunOptions | None = None) -> Analysis:
    """Run every stage over the files and folders in `paths` with the rules in `rules_dir`.

    `options` (default: those set by `run_options`, else one process and no cache) chooses the
    engine, the number of jobs and the cache folder; they never change the result.
    `Analysis.timings` says how long each stage took.
    """
    from reconcile.ingest import read_corpus
    from reconcile.rules import load_rules

    options = options or current_options()
    clock = _Clock(options.observer, options.progress)
    try:
        with clock("rules"):
            rules = load_rules(rules_dir)
        with clock("ingest"):
            corpus = read_corpus(paths, debug=options.debug)
        run = _Run(corpus.sources, corpus.articles, rules, options, clock)
        try:
            stories, claims, flags, set_aside, name_mentions = run.result()
        finally:
            run.close()
    finally:
        clock.close()
    analysis = Analysis(sources=corpus.sources, articles=corpus.articles, stories=stories, claims=claims,
                        flags=flags, set_aside=set_aside, name_mentions=name_mentions, warnings=corpus.warnings,
                        unreadable=corpus.unreadable)
    analysis.timings = clock.times
    return analysis


class _Clock:
    """Seconds spent in each stage, told to an observer as each one ends, and named on the progress line."""

    SHOWN = {"ingest": "reading", "cached result": "reading the cache", "resolve": "grouping stories",
             "compare": "comparing"}

    def __init__(self, observer=None, progress: bool = False):
        from reconcile.engines.progress import Progress, wanted

        self.times: dict[str, float] = {}
        self.observer = observer
        self.status = Progress(1, "reconcile:", progress and wanted())

    def close(self) -> None:
        self.status.close()

    @contextmanager
    def __call__(self, stage: str):
        if stage in self.SHOWN:
            self.status.say(f"reconcile: {self.SHOWN[stage]}...")
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.times[stage] = self.times.get(stage, 0.0) + elapsed
            if self.observer is not None:
                self.observer(stage, elapsed)


class _Run:
    """One analysis after ingest: cached where it can be, computed on the engine where it cannot."""

    def __init__(self, sources: list[Source], articles: list[Article], rules, options: RunOptions, clock: _Clock):
        self.sources, self.articles, self.rules, self.options, self.clock = sources, articles, rules, options, clock
        self.by_id = {source.id: source for source in sources}
        self.cache = None
        self.engine = None
        self.namespace = b""
        with clock("cache keys"):
            if options.cache_dir is not None:
                from reconcile.cache import ClaimCache, namespace

                self.cache = ClaimCache(options.cache_dir)
                self.namespace = namespace(rules.fingerprint())
            self.keys = self._article_keys()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
        if self.cache is not None:
            self.cache.close()

    def _article_keys(self) -> list[str]:
        """One content key per article (the cache's keys, also the engines' work labels)."""
        if self.cache is None:
            return [f"{index}" for index in range(len(self.articles))]
        from reconcile.cache import article_key, source_digest

        digests: dict[str, bytes] = {}
        keys = []
        for article in self.articles:
            if article.source not in digests:
                digests[article.source] = source_digest(self.by_id[article.source])
            keys.append(article_key(self.namespace, digests[article.source], article))
        return keys

    def result(self) -> tuple[list[Story], list[Claim], list[Flag], list[Article], int]:
        from reconcile.cache import result_key

        whole = None
        if self.cache is not None:
            whole = result_key(self.namespace, self.keys)
            with self.clock("cached result"):
                cached = self._cached_result(whole)
            if cached is not None:
                return cached
        claims, names, terms = self._claims()
        _return_freed_memory()  # the extractions' JSON, decoded and let go
        with self.clock("resolve"):
            from reconcile.resolve import resolve

            resolved = resolve(self.sources, self.articles, claims, self.rules, terms)
        del claims, terms  # only the resolved copies live on (they share their values, spans and sentences)
        _return_freed_memory()  # before the comparison's workers fork: they and this process then weigh less
        with self.clock("compare"):
            if self.engine is not None:  # already running (it extracted): compare there too
                flags, cited = self.engine.compare(resolved.claims, resolved.stories, self.by_id, self.rules, names)
            else:
                from reconcile.compare import compare

                flags, cited = compare(resolved.claims, resolved.stories, self.by_id, self.rules, names)
        # Name mentions a flag cites follow the claims, once each and in source order.
        cited = sorted({claim.id: claim for claim in cited}.values(),
                       key=lambda claim: (claim.source, claim.span.start, claim.id))
        all_claims = resolved.claims + cited
        name_mentions = sum(len(found.names) for found in names)
        if self.cache is not None and whole is not None:
            with self.clock("cache write (result)"):
                self.cache.put_result(whole, _encode_result(resolved.stories, all_claims, flags,
                                                            resolved.set_aside, name_mentions))
        return resolved.stories, all_claims, flags, resolved.set_aside, name_mentions

    def _open_engine(self):
        """The engine, opened on first use: a fully cached run starts no workers and connects to no cluster."""
        if self.engine is None:
            from reconcile.engines import open_engine

            self.engine = open_engine(self.options)
        return self.engine

    def _claims(self) -> tuple[list[Claim], list[NameMentions], list[dict[str, int]]]:
        """Each article's claims, name mentions and story terms, from the cache or extracted now."""
        from reconcile.engines.progress import Progress, wanted
        from reconcile.engines.work import decode_extractions

        with self.clock("cached claims"):
            blobs = self.cache.get_claims(self.keys) if self.cache is not None else {}
        todo: dict[str, tuple[Source, list[tuple[str, Article]]]] = {}
        for key, article in zip(self.keys, self.articles):
            if key not in blobs:
                todo.setdefault(article.source, (self.by_id[article.source], []))[1].append((key, article))
        fresh: dict[str, bytes] = {}
        if todo:
            missing = sum(len(articles) for _, articles in todo.values())
            progress = Progress(missing, "reconcile: extracting", self.options.progress and wanted())
            with self.clock("extract"):
                try:
                    fresh = self._open_engine().extract(list(todo.values()), self.rules, progress)
                finally:
                    progress.close()
        cached = set(blobs)
        blobs.update(fresh)
        if self.cache is not None:
            with self.clock("cache write (claims)"):
                self.cache.put_claims(fresh)
                self.cache.prune_claims(set(self.keys))
        del fresh
        claims: list[Claim] = []
        names: list[NameMentions] = []
        terms: list[dict[str, int]] = []
        try:
            with self.clock("decode claims"):
                # A thousand articles at a time, letting go of their JSON as we go: less memory at the peak.
                for start in range(0, len(self.keys), 1000):
                    for extraction in decode_extractions([blobs.pop(key) for key in self.keys[start:start + 1000]]):
                        claims.extend(extraction.claims)
                        names.append(extraction.names)
                        terms.append(extraction.terms)
        except ValueError:
            if self.cache is None or not cached:
                raise
            # A cached row that no longer decodes: forget the rows read from the cache and extract them again.
            self.cache.forget_claims(cached)
            self.cache.problems.append("cached claims did not decode; extracted again")
            return self._claims()
        return claims, names, terms

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
    name_mentions: int


def _encode_result(stories: list[Story], claims: list[Claim], flags: list[Flag], set_aside: list[Article],
                   name_mentions: int) -> bytes:
    return _Result(stories=stories, claims=claims, flags=flags, set_aside=[article.id for article in set_aside],
                   name_mentions=name_mentions).model_dump_json().encode()


def _decode_result(data: bytes, articles: list[Article]):
    record = _Result.model_validate_json(data)
    by_id = {article.id: article for article in articles}
    set_aside = [by_id[article_id] for article_id in record.set_aside]
    return record.stories, record.claims, record.flags, set_aside, record.name_mentions


def _return_freed_memory() -> None:
    """Hand the heap pages freed by decoding and grouping back to the system (glibc keeps them
    otherwise), so the peak of this process and the workers forked from it stays lower."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to do
