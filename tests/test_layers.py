"""The layering rules: store/, content/, rules/ and the CLI never load textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize(
    "code",
    [
        "import store, store.demo, store.settings, store.backup",
        "import content; content.load_library()",
        "import rules.summary, rules.pain",
        "import cli.main, journal.reports, journal.journal",
    ],
)
def test_core_layers_do_not_import_textual(code: str) -> None:
    assert "textual" not in _modules_after(code)


def test_status_command_does_not_import_textual(tmp_path: Path) -> None:
    code = f"from cli.main import main\nmain(['--home', {str(tmp_path)!r}, 'status'])"
    assert "textual" not in _modules_after(code)


def test_the_command_lines_parser_needs_no_validation_library() -> None:
    """`sitbone --help`, a mistyped flag, and the app's own start pay for the parser only:
    pydantic, YAML and the storage load when a command needs them."""
    loaded = _modules_after("from cli.main import build_parser\nbuild_parser()")
    assert not {m.split(".")[0] for m in loaded} & {"pydantic", "yaml", "tinydb", "textual"}


def test_logging_pain_loads_no_front_end_and_no_export(tmp_path: Path) -> None:
    code = (
        "from cli.main import main\n"
        f"main(['--home', {str(tmp_path)!r}, 'log', 'pain', '--rest', '2'])"
    )
    loaded = _modules_after(code)
    assert not loaded & {"textual", "textual_plot", "numpy", "journal.export_csv", "screens"}


def test_no_layer_imports_tinydb_except_store() -> None:
    for folder in ("screens", "tui", "content", "rules", "journal", "cli"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "tinydb" not in path.read_text(encoding="utf-8"), path


def test_the_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: the layers, no screen importing another, the
    command line and the model code free of textual and of the front-ends."""
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
         "lint_imports_command()"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    assert "broken" not in result.stdout.split("Contracts:")[-1].replace("0 broken", "")


def test_the_installed_command_opens_the_app_through_the_launcher() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'sitbone = "tui.launch:main"' in text
