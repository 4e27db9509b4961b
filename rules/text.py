"""Text a person or a file supplies, made safe to show: control characters (the start of
terminal escape sequences), stray carriage returns and bidirectional overrides become visible
symbols, so a note can never retitle the terminal, clear the screen or hide its own text.

Plain Python, no I/O. Input boundaries refuse such characters with `control_problem`; every
place that draws or prints text passes it through `printable`, for what older data holds."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the Unicode
# marks that reorder or hide text around them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_NAMES = {0x1B: "ESC", 0x07: "BEL", 0x0D: "CR", 0x08: "BS", 0x00: "NUL", 0x9B: "CSI"}


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ ␇ ␍ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def printable(text: str) -> str:
    """`text` with every control character shown as a visible symbol (tabs and newlines
    kept)."""
    return _CONTROL.sub(_picture, text)


def one_line(text: str) -> str:
    """`printable`, with newlines and tabs shown as spaces: for a cell or a title."""
    return printable(text).replace("\n", " ").replace("\t", " ")


def control_problem(text: str) -> str | None:
    """Why `text` cannot be accepted as typed (a control character, named), or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = _NAMES.get(code, f"U+{code:04X}")
    return f"contains a control character ({name}), which is not allowed"


def refuse_controls(text: str) -> str:
    """For pydantic models of files a person edits: refuse control characters, naming them."""
    problem = control_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def plain_text(value: object) -> object:
    """For pydantic validators of files a person edits: a string, or a tuple of strings, is
    refused (ValueError naming the character) if it holds a control character."""
    if isinstance(value, str):
        return refuse_controls(value)
    if isinstance(value, tuple):
        for item in value:
            if isinstance(item, str):
                refuse_controls(item)
    return value


def escape_json_controls(document: str) -> str:
    """JSON from `json.dumps(..., ensure_ascii=False)` with the characters it leaves raw (DEL,
    C1, bidi marks) escaped as \\uXXXX: the same data, safe for a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def json_text(document: object) -> str:
    """JSON for a file or a terminal: indented, the same data, every control character
    escaped (the JSON export, `--json` output)."""
    import json

    return escape_json_controls(json.dumps(document, indent=2, ensure_ascii=False))
