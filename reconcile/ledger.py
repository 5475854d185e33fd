"""The review ledger: editors' decisions about flags, kept in a YAML file beside the corpus.

The file is for people first: each entry is keyed by the flag's content fingerprint and carries
the decision (status, note, reviewer, date) together with a snapshot of the flag it was made
about (kind, summary and the quoted evidence), so a reviewer reading a git diff sees what was
decided about what. `reconcile review` rewrites the whole file deterministically: entries
sorted by id, fields in a fixed order, one header comment.

Safety (issue 7): writes go to a temp file in the same folder, are fsynced, then renamed over
the old file, so a crash leaves the old file whole. Writers take a lock file, so two `review`
commands never clobber each other. A ledger that does not parse or validate is an error naming
the file and line, and it is never rewritten.
"""

from __future__ import annotations

import datetime as _dt
import os
import socket
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from reconcile.errors import LedgerError, UsageError
from reconcile.records import FlagKind, Severity

FORMAT_VERSION = 1
Status = Literal["confirmed", "dismissed", "explained"]
STATUSES: tuple[str, ...] = ("confirmed", "dismissed", "explained")
DEFAULT_LEDGER = "reviews.yaml"
DEFAULT_CORPUS = ("seeds",)
LOCK_TIMEOUT_ENV = "RECONCILE_LOCK_TIMEOUT"  # seconds to wait for another writer (default 10)
STALE_LOCK_SECONDS = 600  # a lock this old is assumed abandoned: writers hold it for milliseconds

HEADER = """\
# reconcile review ledger: one entry per reviewed flag, keyed by the flag's fingerprint.
# status is confirmed (real discrepancy, being handled), dismissed (false alarm) or
# explained (both sources are right; the note says why). `flag` is a snapshot of what was
# reviewed, for readers of the diff. `reconcile review` rewrites this file in sorted order;
# hand edits are kept, comments are not.
"""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Model):
    """One quoted source behind a reviewed flag, as it read when the review was recorded."""

    source: str  # display path of the source file
    quote: str  # the verbatim evidence
    value: str = ""  # the normalised value, as text
    outlet: str = ""


class FlagSnapshot(_Model):
    """What the reviewed flag said when the review was recorded."""

    kind: FlagKind
    severity: Severity = "warning"
    subject: str = ""
    attribute: str = ""
    summary: str = ""
    evidence: tuple[Evidence, ...] = ()


class Review(_Model):
    """An editor's decision about one flag: what the Markdown report and the gate show."""

    status: Status
    note: str
    reviewer: str
    date: str  # ISO 8601 calendar date, YYYY-MM-DD

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if isinstance(value, _dt.datetime):
            return value.date().isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
        return value


class Entry(Review):
    """One ledger entry: the decision plus, optionally, a snapshot of the flag it was about."""

    flag: FlagSnapshot | None = None

    @property
    def review(self) -> Review:
        return Review(status=self.status, note=self.note, reviewer=self.reviewer, date=self.date)


class _LedgerFile(_Model):
    version: Literal[1] = FORMAT_VERSION
    reviews: dict[str, Entry] = Field(default_factory=dict)


