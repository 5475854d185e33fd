"""Data flows one way: ingest → extract → resolve → compare → report; no stage imports a later one."""

from __future__ import annotations

import ast

from conftest import ROOT

STAGES = ["ingest", "extract", "resolve", "compare", "report"]


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reconcile."):
            yield node.module.split(".")[1]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("reconcile."):
                    yield alias.name.split(".")[1]


def test_no_stage_imports_a_later_stage():
    package = ROOT / "reconcile"
    for rank, stage in enumerate(STAGES):
        files = [package / f"{stage}.py"] if (package / f"{stage}.py").exists() else \
            sorted((package / stage).rglob("*.py"))
        assert files, stage
        for path in files:
            later = set(_imports(path)) & set(STAGES[rank + 1:] + ["cli", "pipeline"])
            assert not later, f"{path.relative_to(ROOT)} imports later stage(s) {sorted(later)}"


def test_foundations_import_no_stage():
    for name in ("records", "errors", "rules", "yamlpos"):
        imported = set(_imports(ROOT / "reconcile" / f"{name}.py"))
        assert not imported & set(STAGES + ["cli", "pipeline"]), name
    for path in (ROOT / "reconcile" / "timex").rglob("*.py"):
        assert not set(_imports(path)) & set(STAGES + ["cli", "pipeline"]), path
