"""A Dask distributed cluster: `--engine dask --scheduler tcp://HOST:8786`.

Extraction runs as one task per batch of articles, and comparison as one task per group of
stories; results come back in a fixed order, so the report is byte-identical to the local
engine's. Every worker must have the same version of reconcile installed (it is checked).
Without an address, Dask's own configuration (DASK_SCHEDULER_ADDRESS) is used, else a
temporary cluster is started on this machine with one worker process per job.
"""

from __future__ import annotations

import uuid

from reconcile.engines.progress import Progress
from reconcile.engines.work import Compared, compare_stories, extract_batch, group_parts, make_batches, story_parts
from reconcile.errors import ReconcileError, UsageError
from reconcile.records import Article, Claim, NameMentions, Source, Story
from reconcile.rules import RuleSet

INSTALL_HINT = "pip install 'reconcile[dask]' (or pip install 'dask[distributed]')"
CONNECT_TIMEOUT = "10s"


def _worker_version() -> str:
    import reconcile

    return reconcile.__version__


class DaskEngine:
    def __init__(self, scheduler: str | None = None, jobs: int = 1):
        try:
            from distributed import Client
        except ImportError:
            raise UsageError(f"--engine dask needs Dask distributed, which is not installed: {INSTALL_HINT}") \
                from None
        import reconcile

        self.scheduler, self.jobs = scheduler, jobs
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                import dask

                if dask.config.get("scheduler-address", None):
                    self.client = Client(timeout=CONNECT_TIMEOUT, set_as_default=False)
                else:
                    from distributed import LocalCluster

                    self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                 dashboard_address=None)
                    self.client = Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as error:
            where = scheduler or "the configured scheduler"
            raise UsageError(f"cannot reach the Dask scheduler at {where}: {error}. Is it running "
                             "(`dask scheduler`) and is the address tcp://HOST:PORT?") from None
        try:
            versions = self.client.run(_worker_version)
        except Exception as error:  # noqa: BLE001 - a worker that cannot import reconcile fails here
            self.close()
            raise UsageError(f"the Dask workers cannot run reconcile ({type(error).__name__}: {error}); "
                             f"install reconcile {reconcile.__version__} on every worker") from None
        wrong = sorted({f"{worker}: {version}" for worker, version in versions.items()
                        if version != reconcile.__version__})
        if wrong:
            self.close()
            raise UsageError(f"the Dask workers run another version of reconcile ({'; '.join(wrong)}); this is "
                             f"{reconcile.__version__}: install the same version on every worker")
        if not versions:
            self.close()
            raise UsageError(f"the Dask cluster at {scheduler} has no workers; start some with "
                             f"`dask worker {scheduler}`")
        self.workers = len(versions)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _failed(self, error: Exception) -> ReconcileError:
        return ReconcileError(f"the Dask cluster at {self.scheduler or 'the configured scheduler'} failed: "
                              f"{type(error).__name__}: {error}")

    def extract(self, items: list[tuple[Source, list[tuple[str, Article]]]], rules: RuleSet,
                progress: Progress) -> dict[str, bytes]:
        from distributed import as_completed

        batches = make_batches(items, self.workers)
        if not batches:
            return {}
        [shared_rules] = self.client.scatter([rules], broadcast=True, hash=False)
        run = uuid.uuid4().hex[:12]
        futures = self.client.map(extract_batch, [shared_rules] * len(batches), batches, pure=False,
                                  key=[f"reconcile-extract-{run}-{index}" for index in range(len(batches))])
        sizes = {future.key: sum(len(articles) for _, articles in batch) for future, batch in zip(futures, batches)}
        found: dict[str, bytes] = {}
        try:
            for future, result in as_completed(futures, loop=self.client.loop, with_results=True):
                found.update(result)
                progress.advance(sizes[future.key])
        except ReconcileError:
            raise  # a broken rule, say: the same one-line error as on this machine
        except Exception as error:  # noqa: BLE001 - lost workers or scheduler: one line, not a traceback
            raise self._failed(error) from error
        return found

    def compare(self, claims: list[Claim], stories: list[Story], sources: dict[str, Source],
                rules: RuleSet, names: list[NameMentions]) -> Compared:
        """Each story on its own, concatenated in story order: what one `compare` call returns."""
        groups = group_parts(story_parts(claims, names, stories, sources), self.workers)
        if not groups:
            return [], []
        [shared_rules] = self.client.scatter([rules], broadcast=True, hash=False)
        run = uuid.uuid4().hex[:12]
        futures = self.client.map(compare_stories, [shared_rules] * len(groups), groups, pure=False,
                                  key=[f"reconcile-compare-{run}-{index}" for index in range(len(groups))])
        try:
            results = self.client.gather(futures)
            return ([flag for flags, _ in results for flag in flags],
                    [claim for _, cited in results for claim in cited])
        except ReconcileError:
            raise
        except Exception as error:  # noqa: BLE001
            raise self._failed(error) from error
