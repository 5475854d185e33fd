"""The review ledger: format, validation with lines, atomic writes, the lock, settings."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import socket
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile import ledger as ledger_module
from reconcile.errors import LedgerError, UsageError
from reconcile.filelock import ledger_lock
from reconcile.ledger import (
    Entry,
    Evidence,
    FlagSnapshot,
    Ledger,
    Review,
    dump_ledger,
    load_ledger,
    parse_ledger,
    review_of,
    save_ledger,
    update_ledger,
)
from reconcile.settings import load_settings


def entry(status="explained", note="ceased 2015, closed 2024", summary="PSM: built 1970s vs 1973",
          quotes=(("seeds/a.txt", "built in the 1970s", "197"), ("seeds/b.txt", "Built 52 years ago", "1973"))):
    return Entry(status=status, note=note, reviewer="Ada Editor", date="2026-11-23",
                 flag=FlagSnapshot(kind="discrepancy", severity="warning", subject="PSM", attribute="built",
                                   summary=summary,
                                   evidence=tuple(Evidence(source=s, outlet="Outlet", quote=q, value=v)
                                                  for s, q, v in quotes)))


def sample() -> Ledger:
    return Ledger(entries={"f00dbeef": entry(), "0a1b2c3d": entry("dismissed", "false alarm"),
                           "cafe1234": Entry(status="confirmed", note="asked the desk", reviewer="Bo",
                                             date="2026-11-20")})


# ---------------------------------------------------------------- format


def test_round_trip_through_a_file(tmp_path):
    path = tmp_path / "reviews.yaml"
    save_ledger(sample(), path)
    assert load_ledger(path) == sample()


def test_serialisation_is_deterministic_and_sorted():
    reordered = Ledger(entries=dict(reversed(list(sample().entries.items()))))
    text = dump_ledger(sample())
    assert dump_ledger(reordered) == text
    assert text.index("0a1b2c3d") < text.index("cafe1234") < text.index("f00dbeef")
    assert dump_ledger(parse_ledger(text)) == text


def test_file_is_readable_yaml_with_the_decision_and_what_it_was_about():
    text = dump_ledger(Ledger(entries={"f00dbeef": entry()}))
    assert text.startswith("# reconcile review ledger")
    assert "version: 1\nreviews:\n  f00dbeef:\n    status: explained\n    note: ceased 2015, closed 2024\n" in text
    assert "      summary: 'PSM: built 1970s vs 1973'\n" in text
    assert """    note: "Dawn's \\"view\\""\n""" in dump_ledger(Ledger(entries={"a": entry(note="Dawn's \"view\"")}))
    assert "        quote: Built 52 years ago\n" in text


def test_entry_lines_are_remembered_for_messages():
    text = dump_ledger(sample())
    ledger = parse_ledger(text, "reviews.yaml")
    line = text.splitlines().index("  cafe1234:") + 1
    assert ledger.lines["cafe1234"] == line
    assert ledger.where("cafe1234") == f"reviews.yaml:{line}"


def test_missing_or_empty_file_is_an_empty_ledger(tmp_path):
    assert len(load_ledger(tmp_path / "none.yaml")) == 0
    (tmp_path / "empty.yaml").write_text("# nothing yet\n")
    assert len(load_ledger(tmp_path / "empty.yaml")) == 0
    (tmp_path / "bare.yaml").write_text("version: 1\nreviews:\n")
    assert len(load_ledger(tmp_path / "bare.yaml")) == 0


def test_crlf_and_bom_from_a_windows_editor(tmp_path):
    path = tmp_path / "reviews.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + dump_ledger(sample()).replace("\n", "\r\n").encode())
    assert load_ledger(path) == sample()


def test_hand_written_entry_with_unquoted_date_and_no_snapshot():
    ledger = parse_ledger("reviews:\n  abc123:\n    status: dismissed\n    note: fine\n    reviewer: Bo\n"
                          "    date: 2026-01-02\n")
    assert ledger.get("abc123").date == "2026-01-02"
    assert ledger.get("abc123").flag is None


def test_review_of():
    ledger = sample()
    assert review_of("f00dbeef", ledger) == Review(status="explained", note="ceased 2015, closed 2024",
                                                   reviewer="Ada Editor", date="2026-11-23")
    assert review_of("nope", ledger) is None


# ---------------------------------------------------------------- malformed ledgers

GOOD_ENTRY = "    status: confirmed\n    note: x\n    reviewer: y\n    date: '2026-01-01'\n"
MALFORMED = {
    "bad yaml": ("version: 1\nreviews:\n  abc: [unclosed\n", 3, "a flow sequence that began here"),
    "tab indentation": ("version: 1\nreviews:\n\tabc: 1\n", 3, "malformed YAML"),
    "not a mapping": ("- just\n- a list\n", 1, "expected a mapping"),
    "unknown status": ("reviews:\n  abc:\n    status: maybe\n    note: x\n    reviewer: y\n    date: '2026-01-01'\n",
                       3, "'maybe' is not valid (allowed: confirmed, dismissed, explained)"),
    "wrong type": ("reviews:\n  abc:\n    status: confirmed\n    note: [1, 2]\n    reviewer: y\n"
                   "    date: '2026-01-01'\n", 4, "note: Input should be a valid string"),
    "unknown key": ("reviews:\n  abc:\n" + GOOD_ENTRY + "    color: red\n", 7, "unknown key 'color'"),
    "missing key": ("reviews:\n  abc:\n    status: confirmed\n    reviewer: y\n    date: '2026-01-01'\n",
                    2, "note: required key is missing"),
    "bad date": ("reviews:\n  abc:\n    status: confirmed\n    note: x\n    reviewer: y\n    date: yesterday\n",
                 6, "not an ISO date"),
    "impossible date": ("reviews:\n  abc:\n    status: confirmed\n    note: x\n    reviewer: y\n"
                        "    date: 2026-13-01\n", 6, "invalid value '2026-13-01'"),
    "numeric id": ("reviews:\n  123:\n" + GOOD_ENTRY, 2, "flag id 123 must be a string"),
    "duplicate id": ("reviews:\n  abc:\n" + GOOD_ENTRY + "  abc:\n" + GOOD_ENTRY, 7, "duplicate key 'abc'"),
    "bad kind": ("reviews:\n  abc:\n" + GOOD_ENTRY + "    flag:\n      kind: conflict\n", 8,
                 "allowed: discrepancy, variant, agreement"),
    "unknown version": ("version: 2\nreviews: {}\n", 1, "version"),
    "reviews not a mapping": ("version: 1\nreviews: [a, b]\n", 2, "reviews"),
    "absurdly nested": ("reviews:\n  a: " + "[" * 5000 + "\n", 1, "nested too deeply"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_ledger_names_file_and_line(name):
    text, line, fragment = MALFORMED[name]
    with pytest.raises(LedgerError) as raised:
        parse_ledger(text, "reviews.yaml")
    error = raised.value
    assert (error.path, error.line) == ("reviews.yaml", line), str(error)
    assert fragment in error.message
    assert str(error).startswith(f"reviews.yaml:{line}: ")
    assert "untouched" in error.message


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_ledger_is_never_overwritten(tmp_path, name):
    path = tmp_path / "reviews.yaml"
    path.write_bytes(MALFORMED[name][0].encode())
    before = path.read_bytes()
    with pytest.raises(LedgerError):
        update_ledger(path, lambda current: current.with_entry("new", entry()))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.yaml"]  # no temp or lock file left


def test_invalid_utf8_is_an_error_with_a_line(tmp_path):
    path = tmp_path / "reviews.yaml"
    path.write_bytes(b"version: 1\nreviews:\n  abc:\n    note: caf\xe9\n")
    with pytest.raises(LedgerError) as raised:
        load_ledger(path)
    assert raised.value.line == 4 and "UTF-8" in raised.value.message


def test_ledger_path_that_is_a_folder(tmp_path):
    with pytest.raises(LedgerError, match="is a folder"):
        load_ledger(tmp_path)


# ---------------------------------------------------------------- atomic writes


def test_crash_during_rename_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "reviews.yaml"
    save_ledger(sample(), path)
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ledger_module.os, "replace", crash)
    with pytest.raises(LedgerError, match="old file is unchanged"):
        update_ledger(path, lambda current: current.with_entry("new", entry()))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.yaml"]


def test_interrupt_mid_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "reviews.yaml"
    save_ledger(sample(), path)
    before = path.read_bytes()

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(ledger_module.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_ledger(Ledger(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.yaml"]


def test_write_keeps_the_file_mode(tmp_path):
    path = tmp_path / "reviews.yaml"
    save_ledger(sample(), path)
    os.chmod(path, 0o640)
    save_ledger(Ledger(), path)
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_a_symlinked_ledger_stays_a_symlink(tmp_path):
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "reviews.yaml"
    save_ledger(sample(), target)
    link = tmp_path / "reviews.yaml"
    link.symlink_to(target)
    update_ledger(link, lambda current: current.with_entry("new", entry()))
    assert link.is_symlink() and "new" in load_ledger(target)


def test_unchanged_ledger_is_not_rewritten(tmp_path):
    path = tmp_path / "reviews.yaml"
    path.write_text(dump_ledger(sample()).replace("# reconcile", "# my own comment\n# reconcile"))
    before = path.read_bytes()
    update_ledger(path, lambda current: current)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- the lock


def test_held_lock_is_a_clear_error_and_nothing_is_clobbered(tmp_path):
    path = tmp_path / "reviews.yaml"
    save_ledger(sample(), path)
    before = path.read_bytes()
    lock = tmp_path / "reviews.yaml.lock"
    lock.write_text(f"{os.getpid()} {socket.gethostname()} {time.time():.3f}\n")  # a live holder
    started = time.monotonic()
    with pytest.raises(LedgerError) as raised:
        update_ledger(path, lambda current: Ledger(), timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 5
    message = str(raised.value)
    assert "being written by another reconcile" in message and f"pid {os.getpid()}" in message
    assert "reviews.yaml.lock" in message
    assert path.read_bytes() == before
    assert lock.exists()  # somebody else's lock is left alone


def test_lock_wait_comes_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "reviews.yaml"
    (tmp_path / "reviews.yaml.lock").write_text(f"{os.getpid()} {socket.gethostname()} {time.time():.3f}\n")
    monkeypatch.setenv("RECONCILE_LOCK_TIMEOUT", "0.05")
    started = time.monotonic()
    with pytest.raises(LedgerError, match="waited 0.05s"):
        update_ledger(path, lambda current: current.with_entry("abc", entry()))
    assert time.monotonic() - started < 2
    assert not path.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    save_ledger(sample(), folder / "reviews.yaml")
    before = (folder / "reviews.yaml").read_bytes()
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(LedgerError, match="cannot create the lock file"):
            update_ledger(folder / "reviews.yaml", lambda current: Ledger())
    finally:
        os.chmod(folder, 0o755)
    assert (folder / "reviews.yaml").read_bytes() == before


def test_lock_of_a_dead_process_is_taken_over(tmp_path):
    process = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(0,))
    process.start()
    process.join()
    path = tmp_path / "reviews.yaml"
    lock = tmp_path / "reviews.yaml.lock"
    lock.write_text(f"{process.pid} {socket.gethostname()} {time.time():.3f}\n")
    update_ledger(path, lambda current: current.with_entry("abc", entry()), timeout=0.5)
    assert "abc" in load_ledger(path)
    assert not lock.exists()


def test_empty_lock_left_by_a_crash_is_taken_over_after_a_minute(tmp_path):
    path = tmp_path / "reviews.yaml"
    lock = tmp_path / "reviews.yaml.lock"
    lock.write_text("")
    with pytest.raises(LedgerError, match="lock file present"):
        update_ledger(path, lambda current: current.with_entry("abc", entry()), timeout=0.1)
    os.utime(lock, (time.time() - 120, time.time() - 120))
    update_ledger(path, lambda current: current.with_entry("abc", entry()), timeout=0.1)
    assert "abc" in load_ledger(path)


def test_very_old_lock_is_taken_over(tmp_path):
    path = tmp_path / "reviews.yaml"
    (tmp_path / "reviews.yaml.lock").write_text(f"1 elsewhere {time.time() - 3600:.3f}\n")
    update_ledger(path, lambda current: current.with_entry("abc", entry()), timeout=0.5)
    assert "abc" in load_ledger(path)


def test_lock_is_released_after_an_error(tmp_path):
    path = tmp_path / "reviews.yaml"

    def fail(current):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        update_ledger(path, fail)
    assert not (tmp_path / "reviews.yaml.lock").exists()
    update_ledger(path, lambda current: current.with_entry("abc", entry()), timeout=0.1)


def _add_entry(path: str, flag_id: str, barrier) -> None:
    barrier.wait()
    update_ledger(path, lambda current: current.with_entry(flag_id, entry(note=f"by {flag_id}")), timeout=30)


def test_concurrent_writers_all_land(tmp_path):
    path = tmp_path / "reviews.yaml"
    save_ledger(sample(), path)
    context = multiprocessing.get_context("spawn")
    ids = [f"writer{index}" for index in range(4)]
    barrier = context.Barrier(len(ids))
    processes = [context.Process(target=_add_entry, args=(str(path), flag_id, barrier)) for flag_id in ids]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [process.exitcode for process in processes] == [0] * len(ids)
    ledger = load_ledger(path)
    assert set(ids) | set(sample().entries) == set(ledger.entries)
    assert ledger.get("writer2").note == "by writer2"
    assert not (tmp_path / "reviews.yaml.lock").exists()


def _hold_lock(path: str, held, release) -> None:
    with ledger_lock(path):
        held.set()
        release.wait(30)


def test_writer_blocked_by_another_process_fails_clearly_then_lands(tmp_path):
    path = tmp_path / "reviews.yaml"
    save_ledger(sample(), path)
    before = path.read_bytes()
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(path), held, release))
    holder.start()
    try:
        assert held.wait(30)
        with pytest.raises(LedgerError, match=f"pid {holder.pid}"):
            update_ledger(path, lambda current: current.with_entry("late", entry()), timeout=0.2)
        assert path.read_bytes() == before
    finally:
        release.set()
        holder.join(30)
    update_ledger(path, lambda current: current.with_entry("late", entry()), timeout=5)
    assert "late" in load_ledger(path)


# ---------------------------------------------------------------- settings


def test_settings_default_without_pyproject(tmp_path):
    found = load_settings(tmp_path)
    assert (found.reviews, found.corpus, found.rules) == ("reviews.yaml", ("seeds",), None)


def test_settings_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.reconcile]\nreviews = "ed/r.yaml"\n'
                                             'corpus = ["a", "b"]\n')
    found = load_settings(tmp_path)
    assert (found.reviews, found.corpus) == ("ed/r.yaml", ("a", "b"))


def test_settings_with_wrong_types_name_the_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.reconcile]\nreviews = "r.yaml"\ncorpus = 3\n')
    with pytest.raises(UsageError) as raised:
        load_settings(tmp_path)
    assert raised.value.line == 3 and "corpus must be a list" in raised.value.message


def test_malformed_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.reconcile\n')
    with pytest.raises(UsageError, match="malformed TOML") as raised:
        load_settings(tmp_path)
    assert raised.value.line == 1


def test_default_reviewer_from_git_config(tmp_path, monkeypatch):
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Ada Editor\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)  # not inside a repository, so no local config
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    assert ledger_module.default_reviewer() == "Ada Editor"


def test_default_reviewer_without_git(monkeypatch):
    import subprocess

    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(subprocess, "run", no_git)
    monkeypatch.setattr("getpass.getuser", lambda: "login")
    assert ledger_module.default_reviewer() == "login"


# ---------------------------------------------------------------- properties

TRICKY = st.sampled_from([
    "", " ", "yes", "No", "null", "~", "true", "1", "0x1F", "1e5", ".inf", "2026-01-01", "- item", "? key",
    ": colon", "a: b", "#comment", "a #b", "'single'", '"double"', "trailing ", " leading", "line\nbreak",
    "\n", "\r\n", "\t", "\x00", "\x85", "\u2028", "\u2029", "\ufeff", "!tag", "&anchor", "*alias", "%dir",
    "@", "`", "|", ">", "{a: 1}", "[1, 2]", "---", "...", "é ü 中文 🎉", "\\", "\\n", "a" * 300,
])
TEXT = st.one_of(st.text(), TRICKY, st.lists(TRICKY, max_size=4).map("".join))

evidence_strategy = st.builds(Evidence, source=TEXT, quote=TEXT, value=TEXT, outlet=TEXT)
snapshot_strategy = st.builds(
    FlagSnapshot, kind=st.sampled_from(["discrepancy", "variant", "agreement"]),
    severity=st.sampled_from(["error", "warning", "info"]), subject=TEXT, attribute=TEXT, summary=TEXT,
    evidence=st.lists(evidence_strategy, max_size=3).map(tuple))
entry_strategy = st.builds(
    Entry, status=st.sampled_from(["confirmed", "dismissed", "explained"]), note=TEXT, reviewer=TEXT,
    date=st.dates().map(lambda day: day.isoformat()), flag=st.none() | snapshot_strategy)
ledger_strategy = st.dictionaries(st.one_of(st.text(min_size=1), TRICKY.filter(bool)), entry_strategy,
                                  max_size=4).map(lambda entries: Ledger(entries=entries))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledger_strategy)
def test_load_of_save_is_identity(ledger):
    text = dump_ledger(ledger)
    assert parse_ledger(text) == ledger
    assert dump_ledger(parse_ledger(text)) == text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledger=ledger_strategy)
def test_file_round_trip_is_identity(tmp_path, ledger):
    path = Path(tmp_path) / "reviews.yaml"
    save_ledger(ledger, path)
    assert load_ledger(path) == ledger


VALID = dump_ledger(sample())


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("ab:- \n'\"[]{}#!&*?|>%@`,\t0123456789")), max_size=200),
    st.tuples(st.integers(0, len(VALID)), st.integers(0, 40), st.text(max_size=20)).map(
        lambda edit: VALID[:edit[0]] + edit[2] + VALID[edit[0] + edit[1]:]),
))
def test_any_text_parses_or_fails_with_a_line(text):
    """Hand edits gone wrong never crash: either a ledger, or a LedgerError naming the file."""
    try:
        ledger = parse_ledger(text, "reviews.yaml")
    except LedgerError as error:
        assert error.path == "reviews.yaml" and error.line, str(error)
        assert str(error).startswith("reviews.yaml")
    else:
        assert isinstance(ledger, Ledger)
