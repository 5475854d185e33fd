"""`reconcile timex`: tag a text file, or a JSONL stream of documents, and print JSON.

    reconcile timex FILE --dct YYYY-MM-DD   ->  {"dct": ..., "timexes": [{"start","end","text","type","value"[,"mod"]}]}
    reconcile timex --jsonl IN              ->  one {"id": ..., "timexes": [...]} line per {"id","text","dct"} line

Output is deterministic: keys sorted, non-ASCII kept as is.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from reconcile.errors import ExitCode, InputError, UsageError
from reconcile.timex.model import Timex
from reconcile.timex.tagger import tag


def _dct(raw: object, path: str | None = None, line: int | None = None) -> date | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise InputError(f"dct must be a string YYYY-MM-DD, got {raw!r}", path, line)
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        message = f"bad dct {raw!r}: use YYYY-MM-DD, e.g. 2025-07-11"
        if path is None:
            raise UsageError(message) from None
        raise InputError(message, path, line) from None


def timex_json(t: Timex) -> dict:
    """The wire form of one timex: start, end, text, type, value, and mod when set."""
    out = {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
    if t.mod:
        out["mod"] = t.mod
    return out


def _dump(obj: dict) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", file) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a text file", file) from None
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})", file) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file) from None


def run_timex(file: str | None, dct: str | None, jsonl: str | None, out: TextIO = sys.stdout) -> ExitCode:
    """Run the command; raises InputError / UsageError for the CLI to report as one line."""
    if jsonl and file:
        raise UsageError("give either FILE or --jsonl IN, not both")
    if jsonl:
        if dct:
            raise UsageError("--dct applies to FILE; with --jsonl each line carries its own \"dct\"")
        _run_jsonl(jsonl, out)
        return ExitCode.CLEAN
    if not file:
        raise UsageError("nothing to tag: give a FILE (or '-' for stdin) or --jsonl IN")
    when = _dct(dct)
    text = _read(file)
    result = {"dct": when.isoformat() if when else None, "timexes": [timex_json(t) for t in tag(text, when)]}
    out.write(_dump(result) + "\n")
    return ExitCode.CLEAN


def _run_jsonl(path: str, out: TextIO) -> None:
    raw = _read(path)
    rows = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"not a JSON object ({error.msg})", path, number) from None
        if not isinstance(record, dict):
            raise InputError('each line must be a JSON object {"id","text","dct"}', path, number)
        text = record.get("text")
        if not isinstance(text, str):
            raise InputError('missing "text" (a string)', path, number)
        when = _dct(record.get("dct"), path, number)
        rows.append(_dump({"id": record.get("id"), "timexes": [timex_json(t) for t in tag(text, when)]}))
    for row in rows:
        out.write(row + "\n")
