"""Red flags in the person's data: which are open, what they stop, raising and clearing them,
and the profile document. Shared by the CLI and the app; no textual."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from content.loader import Library
from content.models import RedFlag
from rules.red_flags import AVULSION, URGENCY_WORDS, asks_about_avulsion, blocking, refusal
from store.changes import Change
from store.records import Profile, RedFlagChange
from store.repository import Store

CLEAR_HOW = (
    "record it in the red flag review (f on the Dashboard) or with: "
    'sitbone profile --cleared "REASON"'
)


def known_flag(library: Library, flag_id: str) -> RedFlag:
    """The content's flag, or a stand-in for an id the list no longer has (treated as urgent,
    so a flag reported earlier never silently stops counting)."""
    for flag in library.red_flags:
        if flag.id == flag_id:
            return flag
    # Built, not validated: the id comes from the data file, as it is (a hand edit may have
    # left any text there), and a stand-in must never fail where the flag itself would not.
    return RedFlag.model_construct(
        id=flag_id,
        short=flag_id[:50],
        title=f"Red flag '{flag_id}'",
        detail="Reported earlier; the current list no longer describes it.",
        urgency="urgent",
        action="See a doctor about it.",
    )


def open_flags(profile: Profile | None, library: Library) -> list[RedFlag]:
    """The open flags, most urgent first (the content's order)."""
    if profile is None:
        return []
    order = {flag.id: index for index, flag in enumerate(library.red_flags)}
    ids = sorted(profile.red_flags, key=lambda i: order.get(i, -1))
    return [known_flag(library, flag_id) for flag_id in ids]


def refused(store: Store, library: Library, doing: str) -> str | None:
    """Why `doing` is refused while an emergency or urgent red flag is open, or None."""
    return refusal(open_flags(store.profile(), library), doing, CLEAR_HOW)


def raise_flags(store: Store, profile: Profile, ids: list[str], now: datetime) -> Change | None:
    """Open the flags in `ids` not open yet; None when all were open already."""
    new = [flag_id for flag_id in dict.fromkeys(ids) if flag_id not in profile.red_flags]
    if not new:
        return None
    at = now.replace(microsecond=0)
    updated = profile.model_copy(update={"red_flags": (*profile.red_flags, *new), "updated": at})
    change = RedFlagChange(at=at, raised=tuple(new))
    return store.save_profile_with_flags(updated, change)


def clear_flags(store: Store, profile: Profile, reason: str, now: datetime) -> Change:
    """Record that a clinician has seen the open flags; they close, the history keeps them."""
    at = now.replace(microsecond=0)
    change = RedFlagChange(at=at, cleared=profile.red_flags, reason=reason.strip())
    updated = profile.model_copy(update={"red_flags": (), "updated": at})
    return store.save_profile_with_flags(updated, change)


def opened_on(history: list[RedFlagChange], flag_id: str) -> datetime | None:
    """When `flag_id` was last raised, from the history (oldest first)."""
    raised = [change.at for change in history if flag_id in change.raised]
    return raised[-1] if raised else None


def flag_json(flag: RedFlag) -> dict[str, Any]:
    return {
        "id": flag.id,
        "title": flag.title,
        "urgency": flag.urgency,
        "action": flag.action,
        "blocks": bool(blocking([flag])),
    }


def profile_json(store: Store, library: Library) -> dict[str, Any]:
    profile = store.profile()
    return {
        "profile": profile.model_dump(mode="json") if profile else None,
        "open_red_flags": [flag_json(flag) for flag in open_flags(profile, library)],
        "red_flag_history": [
            change.model_dump(mode="json") for _, change in store.red_flag_history()
        ],
    }


def describe_history(change: RedFlagChange, library: Library) -> str:
    """e.g. '2026-11-20 08:00 raised: A sudden pop: possible torn tendon'."""
    if change.raised:
        names = ", ".join(known_flag(library, i).short for i in change.raised)
        return f"{change.at:%Y-%m-%d %H:%M} raised: {names}"
    names = ", ".join(known_flag(library, i).short for i in change.cleared)
    return f"{change.at:%Y-%m-%d %H:%M} cleared: {names} (reason: {change.reason})"


def urgency_words(flag: RedFlag) -> str:
    return URGENCY_WORDS[flag.urgency]


AVULSION_QUESTION = (
    "Did you feel a sudden pop or a sharp pain, or has bruising appeared on the back of the "
    "thigh? Those are signs of a torn tendon (an avulsion): see a doctor within days."
)


def avulsion_question(
    store: Store, library: Library, pain: int | None, phase: int | None = None
) -> str | None:
    """After a run (phase None), or an exercise session in phase 3 or 4, with pain in the red
    zone: the question to ask once, unless the avulsion flag is open already."""
    red_from = library.pain_model.thresholds().amber_max + 1
    if not asks_about_avulsion(pain, red_from, phase):
        return None
    profile = store.profile()
    if profile is not None and AVULSION in profile.red_flags:
        return None
    return f"Pain {pain}/10. {AVULSION_QUESTION}"
