"""Every content file validates, every page names its sources and says it is education."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content import ContentError, load_library
from content.loader import CONTENT_DIR, load_page
from content.models import DISCLAIMER

LIBRARY = load_library()

# The topics the Learn screen must cover (the clinical brief's sections 1-3 and 5-8).
REQUIRED_PAGES = {
    "what-is-pht",
    "symptoms",
    "causes-and-risk",
    "tendinopathy-vs-strain",
    "diagnosis",
    "rest-and-loading",
    "stretching",
    "sitting",
    "treatments",
    "pain-monitoring",
    "phases",
    "return-to-running",
    "red-flags",
    "timelines",
    "prevention",
    "about-these-pages",
}


def test_every_topic_has_a_page() -> None:
    assert {page.id for page in LIBRARY.pages} >= REQUIRED_PAGES


@pytest.mark.parametrize("page", LIBRARY.pages, ids=lambda page: page.id)
def test_page_names_sources_and_says_it_is_education(page) -> None:
    shown = page.as_markdown()
    assert page.sources
    assert "## Sources" in shown
    assert all(source in shown for source in page.sources)
    assert DISCLAIMER in shown


def test_pages_are_in_a_stable_order() -> None:
    orders = [page.order for page in LIBRARY.pages]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders)


def test_stretching_page_shows_both_sides_and_the_apps_position() -> None:
    body = LIBRARY.page("stretching").body.lower()
    assert "position" in body
    assert "3 x 30" in body or "30 seconds" in body or "30 s" in body


def test_red_flags_and_phases_load() -> None:
    assert {flag.id for flag in LIBRARY.red_flags} >= {"cauda-equina", "avulsion"}
    assert [phase.number for phase in LIBRARY.phases] == [1, 2, 3, 4]


def test_search_matches_word_starts_in_title_and_body() -> None:
    titles = {page.id for page in LIBRARY.search("shockwave")}
    assert "treatments" in titles
    assert LIBRARY.search("zzzz-no-such-word") == []
    assert len(LIBRARY.search("")) == len(LIBRARY.pages)


def _copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda text: text.replace("sources:", "references:", 1), "sources"),
        (lambda text: text.replace("title: ", "title: " + "x" * 50, 1), "title"),
        (lambda text: text.replace("id: symptoms", "id: Symptoms!", 1), "id"),
        (lambda text: text.replace("---\n", "", 1), "front matter"),
        (lambda text: text.replace("order: ", "order: [", 1), "line"),
    ],
)
def test_bad_page_names_file_and_field(tmp_path: Path, mutate, field: str) -> None:
    root = _copy_content(tmp_path)
    page = root / "learn" / "symptoms.md"
    page.write_text(mutate(page.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_library(root)
    assert caught.value.path == page
    assert field in str(caught.value)


def test_bad_red_flag_file_names_the_field(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    flags = root / "red_flags.yaml"
    flags.write_text(flags.read_text().replace("urgency: emergency", "urgency: later"), "utf-8")
    with pytest.raises(ContentError, match=r"red_flags\.yaml: \[0\]urgency"):
        load_library(root)


def test_page_id_must_match_file_name(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    moved = root / "learn" / "renamed.md"
    (root / "learn" / "symptoms.md").rename(moved)
    with pytest.raises(ContentError, match="must equal the file name"):
        load_page(moved)


def test_pain_model_zones_must_rise(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    model = root / "pain_model.yaml"
    model.write_text(model.read_text().replace("up_to: 5", "up_to: 2"), "utf-8")
    with pytest.raises(ContentError, match=r"pain_model\.yaml: .*zone bounds must rise"):
        load_library(root)


def test_a_gate_cannot_ask_for_a_score_the_pain_model_calls_not_tolerating(
    tmp_path: Path,
) -> None:
    root = _copy_content(tmp_path)
    phases = root / "phases.yaml"
    text = phases.read_text().replace("{kind: mean_rest, max: 2,", "{kind: mean_rest, max: 4,")
    phases.write_text(text, "utf-8")
    with pytest.raises(ContentError, match=r"phase 1: gate: mean_rest\.max: 4 is at the pain"):
        load_library(root)


def test_the_pain_model_names_its_absolute_limits_and_trend() -> None:
    limits = LIBRARY.pain_model.thresholds()
    assert (limits.not_tolerating, limits.stiffness_max_min) == (4, 30)
    assert (limits.trend_days, limits.trend_rise, limits.trend_min_mornings) == (7, 1, 4)


def test_red_flag_urgency_words_match_the_learn_page() -> None:
    """Each flag has a section headed by its short name whose urgency uses the list's word."""
    words = {"emergency": "emergency", "urgent": "urgent", "see-clinician": "see a clinician"}
    sections = LIBRARY.page("red-flags").body.split("\n## ")
    for flag in LIBRARY.red_flags:
        [section] = [s for s in sections if s.startswith(flag.short)]
        assert f"**Urgency: {words[flag.urgency]}.**" in section, flag.id


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("diagnosis", "three examiners"),
        ("return-to-running", "trial protocol"),
        ("treatments", "corticosteroid"),
        ("return-to-running", "Running-Physio"),
    ],
)
def test_corrections_found_in_review_are_on_the_pages(page: str, words: str) -> None:
    assert words.lower() in LIBRARY.page(page).as_markdown().lower()
