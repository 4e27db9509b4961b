"""Type checking is part of the suite: one mypy run, with the settings in mypy.ini, over every
package. rules, store, content and journal are held to strict mode (their section of mypy.ini
turns on each flag that `--strict` does, checked below against mypy itself); tui, screens and
cli are checked with the normal settings, untyped functions included."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mypy.ini"
STRICT = ("rules", "store", "content", "journal")
CHECKED = ("tui", "screens", "cli")
# Outside the repo, kept between runs so a run after a small change takes seconds; one per
# checkout, so two checkouts do not keep invalidating each other's cache.
CACHE = Path(tempfile.gettempdir()) / (
    "sitbone-mypy-" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
)
NOT_INSTALLED = "mypy is not installed: pip install -e '.[test]'"


def test_every_package_passes_mypy() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(CONFIG),
            "--cache-dir",
            str(CACHE),
            *STRICT,
            *CHECKED,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if "No module named mypy" in result.stderr:
        raise AssertionError(NOT_INSTALLED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_strict_packages_get_every_strict_flag() -> None:
    """What `--strict` turns on, asked of mypy (so a flag a new mypy adds to it shows up here),
    must be on for each strict package under mypy.ini; the other packages stay as they are."""
    try:
        from mypy.main import process_options
    except ImportError:
        raise AssertionError(NOT_INSTALLED) from None

    with tempfile.TemporaryDirectory() as folder:
        blank = Path(folder) / "blank.ini"
        blank.write_text("[mypy]\n", encoding="utf-8")
        _, plain = process_options(["--config-file", str(blank), "-c", "pass"])
        _, strict = process_options(["--config-file", str(blank), "--strict", "-c", "pass"])
    _, ours = process_options(["--config-file", str(CONFIG), "-c", "pass"])

    def settings(options: object) -> dict[str, object]:
        return {
            name: getattr(options, name)
            for name in dir(options)
            if not name.startswith("_") and not callable(getattr(options, name))
        }

    before, after = settings(plain), settings(strict)
    flags = {name: value for name, value in after.items() if before.get(name) != value}
    assert "disallow_untyped_defs" in flags, flags  # the settings are still found this way
    for package in STRICT:
        module = settings(ours.clone_for_module(f"{package}.module"))
        wrong = {name: module[name] for name, value in flags.items() if module[name] != value}
        assert not wrong, f"{package} is not strict under mypy.ini: {wrong}"
    for package in CHECKED:
        module = settings(ours.clone_for_module(f"{package}.module"))
        assert module["check_untyped_defs"] is True, package
