"""User settings from the home's settings.yaml (optional): key remapping, run sounds, the first
day of the week."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from store.problems import first_problem


class SettingsError(Exception):
    """settings.yaml exists but is not valid; the message names the file and the field."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Binding id -> key(s), e.g. {"screen.learn": "l"}; see the README's keys section.
    keymap: dict[str, str] = {}
    # The bell at each change of segment and the 3-2-1 before a run; `m` toggles it for a session.
    run_sounds: bool = True
    # The day weeks begin on, in the weekly review and the report.
    week_starts: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"

    def first_weekday(self) -> int:
        """The first day of the week as date.weekday() numbers it (Monday 0)."""
        return WEEKDAYS.index(self.week_starts)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError(f"{path}: cannot be read as YAML ({error})") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        first = first_problem(error)
        raise SettingsError(f"{path}: {first.path() or 'settings'}: {first.message}") from None
