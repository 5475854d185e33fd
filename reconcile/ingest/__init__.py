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
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reconcile.errors import InputError
from reconcile.ingest.articles import split_articles
from reconcile.ingest.decoding import (
    declared_charset,
    decode,
    looks_binary,
    utf16_without_bom,
)
from reconcile.ingest.html import extract_html, reference
from reconcile.ingest.jsonfiles import json_sources
from reconcile.ingest.manifest import MANIFEST, Manifest, ManifestEntry, read_manifest
from reconcile.ingest.metadata import parse_date, stated_publication
from reconcile.paths import display_path
from reconcile.records import Article, Source, Span

__all__ = ["Corpus", "MANIFEST", "SUPPORTED", "decode", "display_path", "locate", "looks_binary", "read_corpus"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


@dataclass
class Corpus:
    """Everything read from the given paths, plus what could not be read and why."""

    sources: list[Source] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


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


def corpus_state(paths: list[str]) -> tuple[str, int] | None:
    """A digest of what `read_corpus(paths)` would read, from the files' metadata alone, and the
    newest modification time (ns) among them; None when the walk has anything to say (a missing
    path, an unreadable folder), which only a full read can report.

    Each file and manifest counts by path, size, inode and its modification and change times: an
    edit changes the change time even when a tool restores the modification time.
    """
    corpus = Corpus()
    walk = _StatWalk(corpus)
    for given in paths:
        path = Path(given)
        if not path.exists():
            return None
        if path.is_dir():
            walk.folder(path)
        else:
            walk.file(path, os.path.realpath(path), display_path(path))
    if corpus.warnings or corpus.unreadable:
        return None
    import hashlib

    digest = hashlib.sha256()
    newest = 0
    try:
        for path, shown, target in walk.files + walk.manifest_files:
            if target == "absent":
                digest.update(f"{path}\0absent\n".encode("utf-8", "surrogateescape"))
                continue
            info = os.stat(path)
            newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
            digest.update(f"{shown}\0{target}\0{info.st_size}\0{info.st_ino}\0{info.st_mtime_ns}\0"
                          f"{info.st_ctime_ns}\n".encode("utf-8", "surrogateescape"))
    except OSError:
        return None
    return digest.hexdigest(), newest


class _Walk:
    """Collects the files to read, depth first in name order, each file and folder once."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.files: list[tuple[Path, str, str]] = []  # (path, as shown, real folder + name)
        self.seen: set[str] = set()
        self.manifests: dict[str, Manifest | None] = {}  # by real folder path
        self.entries: dict[str, tuple[ManifestEntry, Manifest]] = {}

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
        manifest = read_manifest(folder, real_folder)
        self.manifests[real_folder] = manifest
        if manifest is None:
            return
        for target, (entry, line) in manifest.entries.items():
            if target in self.entries:
                other = self.entries[target][1]
                self.corpus.warnings.append(f"{manifest.shown}:{line or 1}: \"{entry.file}\" is also described "
                                            f"in {other.shown}; using this entry")
            self.entries[target] = (entry, manifest)

    def entry_for(self, target: str) -> ManifestEntry | None:
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


class _StatWalk(_Walk):
    """The same walk, noting each folder's manifest file instead of reading it."""

    def __init__(self, corpus: Corpus):
        super().__init__(corpus)
        self.manifest_files: list[tuple[str, str, str]] = []

    def _manifest(self, real_folder: str, folder: Path) -> None:
        if real_folder in self.manifests:
            return
        self.manifests[real_folder] = None
        path = os.path.join(real_folder, MANIFEST)
        if os.path.exists(path):
            self.manifest_files.append((path, display_path(folder / MANIFEST), path))
        else:
            self.manifest_files.append((path, "", "absent"))  # a manifest added later changes the state


# --- sources.toml ----------------------------------------------------------------------------------

def _read_file(path: Path, shown: str, entry: ManifestEntry | None, corpus: Corpus) -> list[Source]:
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
    if not has_bom and not utf16_without_bom(data) and looks_binary(data):
        corpus.warnings.append(f"{shown}: binary file, not text; skipped")
        corpus.unreadable.append(shown)
        return []
    suffix = path.suffix.lower()
    text, problem = decode(data)
    if problem and suffix in HTML_SUFFIXES and not has_bom:
        text, problem = declared_charset(data, text, problem)
    if problem:
        corpus.warnings.append(f"{shown}: {problem}")
    if not text.strip():
        corpus.warnings.append(f"{shown}: empty file, skipped")
        return []
    if suffix in JSON_SUFFIXES:
        return json_sources(path, shown, text, entry, corpus)
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
