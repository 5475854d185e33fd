"""JSON and JSONL sources: records {text, outlet?, url?, published?, title?}, read one at a time."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from reconcile.ingest.manifest import ManifestEntry
from reconcile.ingest.metadata import parse_date, stated_publication
from reconcile.records import Source

if TYPE_CHECKING:
    from reconcile.ingest import Corpus


_RECORD_FIELDS = "{text, outlet?, url?, published?, title?}"


def json_sources(path: Path, shown: str, text: str, entry: ManifestEntry | None,
                  corpus: Corpus) -> list[Source]:
    if path.suffix.lower() == ".json":
        records, complete = _json_document(shown, text, corpus)
    else:
        records, complete = _json_lines(shown, text, corpus)
    sources, empty = [], 0
    for index, (line, item) in enumerate(records, start=1):
        record = _json_record(shown, line, item, corpus)
        if record is None:
            continue
        if not record["text"].strip():
            corpus.warnings.append(f"{shown}:{line}: record with empty text, skipped")
            empty += 1
            continue
        stated_date, stated_outlet = stated_publication(record["text"])
        published = record.get("published") or (entry.published if entry else None) or stated_date
        basis = "record" if record.get("published") else "manifest" if entry and entry.published else \
            "text" if stated_date else "none"
        record_id = f"{path.stem}#{index}" if len(records) > 1 else path.stem
        sources.append(Source(
            id=record_id, path=shown, outlet=record.get("outlet") or (entry.outlet if entry else None)
            or stated_outlet or path.stem, url=record.get("url"), published=published, published_basis=basis,
            title=record.get("title"), text=record["text"], record_line=line))
    if not sources and (len(records) > empty or not complete):
        corpus.unreadable.append(shown)  # it had content, and no record in it could be read
    return sources


def _json_document(shown: str, text: str, corpus: Corpus) -> tuple[list[tuple[int, object]], bool]:
    """The records of a .json file: one object, or an array of them, each with its line.

    An array is read element by element, so a file truncated or broken part-way keeps the records
    before the break (with a warning saying where it broke).
    """
    decoder = json.JSONDecoder()
    space = re.compile(r"\s*")
    position = space.match(text).end()
    records: list[tuple[int, object]] = []
    lines = _LineCounter(text)
    try:
        if not text.startswith("[", position):
            item, end = decoder.raw_decode(text, position)
            trailing = space.match(text, end).end()
            if trailing < len(text):
                raise json.JSONDecodeError("extra data after the record", text, trailing)
            if not isinstance(item, dict):
                corpus.warnings.append(f"{shown}:{lines.at(position)}: expected a record {_RECORD_FIELDS} or "
                                       f"a list of them, found {_json_kind(item)}; skipped")
                return [], False
            return [(lines.at(position), item)], True
        position = space.match(text, position + 1).end()
        if text.startswith("]", position):
            corpus.warnings.append(f"{shown}: an empty list of records, skipped")
            return [], True
        while True:
            item, end = decoder.raw_decode(text, position)
            records.append((lines.at(position), item))
            position = space.match(text, end).end()
            if text.startswith(",", position):
                position = space.match(text, position + 1).end()
            elif text.startswith("]", position):
                trailing = space.match(text, position + 1).end()
                if trailing < len(text):
                    raise json.JSONDecodeError("extra data after the list", text, trailing)
                return records, True
            else:
                raise json.JSONDecodeError("expected ',' or ']'", text, position)
    except json.JSONDecodeError as error:
        kept = f"; the {len(records)} record{'s' if len(records) != 1 else ''} before it were read" \
            if records else ""
        reason = f"{error.msg} column {error.colno}" if error.msg.endswith(" at") else error.msg
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            reason += "; the file looks truncated"
        corpus.warnings.append(f"{shown}:{lines.at(error.pos)}: invalid JSON ({reason}){kept}; the rest is skipped")
    except RecursionError:
        corpus.warnings.append(f"{shown}:{lines.at(position)}: JSON nested too deeply to read; the rest is skipped")
    return records, False


def _json_lines(shown: str, text: str, corpus: Corpus) -> tuple[list[tuple[int, object]], bool]:
    """The records of a JSON Lines file, one per line; a bad line is skipped with a warning.

    Also returns whether every line could be parsed.
    """
    records: list[tuple[int, object]] = []
    complete = True
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 is valid JSON
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            corpus.warnings.append(f"{shown}:{number}: invalid JSON ({error.msg} at column {error.colno}), "
                                   "line skipped")
            complete = False
        except RecursionError:
            corpus.warnings.append(f"{shown}:{number}: JSON nested too deeply to read, line skipped")
            complete = False
    return records, complete


def _json_record(shown: str, line: int, item: object, corpus: Corpus) -> dict | None:
    """A record's usable fields; a wrong optional field is dropped with a warning, not the record."""
    where = f"{shown}:{line}"
    if not isinstance(item, dict):
        corpus.warnings.append(f"{where}: record skipped: expected an object {_RECORD_FIELDS}, "
                               f"found {_json_kind(item)}")
        return None
    text = item.get("text")
    if not isinstance(text, str):
        found = "no \"text\" field" if "text" not in item else f"\"text\" is {_json_kind(text)}"
        corpus.warnings.append(f"{where}: record skipped: {found}; \"text\" must be a string "
                               f"(expected {_RECORD_FIELDS})")
        return None
    record: dict = {"text": text}
    for name in ("outlet", "url", "title"):
        value = item.get(name)
        if value is None:
            continue
        if isinstance(value, str) and value.strip():
            record[name] = value.strip()
        elif not isinstance(value, str):
            corpus.warnings.append(f"{where}: \"{name}\" is {_json_kind(value)}, not a string; ignored")
    value = item.get("published")
    if value is not None:
        published = parse_date(value) if isinstance(value, str) else None
        if published:
            record["published"] = published
        else:
            shown_value = json.dumps(value, ensure_ascii=False)[:40]
            corpus.warnings.append(f"{where}: \"published\" {shown_value} is not a date (write YYYY-MM-DD); ignored")
    return record


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _LineCounter:
    """Line numbers of increasing offsets into one text, in linear time overall."""

    def __init__(self, text: str):
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        offset = min(offset, len(self.text))
        if offset < self.offset:
            return self.text.count("\n", 0, offset) + 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line
