"""User settings from the home's settings.yaml (optional): key remapping, run sounds, the theme,
the first day of the week. The app saves the sounds and the theme chosen in it; the rest is
written by hand."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from store.problems import first_problem


class SettingsError(Exception):
    """settings.yaml exists but is not valid; the message names the file and the field."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Binding id -> key(s), e.g. {"screen.learn": "l"}; see the README's keys section.
    keymap: dict[str, str] = {}
    # The bell at each change of segment and the 3-2-1 before a run; `m` on Run toggles it.
    run_sounds: bool = True
    # The app's colour theme, by name (the palette's Theme command); None: Textual's default.
    # The names are the app's to know: it checks this one when it starts.
    theme: str | None = None
    # The day weeks begin on, in the weekly review and the report.
    week_starts: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"

    def first_weekday(self) -> int:
        """The first day of the week as date.weekday() numbers it (Monday 0)."""
        return WEEKDAYS.index(self.week_starts)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def load_settings(path: Path) -> Settings:
    """settings.yaml as it is now (the defaults when there is none); SettingsError when it
    cannot be read or is not valid."""
    text = _read(path)
    return _validated(path, _parsed(path, text))


def save_settings(path: Path, changes: Mapping[str, object]) -> Settings:
    """Set `changes` (e.g. {"theme": "nord"}) in settings.yaml, in one atomic replace, and keep
    everything else in it as the person wrote it: other keys, their order, and comments
    (unless the file's layout is one the line-by-line edit cannot follow: it is then written
    out again from its values, without comments). Returns the settings now in force.

    Raises SettingsError, writing nothing, when the file as it stands cannot be read or is not
    valid: it is the person's to fix, never to be overwritten. StoreFault when the write
    fails (the file is then as it was)."""
    import yaml

    from store.storage import write_private_file

    unknown = set(changes) - set(Settings.model_fields)
    if unknown:
        raise ValueError(f"not a setting: {', '.join(sorted(unknown))}")
    text = _read(path)
    values = _parsed(path, text)
    _validated(path, values)
    wanted = {**values, **changes}
    settings = _validated(path, wanted)
    edited: str | None = text
    for key, value in changes.items():
        edited = None if edited is None else _set_line(edited, key, value)
    try:
        kept = edited is not None and yaml.safe_load(edited) == wanted
    except yaml.YAMLError:
        kept = False
    if edited is None or not kept:
        edited = yaml.safe_dump(wanted, sort_keys=False, allow_unicode=True)
    write_private_file(path, edited)
    return settings


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read ({error})") from None


def _parsed(path: Path, text: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SettingsError(f"{path}: cannot be read as YAML ({error})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: settings: should be a mapping of setting: value")
    return data


def _validated(path: Path, data: Mapping[str, Any]) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        first = first_problem(error)
        raise SettingsError(f"{path}: {first.path() or 'settings'}: {first.message}") from None


# A top-level value on one line: plain, "double-quoted" or 'single-quoted'; then a comment.
_VALUE = r"""(?:[^\s#'"][^#\n]*?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')"""


def _set_line(text: str, key: str, value: object) -> str | None:
    """`text` with the top-level line `key: ...` saying `value` (added at the end if there is
    none), a comment after the value kept; None when that line is not one this edit can
    follow. Only a guess at the layout: the caller checks the result reads back as intended."""
    import yaml

    line = yaml.safe_dump({key: value}, default_flow_style=True, width=10_000).strip()
    line = line.removeprefix("{").removesuffix("}")
    starts = re.findall(rf"^{re.escape(key)}[ \t]*:", text, re.MULTILINE)
    if not starts:
        if text and not text.endswith("\n"):
            text += "\n"
        return f"{text}{line}\n"
    whole = re.compile(
        rf"^{re.escape(key)}[ \t]*:(?:[ \t]+{_VALUE})?(?P<comment>[ \t]+#[^\n]*)?[ \t]*$",
        re.MULTILINE,
    )
    found = list(whole.finditer(text))
    if len(starts) != 1 or len(found) != 1:
        return None
    match = found[0]
    return f"{text[: match.start()]}{line}{match['comment'] or ''}{text[match.end() :]}"
