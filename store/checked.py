"""What file content has been validated already, so no sitbone validates it twice.

Validating every record of five years of use takes about a tenth of a second; a command that
logs one pain score should not pay that each time. After a full validation (and after each
write, whose new records were validated on their way in) the SHA-256 of the file's bytes is
kept in a small mark file beside it. A later sitbone reading the very same bytes, with the
very same record models, knows they are valid without parsing them; any other bytes (an edit
by hand, a restore, a damaged disk) are validated in full. The mark is only a shortcut: lost
or unreadable, it costs one full validation, never a record.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from functools import cache
from pathlib import Path

import store.records
import store.vocabulary

MARK_MODE = 0o600


@cache
def models_fingerprint() -> bytes:
    """The source of the record models: a sitbone whose validation differs (another version,
    an edited model) never trusts a mark made by this one."""
    digest = hashlib.sha256()
    for module in (store.records, store.vocabulary):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.digest()


def content_mark(raw: bytes) -> str:
    return hashlib.sha256(models_fingerprint() + raw).hexdigest()


class CheckedMark:
    """The mark file at `path`: the fingerprint of the last content known to be valid."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # The bytes last found vouched for: valid bytes stay valid, so the file read and
        # then validated is hashed once, not once for each question.
        self._held: bytes | None = None

    def holds(self, raw: bytes) -> bool:
        """Whether `raw` is the content the mark vouches for."""
        if raw is self._held:
            return True
        try:
            with open(self.path, "rb") as mark:
                kept = mark.read(100).decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return False
        if kept != content_mark(raw):
            return False
        self._held = raw
        return True

    def record(self, raw: bytes) -> None:
        """Vouch for `raw`. Written whole or not at all (a rename); no fsync: a mark lost in a
        crash only means one more full validation."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MARK_MODE)
            try:
                os.write(fd, f"{content_mark(raw)}\n".encode("ascii"))
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def forget(self) -> None:
        self._held = None
        with contextlib.suppress(OSError):
            os.unlink(self.path)
