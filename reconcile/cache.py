"""A content-keyed cache of extracted claims, and of whole results, so unchanged re-runs are instant.

One SQLite file per cache folder (default `.reconcile-cache/` in the working directory):

- `claims`: one row per article: key → the article's claims as JSON. The key is a digest of
  reconcile's version and source code, the rules' fingerprint, the source (its text, path, outlet, date and
  offset anchors) and the article (its bounds, title and publication date). Change any of them
  and the article is extracted again; nothing else is.
- `results`: one row per corpus: key (a digest of every article key, in order) → the resolved
  stories, claims and flags as JSON, so an unchanged corpus skips resolution and comparison too.
- `outputs`: one row per finished `reconcile run`: key (the files' metadata, see
  `ingest.corpus_state`, with the code, rules, review ledger and output format) → the report, so
  a run over files nobody has touched since reads no file at all. Only runs whose files had not
  changed for a few seconds before it started are stored (a file edited within the same clock tick
  as the run could otherwise keep its old metadata).

A cache is a convenience, never a source of truth: any error opening, reading or writing it
(corrupt file, locked database, read-only folder, full disk, rows that no longer decode) is
ignored, the damaged file is set aside, and the run goes on as if the cache were empty.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from reconcile import __version__
from reconcile.records import Article, Source

DEFAULT_DIR = ".reconcile-cache"
FILE_NAME = "claims.sqlite"
SCHEMA = 1
_ERRORS = (sqlite3.Error, OSError, ValueError, MemoryError)


def source_digest(source: Source) -> bytes:
    """Everything extraction reads from a source: its text, raw file text, anchors, path, date."""
    return hashlib.sha256(source.model_dump_json().encode("utf-8")).digest()


def article_key(namespace: bytes, source_digest_: bytes, article: Article) -> str:
    """The cache key of one article's claims."""
    digest = hashlib.sha256(namespace)
    digest.update(source_digest_)
    digest.update(article.model_dump_json().encode("utf-8"))
    return digest.hexdigest()


def namespace(rules_fingerprint: str, *extra: str) -> bytes:
    """What every key depends on besides the content: the code (its version and its source) and the rules."""
    return "\0".join((f"reconcile {__version__}", f"schema {SCHEMA}", code_fingerprint(), rules_fingerprint,
                      *extra)).encode() + b"\0"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of reconcile's own source files, so an edited extractor never serves stale claims
    even when the version number has not moved (a development checkout). About 10 ms."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        try:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def result_key(namespace_: bytes, article_keys: Iterable[str]) -> str:
    digest = hashlib.sha256(namespace_)
    for key in article_keys:
        digest.update(key.encode("ascii"))
    return digest.hexdigest()


