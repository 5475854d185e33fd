"""Ingest: read a corpus of files and folders into Sources and the Articles they hold.

Text is kept exactly as decoded so every claim can point back to its span in the file.

Bad input never stops a run. Each problem becomes one warning line, `path: message` or
`path:line: message`, in `Corpus.warnings`; a file of which nothing at all could be read is also
listed in `Corpus.unreadable` (the command exits 2 when that list is not empty). Only a path that
does not exist and a broken `sources.toml` raise InputError: both are mistakes in how the run was
set up, and guessing past them would attach wrong outlets and dates to every claim.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from reconcile.errors import InputError
from reconcile.ingest.articles import split_articles
from reconcile.ingest.html import extract_html, reference
from reconcile.ingest.metadata import parse_date, stated_publication
from reconcile.records import Article, Source, Span

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
MANIFEST = "sources.toml"
_MANIFEST_KEYS = ("file", "outlet", "url", "published", "title")
_RECORD_FIELDS = "{text, outlet?, url?, published?, title?}"
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?")


@dataclass
class Corpus:
    """Everything read from the given paths, plus what could not be read and why."""

    sources: list[Source] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


class _ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _day_of_timestamp(cls, value):
        """A full timestamp (`2025-07-12T09:30:00Z`, quoted or not) stands for its day."""
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str) and _TIMESTAMP.fullmatch(value.strip()):
            return value.strip()[:10]
        return value


@dataclass
class _Manifest:
    """One sources.toml: its entries by the absolute path of the file each names."""

    shown: str
    entries: dict[str, tuple[_ManifestEntry, int | None]]


def display_path(path: Path | str) -> str:
    """A path as reports show it: relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


# --- spans -------------------------------------------------------------------------------------

def locate(source: Source, start: int, end: int) -> Span:
    """The span of analysed text [start, end) as offsets and a 1-based line in the source file.

    Offsets are clamped into the text. For HTML the start maps to the file offset of the first
    character and the end to just after the last one, so the span covers the element text and
    never the markup that follows it.
    """
    size = len(source.text)
    start = min(max(start, 0), size)
    end = min(max(end, start), size)
    if source.record_line is not None:
        return Span(start=start, end=end, line=source.record_line)
    text = source.text
    if source.raw is not None:
        raw = source.raw
        file_start = min(_to_file(source.anchors, start), len(raw))
        if end > start:
            last = min(_to_file(source.anchors, end - 1), len(raw) - 1)
            file_end = max(_char_end(raw, last, text[end - 1]), file_start)
        else:
            file_end = file_start
        start, end, text = file_start, file_end, raw
    return Span(start=start, end=end, line=line_number(text, start))


def line_number(text: str, offset: int) -> int:
    """The 1-based line holding `text[offset]`; lines end at '\\n', so CRLF counts once."""
    if len(text) < 65536:
        return text.count("\n", 0, offset) + 1
    return bisect_right(_newlines(text), offset - 1) + 1


@lru_cache(maxsize=8)
def _newlines(text: str) -> list[int]:
    """Offsets of every newline in a long text, so many look-ups cost a bisect each."""
    return [match.start() for match in re.finditer("\n", text)]


def _to_file(anchors: tuple[tuple[int, int], ...], offset: int) -> int:
    index = bisect_right(anchors, (offset, float("inf"))) - 1
    if index < 0:
        return offset
    text_offset, file_offset = anchors[index]
    return file_offset + (offset - text_offset)


def _char_end(raw: str, position: int, char: str) -> int:
    """Where the file's representation of `char` at `position` ends (a reference is one unit)."""
    if raw.startswith("&", position):
        found = reference(raw, position)
        if found is not None and char in found[0]:
            return position + found[1]
    return position + 1


# --- walking the corpus --------------------------------------------------------------------------

