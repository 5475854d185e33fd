"""This machine: extraction in this process, or in a pool of worker processes (`--jobs N`)."""

from __future__ import annotations

import gc
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from reconcile.engines.progress import Progress
from reconcile.engines.work import (Batch, Compared, Part, compare_stories, extract_batch, group_parts, make_batches,
                                    story_parts)
from reconcile.errors import ReconcileError
from reconcile.records import Article, Claim, Flag, NameMentions, Source, Story
from reconcile.rules import RuleSet

# Below this many articles to extract, or stories to compare, starting worker processes costs
# more than it saves.
MIN_PARALLEL_ARTICLES = 16
MIN_PARALLEL_STORIES = 64

_worker_rules: RuleSet | None = None
_worker_parts: list[list[Part]] | None = None


def _start_worker(rules: RuleSet) -> None:
    global _worker_rules
    _worker_rules = rules


def _extract_in_worker(batch: Batch) -> list[tuple[str, bytes]]:
    assert _worker_rules is not None, "worker started without rules"
    return extract_batch(_worker_rules, batch)


def _compare_in_worker(group: int | list[Part]) -> Compared:
    assert _worker_rules is not None, "worker started without rules"
    return compare_stories(_worker_rules, _worker_parts[group] if isinstance(group, int) else group)


def _died(jobs: int) -> ReconcileError:
    return ReconcileError(f"a worker process died (killed, or out of memory?) while {jobs} jobs ran; "
                          "run again with fewer --jobs, or --jobs 1")


def _context():
    """fork where it exists (workers inherit the loaded rules and modules at no cost), else the default."""
    import multiprocessing

    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class LocalEngine:
    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: a pool lives only as long as one extraction."""

    def extract(self, items: list[tuple[Source, list[tuple[str, Article]]]], rules: RuleSet,
                progress: Progress) -> dict[str, bytes]:
        total = sum(len(articles) for _, articles in items)
        if self.jobs == 1 or total < MIN_PARALLEL_ARTICLES:
            found: dict[str, bytes] = {}
            for batch in make_batches(items, 1, most=1):
                found.update(extract_batch(rules, batch))
                progress.advance(sum(len(articles) for _, articles in batch))
            return found
        try:
            return self._pool(make_batches(items, self.jobs), rules, progress)
        except BrokenProcessPool as error:
            raise _died(self.jobs) from error

    def _pool(self, batches: list[Batch], rules: RuleSet, progress: Progress) -> dict[str, bytes]:
        from concurrent.futures import FIRST_COMPLETED, wait

        found: dict[str, bytes] = {}
        workers = min(self.jobs, len(batches))
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_start_worker,
                                 initargs=(rules,)) as pool:
            pending = {pool.submit(_extract_in_worker, batch): batch for batch in batches}
            try:
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        batch = pending.pop(future)
                        found.update(future.result())
                        progress.advance(sum(len(articles) for _, articles in batch))
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
        return found

    def compare(self, claims: list[Claim], stories: list[Story], sources: dict[str, Source],
                rules: RuleSet, names: list[NameMentions]) -> tuple[list[Flag], list[Claim]]:
        """Story by story: in worker processes when there are many stories, else in this process.
        Comparison never looks across stories, so the flags are the same either way."""
        if self.jobs == 1 or len(stories) < MIN_PARALLEL_STORIES:
            from reconcile.compare import compare

            return compare(claims, stories, sources, rules, names)
        global _worker_parts
        groups = group_parts(story_parts(claims, names, stories, sources), self.jobs)
        flags: list[Flag] = []
        cited: list[Claim] = []
        context = _context()
        # Forked workers inherit the parts, so only group numbers and results cross the pipe.
        _worker_parts = groups if context.get_start_method() == "fork" else None
        work = range(len(groups)) if _worker_parts is not None else groups
        # The collector in a forked worker would walk, and so copy, every page of the parent's
        # objects; frozen objects are left alone, and the parent's pages stay shared.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=min(self.jobs, len(groups)), mp_context=context,
                                     initializer=_start_worker, initargs=(rules,)) as pool:
                for found, evidence in pool.map(_compare_in_worker, work):
                    flags.extend(found)
                    cited.extend(evidence)
        except BrokenProcessPool as error:
            raise _died(self.jobs) from error
        finally:
            _worker_parts = None
            gc.unfreeze()
        return flags, cited
