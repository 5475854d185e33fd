"""Starting the command stays cheap: heavy modules load only when a run needs them.

Measured with `python -X importtime -c "import reconcile.cli"` in a fresh interpreter; the test
checks which modules load rather than how long they take, so it does not depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

HEAVY = ("dateparser", "rapidfuzz", "dask", "distributed", "multiprocessing", "sqlite3")


def _imported(code: str) -> dict[str, int]:
    """Module -> cumulative import time in microseconds, for everything `code` imports."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    times = {}
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
            if cumulative.isdigit():
                times[name] = int(cumulative)
    return times


def _heavy(times: dict[str, int]) -> list[str]:
    return sorted(name for name in times if name.split(".")[0] in HEAVY)


def test_importing_the_cli_loads_nothing_heavy():
    times = _imported("import reconcile.cli")
    assert "reconcile.cli" in times
    assert _heavy(times) == []
    assert "pydantic" not in times, "records and pydantic load only when a command runs"


def test_building_the_parser_loads_no_engine_cache_or_matcher():
    times = _imported("import reconcile.cli; reconcile.cli.build_parser()")
    assert _heavy(times) == []
    assert not [name for name in times if name.startswith(("reconcile.engines.local", "reconcile.engines.dask",
                                                            "reconcile.cache", "reconcile.extract"))]


def test_the_pipeline_loads_engines_lazily():
    times = _imported("import reconcile.pipeline")
    assert _heavy(times) == []
    assert "reconcile.engines.local" not in times and "reconcile.engines.dask_engine" not in times
