"""Where sitbone keeps its files: the data file, backups, settings and user programs."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreFault

ENV_VAR = "SITBONE_HOME"
DATA_FILE = "sitbone.json"
FOLDER_MODE = 0o700


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
    def checked_file(self) -> Path:
        """The mark of the data file's content last known valid (see store/checked.py)."""
        return self.root / "sitbone.checked"

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

    @property
    def reports_dir(self) -> Path:
        """Where `sitbone report` writes when not told where."""
        return self.root / "reports"

    def ensure(self) -> None:
        """Create the folder private to its owner, or make an existing one private. Raises
        StoreFault when it is a file or cannot be created."""
        from store.storage import first_non_folder

        try:
            self.root.mkdir(mode=FOLDER_MODE, parents=True)
        except FileExistsError:
            # Already there, perhaps made a moment ago by another sitbone.
            if not self.root.is_dir():
                raise StoreFault(self.root, "is a file, not a folder") from None
            self.make_private()
            return
        except NotADirectoryError:
            raise StoreFault(first_non_folder(self.root), "is a file, not a folder") from None
        except OSError as error:
            raise StoreFault.from_os(self.root, error, "the folder cannot be created") from None
        # mkdir's mode is filtered by the umask; health data must not be group-readable.
        os.chmod(self.root, FOLDER_MODE)

    def make_private(self) -> None:
        """Make an existing home folder (and the data file) readable by their owner only, as
        a new one is. Quietly does nothing for a folder sitbone must not narrow: one owned by
        someone else, a shared sticky folder such as /tmp, the user's home folder or /."""
        try:
            st = os.stat(self.root)
        except OSError:
            return
        if not stat.S_ISDIR(st.st_mode) or not _owned(st):
            return
        if st.st_mode & 0o077 and not st.st_mode & stat.S_ISVTX and not self._is_shared():
            with contextlib.suppress(OSError):
                os.chmod(self.root, FOLDER_MODE)
        with contextlib.suppress(OSError):
            data = os.lstat(self.data_file)
            if stat.S_ISREG(data.st_mode) and data.st_mode & 0o077 and _owned(data):
                os.chmod(self.data_file, 0o600)

    def _is_shared(self) -> bool:
        try:
            here = self.root.resolve()
            return here == Path(here.anchor) or here == Path.home().resolve()
        except (OSError, RuntimeError):
            return True

    def owns(self, path: Path) -> str | None:
        """What `path` is among sitbone's own files and folders, e.g. "sitbone's data file",
        compared as resolved paths (so links and relative paths are caught); None when it is
        none of them."""
        target = _resolved(path)
        root = _resolved(self.root)
        named = {
            _resolved(self.data_file): "sitbone's data file",
            _resolved(self.lock_file): "sitbone's lock file",
            _resolved(self.settings_file): "sitbone's settings file",
            root: "sitbone's home folder",
        }
        if target in named:
            return named[target]
        with contextlib.suppress(OSError):
            if self.data_file.exists() and path.exists() and os.path.samefile(path, self.data_file):
                return "sitbone's data file"
        for folder, what in ((self.backups_dir, "backups"), (self.programs_dir, "programs")):
            resolved = _resolved(folder)
            if target == resolved:
                return f"sitbone's {what} folder"
            if resolved in target.parents:
                return f"inside sitbone's {what} folder"
        if target.parent == root and target.name.startswith((DATA_FILE, f".{DATA_FILE}")):
            return "one of sitbone's own files"
        return None

    def holds(self, path: Path) -> bool:
        """Whether `path` is the home folder or inside it (resolved)."""
        target, root = _resolved(path), _resolved(self.root)
        return target == root or root in target.parents


def _owned(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.expanduser().absolute()
