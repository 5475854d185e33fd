"""The `reconcile run` command, called in-process."""

from __future__ import annotations

import json

from conftest import ROOT
from reconcile.cli import build_parser, run


def test_run_writes_the_markdown_report(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    output = tmp_path / "report.md"
    assert run(["run", "seeds", "--output", str(output)]) == 0
    report = output.read_text()
    assert report.startswith("# Reconciliation report")
    assert "## Discrepancies and variants" in report and "## Set aside" in report
    assert "wrote" in capsys.readouterr().err


def test_json_contract_to_stdout(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run(["run", "seeds", "--format", "json", "--output", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert {"id", "path", "outlet", "published"} <= set(data["sources"][0])
    assert {"id", "title", "sources"} <= set(data["stories"][0])
    claim = data["claims"][0]
    assert {"id", "source", "story", "subject", "attribute", "value", "text", "span"} <= set(claim)
    source = next(s for s in data["sources"] if s["id"] == claim["source"])
    text = (ROOT / source["path"]).read_text(encoding="utf-8")
    assert text[claim["span"]["start"]:claim["span"]["end"]] == claim["text"]
    flag = data["flags"][0]
    assert {"id", "kind", "severity", "claims", "summary", "explanation", "review"} <= set(flag)
    assert flag["kind"] in ("discrepancy", "variant", "agreement")
    assert flag["severity"] in ("error", "warning", "info")


def test_missing_path_is_one_line_and_exit_2(capsys, tmp_path):
    assert run(["run", str(tmp_path / "nowhere")]) == 2
    error = capsys.readouterr().err
    assert "nowhere" in error and "Traceback" not in error and len(error.strip().splitlines()) == 1


def test_bad_option_is_a_usage_error(capsys):
    assert run(["run", "--format", "pdf"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_every_command_has_help():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert {"run", "check", "review", "timex"} <= set(commands)
    for name, command in commands.items():
        assert command.description or command.format_help(), name
        assert len(command.format_help()) > 200, name


def test_debug_lets_an_unexpected_reading_error_show_its_traceback(tmp_path, monkeypatch, capsys):
    import pytest

    import reconcile.ingest as ingest

    (tmp_path / "a.txt").write_text("The plant closed in 2019.", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ingest, "_read_file", broken)
    assert run(["run", str(tmp_path), "--output", str(tmp_path / "r.md"), "--no-cache"]) == 2
    assert "simulated bug" in capsys.readouterr().err
    with pytest.raises(RuntimeError, match="simulated bug"):
        run(["--debug", "run", str(tmp_path), "--output", str(tmp_path / "r.md"), "--no-cache"])


def test_report_separates_reviewed_flags_and_shows_the_decision(tmp_path, capsys, monkeypatch):
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    ledger = tmp_path / "reviews.yaml"
    assert run(["check", "seeds", "--reviews", str(ledger), "--no-cache"]) == 1
    assert run(["review", "explained", "--all-new", "--note", "ceased in 2015, closed formally in 2024",
                "--reviews", str(ledger), "--corpus", "seeds", "--reviewer", "Ed Itor", "--no-cache"]) == 0
    output = tmp_path / "report.md"
    assert run(["run", "seeds", "--reviews", str(ledger), "--output", str(output), "--no-cache"]) == 0
    report = output.read_text()
    reviewed = report.split("### Reviewed", 1)
    assert len(reviewed) == 2, "reviewed flags get their own section"
    assert "1 new, 3 already reviewed." in reviewed[0]  # --all-new takes the gating flags, not the info one
    assert "**Review:** explained: ceased in 2015, closed formally in 2024" in reviewed[1].split("## Agreements")[0]


def test_the_report_file_gets_ordinary_permissions(tmp_path, monkeypatch):
    import os
    import stat

    monkeypatch.chdir(ROOT)
    output = tmp_path / "report.md"
    previous = os.umask(0o022)
    try:
        assert run(["run", "seeds", "--output", str(output), "--no-cache"]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(output.stat().st_mode) == 0o644
