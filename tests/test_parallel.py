"""`--jobs N` extracts in a process pool and gives byte-identical output; progress shows only on a terminal."""

from __future__ import annotations

import io
import shutil
import pytest

from conftest import ROOT, write_seed_copies
from reconcile.cli import run
from reconcile.engines import RunOptions, default_jobs, options_from_args
from reconcile.engines import local as local_engine
from reconcile.engines.progress import Progress, wanted
from reconcile.engines.work import make_batches
from reconcile.pipeline import analyse
from reconcile.report import to_json, to_markdown


@pytest.fixture
def corpus(tmp_path):
    """The seed articles four times over, each copy with its years moved, so copies differ."""
    return write_seed_copies(tmp_path / "corpus", 4, respell=True)


@pytest.fixture
def always_parallel(monkeypatch):
    """Use the pools even for a handful of articles and stories, and count that they were used:
    one entry per extraction pool, and one "compare" entry per comparison pool."""
    calls = []
    original = local_engine.LocalEngine._pool
    original_groups = local_engine.group_parts

    def counting(self, batches, rules, progress):
        calls.append(len(batches))
        return original(self, batches, rules, progress)

    def counting_groups(parts, workers):
        calls.append("compare")
        return original_groups(parts, workers)

    monkeypatch.setattr(local_engine, "MIN_PARALLEL_ARTICLES", 1)
    monkeypatch.setattr(local_engine, "MIN_PARALLEL_STORIES", 1)
    monkeypatch.setattr(local_engine.LocalEngine, "_pool", counting)
    monkeypatch.setattr(local_engine, "group_parts", counting_groups)
    return calls


def test_jobs_give_byte_identical_reports(corpus, always_parallel):
    one = analyse([str(corpus)], options=RunOptions(jobs=1))
    assert not always_parallel
    two = analyse([str(corpus)], options=RunOptions(jobs=2))
    three = analyse([str(corpus)], options=RunOptions(jobs=3))
    assert len(always_parallel) == 4, "the pools were not used"
    assert always_parallel.count("compare") == 2
    assert one.claims and one.flags
    for other in (two, three):
        assert to_json(other, {}) == to_json(one, {})
        assert to_markdown(other, {}) == to_markdown(one, {})


def test_cli_jobs_output_is_byte_identical(corpus, always_parallel, capsys, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        assert run(["run", str(corpus), "--jobs", jobs, "--no-cache", "--format", "json", "--output", "-"]) == 0
        outputs.append(capsys.readouterr().out)
    assert always_parallel
    assert outputs[0] == outputs[1]
    assert '"claims"' in outputs[0]


def test_a_rule_error_in_a_worker_is_one_line_and_exit_2(corpus, always_parallel, capsys, monkeypatch):
    from reconcile.errors import RuleError

    def broken(article, source, rules):
        raise RuleError("a rule pattern took too long", "rules/events.yaml")

    monkeypatch.setattr("reconcile.extract.extract", broken)
    assert run(["run", str(corpus), "--jobs", "2", "--no-cache", "--output", "-"]) == 2
    error = capsys.readouterr().err
    assert error.strip().splitlines() == ["reconcile: error: rules/events.yaml: a rule pattern took too long"]


def test_jobs_must_be_positive(capsys):
    assert run(["run", "seeds", "--jobs", "0"]) == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_jobs_default_to_all_cores():
    from reconcile.cli import build_parser

    args = build_parser().parse_args(["run"])
    assert options_from_args(args).jobs == default_jobs() >= 1


def test_batches_keep_every_article_once_and_in_order():
    items = [(f"s{index}", [(f"k{index}-{n}", n) for n in range(index % 3 + 1)]) for index in range(50)]
    for workers in (1, 2, 8):
        batches = make_batches(items, workers)
        flat = [key for batch in batches for _, articles in batch for key, _ in articles]
        assert flat == [key for _, articles in items for key, _ in articles]
        assert len(batches) > 1


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_draws_on_a_terminal_and_erases_itself(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    stream = _Terminal()
    assert wanted(stream)
    with Progress(3, "extracting", wanted(stream), stream, interval=0) as progress:
        for _ in range(3):
            progress.advance()
        progress.say("grouping stories...")
    text = stream.getvalue()
    assert "\rgrouping stories..." in text
    assert "\rextracting 1/3" in text and "\rextracting 3/3  100%" in text
    assert text.endswith("\r") and "\n" not in text


def test_progress_is_quiet_when_piped_or_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(_Terminal())
    stream = io.StringIO()
    with Progress(3, "extracting", False, stream) as progress:
        progress.advance(3)
    assert stream.getvalue() == ""


def test_cli_stderr_has_no_progress_line_when_not_a_terminal(corpus, capsys):
    assert run(["run", str(corpus), "--no-cache", "--output", "-"]) == 0
    assert "\r" not in capsys.readouterr().err


def test_scheduler_needs_the_dask_engine(capsys):
    assert run(["run", "seeds", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_check_and_review_take_the_same_options():
    from reconcile.cli import build_parser

    parser = build_parser()
    for argv in (["check", "--jobs", "2", "--no-cache"], ["review", "--list", "--jobs", "2", "--cache-dir", "x"]):
        args = parser.parse_args(argv)
        options = options_from_args(args)
        assert options.jobs == 2


def test_check_runs_its_analysis_with_its_options(monkeypatch, tmp_path, capsys):
    import reconcile.pipeline
    from reconcile.engines import current_options

    seen = []
    real = reconcile.pipeline.analyse

    def spy(paths, rules_dir=None):
        seen.append(current_options())
        return real(paths, rules_dir)

    monkeypatch.setattr(reconcile.pipeline, "analyse", spy)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    run(["check", "seeds", "--jobs", "1", "--cache-dir", "here"])
    assert seen and seen[0].jobs == 1 and str(seen[0].cache_dir) == "here"
    assert (tmp_path / "here").is_dir()


def test_a_worker_that_dies_is_one_line_and_exit_2(corpus, always_parallel, capsys, monkeypatch):
    import os

    def killed(article, source, rules):
        os._exit(9)  # what the kernel's out-of-memory killer leaves behind

    monkeypatch.setattr("reconcile.extract.extract", killed)
    assert run(["run", str(corpus), "--jobs", "2", "--no-cache", "--output", "-"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("reconcile: error: a worker process died")
