"""Type checking is part of the suite: rules, store and content pass `mypy --strict`.

The other packages are checked by hand for now (`python -m mypy tui screens cli journal tests`,
with the settings in mypy.ini); they are not held to strict mode yet."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STRICT = ("rules", "store", "content")
# Outside the repo, kept between runs so a run after a small change takes seconds; one per
# checkout, so two checkouts do not keep invalidating each other's cache.
CACHE = Path(tempfile.gettempdir()) / (
    "sitbone-mypy-" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
)


def test_strict_packages_pass_mypy_strict() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "mypy.ini"),
            "--cache-dir",
            str(CACHE),
            "--strict",
            *STRICT,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if "No module named mypy" in result.stderr:
        raise AssertionError("mypy is not installed: pip install -e '.[test]'")
    assert result.returncode == 0, result.stdout + result.stderr
