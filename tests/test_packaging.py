"""The wheel carries the content and styles, and the installed app runs from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tui", "screens", "content", "store", "rules", "journal", "cli")


def source_copy(target: Path) -> Path:
    """The project's sources, copied: the build writes its own build/ and egg-info there,
    never in the checkout (two suites building at once would trip over each other)."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return target


def test_wheel_ships_content_and_styles_and_runs_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    source = source_copy(tmp_path / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(source)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    wheel = next((tmp_path / "dist").glob("sitbone-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "content" / "learn").glob("*.md")}
    styles = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("*/*.tcss")}
    assert pages and pages <= names
    assert styles and styles <= names
    assert {"content/red_flags.yaml", "content/phases.yaml"} <= names
    assert any(name.endswith("entry_points.txt") for name in names)

    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "SITBONE_HOME": str(tmp_path / "home")}
    code = (
        "import content.loader, tui.app\n"
        f"assert content.loader.CONTENT_DIR.is_relative_to({str(target)!r})\n"
        "print(len(content.loader.load_library().pages))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(pages)
