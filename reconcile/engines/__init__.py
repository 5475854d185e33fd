"""Where the work of a run happens: in this process, in a local process pool, or on a Dask cluster.

`RunOptions` says how to run (`--jobs`, `--engine`, `--scheduler`, the cache, progress);
`open_engine(options)` returns an engine with two methods, both deterministic whatever the
engine or the number of workers:

- `extract(batches, rules, progress) -> {article key: extraction JSON}` (claims and name mentions);
- `compare(claims, stories, sources, rules, names) -> ([Flag], [Claim cited for a name mention])`.

Heavy modules (the extractor, multiprocessing, Dask) load only when an engine is opened.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

ENGINES = ("local", "dask")


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class RunOptions:
    """How to run the pipeline. The defaults are the library's: one process, no cache, no progress.

    The CLI's defaults differ (all cores, the cache in `.reconcile-cache/`, progress on a terminal);
    see `options_from_args`.
    """

    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    cache_dir: Path | None = None  # None: no cache
    progress: bool = False
    observer: Callable[[str, float], None] | None = None  # told (stage, seconds) as each stage ends
    debug: bool = False  # let unexpected errors while reading a file raise, with their traceback


_CURRENT: ContextVar[RunOptions] = ContextVar("reconcile_run_options", default=RunOptions())


def current_options() -> RunOptions:
    """The options set by the innermost `run_options` block, else the library defaults."""
    return _CURRENT.get()


@contextmanager
def run_options(options: RunOptions) -> Iterator[RunOptions]:
    """Run every `analyse` call inside the block with these options (unless a call passes its own)."""
    token = _CURRENT.set(options)
    try:
        yield options
    finally:
        _CURRENT.reset(token)


def with_run_options(handler: Callable) -> Callable:
    """A CLI command handler whose analyses run with the options its arguments ask for."""

    @wraps(handler)
    def handle(args):
        with run_options(options_from_args(args)):
            return handler(args)

    return handle


def add_run_options(parser) -> None:
    """Register --jobs, --engine, --scheduler, --no-cache, --cache-dir and --no-progress on a subcommand."""
    group = parser.add_argument_group("speed and scale")
    group.add_argument("--jobs", "-j", type=_positive, metavar="N",
                       help=f"extract with N processes (default: all cores, here {default_jobs()}); "
                       "the output is identical for every N")
    group.add_argument("--engine", choices=ENGINES, default="local",
                       help="local (default): this machine; dask: a Dask distributed cluster "
                       "(pip install 'reconcile[dask]')")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 (default: "
                       "DASK_SCHEDULER_ADDRESS, else a temporary cluster of --jobs worker processes on this machine)")
    group.add_argument("--no-cache", action="store_true",
                       help="read every file and extract every article again; neither read nor write the "
                       "cache")
    group.add_argument("--cache-dir", metavar="DIR", default=None,
                       help="where extracted claims are cached, keyed by content, rules and version, and "
                       "where run and check keep their last outputs to replay when no file, rule or review "
                       "has changed (default: .reconcile-cache in the working directory)")
    group.add_argument("--no-progress", action="store_true",
                       help="no progress line (it is shown only when stderr is a terminal anyway)")


def options_from_args(args) -> RunOptions:
    """The run options a CLI command asked for, with the CLI's defaults."""
    from reconcile.cache import DEFAULT_DIR
    from reconcile.errors import UsageError

    engine = getattr(args, "engine", "local") or "local"
    scheduler = getattr(args, "scheduler", None)
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    no_cache = getattr(args, "no_cache", False)
    cache_dir = getattr(args, "cache_dir", None)
    if no_cache and cache_dir:
        raise UsageError("give --no-cache or --cache-dir, not both")
    return RunOptions(jobs=getattr(args, "jobs", None) or default_jobs(), engine=engine, scheduler=scheduler,
                      cache_dir=None if no_cache else Path(cache_dir or DEFAULT_DIR),
                      progress=not getattr(args, "no_progress", False), debug=getattr(args, "debug", False))


def _positive(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def open_engine(options: RunOptions):
    """The engine the options name; a context manager that releases its workers on exit."""
    if options.engine == "dask":
        from reconcile.engines.dask_engine import DaskEngine

        return DaskEngine(options.scheduler, options.jobs)
    if options.engine != "local":
        from reconcile.errors import UsageError

        raise UsageError(f"unknown engine {options.engine!r} (allowed: {', '.join(ENGINES)})")
    from reconcile.engines.local import LocalEngine

    return LocalEngine(options.jobs)