def read_corpus(paths: list[str], debug: bool = False) -> Corpus:
    """Read every supported file under `paths`, in a stable order.

    With `debug`, an unexpected failure inside ingest propagates with its traceback; without it,
    it becomes a warning naming the file and the run goes on.
    """
    corpus = Corpus()
    walk = _Walk(corpus)
    for given in paths:
        path = Path(given)
        if not path.exists():
            if path.is_symlink():
                corpus.warnings.append(f"{display_path(path)}: cannot read: a broken symlink or a symlink loop")
                corpus.unreadable.append(display_path(path))
                continue
            raise InputError("no such file or folder", display_path(path))
        if path.is_dir():
            walk.folder(path)
        else:
            walk.file(path, os.path.realpath(path), display_path(path))
    walk.check_manifests()
    used_ids: dict[str, int] = {}
    for path, shown, target in walk.files:
        entry = walk.entry_for(target)
        try:
            sources = _read_file(path, shown, entry, corpus)
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 - the promise is no traceback for any input
            if debug:
                raise
            corpus.warnings.append(f"{shown}: could not be processed ({type(error).__name__}: {error}); "
                                   "this is a bug in reconcile, please report it")
            corpus.unreadable.append(shown)
            continue
        for source in sources:
            source = _unique_id(source, used_ids)
            corpus.sources.append(source)
            corpus.articles.extend(_articles(source))
    return corpus


