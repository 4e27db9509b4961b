"""settings.yaml: saving a choice made in the app changes that setting only. Whatever else
the file says (keys for bindings the app does not have, a theme it does not know, the first
day of the week) reads back the same, and comments stay where the edit can follow the layout.
A file that cannot be used is never written over."""

from __future__ import annotations

import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from store.settings import WEEKDAYS, Settings, SettingsError, load_settings, save_settings

# Anything YAML keeps as a string: control characters and surrogates aside.
text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff\x85"),
    min_size=1,
    max_size=20,
)
settings = st.fixed_dictionaries(
    {},
    optional={
        "keymap": st.dictionaries(text, text, max_size=5),
        "run_sounds": st.booleans(),
        "theme": st.none() | text,
        "week_starts": st.sampled_from(WEEKDAYS),
    },
)
choices = st.fixed_dictionaries(
    {}, optional={"run_sounds": st.booleans(), "theme": st.none() | text}
).filter(bool)


@contextmanager
def fresh_file() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "settings.yaml"


@given(written=settings, chosen=choices, flow=st.booleans())
def test_a_save_changes_only_what_was_chosen(
    written: dict[str, object], chosen: dict[str, object], flow: bool
) -> None:
    with fresh_file() as path:
        path.write_text(yaml.safe_dump(written, default_flow_style=flow, allow_unicode=True))
        saved = save_settings(path, chosen)
        loaded = load_settings(path)
        assert saved == loaded == Settings.model_validate({**written, **chosen})
        assert yaml.safe_load(path.read_text()) == {**written, **chosen}
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@given(sounds=st.booleans(), theme=text)
def test_comments_and_order_stay(sounds: bool, theme: str) -> None:
    with fresh_file() as path:
        path.write_text(
            "# mine\nkeymap:\n  screen.learn: l  # for Learn\n"
            "run_sounds: true   # the bell\nweek_starts: sunday\n"
        )
        save_settings(path, {"run_sounds": sounds})
        save_settings(path, {"theme": theme})
        lines = path.read_text().splitlines()
        assert load_settings(path).theme == theme
    assert lines[:5] == [
        "# mine",
        "keymap:",
        "  screen.learn: l  # for Learn",
        f"run_sounds: {'true' if sounds else 'false'}   # the bell",
        "week_starts: sunday",
    ]


def test_no_file_yet_then_one_line_a_choice(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    assert save_settings(path, {"theme": "nord"}).theme == "nord"
    save_settings(path, {"run_sounds": False})
    assert path.read_text() == "theme: nord\nrun_sounds: false\n"


def test_a_layout_the_edit_cannot_follow_is_written_out_again(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("{theme: nord, week_starts: friday}  # all on one line\n")
    save_settings(path, {"theme": "gruvbox"})
    assert yaml.safe_load(path.read_text()) == {"theme": "gruvbox", "week_starts": "friday"}


@pytest.mark.parametrize(
    "invalid",
    [
        "keymap: [1, 2]\n",
        "theme: [\n",
        "- a list\n",
        "run_sounds: maybe\n",
        "colour: blue\n",
        "week_starts: someday\n",
    ],
)
def test_a_file_that_cannot_be_used_is_never_written_over(tmp_path: Path, invalid: str) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(invalid)
    with pytest.raises(SettingsError, match=r"settings\.yaml"):
        save_settings(path, {"theme": "nord"})
    assert path.read_text() == invalid
    assert [p.name for p in tmp_path.iterdir()] == ["settings.yaml"]  # no temporary left


def test_a_value_that_is_not_valid_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    with pytest.raises(SettingsError, match="run_sounds"):
        save_settings(path, {"run_sounds": "loud"})
    with pytest.raises(ValueError, match="not a setting: colour"):
        save_settings(path, {"colour": "blue"})
    assert not path.exists()
