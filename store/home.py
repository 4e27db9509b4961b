"""Where sitbone keeps its files: the data file, backups, settings and user programs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "SITBONE_HOME"
DATA_FILE = "sitbone.json"


def default_root() -> Path:
    # Imported here: only needed when no home was given, and keeps CLI start-up lean.
    from platformdirs import user_data_dir

    return Path(user_data_dir("sitbone", appauthor=False))


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def resolve(cls, option: str | None, environ: Mapping[str, str] | None = None) -> Home:
        """`--home` wins over SITBONE_HOME, which wins over the platform's data folder."""
        environ = os.environ if environ is None else environ
        chosen = option or environ.get(ENV_VAR) or None
        root = Path(chosen).expanduser() if chosen else default_root()
        return cls(root.absolute())

    @property
    def data_file(self) -> Path:
        return self.root / DATA_FILE

    @property
    def lock_file(self) -> Path:
        return self.root / f"{DATA_FILE}.lock"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.yaml"

    @property
    def programs_dir(self) -> Path:
        return self.root / "programs"

    def ensure(self) -> None:
        """Create the folder private to its owner; an existing folder is left as it is."""
        try:
            self.root.mkdir(mode=0o700, parents=True)
        except FileExistsError:
            return  # already there, perhaps made a moment ago by another sitbone
        # mkdir's mode is filtered by the umask; health data must not be group-readable.
        os.chmod(self.root, 0o700)
