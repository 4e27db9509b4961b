"""The outcome measures' content: the schedule and the limit load and are checked, and the
Learn page says what the numbers say, names its sources and says only the total is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content import ContentError, load_library
from content.loader import CONTENT_DIR

LIBRARY = load_library()


def test_the_page_says_what_the_content_says() -> None:
    settings = LIBRARY.outcomes
    page = LIBRARY.page("outcome-measures")
    body = " ".join(page.body.split())
    weeks = settings.schedule_weeks
    assert ", ".join(map(str, weeks[:-1])) + f" and {weeks[-1]}" in body
    assert f"after {settings.sitting_limit_min} minutes" in body
    assert f"up to {settings.taken_early_days} days before" in body
    assert f"stays due for {settings.last_open_weeks} weeks" in body
    assert "keeps only the total" in body.lower()
    assert any("Cacchio" in source and "VISA-H" in source for source in page.sources)
    assert any("ACTRN12621000846820" in source for source in page.sources)


def test_the_page_is_found_by_its_words() -> None:
    assert "outcome-measures" in {page.id for page in LIBRARY.search("VISA-H sitting test")}


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("[0, 4, 12, 26, 52]", "[1, 4, 12]", "must start at 0 and rise"),
        ("[0, 4, 12, 26, 52]", "[0, 12, 4]", "must start at 0 and rise"),
        ("taken_early_days: 7", "taken_early_days: 28", "taken_early_days"),
        ("sitting_limit_min: 60", "sitting_limit_min: 0", "sitting_limit_min"),
    ],
)
def test_a_bad_schedule_names_the_file_and_field(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = root / "outcomes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError, match=words) as caught:
        load_library(root)
    assert caught.value.path == path
