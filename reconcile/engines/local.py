"""This machine: extraction in this process, or in a pool of worker processes (`--jobs N`)."""

from __future__ import annotations

import sys
from concurrent.futures.process import BrokenProcessPool

from reconcile.engines.progress import Progress
from reconcile.engines.work import Batch, extract_batch, make_batches
from reconcile.errors import ReconcileError
from reconcile.records import Article, Claim, Flag, NameMentions, Source, Story
from reconcile.rules import RuleSet

# Below this many articles to extract, starting worker processes costs more than it saves.
MIN_PARALLEL_ARTICLES = 16

_worker_rules: RuleSet | None = None


def _start_worker(rules: RuleSet) -> None:
    global _worker_rules
    _worker_rules = rules


def _extract_in_worker(batch: Batch) -> list[tuple[str, bytes]]:
    assert _worker_rules is not None, "worker started without rules"
    return extract_batch(_worker_rules, batch)


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
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

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
        """In this process. (A pool bought 7% at 80,000 claims and cost a second copy of the claims in
        memory, as forked workers touch every object they read.)"""
        from reconcile.compare import compare

        return compare(claims, stories, sources, rules, names)
