"""`reconcile check` and `reconcile review`, called in-process through reconcile.cli.run."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reconcile.pipeline
from reconcile.cli import run
from reconcile.errors import ExitCode
from reconcile.ledger import load_ledger
from reconcile.pipeline import Analysis
from reconcile.records import Claim, Entity, Flag, NameValue, Source, Span

DAWN = "date 2025-07-12 ISLAMABAD: deal signed.\n\nBuilt 52 years ago in Karachi.\nThe PSM closed in 2024.\n"
ARAB = "Protocol signed\n\nThe PSM was built in the 1970s.\nIt has been shut since 2015.\n"


class FakeCorpus:
    """Stands in for analyse(): the flags a test wants, with real-looking sources and claims."""

    def __init__(self) -> None:
        self.dawn = Source(id="dawn", path="corpus/dawn.txt", outlet="Dawn", text=DAWN)
        self.arab = Source(id="arab", path="corpus/arab.txt", outlet="Arab News", text=ARAB)
        self.claims = [self._claim("c1", self.dawn, "Built 52 years ago"),
                       self._claim("c2", self.arab, "built in the 1970s"),
                       self._claim("c3", self.dawn, "closed in 2024"),
                       self._claim("c4", self.arab, "shut since 2015")]
        self.flags = [self._flag("3f2a9c1e", ("c1", "c2"), "PSM built: 1973 vs 1970s"),
                      self._flag("3f7b0000", ("c3", "c4"), "PSM closed: 2024 vs 2015", severity="error"),
                      self._flag("9c0ffee0", ("c1", "c2"), "PSM in Karachi", kind="agreement", severity="info")]
        self.calls: list[list[str]] = []

    @staticmethod
    def _claim(claim_id: str, source: Source, quote: str) -> Claim:
        start = source.text.index(quote)
        return Claim(id=claim_id, source=source.id, article=source.id, story="psm",
                     subject=Entity(name="PSM", key="psm"), attribute="built", value=NameValue(name=quote),
                     text=quote, span=Span(start=start, end=start + len(quote),
                                           line=source.text.count("\n", 0, start) + 1),
                     sentence=quote, rule="events.built")

    @staticmethod
    def _flag(flag_id, claims, summary, kind="discrepancy", severity="warning") -> Flag:
        return Flag(id=flag_id, kind=kind, severity=severity, story="psm", attribute="built", subject="PSM",
                    claims=claims, summary=summary, explanation="differs", rule="events.built")

    def analyse(self, paths, rules_dir=None) -> Analysis:
        self.calls.append(list(paths))
        return Analysis(sources=[self.dawn, self.arab], articles=[], stories=[], claims=self.claims,
                        flags=list(self.flags), warnings=["corpus/odd.bin: binary file, skipped"])


@pytest.fixture
def fake(tmp_path, monkeypatch) -> FakeCorpus:
    monkeypatch.chdir(tmp_path)
    corpus = FakeCorpus()
    monkeypatch.setattr(reconcile.pipeline, "analyse", corpus.analyse)
    from reconcile import review as review_commands

    monkeypatch.setattr(review_commands, "default_reviewer", lambda: "Git User")
    return corpus


def check(capsys, *extra: str) -> tuple[ExitCode, str, str]:
    capsys.readouterr()
    code = run(["check", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def review(capsys, *extra: str) -> tuple[ExitCode, str, str]:
    capsys.readouterr()
    code = run(["review", *extra])
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- the flow


def test_check_new_then_baseline_then_clean(fake, capsys, tmp_path):
    code, out, err = check(capsys)
    assert code == ExitCode.NEW_CONFLICTS
    assert "new discrepancy (warning) 3f2a9c1e: PSM built: 1973 vs 1970s" in out
    assert '    corpus/dawn.txt:3 (Dawn): "Built 52 years ago"' in out
    assert "9c0ffee0" not in out  # agreements never gate
    assert "reconcile: warning: corpus/odd.bin: binary file, skipped" in err
    assert fake.calls == [["seeds"]]  # the default corpus

    code, out, _ = review(capsys, "explained", "--all-new", "--note", "baseline")
    assert code == ExitCode.CLEAN
    assert "recorded explained for 2 flag(s) in reviews.yaml" in out
    ledger = load_ledger(tmp_path / "reviews.yaml")
    assert ledger.ids() == ["3f2a9c1e", "3f7b0000"]
    entry = ledger.get("3f2a9c1e")
    assert (entry.status, entry.note, entry.reviewer) == ("explained", "baseline", "Git User")
    assert [e.quote for e in entry.flag.evidence] == ["Built 52 years ago", "built in the 1970s"]
    assert entry.flag.evidence[0].source == "corpus/dawn.txt"

    code, out, _ = check(capsys)
    assert code == ExitCode.CLEAN
    assert "0 new, 2 reviewed, 0 stale" in out
    code, out, _ = review(capsys, "explained", "--all-new", "--note", "again")
    assert code == ExitCode.CLEAN and "nothing to review" in out


def test_prefix_resolution(fake, capsys, tmp_path):
    code, _, err = review(capsys, "confirmed", "3f", "--note", "x")
    assert code == ExitCode.USAGE_OR_INPUT
    assert "ambiguous" in err and "3f2a9c1e (PSM built: 1973 vs 1970s)" in err and "3f7b0000" in err
    assert err.splitlines()[-1].startswith("reconcile: error: flag id prefix '3f' is ambiguous")
    assert "Traceback" not in err

    code, _, err = review(capsys, "confirmed", "beef", "--note", "x")
    assert code == ExitCode.USAGE_OR_INPUT
    assert "no current flag has id 'beef'" in err and "Current flags: 3f2a9c1e, 3f7b0000." in err
    assert not (tmp_path / "reviews.yaml").exists()

    code, out, _ = review(capsys, "confirmed", "3F2A", "--note", "asking the desk", "--reviewer", "Ada")
    assert code == ExitCode.CLEAN and "3f2a9c1e" in out
    code, out, _ = review(capsys, "dismissed", "3f2a9c1e", "--note", "false alarm after all")
    assert code == ExitCode.CLEAN
    ledger = load_ledger(tmp_path / "reviews.yaml")
    assert ledger.ids() == ["3f2a9c1e"]
    entry = ledger.get("3f2a9c1e")
    assert (entry.status, entry.note, entry.reviewer) == ("dismissed", "false alarm after all", "Git User")

    code, out, _ = check(capsys)
    assert code == ExitCode.NEW_CONFLICTS and "3f7b0000" in out and "new discrepancy (warning) 3f2a" not in out


def test_ids_may_follow_the_options(fake, capsys, tmp_path):
    code, out, err = review(capsys, "explained", "--note", "both right", "3f2a", "--reviewer", "Ada", "3f7b")
    assert code == ExitCode.CLEAN, err
    assert load_ledger(tmp_path / "reviews.yaml").ids() == ["3f2a9c1e", "3f7b0000"]


def test_all_new_honours_the_gate_and_never_overrides_a_decision(fake, capsys, tmp_path):
    review(capsys, "confirmed", "3f2a", "--note", "real")
    code, out, _ = review(capsys, "dismissed", "--all-new", "--fail-on", "error", "--note", "baseline")
    assert code == ExitCode.CLEAN
    ledger = load_ledger(tmp_path / "reviews.yaml")
    assert ledger.get("3f2a9c1e").status == "confirmed"
    assert ledger.get("3f7b0000").status == "dismissed"


def test_stale_reviews_warn_and_fail_with_strict(fake, capsys, tmp_path):
    review(capsys, "explained", "--all-new", "--note", "baseline")
    fake.flags = [item for item in fake.flags if item.id != "3f7b0000"]
    code, out, _ = check(capsys)
    assert code == ExitCode.CLEAN
    assert re.search(r"reviews\.yaml:\d+: warning: stale review 3f7b0000 \(explained about \"PSM closed", out)
    code, out, _ = check(capsys, "--strict")
    assert code == ExitCode.NEW_CONFLICTS and "error: stale review 3f7b0000" in out and "--strict" in out

    code, out, _ = review(capsys, "--list")
    assert code == ExitCode.CLEAN
    assert re.search(r"^3f7b0000  explained  \d{4}-\d\d-\d\d  Git User  STALE$", out, re.M)
    assert re.search(r"^3f2a9c1e  explained  \d{4}-\d\d-\d\d  Git User$", out, re.M)
    assert "    note: baseline" in out and "2 review(s) in reviews.yaml, 1 stale" in out

    code, _, err = review(capsys, "confirmed", "3f7b", "--note", "x")
    assert code == ExitCode.USAGE_OR_INPUT and "stale" in err

    code, out, _ = review(capsys, "--prune")
    assert code == ExitCode.CLEAN and "removed 1 stale review(s) from reviews.yaml:\n  3f7b0000  explained" in out
    assert load_ledger(tmp_path / "reviews.yaml").ids() == ["3f2a9c1e"]
    assert check(capsys, "--strict")[0] == ExitCode.CLEAN
    code, out, _ = review(capsys, "--prune")
    assert code == ExitCode.CLEAN and out.startswith("nothing to prune")


def test_list_of_an_empty_ledger(fake, capsys):
    code, out, _ = review(capsys, "--list")
    assert code == ExitCode.CLEAN and out == "no reviews in reviews.yaml\n"


# ---------------------------------------------------------------- malformed ledger

CORRUPT = b"version: 1\nreviews:\n  3f2a9c1e:\n    status: maybe\n    note: x\n    reviewer: y\n    date: '2026-01-01'\n"


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "sarif"], ["review", "--list"],
                                     ["review", "explained", "3f2a", "--note", "x"],
                                     ["review", "explained", "--all-new", "--note", "x"]])
def test_malformed_ledger_is_exit_2_and_untouched(fake, capsys, tmp_path, command):
    path = tmp_path / "reviews.yaml"
    path.write_bytes(CORRUPT)
    capsys.readouterr()
    code = run(command)
    out, err = capsys.readouterr()
    assert code == ExitCode.USAGE_OR_INPUT
    assert err == ("reconcile: error: reviews.yaml:4: review 3f2a9c1e: status: 'maybe' is not valid (allowed: "
                   "confirmed, dismissed, explained) (the ledger was left untouched: fix it by hand, or restore "
                   "it from git)\n")
    assert out == ""
    assert path.read_bytes() == CORRUPT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.yaml"]


def test_broken_yaml_ledger(fake, capsys, tmp_path):
    path = tmp_path / "reviews.yaml"
    path.write_bytes(b"reviews:\n  a: [\n")
    code, _, err = check(capsys)
    assert code == ExitCode.USAGE_OR_INPUT and err.startswith("reconcile: error: reviews.yaml:3: malformed YAML")
    assert path.read_bytes() == b"reviews:\n  a: [\n"


def test_debug_shows_the_traceback(fake, tmp_path):
    (tmp_path / "reviews.yaml").write_bytes(CORRUPT)
    from reconcile.errors import LedgerError

    with pytest.raises(LedgerError):
        run(["--debug", "check"])


# ---------------------------------------------------------------- options and settings


def test_reviews_option_and_pyproject_defaults(fake, capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.reconcile]\nreviews = "editorial/reviews.yaml"\n'
                                             'corpus = ["articles", "wire"]\n')
    code, out, _ = review(capsys, "dismissed", "3f2a", "--note", "n")
    assert code == ExitCode.CLEAN and "editorial/reviews.yaml" in out
    assert fake.calls[-1] == ["articles", "wire"]
    assert "3f2a9c1e" in load_ledger(tmp_path / "editorial/reviews.yaml")

    code, out, _ = review(capsys, "dismissed", "3f7b", "--note", "n", "--reviews", "other.yaml",
                          "--corpus", "a", "--corpus", "b")
    assert code == ExitCode.CLEAN
    assert fake.calls[-1] == ["a", "b"]
    assert load_ledger(tmp_path / "other.yaml").ids() == ["3f7b0000"]

    code, _, _ = check(capsys, "x", "y", "--reviews", "other.yaml")
    assert fake.calls[-1] == ["x", "y"]
    assert code == ExitCode.NEW_CONFLICTS  # 3f2a9c1e is only in editorial/reviews.yaml


@pytest.mark.parametrize("args, message", [
    ([], "give a STATUS"),
    (["maybe", "3f2a", "--note", "x"], "unknown status 'maybe' (allowed: confirmed, dismissed, explained)"),
    (["explained", "--note", "x"], "name the flags to review"),
    (["explained", "3f2a"], "say why with --note"),
    (["explained", "3f2a", "--note", "  "], "say why with --note"),
    (["--list", "explained"], "--list takes no STATUS"),
    (["--prune", "--list"], "takes no STATUS, ID, --all-new, --note or other action"),
    (["--prune", "--note", "x"], "--prune takes no"),
])
def test_review_usage_errors(fake, capsys, args, message):
    code, _, err = review(capsys, *args)
    assert code == ExitCode.USAGE_OR_INPUT
    assert message in err and err.count("\n") == 1


def test_check_usage_errors(fake, capsys):
    code, _, err = check(capsys, "--format", "xml")
    assert code == ExitCode.USAGE_OR_INPUT and "invalid choice: 'xml'" in err
    code, _, err = check(capsys, "--fail-on", "fatal")
    assert code == ExitCode.USAGE_OR_INPUT and "invalid choice: 'fatal'" in err


def test_fail_on_error_passes_when_only_warnings_are_new(fake, capsys):
    review(capsys, "confirmed", "3f7b", "--note", "handled")
    assert check(capsys, "--fail-on", "error")[0] == ExitCode.CLEAN
    assert check(capsys, "--fail-on", "warning")[0] == ExitCode.NEW_CONFLICTS


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_formats_through_the_cli(fake, capsys, fmt):
    review(capsys, "confirmed", "3f7b", "--note", "handled")
    code, out, _ = check(capsys, "--format", fmt)
    assert code == ExitCode.NEW_CONFLICTS
    if fmt == "json":
        document = json.loads(out)
        assert [item["id"] for item in document["new"]] == ["3f2a9c1e"]
        assert [item["id"] for item in document["reviewed"]] == ["3f7b0000"]
        assert document["reviewed"][0]["review"]["note"] == "handled"
    elif fmt == "github":
        assert out.splitlines()[0].startswith("::warning file=corpus/dawn.txt,line=3,col=1,title=New discrepancy")
    else:
        document = json.loads(out)
        assert document["version"] == "2.1.0"
        results = document["runs"][0]["results"]
        assert [r["partialFingerprints"]["reconcile/v1"] for r in results] == ["3f2a9c1e", "3f7b0000"]
        assert "suppressions" not in results[0] and results[1]["suppressions"][0]["justification"] == \
            "confirmed: handled"


def test_output_file(fake, capsys, tmp_path):
    code, out, _ = check(capsys, "--format", "sarif", "--output", "out/results.sarif")
    assert code == ExitCode.USAGE_OR_INPUT  # the folder does not exist
    (tmp_path / "out").mkdir()
    code, out, _ = check(capsys, "--format", "sarif", "--output", "out/results.sarif")
    assert code == ExitCode.NEW_CONFLICTS and out == ""
    assert json.loads((tmp_path / "out/results.sarif").read_text())["version"] == "2.1.0"


def test_unreadable_input_makes_check_exit_2(fake, capsys, monkeypatch):
    original = fake.analyse

    def partly_unreadable(paths, rules_dir=None):
        analysis = original(paths, rules_dir)
        analysis.unreadable = ["corpus/odd.bin"]
        return analysis

    monkeypatch.setattr(reconcile.pipeline, "analyse", partly_unreadable)
    code, out, err = check(capsys)
    assert code == ExitCode.USAGE_OR_INPUT and "could not be read" in err and "3f2a9c1e" in out


@pytest.mark.parametrize("command", ["check", "review"])
def test_help_explains_itself(capsys, command):
    with pytest.raises(SystemExit) as exited:
        run([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes" in out or "STATUS" in out
    assert "--reviews FILE" in out and "[tool.reconcile]" in out


# ---------------------------------------------------------------- end to end on the seeds (issue 4)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DAWN_SEED = "001_e23108055c2e55d3.txt"
UNRELATED = """Rains lash Lahore as monsoon arrives early

