"""Rule files: validated at load with file:line errors; every label ships examples that fire it."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT
from reconcile.cli import run
from reconcile.errors import RuleError
from reconcile.extract.events import cue_matcher, event_matcher
from reconcile.extract.text import sentences
from reconcile.rules import CuesFile, EventsFile, load_rule_file, load_rules


def _rules_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    return folder


@pytest.mark.parametrize("content, line, words", [
    ("kind: events\ndescription: x\nlabels:\n  closure:\n    description: y\n    phrase: [shut]\n"
     "    examples: [a]\n", 6, "unknown key 'phrase'"),
    ("kind: lexicon\ndescription: x\nterms: 5\nexamples: [a]\n", 3, "terms"),
    ("kind: tolerances\ndescription: x\n", None, "missing"),
    ("kind: verbs\ndescription: x\n", 1, "'kind' must be one of"),
    ("kind: cues\ndescription: x\nlabels:\n  a:\n    description: y\n    phrases: ['ok', [bad\n", 6, "malformed YAML"),
    ("kind: cues\ndescription: x\nlabels:\n  a:\n    description: y\n    phrases: [will]\n    examples: [b]\n"
     "yields: [would]\n", None, "'yields' names phrases no label has: 'would'"),
    ("kind: severities\ndescription: x\ndiscrepancy: fatal\nminor_discrepancy: info\nmodality: info\n"
     "variant: info\nagreement: info\nexamples: [a]\n", 3, "discrepancy"),
])
def test_broken_rule_file_names_file_and_line(tmp_path, content, line, words):
    path = tmp_path / "broken.yaml"
    path.write_text(content)
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert words in str(caught.value)
    assert "broken.yaml" in str(caught.value)
    if line:
        assert caught.value.line == line


def test_cli_reports_broken_rules_in_one_line_with_exit_2(tmp_path, capsys):
    folder = _rules_copy(tmp_path)
    (folder / "modality.yaml").write_text("kind: cues\ndescription: x\nlabels:\n  expected:\n    oops: 1\n")
    code = run(["run", str(ROOT / "seeds"), "--rules", str(folder), "--output", str(tmp_path / "r.md")])
    error = capsys.readouterr().err
    assert code == 2
    assert re.search(r"modality\.yaml:\d+: ", error)
    assert "Traceback" not in error and len(error.strip().splitlines()) == 1


def test_missing_required_rule_file_is_an_error(tmp_path):
    folder = _rules_copy(tmp_path)
    (folder / "events.yaml").unlink()
    with pytest.raises(RuleError, match="events.yaml"):
        load_rules(folder)


def test_modality_labels_must_be_known_certainties(tmp_path):
    folder = _rules_copy(tmp_path)
    text = (folder / "modality.yaml").read_text().replace("  unconfirmed:", "  gossip:")
    (folder / "modality.yaml").write_text(text)
    with pytest.raises(RuleError, match=r"modality\.yaml.*modality labels must be among .*\(got gossip\)"):
        load_rules(folder)


def _labels(kind):
    rules = load_rules(ROOT / "rules")
    for stem, rule in sorted(rules.files.items()):
        if isinstance(rule, kind):
            for label, entry in rule.labels.items():
                yield pytest.param(rule, label, entry, id=f"{stem}.{label}")


@pytest.mark.parametrize("rule, label, entry", list(_labels((EventsFile, CuesFile))))
def test_every_example_fires_its_label_and_no_counter_example_does(rule, label, entry):
    matcher = event_matcher(rule) if isinstance(rule, EventsFile) else cue_matcher(rule)
    for example in entry.examples:
        labels = {found for found, _, _ in matcher.find(example, 0, len(example))}
        assert label in labels, f"False negative against {label}: {example!r}"
    for example in entry.counter_examples:
        labels = {found for found, _, _ in matcher.find(example, 0, len(example))}
        assert label not in labels, f"False positive against {label}: {example!r}"


def test_every_rule_file_documents_itself_with_examples():
    rules = load_rules(ROOT / "rules")
    for stem, rule in rules.files.items():
        assert rule.description.strip(), stem
        examples = getattr(rule, "examples", None) or [e for entry in getattr(rule, "labels", {}).values()
                                                         for e in entry.examples]
        assert examples, f"{stem} has no examples"
        for example in examples:
            assert sentences(example), f"{stem}: empty example"


def test_no_rule_names_anything_from_the_seed_articles():
    seeds = " ".join(path.read_text() for path in (ROOT / "seeds").glob("*.txt"))
    names = set(re.findall(r"\b[A-Z][a-z]{3,}(?:\s+[A-Z][a-z]+)+", seeds))
    rules_text = " ".join(path.read_text() for path in (ROOT / "rules").glob("*.yaml"))
    assert not [name for name in names if name in rules_text]


def test_invalid_regular_expression_names_file_line_and_problem(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("kind: events\ndescription: x\nlabels:\n  closure:\n    description: y\n"
                    "    patterns: ['shut(down']\n    examples: [a]\n")
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert caught.value.line == 6 and "invalid regular expression" in str(caught.value)


def test_a_catastrophic_user_pattern_cannot_hang_a_run(tmp_path, capsys):
    import time

    folder = _rules_copy(tmp_path)
    events = (folder / "events.yaml").read_text()
    (folder / "events.yaml").write_text(events.replace("  founding:\n", "  founding:\n    patterns: ['(a|aa)+$']\n", 1))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The plant closed in 2019 " + "a" * 60 + "!\n")
    started = time.monotonic()
    code = run(["run", str(corpus), "--rules", str(folder), "--output", str(tmp_path / "r.md")])
    assert code == 2 and time.monotonic() - started < 20
    assert "took over" in capsys.readouterr().err