class _Walk:
    """Collects the files to read, depth first in name order, each file and folder once."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.files: list[tuple[Path, str, str]] = []  # (path, as shown, real folder + name)
        self.seen: set[str] = set()
        self.manifests: dict[str, _Manifest | None] = {}  # by real folder path
        self.entries: dict[str, tuple[_ManifestEntry, _Manifest]] = {}

    def file(self, path: Path, real: str, shown: str) -> None:
        if real in self.seen:
            return
        self.seen.add(real)
        real_folder = os.path.realpath(path.parent)
        self._manifest(real_folder, path.parent)
        self.files.append((path, shown, os.path.join(real_folder, path.name)))

    def folder(self, root: Path) -> None:
        """Walk `root` without recursion, so folder depth costs no stack."""
        opened = self._open(root, display_path(root))
        pending = [opened] if opened else []
        while pending:
            real_folder, shown_folder, entries = pending[-1]
            entry = next(entries, None)
            if entry is None:
                pending.pop()
                continue
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            shown = f"{shown_folder}/{entry.name}" if shown_folder != "." else entry.name
            try:
                is_dir = entry.is_dir()
                is_link = entry.is_symlink()
            except OSError:
                is_dir, is_link = False, True
            if is_dir:
                opened = self._open(path, shown)
                if opened:
                    pending.append(opened)
            elif path.suffix.lower() in SUPPORTED:
                real = os.path.realpath(path) if is_link else os.path.join(real_folder, entry.name)
                if real not in self.seen:
                    self.seen.add(real)
                    self.files.append((path, shown, os.path.join(real_folder, entry.name)))

    def _open(self, folder: Path, shown: str):
        real = os.path.realpath(folder)
        if real in self.seen:
            self.corpus.warnings.append(f"{shown}: skipped, a folder already read (the same folder given "
                                        "twice, or a symlink loop)")
            return None
        self.seen.add(real)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            self.corpus.warnings.append(f"{shown}: cannot list folder: {error.strerror or error}")
            self.corpus.unreadable.append(shown)
            return None
        self._manifest(real, folder)
        return real, shown, iter(entries)

    def _manifest(self, real_folder: str, folder: Path) -> None:
        if real_folder in self.manifests:
            return
        manifest = _read_manifest(folder, real_folder)
        self.manifests[real_folder] = manifest
        if manifest is None:
            return
        for target, (entry, line) in manifest.entries.items():
            if target in self.entries:
                other = self.entries[target][1]
                self.corpus.warnings.append(f"{manifest.shown}:{line or 1}: \"{entry.file}\" is also described "
                                            f"in {other.shown}; using this entry")
            self.entries[target] = (entry, manifest)

    def entry_for(self, target: str) -> _ManifestEntry | None:
        found = self.entries.get(target) if self.entries else None
        return found[0] if found else None

    def check_manifests(self) -> None:
        """Warn about manifest entries naming files that do not exist (their metadata goes unused)."""
        for manifest in self.manifests.values():
            if manifest is None:
                continue
            for target, (entry, line) in manifest.entries.items():
                if not os.path.exists(target):
                    self.corpus.warnings.append(f"{manifest.shown}:{line or 1}: names \"{entry.file}\", which does "
                                                "not exist; its entry is unused (check the file name)")


# --- sources.toml ----------------------------------------------------------------------------------

def _read_manifest(folder: Path, real_folder: str) -> _Manifest | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read manifest: {error.strerror or error}", shown) from None
    except UnicodeDecodeError as error:
        raise InputError(f"manifest is not UTF-8 (bad byte at offset {error.start}); save it as UTF-8",
                         shown) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(error))
        line = _toml_line(str(error)) or (text.count("\n") + 1 if "end of document" in str(error) else None)
        raise InputError(f"malformed TOML: {message}", shown, line) from None
    unknown = [key for key in data if key != "source"]
    if unknown:
        raise InputError(f"unknown key '{unknown[0]}': a manifest holds only [[source]] tables with keys "
                         f"{', '.join(_MANIFEST_KEYS)}", shown, _key_line(text, unknown[0], None))
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise InputError("'source' must be written as [[source]] tables", shown, _key_line(text, "source", None))
    tables = _table_lines(text)
    result: dict[str, tuple[_ManifestEntry, int | None]] = {}
    for index, entry in enumerate(entries):
        header = tables[index] if index < len(tables) else None
        try:
            parsed = _ManifestEntry.model_validate(entry)
        except ValidationError as error:
            first = error.errors()[0]
            key = str(first["loc"][0]) if first["loc"] else "file"
            if first["type"] == "extra_forbidden":
                problem = f"unknown key '{key}' (allowed: {', '.join(_MANIFEST_KEYS)})"
            elif first["type"] == "missing":
                problem = "missing key 'file' (the file this entry describes, relative to the manifest)"
            elif key == "published":
                problem = f"published: {first['msg']} (write a date, YYYY-MM-DD)"
            else:
                problem = f"{key}: {first['msg']}"
            line = _key_line(text, key, header) if first["type"] != "missing" else header
            raise InputError(f"[[source]] #{index + 1}: {problem}", shown, line) from None
        target = os.path.normpath(os.path.join(real_folder, parsed.file))
        line = _key_line(text, "file", header)
        if target in result:
            raise InputError(f"[[source]] #{index + 1}: \"{parsed.file}\" is described twice", shown, line)
        result[target] = (parsed, line)
    return _Manifest(shown=shown, entries=result)


def _toml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _table_lines(text: str) -> list[int]:
    """The line of each [[source]] header, in order."""
    return [number for number, line in enumerate(text.split("\n"), start=1)
            if re.match(r"\s*\[\[\s*source\s*\]\]", line)]


def _key_line(text: str, key: str, after: int | None) -> int | None:
    """The line where `key` is set, searching from line `after` (a table header) to the next table."""
    lines = text.split("\n")
    pattern = re.compile(rf"\s*(?:\[+\s*)?[\"']?{re.escape(key)}[\"']?\s*(?:=|\]|\.)")
    for number in range(after or 1, len(lines) + 1):
        line = lines[number - 1]
        if after is not None and number > after and re.match(r"\s*\[", line):
            break
        if pattern.match(line):
            return number
    return after


# --- reading one file --------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes; returns the text and a warning when bytes had to be replaced.

    A byte-order mark picks UTF-8, UTF-16 or UTF-32 (the mark itself is not part of the text);
    without one the bytes are UTF-8, or UTF-16 when the pattern of zero bytes says so. Invalid
    bytes become U+FFFD, one per bad sequence, so offsets index the decoded text exactly.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                       (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode_with(data[len(bom):], codec, None)
    codec = _utf16_without_bom(data)
    if codec:
        return _decode_with(data, codec, f"no byte-order mark; read as {codec.upper()}")
    return _decode_with(data, "utf-8", None)


def _decode_with(data: bytes, codec: str, note: str | None) -> tuple[str, str | None]:
    try:
        return data.decode(codec), note
    except UnicodeDecodeError as error:
        text = data.decode(codec, errors="replace")
        line = data[:error.start].decode(codec, errors="replace").count("\n") + 1
        bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
        problem = (f"not valid {codec.upper()} from line {line} (byte {error.start}); {bad} invalid "
                   f"byte sequence{'s' if bad != 1 else ''} replaced with U+FFFD (save it as UTF-8 to keep them)")
        return text, f"{note}; {problem}" if note else problem


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like mostly-ASCII UTF-16 text, else None."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even_zero = sample[0:pairs * 2:2].count(0)
    odd_zero = sample[1:pairs * 2:2].count(0)
    if odd_zero >= 0.7 * pairs and even_zero == 0:
        return "utf-16-le"
    if even_zero >= 0.7 * pairs and odd_zero == 0:
        return "utf-16-be"
    return None


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _declared_charset(data: bytes, text: str, problem: str) -> tuple[str, str | None]:
    """An HTML page that is not UTF-8, read in the charset its <meta> declares, when it declares one."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return text, problem
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return text, problem
    if codec.startswith(("utf-8", "utf-16", "utf-32")) or not getattr(codecs.lookup(codec), "_is_text_encoding", True):
        return text, problem
    if codec == "iso8859-1" or codec == "ascii":
        codec = "cp1252"  # what browsers read for latin-1 and ascii declarations
    declared, replaced = _decode_with(data, codec, None)
    note = f"not UTF-8; read as {codec}, the charset its <meta> declares"
    return declared, f"{note}; {replaced}" if replaced else note


