"""`--engine dask`: the same results as the local engine, on a LocalCluster; a clear error without Dask.

The cluster tests are skipped where Dask is not installed (CI installs only `.[test]`);
run them with `pip install '.[dask]'`.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from conftest import ROOT, write_seed_copies
from reconcile.cli import run
from reconcile.engines import RunOptions
from reconcile.pipeline import analyse
from reconcile.report import to_json, to_markdown


def test_without_dask_the_engine_is_a_one_line_error_saying_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now raises ImportError
    assert run(["run", "seeds", "--engine", "dask", "--no-cache", "--output", "-"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1
    assert error[0].startswith("reconcile: error: --engine dask needs Dask distributed")
    assert "pip install 'reconcile[dask]'" in error[0]


try:
    import distributed  # noqa: F401
except ImportError:  # the optional extra is not installed: skip every test below
    pytestmark = pytest.mark.skipif(True, reason="Dask distributed is not installed (pip install '.[dask]')")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as local:
        yield local


@pytest.fixture
def corpus(tmp_path):
    return write_seed_copies(tmp_path / "corpus", 3)


def test_dask_results_are_identical_to_the_local_engine(cluster, corpus):
    local = analyse([str(corpus)], options=RunOptions(jobs=1))
    remote = analyse([str(corpus)], options=RunOptions(engine="dask", scheduler=cluster.scheduler_address))
    assert local.flags and len(local.stories) > 1
    assert remote.claims == local.claims and remote.flags == local.flags and remote.stories == local.stories
    assert to_json(remote, {}) == to_json(local, {})
    assert to_markdown(remote, {}) == to_markdown(local, {})


def test_cli_on_a_cluster_matches_the_local_cli(cluster, corpus, capsys):
    outputs = []
    for engine in (["--engine", "local"], ["--engine", "dask", "--scheduler", cluster.scheduler_address]):
        assert run(["run", str(corpus), *engine, "--no-cache", "--format", "json", "--output", "-"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


def test_dask_and_the_cache_work_together(cluster, corpus, tmp_path, monkeypatch):
    options = RunOptions(engine="dask", scheduler=cluster.scheduler_address, cache_dir=tmp_path / "cache")
    first = analyse([str(corpus)], options=options)

    def no_cluster(*args, **kwargs):
        raise AssertionError("a fully cached run connected to the cluster")

    monkeypatch.setattr("reconcile.engines.dask_engine.DaskEngine.__init__", no_cluster)
    second = analyse([str(corpus)], options=options)
    assert to_json(second, {}) == to_json(first, {})


def test_an_unreachable_scheduler_is_a_one_line_error(capsys, monkeypatch):
    monkeypatch.setattr("reconcile.engines.dask_engine.CONNECT_TIMEOUT", "1s")
    assert run(["run", "seeds", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--no-cache",
                "--output", "-"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in error[0]


def test_check_runs_on_the_cluster(cluster, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    local = run(["check", "seeds", "--format", "json", "--no-cache"])
    expected = capsys.readouterr().out
    assert run(["check", "seeds", "--format", "json", "--no-cache", "--engine", "dask",
                "--scheduler", cluster.scheduler_address]) == local
    assert capsys.readouterr().out == expected


def test_a_failing_cluster_is_one_line_and_exit_2(cluster, corpus, capsys, monkeypatch):
    def lost(rules, batch):
        raise OSError("connection to worker lost")

    monkeypatch.setattr("reconcile.engines.dask_engine.extract_batch", lost)
    assert run(["run", str(corpus), "--engine", "dask", "--scheduler", cluster.scheduler_address, "--no-cache",
                "--output", "-"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "the Dask cluster at " in error[0] and "connection to worker lost" in error[0]
