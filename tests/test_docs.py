"""The README documents every command and every option the CLI accepts."""

from __future__ import annotations

from conftest import ROOT
from reconcile.cli import build_parser


def _commands():
    parser = build_parser()
    return parser._subparsers._group_actions[0].choices  # argparse keeps subcommands here


def test_every_command_and_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in _commands().items():
        if f"reconcile {name}" not in readme:
            missing.append(f"reconcile {name}")
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and option not in readme:
                    missing.append(f"reconcile {name} {option}")
    assert not missing, f"undocumented in README.md: {missing}"


def test_the_exit_code_table_matches_the_enum():
    from reconcile.errors import ExitCode

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} |" in readme


def test_the_worked_example_in_the_readme_matches_the_seed_report():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Worked example", 1)[1].split("```", 2)[1]
    golden = (ROOT / "tests" / "golden" / "seeds_report.md").read_text(encoding="utf-8").replace("\\_", "_")
    shown = [line for line in example.splitlines() if line.startswith(("### ", "- **story")) and "…" not in line]
    assert shown, "the README's worked example lost its excerpt"
    for line in shown:
        assert line in golden, f"README example line not in the seed report: {line}"
