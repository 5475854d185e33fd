"""Bad input never crashes ingest (issue 7, "Inputs").

Each case gets one warning line naming the file (and line where there is one); the rest of the
corpus is still read; `Corpus.unreadable` (exit 2) lists only what could not be read at all.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
import time
from pathlib import Path

import pytest
from conftest import write

from reconcile.ingest import locate, read_corpus
from reconcile.ingest.articles import split_articles
from reconcile.ingest.html import extract_html
from reconcile.ingest.metadata import stated_publication

GOOD = "The tram line to Ostrava Nord reopened on Friday after a two-week closure, the operator said.\n"


def read_with_good(folder: Path):
    """Read `folder`, which also holds one good file, and check the good file was read."""
    write(folder, "zz-good.txt", GOOD)
    corpus = read_corpus([str(folder)])
    assert "zz-good" in [source.id for source in corpus.sources], corpus.warnings
    for warning in corpus.warnings:
        assert "\n" not in warning and "Traceback" not in warning and "bug in reconcile" not in warning
    return corpus


def warnings_about(corpus, name: str) -> list[str]:
    return [warning for warning in corpus.warnings if name in warning.split(": ")[0]]


def test_empty_and_blank_files_warn_and_are_not_unreadable(tmp_path):
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.md", "  \r\n\n\t\n")
    write(tmp_path, "bom-only.txt", codecs.BOM_UTF16_LE)
    write(tmp_path, "empty.json", b"")
    corpus = read_with_good(tmp_path)
    for name in ("empty.txt", "blank.md", "bom-only.txt", "empty.json"):
        assert [w for w in warnings_about(corpus, name) if "empty file" in w], name
    assert corpus.unreadable == []
    assert len(corpus.sources) == 1


def test_binary_files_are_skipped_and_unreadable(tmp_path):
    write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    write(tmp_path, "blob.html", bytes(range(0, 32)) * 50)
    corpus = read_with_good(tmp_path)
    for name in ("photo.txt", "blob.html"):
        assert any("binary file" in w for w in warnings_about(corpus, name))
    assert sorted(Path(p).name for p in corpus.unreadable) == ["blob.html", "photo.txt"]


def test_invalid_utf8_is_replaced_with_a_warning_naming_the_line_and_offsets_stay_consistent(tmp_path):
    data = "Line one is fine.\nLine two has ".encode() + b"\xff\xfe\xc3" + " bad bytes.\nLine three.\n".encode()
    write(tmp_path, "bad.txt", data)
    corpus = read_with_good(tmp_path)
    source = next(s for s in corpus.sources if s.id == "bad")
    assert source.text == data.decode("utf-8", errors="replace")
    assert "\ufffd" in source.text
    [warning] = warnings_about(corpus, "bad.txt")
    assert "line 2" in warning and "U+FFFD" in warning
    start = source.text.index("Line three")
    span = locate(source, start, start + 10)
    assert source.text[span.start:span.end] == "Line three" and span.line == 3
    assert corpus.unreadable == []


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                                        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le")])
def test_a_byte_order_mark_picks_the_encoding_and_is_not_part_of_the_text(tmp_path, bom, codec):
    text = "Überschrift — Straßenbahn\r\nUpdated 3 May 2024\r\n\r\n" + GOOD.replace("\n", "\r\n")
    write(tmp_path, "wide.txt", bom + text.encode(codec))
    corpus = read_with_good(tmp_path)
    source = next(s for s in corpus.sources if s.id == "wide")
    assert source.text == text
    assert warnings_about(corpus, "wide.txt") == []
    start = text.index("The tram")
    span = locate(source, start, start + 8)
    assert text[span.start:span.end] == "The tram" and span.line == 4
    assert str(source.published) == "2024-05-03"


def test_an_html_page_in_a_declared_legacy_charset_is_read_in_it_with_a_warning(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
            '<body><p>Café “Kvarn” on the quay.</p></body></html>')
    write(tmp_path, "legacy.html", page.encode("cp1252"))
    write(tmp_path, "undeclared.html", "<p>Café on the quay.</p>".encode("cp1252"))
    corpus = read_with_good(tmp_path)
    texts = {source.id: source.text for source in corpus.sources}
    assert texts["legacy"] == "Café “Kvarn” on the quay."
    assert any("cp1252" in w for w in warnings_about(corpus, "legacy.html"))
    assert texts["undeclared"] == "Caf\ufffd on the quay."
    assert any("U+FFFD" in w for w in warnings_about(corpus, "undeclared.html"))


def test_utf16_without_a_byte_order_mark_is_read_with_a_warning(tmp_path):
    write(tmp_path, "nobom.txt", GOOD.encode("utf-16-be"))
    corpus = read_with_good(tmp_path)
    assert next(s for s in corpus.sources if s.id == "nobom").text == GOOD
    assert any("UTF-16-BE" in w for w in warnings_about(corpus, "nobom.txt"))


def test_crlf_line_numbers_and_offsets(tmp_path):
    lines = ["Tram line reopens", "Updated 2 February 2024", "", GOOD.strip(), "", "Second paragraph here."]
    text = "\r\n".join(lines) + "\r\n"
    write(tmp_path, "crlf.md", text)
    corpus = read_with_good(tmp_path)
    source = next(s for s in corpus.sources if s.id == "crlf")
    assert source.text == text
    for number, line in enumerate(lines, start=1):
        if line:
            start = text.index(line)
            span = locate(source, start, start + len(line))
            assert (span.line, text[span.start:span.end]) == (number, line)
    assert str(source.published) == "2024-02-02"


def test_a_5_mb_file_is_read_quickly(tmp_path):
    paragraph = ("The council of Brava Sound said on Monday that 1,200 homes would be connected "
                 "to the grid by 2027, according to a statement.\n\n")
    text = paragraph * (5_000_000 // len(paragraph))
    write(tmp_path, "big.txt", text)
    started = time.perf_counter()
    corpus = read_corpus([str(tmp_path)])
    elapsed = time.perf_counter() - started
    assert corpus.sources[0].text == text
    end = len(text) - 5
    assert locate(corpus.sources[0], end, end + 3).line == text.count("\n", 0, end) + 1
    assert elapsed < 10, f"5 MB took {elapsed:.1f} s"


def test_a_5_mb_html_page_is_read_quickly(tmp_path):
    paragraph = "<p>The council of Brava Sound said on Monday that 1,200 homes would be connected.</p>\n"
    write(tmp_path, "big.html", "<html><body><article>" + paragraph * (5_000_000 // len(paragraph))
          + "</article></body></html>")
    started = time.perf_counter()
    corpus = read_corpus([str(tmp_path)])
    assert time.perf_counter() - started < 15
    assert corpus.sources[0].text.count("Brava Sound") == 5_000_000 // len(paragraph)


def test_50000_tiny_files_are_read_in_linear_time(tmp_path):
    folder = tmp_path / "many"
    for batch in range(50):
        sub = folder / f"b{batch:02d}"
        sub.mkdir(parents=True)
        for index in range(1000):  # os-level writes: creating the files is most of this test's time
            handle = os.open(os.path.join(sub, f"n{index:04d}.txt"), os.O_WRONLY | os.O_CREAT, 0o644)
            os.write(handle, f"Note {index} from the harbour office.\n".encode())
            os.close(handle)
    started = time.perf_counter()
    corpus = read_corpus([str(folder)])
    elapsed = time.perf_counter() - started
    assert len(corpus.sources) == 50_000 and corpus.warnings == []
    assert len({source.id for source in corpus.sources}) == 50_000
    assert elapsed < 20, f"50,000 files took {elapsed:.1f} s"


def test_many_files_with_the_same_name_get_ids_in_linear_time(tmp_path):
    for index in range(3000):
        write(tmp_path, f"d{index:04d}/index.txt", "A note.\n")
    started = time.perf_counter()
    corpus = read_corpus([str(tmp_path)])
    assert len({source.id for source in corpus.sources}) == 3000
    assert time.perf_counter() - started < 10


def test_deeply_nested_html_does_not_recurse(tmp_path):
    depth = 100_000
    write(tmp_path, "deep.html", "<html><body>" + "<div>" * depth + "Deep text survives." + "</div>" * depth)
    write(tmp_path, "deep-unclosed.html", "<span><b>" * depth + "Unclosed text survives.")
    started = time.perf_counter()
    corpus = read_with_good(tmp_path)
    assert time.perf_counter() - started < 15
    texts = {source.id: source.text for source in corpus.sources}
    assert texts["deep"] == "Deep text survives."
    assert texts["deep-unclosed"] == "Unclosed text survives."
    source = next(s for s in corpus.sources if s.id == "deep")
    span = locate(source, 0, 4)
    assert source.raw[span.start:span.end] == "Deep"


def test_deeply_nested_folders_do_not_recurse(tmp_path):
    folder = tmp_path
    for _ in range(150):  # deeper than any real corpus; the walk keeps its own stack
        folder = folder / "d"
    write(folder, "deep.txt", GOOD)
    corpus = read_with_good(tmp_path)
    assert "deep" in [source.id for source in corpus.sources]


def test_scripts_and_styles_are_stripped_and_never_reach_the_text(tmp_path):
    page = ("<html><head><style>body { content: 'STYLE-TEXT' }</style>"
            "<script>document.write('SCRIPT-TEXT'); var s = '</p><p>INSIDE-SCRIPT';</script></head>"
            "<body><p>Visible text.</p><script type='module'>import 'SCRIPT-MODULE'</script>"
            "<noscript>NOSCRIPT-TEXT</noscript><p onclick=\"alert('ATTRIBUTE-TEXT')\">More text.</p>"
            "<svg><style>SVG-STYLE</style><text>SVG-TEXT</text></svg><template>TEMPLATE-TEXT</template>"
            "<script>never closed SCRIPT-TAIL <p>not text</p>")
    write(tmp_path, "page.html", page)
    corpus = read_with_good(tmp_path)
    text = next(s for s in corpus.sources if s.id == "page").text
    assert text == "Visible text.\n\nMore text."


def test_json_with_wrong_types_keeps_the_good_records(tmp_path):
    records = [{"text": "Kept record."}, {"text": 42}, "a string", {"body": "no text field"},
               {"text": "Kept despite a bad date.", "published": "soon", "outlet": ["not", "a", "string"]},
               {"text": "   "}]
    write(tmp_path, "feed.json", json.dumps(records, indent=1))
    corpus = read_with_good(tmp_path)
    kept = [s for s in corpus.sources if s.path.endswith("feed.json")]
    assert [s.text for s in kept] == ["Kept record.", "Kept despite a bad date."]
    assert kept[1].published is None and kept[1].outlet == "feed"
    warnings = warnings_about(corpus, "feed.json")
    assert len(warnings) == 6
    assert all(w.split(": ")[0].rsplit(":", 1)[1].isdigit() for w in warnings)  # each names its line
    assert corpus.unreadable == []


@pytest.mark.parametrize("content", ["42", "\"text\"", "null", "{\"items\": []}", "[1, 2, 3]"])
def test_json_holding_no_usable_record_is_unreadable(tmp_path, content):
    write(tmp_path, "odd.json", content)
    corpus = read_with_good(tmp_path)
    assert warnings_about(corpus, "odd.json")
    assert [Path(p).name for p in corpus.unreadable] == ["odd.json"]


def test_jsonl_holding_only_bad_lines_is_unreadable_but_only_empty_records_is_not(tmp_path):
    write(tmp_path, "bad.jsonl", "{oops\n[1, 2\n")
    write(tmp_path, "blank.jsonl", json.dumps({"text": ""}) + "\n" + json.dumps({"text": " "}) + "\n")
    corpus = read_with_good(tmp_path)
    assert [Path(p).name for p in corpus.unreadable] == ["bad.jsonl"]
    assert len(warnings_about(corpus, "blank.jsonl")) == 2


def test_truncated_json_keeps_the_records_before_the_break(tmp_path):
    complete = json.dumps([{"text": "First record."}, {"text": "Second record."}, {"text": "Third record."}],
                          indent=2)
    write(tmp_path, "cut.json", complete[: complete.index("Third") + 3])
    write(tmp_path, "cut-early.json", '{"text": "Never fin')
    corpus = read_with_good(tmp_path)
    assert [s.text for s in corpus.sources if s.path.endswith("cut.json")] == ["First record.", "Second record."]
    [warning] = warnings_about(corpus, "cut.json")
    assert "truncated" in warning and "2 records before it were read" in warning
    assert warning.startswith(next(s.path for s in corpus.sources if s.path.endswith("cut.json")) + ":")
    assert [Path(p).name for p in corpus.unreadable] == ["cut-early.json"]


def test_deeply_nested_json_does_not_crash(tmp_path):
    write(tmp_path, "nested.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path, "nested.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": "Fine."}) + "\n")
    corpus = read_with_good(tmp_path)
    assert warnings_about(corpus, "nested.json") and warnings_about(corpus, "nested.jsonl")
    assert [s.text for s in corpus.sources if s.path.endswith("nested.jsonl")] == ["Fine."]


def test_jsonl_bad_lines_are_skipped_with_their_line_numbers(tmp_path):
    lines = [json.dumps({"text": "Line one record."}), "{not json", json.dumps([1, 2]),
             json.dumps({"text": "Line four record."}), '{"text": "cut']
    write(tmp_path, "wire.jsonl", "\n".join(lines))
    corpus = read_with_good(tmp_path)
    kept = [s for s in corpus.sources if s.path.endswith("wire.jsonl")]
    assert [(s.record_line, s.text) for s in kept] == [(1, "Line one record."), (4, "Line four record.")]
    lines_named = sorted(int(w.split(": ")[0].rsplit(":", 1)[1]) for w in warnings_about(corpus, "wire.jsonl"))
    assert lines_named == [2, 3, 5]
    assert corpus.unreadable == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_warn_and_the_rest_is_read(tmp_path):
    write(tmp_path, "sub/a.txt", GOOD)
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop
    os.symlink("self.txt", tmp_path / "self.txt")  # a file that points at itself
    os.symlink("ping.txt", tmp_path / "pong.txt")
    os.symlink("pong.txt", tmp_path / "ping.txt")
    corpus = read_with_good(tmp_path)
    assert [s.id for s in corpus.sources] == ["a", "zz-good"]
    assert any("symlink loop" in w for w in warnings_about(corpus, "sub/up"))
    for name in ("self.txt", "ping.txt", "pong.txt"):
        assert any("cannot read" in w for w in warnings_about(corpus, name)), name
    assert sorted(Path(p).name for p in corpus.unreadable) == ["ping.txt", "pong.txt", "self.txt"]


def test_a_symlink_loop_given_directly_is_unreadable_not_a_crash(tmp_path):
    os.symlink("loop.txt", tmp_path / "loop.txt")
    corpus = read_corpus([str(tmp_path / "loop.txt")])
    assert corpus.sources == [] and len(corpus.unreadable) == 1
    assert "symlink" in corpus.warnings[0]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="permissions do not block reads for root (see the monkeypatched test)")
def test_unreadable_file_and_folder_with_chmod(tmp_path):
    locked = write(tmp_path, "locked.txt", GOOD)
    folder = tmp_path / "closed"
    write(folder, "inside.txt", GOOD)
    locked.chmod(0)
    folder.chmod(0)
    try:
        corpus = read_with_good(tmp_path)
    finally:
        locked.chmod(0o644)
        folder.chmod(0o755)
    assert sorted(Path(p).name for p in corpus.unreadable) == ["closed", "locked.txt"]
    assert any("Permission denied" in w for w in warnings_about(corpus, "locked.txt"))


def test_unreadable_file_and_folder_simulated(tmp_path, monkeypatch):
    write(tmp_path, "locked.txt", GOOD)
    write(tmp_path, "closed/inside.txt", GOOD)
    real_read_bytes, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    def scandir(path="."):
        if Path(path).name == "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    corpus = read_with_good(tmp_path)
    assert sorted(Path(p).name for p in corpus.unreadable) == ["closed", "locked.txt"]
    assert [w for w in warnings_about(corpus, "locked.txt") if "cannot read: Permission denied" in w]
    assert [w for w in warnings_about(corpus, "closed") if "cannot list folder: Permission denied" in w]


def test_an_unexpected_failure_becomes_a_warning_naming_the_file(tmp_path, monkeypatch):
    import reconcile.ingest as ingest

    write(tmp_path, "boom.html", "<p>text</p>")

    def explode(raw):
        raise RuntimeError("simulated")

    monkeypatch.setattr(ingest, "extract_html", explode)
    write(tmp_path, "zz-good.txt", GOOD)
    corpus = read_corpus([str(tmp_path)])
    assert [s.id for s in corpus.sources] == ["zz-good"]
    assert any(w.startswith(str(tmp_path / "boom.html") + ": could not be processed (RuntimeError: simulated)")
               for w in corpus.warnings)
    with pytest.raises(RuntimeError):
        read_corpus([str(tmp_path)], debug=True)


@pytest.mark.parametrize("text", ["\n" * 1_000_000, " \n" * 500_000, "\r\n" * 500_000, "Updated \n" * 200_000,
                                  "A headline that might be one\n" * 100_000, "(c) " * 200_000, "&#" * 200_000],
                         ids=["newlines", "space-newlines", "crlfs", "stamps", "headlines", "copyrights", "refs"])
def test_pathological_text_is_linear(text):
    started = time.perf_counter()
    stated_publication(text)
    split_articles(text)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("markup", ["<!--" * 200_000, "</" * 200_000, "<" * 200_000, "<a b='" * 100_000,
                                    "<b>" * 100_000 + "</i>" * 100_000, "<![CDATA[" * 100_000, "&#" * 200_000,
                                    "<script>" * 100_000, "<head>" * 100_000, "&" + "9" * 10_000 + ";",
                                    "&#" + "9" * 10_000 + ";", "<p>" + "&amp;" * 100_000],
                         ids=["comments", "end-tag-starts", "lts", "open-quotes", "stray-end-tags", "cdata", "charrefs",
                              "scripts", "heads", "long-name", "long-number", "entities"])
def test_pathological_html_is_linear(markup):
    started = time.perf_counter()
    extract_html(markup)
    assert time.perf_counter() - started < 5
