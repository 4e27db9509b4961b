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
        "import tui.cli, tui.reports",
    ],
)
def test_core_layers_do_not_import_textual(code: str) -> None:
    assert "textual" not in _modules_after(code)


def test_status_command_does_not_import_textual(tmp_path: Path) -> None:
    code = f"from tui.cli import main\nmain(['--home', {str(tmp_path)!r}, 'status'])"
    assert "textual" not in _modules_after(code)


def test_no_layer_imports_tinydb_except_store() -> None:
    for folder in ("screens", "tui", "content", "rules"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "tinydb" not in path.read_text(encoding="utf-8"), path