Published in Dawn, July 14th, 2025

LAHORE: Heavy rain lashed the city on Sunday, flooding several roads. The Met Office said
the monsoon arrived a week earlier than usual and forecast more showers for the coming days.
"""


def _paragraphs(text: str) -> list[str]:
    return [part for part in text.split("\n\n")]


def test_acceptance_steps_on_a_copy_of_the_seeds(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "corpus")
    seed = tmp_path / "corpus" / DAWN_SEED
    original = seed.read_text(encoding="utf-8")
    options = ["--reviews", "reviews.yaml"]

    # 1. check exits 1 and lists the seed discrepancies.
    from reconcile.gate import gates
    from reconcile.pipeline import analyse

    gating = [item for item in analyse(["corpus"]).flags if gates(item)]
    assert gating, "the seeds should disagree somewhere"
    code, out, err = check(capsys, "corpus", *options)
    assert code == ExitCode.NEW_CONFLICTS, err
    for item in gating:
        assert f" {item.id}: {' '.join(item.summary.split())}" in out
    assert "Traceback" not in err

    # 2. adopt a baseline; check then exits 0.
    code, out, err = review(capsys, "explained", "--all-new", "--note", "baseline", "--corpus", "corpus", *options)
    assert code == ExitCode.CLEAN, err
    baseline = load_ledger(tmp_path / "reviews.yaml")
    assert baseline.ids() == sorted(item.id for item in gating)
    code, out, err = check(capsys, "corpus", *options)
    assert code == ExitCode.CLEAN, out

    # 3. a changed value is exactly one new flag.
    assert "Built 52 years ago" in original
    seed.write_text(original.replace("Built 52 years ago", "Built 62 years ago"), encoding="utf-8")
    code, out, err = check(capsys, "corpus", *options, "--format", "json")
    assert code == ExitCode.NEW_CONFLICTS
    document = json.loads(out)
    assert len(document["new"]) == 1, [item["summary"] for item in document["new"]]
    assert any("62 years ago" in quote["text"] for quote in document["new"][0]["quotes"])

    # 4. revert, move a paragraph and add blank lines: nothing new.
    paragraphs = _paragraphs(original)
    moved = paragraphs[:2] + paragraphs[3:-1] + [paragraphs[2]] + paragraphs[-1:]
    seed.write_text("\n\n\n".join(moved).replace("\n\n\n", "\n\n\n\n", 2), encoding="utf-8")
    assert seed.read_text(encoding="utf-8") != original
    code, out, err = check(capsys, "corpus", *options)
    assert code == ExitCode.CLEAN, out

    # 5. an unrelated article changes nothing.
    (tmp_path / "corpus" / "002_unrelated.txt").write_text(UNRELATED, encoding="utf-8")
    code, out, err = check(capsys, "corpus", *options)
    assert code == ExitCode.CLEAN, out

    # 6. remove the sentence behind a reviewed flag: a stale warning, and --strict fails.
    sentence = ("The agreement was signed at the Pakistan Embassy in Moscow by secretary of industries and "
                "production Saif Anjum and general director of Industries Engineering LLC of Russia, Vadim Velichko.")
    text = seed.read_text(encoding="utf-8")
    assert sentence in text
    seed.write_text(text.replace(sentence, ""), encoding="utf-8")
    code, out, err = check(capsys, "corpus", *options)
    assert code == ExitCode.CLEAN, out
    assert "warning: stale review" in out
    code, out, err = check(capsys, "corpus", *options, "--strict")
    assert code == ExitCode.NEW_CONFLICTS

    # 7. a corrupt ledger: check and review exit 2 with one clear line, the file untouched.
    ledger_path = tmp_path / "reviews.yaml"
    corrupt = ledger_path.read_bytes().replace(b"status: explained", b"status: [explained", 1)
    ledger_path.write_bytes(corrupt)
    for command in (["check", "corpus", *options],
                    ["review", "confirmed", "--all-new", "--note", "x", "--corpus", "corpus", *options]):
        capsys.readouterr()
        code = run(command)
        out, err = capsys.readouterr()
        assert code == ExitCode.USAGE_OR_INPUT
        assert err.startswith("reconcile: error: reviews.yaml:") and err.count("\n") == 1, err
        assert "Traceback" not in err
        assert ledger_path.read_bytes() == corrupt


@pytest.fixture(scope="module")
def seed_baseline(tmp_path_factory) -> Path:
    """A ledger that adopts every gating flag of the seeds as a baseline."""
    from reconcile.gate import lookups, partition
    from reconcile.ledger import Entry, Ledger, save_ledger
    from reconcile.pipeline import analyse

    analysis = analyse([str(SEEDS)])
    evidence = lookups(analysis)
    entries = {item.id: Entry(status="explained", note="baseline", reviewer="t", date="2026-01-01",
                              flag=evidence.snapshot(item))
               for item in partition(analysis.flags, Ledger()).new}
    path = tmp_path_factory.mktemp("baseline") / "reviews.yaml"
    save_ledger(Ledger(entries=entries), path)
    return path


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_edits_that_change_no_value_keep_the_check_clean(seed_baseline, capsys, data):
    """Moving body paragraphs, adding blank lines and reordering the files never makes a flag new."""
    text = (SEEDS / DAWN_SEED).read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    body = data.draw(st.permutations(paragraphs[1:-1]), label="body order")
    gaps = data.draw(st.lists(st.sampled_from(["\n\n", "\n\n\n", "\n \n\n"]), min_size=len(paragraphs) - 1,
                              max_size=len(paragraphs) - 1), label="gaps")
    parts = [paragraphs[0], *body, paragraphs[-1]]
    edited = parts[0] + "".join(gap + part for gap, part in zip(gaps, parts[1:]))
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder)
        shutil.copy(SEEDS / "000_16d7ab4f3b8b6b1c.txt", corpus / "000_16d7ab4f3b8b6b1c.txt")
        (corpus / DAWN_SEED).write_text(edited, encoding="utf-8")
        files = [str(corpus / name) for name in data.draw(
            st.permutations(["000_16d7ab4f3b8b6b1c.txt", DAWN_SEED]), label="file order")]
        code, out, err = check(capsys, *files, "--reviews", str(seed_baseline), "--strict")
    assert code == ExitCode.CLEAN, out + err


def _review_in_child(folder: str, argv: list[str], barrier) -> None:
    import os
    import sys

    os.chdir(folder)
    barrier.wait()
    sys.exit(int(run(argv)))


def test_two_review_commands_at_once_both_land(tmp_path):
    import multiprocessing

    from reconcile.gate import gates
    from reconcile.pipeline import analyse

    shutil.copytree(SEEDS, tmp_path / "corpus")
    gating = sorted(item.id for item in analyse([str(tmp_path / "corpus")]).flags if gates(item))
    assert len(gating) >= 2
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    commands = [["review", status, flag_id, "--note", f"{status} by a child", "--corpus", "corpus",
                 "--reviews", "reviews.yaml", "--reviewer", status]
                for status, flag_id in zip(("confirmed", "dismissed"), gating)]
    children = [context.Process(target=_review_in_child, args=(str(tmp_path), argv, barrier)) for argv in commands]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [child.exitcode for child in children] == [0, 0]
    ledger = load_ledger(tmp_path / "reviews.yaml")
    assert ledger.ids() == sorted(gating[:2])
    assert {ledger.get(gating[0]).status, ledger.get(gating[1]).status} == {"confirmed", "dismissed"}
    assert not (tmp_path / "reviews.yaml.lock").exists()