def looks_binary(data: bytes) -> bool:
    """Whether bytes are not text: a zero byte, or many control characters, near the start."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.1


def _read_file(path: Path, shown: str, entry: _ManifestEntry | None, corpus: Corpus) -> list[Source]:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == 40:  # ELOOP
            reason = "a symlink loop"
        corpus.warnings.append(f"{shown}: cannot read: {reason}")
        corpus.unreadable.append(shown)
        return []
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
    if not has_bom and not _utf16_without_bom(data) and looks_binary(data):
        corpus.warnings.append(f"{shown}: binary file, not text; skipped")
        corpus.unreadable.append(shown)
        return []
    suffix = path.suffix.lower()
    text, problem = decode(data)
    if problem and suffix in HTML_SUFFIXES and not has_bom:
        text, problem = _declared_charset(data, text, problem)
    if problem:
        corpus.warnings.append(f"{shown}: {problem}")
    if not text.strip():
        corpus.warnings.append(f"{shown}: empty file, skipped")
        return []
    if suffix in JSON_SUFFIXES:
        return _json_sources(path, shown, text, entry, corpus)
    outlet = entry.outlet if entry and entry.outlet else None
    published = entry.published if entry else None
    basis = "manifest" if published else "none"
    raw, anchors, title, url = None, (), entry.title if entry else None, entry.url if entry else None
    analysed = text
    if suffix in HTML_SUFFIXES:
        page = extract_html(text)
        analysed, raw, anchors = page.text, text, page.anchors
        title = title or page.meta.get("title")
        url = url or page.meta.get("url")
        outlet = outlet or page.meta.get("outlet")
        if published is None:
            published = parse_date(page.meta.get("published", "")) or parse_date(page.meta.get("time", ""))
            basis = "text" if published else "none"
        if not analysed.strip():
            corpus.warnings.append(f"{shown}: no article text found in the page, skipped")
            return []
    stated_date, stated_outlet = stated_publication(analysed)
    if published is None and stated_date:
        published, basis = stated_date, "text"
    return [Source(id=path.stem, path=shown, outlet=outlet or stated_outlet or path.stem, url=url,
                   published=published, published_basis=basis, title=title, text=analysed,
                   raw=raw, anchors=anchors)]


# --- JSON and JSON Lines -----------------------------------------------------------------------------

def _json_sources(path: Path, shown: str, text: str, entry: _ManifestEntry | None,
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


# --- sources into articles ---------------------------------------------------------------------------

def _unique_id(source: Source, used: dict[str, int]) -> Source:
    """`source` with an id no earlier source has: a repeated file stem gets "~2", "~3", …"""
    candidate = source.id
    if candidate in used:
        number = used[source.id]
        while candidate in used:  # the counter makes this constant time however often a stem repeats
            number += 1
            candidate = f"{source.id}~{number}"
        used[source.id] = number
    used.setdefault(candidate, 1)
    return source if candidate == source.id else source.model_copy(update={"id": candidate})


def _articles(source: Source) -> list[Article]:
    spans = split_articles(source.text)
    return [Article(id=f"{source.id}@{index}" if len(spans) > 1 else source.id, source=source.id, index=index,
                    start=span.start, end=span.end, title=span.title or source.title or source.id,
                    published=span.published or source.published)
            for index, span in enumerate(spans, start=1)]
