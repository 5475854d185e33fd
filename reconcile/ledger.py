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
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from reconcile.errors import LedgerError
from reconcile.filelock import ledger_lock
from reconcile.paths import display_path
from reconcile.records import FlagKind, Severity

FORMAT_VERSION = 1
Status = Literal["confirmed", "dismissed", "explained"]
STATUSES: tuple[str, ...] = ("confirmed", "dismissed", "explained")

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
    shown = display_path(path)
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
    shown = display_path(path)
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


def update_ledger(path: str | Path, change: Callable[[Ledger], Ledger], timeout: float | None = None) -> Ledger:
    """Under the lock: re-read the ledger (refusing a malformed one), apply `change`, write atomically."""
    with ledger_lock(path, timeout):
        current = load_ledger(path)
        updated = change(current)
        if updated != current or not Path(path).exists():
            save_ledger(updated, path)
        return updated


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

