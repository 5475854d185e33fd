"""The `reconcile timex` command, called in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reconcile.errors import ExitCode, InputError, UsageError
from reconcile.timex.command import run_timex


def test_file_with_dct(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text("The dam, built 52 years ago, failed on Friday.", encoding="utf-8")
    out = io.StringIO()
    assert run_timex(file=str(source), dct="2025-07-11", jsonl=None, out=out) == ExitCode.CLEAN
    result = json.loads(out.getvalue())
    assert result["dct"] == "2025-07-11"
    assert [(t["text"], t["type"], t["value"]) for t in result["timexes"]] == [
        ("52 years ago", "DATE", "1973"),
        ("Friday", "DATE", "2025-07-11"),
    ]
    assert set(result["timexes"][0]) == {"start", "end", "text", "type", "value"}


def test_output_is_deterministic(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text("Zürich, about 20 years ago, every year, now.", encoding="utf-8")
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        run_timex(file=str(source), dct="2025-07-11", jsonl=None, out=out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert '"mod": "APPROX"' in outputs[0]


def test_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "It rained yesterday.", "dct": "2025-07-11"}\n\n'
        '{"id": "b", "text": "It rained yesterday."}\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    assert run_timex(file=None, dct=None, jsonl=str(source), out=out) == ExitCode.CLEAN
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["timexes"][0]["value"] == "2025-07-10"
    assert lines[1]["timexes"][0]["value"] == "XXXX-XX-XX"


@pytest.mark.parametrize(
    "content,line",
    [("not json\n", 1), ('{"id": 1, "text": "x"}\n[1, 2]\n', 2), ('{"id": 1}\n', 1),
     ('{"id": 1, "text": "x", "dct": "11/07/2025"}\n', 1)],
)
def test_jsonl_errors_point_at_the_line(tmp_path: Path, content: str, line: int) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(content, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(InputError) as error:
        run_timex(file=None, dct=None, jsonl=str(source), out=out)
    assert error.value.line == line
    assert out.getvalue() == ""


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        run_timex(file=str(tmp_path / "missing.txt"), dct=None, jsonl=None, out=io.StringIO())
    source = tmp_path / "story.txt"
    source.write_text("now", encoding="utf-8")
    with pytest.raises(UsageError):
        run_timex(file=str(source), dct="2025-13-45", jsonl=None, out=io.StringIO())
    with pytest.raises(UsageError):
        run_timex(file=None, dct=None, jsonl=None, out=io.StringIO())


def test_cli_reports_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reconcile.cli import run

    assert run(["timex", str(tmp_path / "missing.txt"), "--dct", "2025-07-11"]) == ExitCode.USAGE_OR_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.txt" in err
