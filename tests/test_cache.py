"""The claim cache: unchanged re-runs skip the work, any change invalidates exactly what it must,
and a damaged cache is ignored and rebuilt, never a crash."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from conftest import ROOT
from reconcile.cache import FILE_NAME, ClaimCache
from reconcile.cli import run
from reconcile.engines import RunOptions
from reconcile.pipeline import analyse
from reconcile.report import to_json, to_markdown


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


@pytest.fixture
def extractions(monkeypatch):
    """Count the articles actually extracted."""
    import reconcile.extract

    seen: list[str] = []
    real = reconcile.extract.extract

    def counting(article, source, rules):
        seen.append(article.id)
        return real(article, source, rules)

    monkeypatch.setattr(reconcile.extract, "extract", counting)
    return seen


def _cached(tmp_path, **more) -> RunOptions:
    return RunOptions(jobs=1, cache_dir=tmp_path / "cache", **more)


def _report(analysis) -> str:
    return to_json(analysis, {}) + to_markdown(analysis, {})


def test_cached_runs_match_an_uncached_run_byte_for_byte(corpus, tmp_path, extractions):
    fresh = _report(analyse([str(corpus)]))
    articles = len(extractions)
    first = _report(analyse([str(corpus)], options=_cached(tmp_path)))
    assert len(extractions) == 2 * articles
    second = _report(analyse([str(corpus)], options=_cached(tmp_path)))
    assert len(extractions) == 2 * articles, "an unchanged re-run extracted again"
    assert first == fresh and second == fresh


def test_claims_come_from_the_cache_when_only_the_result_is_gone(corpus, tmp_path, extractions):
    fresh = _report(analyse([str(corpus)], options=_cached(tmp_path)))
    with sqlite3.connect(tmp_path / "cache" / FILE_NAME) as db:
        db.execute("DELETE FROM results")
    extractions.clear()
    assert _report(analyse([str(corpus)], options=_cached(tmp_path))) == fresh
    assert extractions == []


def test_an_edited_article_alone_is_extracted_again(corpus, tmp_path, extractions):
    analyse([str(corpus)], options=_cached(tmp_path))
    edited = sorted(corpus.glob("*.txt"))[1]
    edited.write_text(edited.read_text(encoding="utf-8").replace("2024", "2023"), encoding="utf-8")
    extractions.clear()
    cached = analyse([str(corpus)], options=_cached(tmp_path))
    assert extractions and all(article.startswith(edited.stem) for article in extractions)
    assert _report(cached) == _report(analyse([str(corpus)]))


def test_a_new_publication_date_invalidates_the_article(corpus, tmp_path, extractions):
    analyse([str(corpus)], options=_cached(tmp_path))
    first = sorted(corpus.glob("*.txt"))[0]
    (corpus / "sources.toml").write_text(f'[[source]]\nfile = "{first.name}"\npublished = "2019-03-04"\n',
                                         encoding="utf-8")
    extractions.clear()
    cached = analyse([str(corpus)], options=_cached(tmp_path))
    assert extractions and all(article.startswith(first.stem) for article in extractions)
    assert _report(cached) == _report(analyse([str(corpus)]))


def test_changed_rules_invalidate_every_article(corpus, tmp_path, extractions):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    analyse([str(corpus)], rules, options=_cached(tmp_path))
    articles = len(extractions)
    tolerances = rules / "tolerances.yaml"
    tolerances.write_text(tolerances.read_text(encoding="utf-8").replace(
        "name_variant_min_similarity: 75", "name_variant_min_similarity: 76"), encoding="utf-8")
    extractions.clear()
    analyse([str(corpus)], rules, options=_cached(tmp_path))
    assert len(extractions) == articles


def test_a_new_version_invalidates_every_article(corpus, tmp_path, extractions, monkeypatch):
    analyse([str(corpus)], options=_cached(tmp_path))
    articles = len(extractions)
    monkeypatch.setattr("reconcile.cache.__version__", "999.0")
    extractions.clear()
    analyse([str(corpus)], options=_cached(tmp_path))
    assert len(extractions) == articles


def test_edited_code_invalidates_every_article(corpus, tmp_path, extractions, monkeypatch):
    analyse([str(corpus)], options=_cached(tmp_path))
    articles = len(extractions)
    monkeypatch.setattr("reconcile.cache.code_fingerprint", lambda: "an edited extractor")
    extractions.clear()
    analyse([str(corpus)], options=_cached(tmp_path))
    assert len(extractions) == articles


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "bad rows", "bad result", "wrong table"])
def test_a_damaged_cache_is_ignored_and_rebuilt(corpus, tmp_path, extractions, damage):
    fresh = _report(analyse([str(corpus)], options=_cached(tmp_path)))
    path = tmp_path / "cache" / FILE_NAME
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:1500])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "bad rows":
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM results")
            db.execute("UPDATE claims SET data = X'7b6e6f74206a736f6e'")  # '{not json'
    elif damage == "bad result":
        with sqlite3.connect(path) as db:
            db.execute("UPDATE results SET data = '[\"half a result'")
    else:
        with sqlite3.connect(path) as db:
            db.execute("DROP TABLE claims")
            db.execute("CREATE TABLE claims (key INTEGER, data TEXT)")
            db.execute("INSERT INTO claims VALUES (1, 'x')")
    extractions.clear()
    assert _report(analyse([str(corpus)], options=_cached(tmp_path))) == fresh
    # and the next run is served from a healthy cache again
    extractions.clear()
    assert _report(analyse([str(corpus)], options=_cached(tmp_path))) == fresh
    if damage != "wrong table":
        assert extractions == []


def test_a_cache_folder_that_cannot_be_made_is_no_cache(corpus, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert _report(analyse([str(corpus)], options=_cached(tmp_path))) == _report(analyse([str(corpus)]))
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


def test_the_cache_folder_ignores_itself_in_git(corpus, tmp_path):
    analyse([str(corpus)], options=_cached(tmp_path))
    assert (tmp_path / "cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_cli_caches_by_default_and_no_cache_writes_none(corpus, tmp_path, monkeypatch, capsys, extractions):
    monkeypatch.chdir(tmp_path)
    assert run(["run", str(corpus), "--output", "-"]) == 0
    assert (tmp_path / ".reconcile-cache" / FILE_NAME).is_file()
    first = capsys.readouterr().out
    extractions.clear()
    assert run(["run", str(corpus), "--output", "-"]) == 0
    assert capsys.readouterr().out == first and extractions == []
    assert run(["run", str(corpus), "--output", "-", "--no-cache", "--cache-dir", "elsewhere"]) == 2
    capsys.readouterr()
    assert run(["run", str(corpus), "--output", "-", "--cache-dir", "elsewhere"]) == 0
    assert (tmp_path / "elsewhere" / FILE_NAME).is_file()
    shutil.rmtree(tmp_path / ".reconcile-cache")
    assert run(["run", str(corpus), "--output", "-", "--no-cache"]) == 0
    assert not (tmp_path / ".reconcile-cache").exists()


def test_old_rows_are_pruned_when_the_corpus_moves_on(tmp_path):
    with ClaimCache(tmp_path / "cache") as cache:
        cache.put_claims({f"old{index}": b"[]" for index in range(3000)})
        cache.put_claims({"new": b"[]"})
        cache.prune_claims({"new"})
        assert cache.get_claims(["new", "old1"]) == {"new": b"[]"}


@pytest.fixture
def analyses(monkeypatch):
    """Count the full analyses the CLI runs (a replayed run runs none)."""
    import reconcile.pipeline

    calls: list[int] = []
    real = reconcile.pipeline.analyse

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reconcile.pipeline, "analyse", counting)
    return calls


def test_a_run_over_untouched_files_replays_its_output_without_reading_them(corpus, tmp_path, monkeypatch,
                                                                            capsys, analyses):
    from reconcile.replay import Replay

    monkeypatch.setattr(Replay, "SETTLED_NS", 0)  # the copied seeds are brand new
    monkeypatch.chdir(tmp_path)
    assert run(["run", str(corpus), "--output", "-"]) == 0
    first = capsys.readouterr().out
    assert run(["run", str(corpus), "--output", "-"]) == 0
    assert capsys.readouterr().out == first and len(analyses) == 1
    assert run(["run", str(corpus), "--output", "-", "--format", "json"]) == 0  # another format: computed
    assert len(analyses) == 2
    (tmp_path / "reviews.yaml").write_text("version: 1\nreviews: {}\n")  # a ledger appears: computed
    assert run(["run", str(corpus), "--output", "-", "--reviews", "reviews.yaml"]) == 0
    assert len(analyses) == 3
    capsys.readouterr()

    article = sorted(corpus.glob("*.txt"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("2015", "2016", 1), encoding="utf-8")  # same size, new content
    assert run(["run", str(corpus), "--output", "-"]) == 0
    edited = capsys.readouterr().out
    assert len(analyses) == 4 and edited != first and edited == _uncached_markdown(corpus)


def test_a_check_over_untouched_files_replays_its_output_and_exit_code(corpus, tmp_path, monkeypatch, capsys,
                                                                      analyses):
    from reconcile.replay import Replay

    monkeypatch.setattr(Replay, "SETTLED_NS", 0)
    monkeypatch.chdir(tmp_path)
    first_code = run(["check", str(corpus), "--format", "json"])
    first = capsys.readouterr().out
    assert first_code == 1 and '"new"' in first  # the seeds hold unreviewed discrepancies
    assert run(["check", str(corpus), "--format", "json"]) == first_code
    assert capsys.readouterr().out == first and len(analyses) == 1
    assert run(["check", str(corpus), "--format", "json", "--fail-on", "error"]) in (0, 1)  # other options: computed
    assert len(analyses) == 2
    capsys.readouterr()


def test_a_run_whose_files_just_changed_is_not_stored_for_replay(corpus, tmp_path, monkeypatch, capsys, analyses):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        assert run(["run", str(corpus), "--output", "-"]) == 0
    assert len(analyses) == 2  # the seeds were copied a moment ago: an edit could hide in the same tick
    capsys.readouterr()


def _uncached_markdown(corpus) -> str:
    return to_markdown(analyse([str(corpus)]))