@dataclass
class Ledger:
    """Every review, by flag id. `lines` (where each entry sits in the file) is for messages only."""

    entries: dict[str, Entry] = field(default_factory=dict)
    path: str | None = field(default=None, compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    def get(self, flag_id: str) -> Entry | None:
        return self.entries.get(flag_id)

    def __contains__(self, flag_id: object) -> bool:
        return flag_id in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def ids(self) -> list[str]:
        return sorted(self.entries)

    def where(self, flag_id: str) -> str:
        """`path:line` of an entry, for messages."""
        line = self.lines.get(flag_id)
        return f"{self.path}:{line}" if self.path and line else (self.path or "ledger")

    def with_entry(self, flag_id: str, entry: Entry) -> Ledger:
        entries = dict(self.entries)
        entries[flag_id] = entry
        return Ledger(entries=entries, path=self.path, lines=dict(self.lines))


def review_of(flag_id: str, ledger: Ledger) -> Review | None:
    """The decision recorded for `flag_id`, or None when nobody has reviewed it."""
    entry = ledger.get(flag_id)
    return entry.review if entry else None


# ---------------------------------------------------------------- reading


def load_ledger(path: str | Path) -> Ledger:
    """Read and validate the ledger at `path`; a missing file is an empty ledger.

    Raises LedgerError naming the file and line for anything malformed.
    """
    shown = _shown(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return Ledger(path=shown)
    except IsADirectoryError:
        raise LedgerError("is a folder, not a ledger file (pass --reviews FILE)", shown) from None
    except OSError as error:
        raise LedgerError(f"cannot read the ledger: {error.strerror or error}", shown) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LedgerError(f"not valid UTF-8 (byte {error.start}); the ledger is a UTF-8 YAML file "
                          "and was left untouched", shown, line) from None
    return parse_ledger(text, shown)


def parse_ledger(text: str, path: str | None = None) -> Ledger:
    """Parse ledger text (see HEADER and the README for the format)."""
    from reconcile.yamlpos import YamlStructureError, parse_yaml

    untouched = " (the ledger was left untouched: fix it by hand, or restore it from git)"
    try:
        document = parse_yaml(text)
    except yaml.MarkedYAMLError as error:
        # Point at where the broken construct began; say where the parser gave up too.
        begun, found = error.context_mark, error.problem_mark
        line = (begun or found).line + 1 if (begun or found) else None
        problem = error.problem or error.context or "malformed YAML"
        if begun and found and begun.line != found.line:
            problem = f"{problem} on line {found.line + 1}, {error.context} that began here"
        raise LedgerError(f"malformed YAML: {problem}{untouched}", path, line) from None
    except yaml.YAMLError as error:
        raise LedgerError(f"malformed YAML: {error}{untouched}", path, 1) from None
    except YamlStructureError as error:
        raise LedgerError(f"{error.message}{untouched}", path, error.line) from None
    except RecursionError:
        raise LedgerError(f"nested too deeply to be a ledger{untouched}", path, 1) from None
    except (ValueError, TypeError, OverflowError) as error:  # a scalar that will not construct, e.g. 2026-13-01
        line, value = _bad_scalar(text)
        raise LedgerError(f"invalid value {value!r}: {error}{untouched}", path, line) from None
    data = document.data
    if data is None:
        return Ledger(path=path)
    if not isinstance(data, dict):
        raise LedgerError(f"expected a mapping with `version: 1` and `reviews:`{untouched}", path,
                          document.line_of(()))
    if data.get("reviews") is None and "reviews" in data:
        data = {**data, "reviews": {}}
    reviews = data.get("reviews")
    if isinstance(reviews, dict):
        for key in reviews:
            if not isinstance(key, str):
                raise LedgerError(f"flag id {key!r} must be a string: quote it{untouched}", path,
                                  document.line_of(("reviews", key)))
    try:
        parsed = _LedgerFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(first["loc"])
        line = document.line_of(location)
        raise LedgerError(f"{_describe(location)}: {_explain(first)}{untouched}", path, line) from None
    lines = {flag_id: document.line_of(("reviews", flag_id)) or 0 for flag_id in parsed.reviews}
    return Ledger(entries=dict(parsed.reviews), path=path, lines=lines)


def _bad_scalar(text: str) -> tuple[int | None, str]:
    """The line and text of the first scalar that PyYAML parses but cannot construct."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None, ""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader(" ").construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - this is the one we are looking for
                return node.start_mark.line + 1, node.value
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None, ""


def _describe(location: tuple) -> str:
    if len(location) >= 2 and location[0] == "reviews":
        rest = ".".join(str(part) for part in location[2:])
        return f"review {location[1]}" + (f": {rest}" if rest else "")
    return ".".join(str(part) for part in location) or "ledger"


_ALLOWED = {
    "status": "allowed: " + ", ".join(STATUSES),
    "kind": "allowed: discrepancy, variant, agreement",
    "severity": "allowed: error, warning, info",
    "version": "allowed: 1",
}
_KEYS = {
    "top": "version, reviews",
    "entry": "status, note, reviewer, date, flag",
    "flag": "kind, severity, subject, attribute, summary, evidence",
    "evidence": "source, quote, value, outlet",
}


def _explain(error: Mapping) -> str:
    location = tuple(error["loc"])
    last = str(location[-1]) if location else ""
    if error["type"] == "extra_forbidden":
        depth = len(location)
        scope = "top" if depth == 1 else "entry" if depth == 3 else \
            "flag" if depth == 4 else "evidence"
        return f"unknown key {last!r} (allowed keys: {_KEYS[scope]})"
    if error["type"] == "missing":
        return "required key is missing"
    message = str(error["msg"])
    if error["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    if error["type"] == "string_type":
        message += " (quote the value)"
    if last in _ALLOWED and error["type"] in ("literal_error", "enum"):
        message = f"{error.get('input')!r} is not valid ({_ALLOWED[last]})"
    return message


# ---------------------------------------------------------------- writing


def dump_ledger(ledger: Ledger) -> str:
    """The ledger as text: deterministic, with entries sorted by id and fields in a fixed order."""
    reviews = {}
    for flag_id in ledger.ids():
        entry = ledger.entries[flag_id]
        item: dict = {"status": entry.status, "note": entry.note, "reviewer": entry.reviewer,
                      "date": entry.date}
        if entry.flag is not None:
            snapshot = entry.flag
            item["flag"] = {
                "kind": snapshot.kind, "severity": snapshot.severity, "subject": snapshot.subject,
                "attribute": snapshot.attribute, "summary": snapshot.summary,
                "evidence": [{"source": quote.source, "outlet": quote.outlet, "quote": quote.quote,
                              "value": quote.value} for quote in snapshot.evidence],
            }
        reviews[flag_id] = item
    body = yaml.dump({"version": FORMAT_VERSION, "reviews": reviews}, Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, default_flow_style=False, width=4096, indent=2)
    return HEADER + body


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes every awkward string double-quoted, so it always reads back the same."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    awkward = any(not (ch == "\t" or " " <= ch <= "~" or (ch > "\xa0" and ch.isprintable()))
                  for ch in value)
    # Double quotes also for apostrophes: 'it''s' is hard to read in a diff, "it's" is not.
    if awkward or value != value.strip() or "\n" in value or "'" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def save_ledger(ledger: Ledger, path: str | Path) -> None:
    """Write the ledger atomically: temp file in the same folder, fsync, rename over the old one."""
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)  # keep a symlink a symlink
    text = dump_ledger(ledger)
    folder = path.parent if str(path.parent) else Path(".")
    shown = _shown(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise LedgerError(f"cannot write beside the ledger: {error.strerror or error}", shown) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except BaseException as error:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise LedgerError(f"cannot write the ledger ({error.strerror or error}); the old file is "
                              "unchanged", shown) from None
        raise
    _fsync_folder(folder)


def _mode_for(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# ---------------------------------------------------------------- locking


@contextmanager
def ledger_lock(path: str | Path, timeout: float | None = None) -> Iterator[None]:
    """Hold `<ledger>.lock` (created with O_CREAT|O_EXCL) for the duration of the block.

    Waits up to `timeout` seconds (default: $RECONCILE_LOCK_TIMEOUT or 10) for another writer,
    then fails with a LedgerError saying who holds it. A lock left by a dead process on this host,
    or older than ten minutes, is removed and taken over.
    """
    lock = Path(f"{path}.lock")
    timeout = _lock_timeout() if timeout is None else timeout
    token = f"{os.getpid()} {socket.gethostname()} {time.time():.3f}\n"
    deadline = time.monotonic() + timeout
    delay = 0.01
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LedgerError(f"cannot create the ledger's folder: {error.strerror or error}", _shown(path)) from None
    while True:
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_lock(lock)
            if holder is not None and _is_stale(holder, lock):
                _break_lock(lock, holder)
                continue
            if time.monotonic() >= deadline:
                raise LedgerError(f"the ledger is being written by another reconcile ({_who(holder)}); "
                                  f"waited {timeout:g}s. Try again, or delete {_shown(lock)} if no "
                                  "reconcile is running", _shown(path)) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
            continue
        except FileNotFoundError:
            raise LedgerError("the ledger's folder does not exist", _shown(path)) from None
        except OSError as error:
            raise LedgerError(f"cannot create the lock file {_shown(lock)}: {error.strerror or error}",
                              _shown(path)) from None
        break
    try:
        os.write(descriptor, token.encode())
    finally:
        os.close(descriptor)
    try:
        yield
    finally:
        if _read_lock(lock) == token:
            try:
                os.unlink(lock)
            except OSError:
                pass


def _lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV, "10")))
    except ValueError:
        return 10.0


def _read_lock(lock: Path) -> str | None:
    try:
        return lock.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _is_stale(holder: str, lock: Path) -> bool:
    parts = holder.split()
    if len(parts) != 3:
        # Being written this instant, or left empty by a crash between create and write:
        # the token takes microseconds to write, so a minute without one means abandoned.
        try:
            return time.time() - os.stat(lock).st_mtime > 60
        except OSError:
            return False
    pid_text, host, stamp = parts
    try:
        pid, created = int(pid_text), float(stamp)
    except ValueError:
        return False
    if time.time() - created > STALE_LOCK_SECONDS:
        return True
    if host == socket.gethostname() and pid != os.getpid():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
    return False


def _break_lock(lock: Path, holder: str) -> None:
    # Re-read just before removing so a lock taken over a moment ago is not removed.
    if _read_lock(lock) == holder:
        try:
            os.unlink(lock)
        except OSError:
            pass


def _who(holder: str | None) -> str:
    if not holder:
        return "lock file present"
    parts = holder.split()
    if len(parts) == 3:
        try:
            since = _dt.datetime.fromtimestamp(float(parts[2]), _dt.timezone.utc).strftime("%H:%M:%S UTC")
        except (ValueError, OverflowError, OSError):
            since = "?"
        return f"pid {parts[0]} on {parts[1]} since {since}"
    return "lock file present"


def update_ledger(path: str | Path, change: Callable[[Ledger], Ledger], timeout: float | None = None) -> Ledger:
    """Under the lock: re-read the ledger (refusing a malformed one), apply `change`, write atomically."""
    with ledger_lock(path, timeout):
        current = load_ledger(path)
        updated = change(current)
        if updated != current or not Path(path).exists():
            save_ledger(updated, path)
        return updated


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """`[tool.reconcile]` from ./pyproject.toml, with defaults when it is absent."""

    reviews: str = DEFAULT_LEDGER
    corpus: tuple[str, ...] = DEFAULT_CORPUS
    rules: str | None = None


def load_settings(folder: str | Path = ".") -> Settings:
    path = Path(folder) / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise UsageError(f"cannot read: {error.strerror or error}", _shown(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        import re

        match = re.search(r"line (\d+)", str(error))
        raise UsageError(f"malformed TOML: {error}", _shown(path), int(match.group(1)) if match else None) from None
    table = data.get("tool", {}).get("reconcile", {})
    if not isinstance(table, dict):
        raise UsageError("[tool.reconcile] must be a table", _shown(path), _line_of(text, "[tool.reconcile]"))
    reviews = table.get("reviews", DEFAULT_LEDGER)
    corpus = table.get("corpus", list(DEFAULT_CORPUS))
    rules = table.get("rules")
    if isinstance(corpus, str):
        corpus = [corpus]
    if not isinstance(reviews, str) or not reviews:
        raise UsageError('[tool.reconcile] reviews must be a file name, e.g. reviews = "reviews.yaml"',
                         _shown(path), _line_of(text, "reviews"))
    if not isinstance(corpus, list) or not corpus or not all(isinstance(item, str) and item for item in corpus):
        raise UsageError('[tool.reconcile] corpus must be a list of paths, e.g. corpus = ["seeds"]',
                         _shown(path), _line_of(text, "corpus"))
    if rules is not None and not isinstance(rules, str):
        raise UsageError('[tool.reconcile] rules must be a folder, e.g. rules = "rules"', _shown(path),
                         _line_of(text, "rules"))
    return Settings(reviews=reviews, corpus=tuple(corpus), rules=rules)


def _line_of(text: str, needle: str) -> int | None:
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped == "[tool.reconcile]"
            if needle.startswith("[") and in_table:
                return number
        elif in_table and stripped.split("=")[0].strip() == needle:
            return number
    return None


def default_reviewer() -> str:
    """`git config user.name`, else the login name."""
    import subprocess

    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
        name = result.stdout.strip()
        if result.returncode == 0 and name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name at all
        return "unknown"


def today() -> str:
    return _dt.datetime.now(_dt.timezone.utc).date().isoformat()


def _shown(path: str | Path) -> str:
    from reconcile.ingest import display_path

    return display_path(path)