class ClaimCache:
    """Key → bytes tables in one SQLite file. Every method swallows errors: a miss, never a crash."""

    def __init__(self, directory: str | Path = DEFAULT_DIR):
        self.directory = Path(directory)
        self.path = self.directory / FILE_NAME
        self.problems: list[str] = []  # what went wrong, for --debug style diagnostics and tests
        self._db: sqlite3.Connection | None = None
        self._open()

    # ------------------------------------------------------------------ lifecycle

    def _open(self, retry: bool = True) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():  # like .pytest_cache: never committed, whatever the repository ignores
                ignore.write_text("# created by reconcile: a cache, safe to delete\n*\n", encoding="utf-8")
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS outputs (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            db.execute("SELECT count(*) FROM claims WHERE key = ''").fetchone()  # a corrupt file fails here
            self._db = db
        except _ERRORS as error:
            self._note(f"cannot open {self.path}: {error}")
            self._db = None
            if retry and isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
                self._set_aside()
                self._open(retry=False)

    def _set_aside(self) -> None:
        """Move a damaged cache file out of the way (delete it) so the next open starts afresh."""
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(f"{self.path}{suffix}")
            except OSError:
                pass

    def _note(self, problem: str) -> None:
        self.problems.append(problem)

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except _ERRORS:
                pass
            self._db = None

    def __enter__(self) -> ClaimCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def usable(self) -> bool:
        return self._db is not None

    # ------------------------------------------------------------------ claims

    def get_claims(self, keys: list[str]) -> dict[str, bytes]:
        """The stored claims of every key found; missing keys are absent."""
        return self._get_many("claims", keys)

    def put_claims(self, items: dict[str, bytes]) -> None:
        self._put_many("claims", items)

    def forget_claims(self, keys: Iterable[str]) -> None:
        """Drop rows that turned out unreadable, so they are rebuilt."""
        self._execute_many("DELETE FROM claims WHERE key = ?", [(key,) for key in keys])

    # ------------------------------------------------------------------ results

    def get_result(self, key: str) -> bytes | None:
        return self._get_many("results", [key]).get(key)

    def put_result(self, key: str, data: bytes, keep: int = 8) -> None:
        """Store one corpus's result, keeping only the `keep` most recent results."""
        self._put_recent("results", key, data, keep)

    def forget_result(self, key: str) -> None:
        self._execute_many("DELETE FROM results WHERE key = ?", [(key,)])

    # ------------------------------------------------------------------ outputs

    def get_output(self, key: str) -> bytes | None:
        return self._get_many("outputs", [key]).get(key)

    def put_output(self, key: str, data: bytes, keep: int = 8) -> None:
        """Store one command's finished output, keeping only the `keep` most recent."""
        self._put_recent("outputs", key, data, keep)

    # ------------------------------------------------------------------ housekeeping

    def prune_claims(self, keep: set[str], slack: float = 2.0) -> None:
        """When the table holds far more rows than this run used, drop the rows it did not use."""
        if self._db is None:
            return
        try:
            (count,) = self._db.execute("SELECT count(*) FROM claims").fetchone()
            if count <= max(1000, slack * len(keep)):
                return
            self._db.execute("BEGIN")
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM keep")
            self._db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(key,) for key in keep])
            self._db.execute("DELETE FROM claims WHERE key NOT IN (SELECT key FROM keep)")
            self._db.execute("COMMIT")
        except _ERRORS as error:
            self._rollback()
            self._note(f"cannot prune {self.path}: {error}")

    # ------------------------------------------------------------------ plumbing

    def _get_many(self, table: str, keys: list[str]) -> dict[str, bytes]:
        if self._db is None or not keys:
            return {}
        found: dict[str, bytes] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for key, data in self._db.execute(f"SELECT key, data FROM {table} WHERE key IN ({marks})", chunk):
                    if isinstance(key, str) and isinstance(data, bytes):
                        found[key] = data
        except _ERRORS as error:
            self._note(f"cannot read {self.path}: {error}")
            if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
                self.close()
                self._set_aside()
            return {}
        return found

    def _put_recent(self, table: str, key: str, data: bytes, keep: int) -> None:
        self._put_many(table, {key: data})
        self._execute_many(f"DELETE FROM {table} WHERE rowid NOT IN "
                           f"(SELECT rowid FROM {table} ORDER BY rowid DESC LIMIT ?)", [(keep,)])

    def _put_many(self, table: str, items: dict[str, bytes]) -> None:
        if not items:
            return
        self._execute_many(f"INSERT OR REPLACE INTO {table} (key, data) VALUES (?, ?)", list(items.items()))

    def _execute_many(self, statement: str, rows: list[tuple]) -> None:
        if self._db is None or not rows:
            return
        try:
            self._db.execute("BEGIN")
            self._db.executemany(statement, rows)
            self._db.execute("COMMIT")
        except _ERRORS as error:
            self._rollback()
            self._note(f"cannot write {self.path}: {error}")

    def _rollback(self) -> None:
        try:
            if self._db is not None and self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except _ERRORS:
            pass
