"""Replaying a command's stored output when nothing it read has changed.

`reconcile run` and `reconcile check` over a large corpus spend their time reading and hashing
every file even when the content-keyed cache holds every claim. A replay key is built from the
files' metadata instead (path, size, inode, modification and change times; see
`ingest.corpus_state`), with the code, the rules, the review ledger's bytes and the command's own
options, so a run over files nobody touched writes the stored output without reading a file.

The key is taken before the run, and a run is stored only when its newest file is a few seconds
old: a file edited within the same clock tick as a stored run could otherwise keep its metadata.
A run that warned about anything (an unreadable file, a manifest problem) is never stored, since
replaying would hide the warning. Like the claim cache, a replay is a convenience: any problem
reading or writing it is a miss.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from reconcile.engines import RunOptions


class Replay:
    """The stored output of an earlier run of the same command over the same untouched inputs."""

    SETTLED_NS = 3_000_000_000

    def __init__(self, paths: list[str], rules_dir, reviews_path, options: RunOptions, *command: str):
        self.key: str | None = None
        self.stored: dict | None = None
        self.newest, self.started = 0, time.time_ns()
        self.cache_dir = options.cache_dir
        if options.cache_dir is None or options.debug:
            return
        from reconcile.cache import ClaimCache, namespace
        from reconcile.ingest import corpus_state
        from reconcile.rules import load_rules

        state = corpus_state(list(paths))
        ledger = _file_state(reviews_path)
        if state is None or ledger is None:
            return
        digest, self.newest = state
        self.key = hashlib.sha256(namespace(load_rules(rules_dir).fingerprint(), "replay", *command,
                                            str(reviews_path), ledger, digest)).hexdigest()
        with ClaimCache(self.cache_dir) as cache:
            data = cache.get_output(self.key)
        try:
            stored = json.loads(data) if data is not None else None
        except ValueError:
            stored = None
        if isinstance(stored, dict) and isinstance(stored.get("text"), str):
            self.stored = stored

    def store(self, **output) -> None:
        """Keep this run's output (JSON-able fields, "text" among them) for the next unchanged run."""
        if self.key is None or self.started - self.newest < self.SETTLED_NS:
            return
        from reconcile.cache import ClaimCache

        with ClaimCache(self.cache_dir) as cache:
            cache.put_output(self.key, json.dumps(output).encode())


def _file_state(path) -> str | None:
    """A review ledger's identity for the replay key: its bytes' digest, or "absent"."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return "absent"
    except OSError:
        return None
