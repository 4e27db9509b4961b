"""Status and export documents built from the store; shared by the CLI and the app. No textual."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from content.loader import Library, load_library
from rules.summary import DaySummary, summarise_day
from store import Store
from store.migrations import SCHEMA_VERSION
from store.records import PainEntry, Profile, RunSession, Table

EXPORT_TABLES = (
    Table.PAIN,
    Table.EXERCISE_SESSIONS,
    Table.RUNS,
    Table.PHASE_HISTORY,
    Table.RUN_UNLOCKS,
    Table.RED_FLAG_HISTORY,
    Table.OUTCOMES,
    Table.ACTIVE_RUN,
)


def day_summary(store: Store, today: date) -> DaySummary:
    pain = [entry for _, entry in store.pain_entries()]
    phases = [change for _, change in store.phase_changes()]
    return summarise_day(store.profile(), pain, phases, today)


def last_check_in(store: Store, library: Library) -> dict[str, Any] | None:
    """The newest morning check-in with its zone, 24-hour response, whether it is within the
    absolute limits, and the verdict line."""
    from journal.program import load_tests
    from rules.advice import judge

    entries = [entry for _, entry in store.pain_entries()]
    checks = [entry for entry in entries if entry.context == "morning"]
    if not checks:
        return None
    latest = checks[-1]
    tests = load_tests(library, [change for _, change in store.phase_changes()])
    judgement = judge(latest, entries, library.pain_model.thresholds(), tests)
    return {
        **latest.model_dump(mode="json"),
        "load_test_done": tests.on(latest.at),
        "zone": judgement.zone.colour,
        "response": judgement.response.value if judgement.response else None,
        "tolerating": judgement.tolerating,
        "verdict": judgement.line,
    }


def status_json(store: Store, today: date) -> dict[str, Any]:
    from journal.safety import flag_json, open_flags

    library = load_library()
    profile = store.profile()
    summary = day_summary(store, today)
    phase = library.phase(summary.phase)
    return {
        "profile": profile.model_dump(mode="json") if profile else None,
        "phase": {
            "number": phase.number,
            "name": phase.name,
            "aim": phase.aim,
            "load_test": phase.load_test.model_dump(),
        },
        "open_red_flags": [flag_json(flag) for flag in open_flags(profile, library)],
        "today": {
            "date": today.isoformat(),
            "days_since_onset": summary.days_since_onset,
            "pain_entries": summary.entries_today,
        },
        "last_pain_entry": summary.last_entry.model_dump(mode="json")
        if summary.last_entry
        else None,
        "last_check_in": last_check_in(store, library),
    }


def status_text(store: Store, today: date) -> str:
    from journal.safety import open_flags, urgency_words

    profile = store.profile()
    if profile is None:
        return "No profile yet. Run `sitbone` to set up (or `sitbone demo` for sample data)."
    library = load_library()
    summary = day_summary(store, today)
    phase = library.phase(summary.phase)
    lines = [
        f"RED FLAG ({urgency_words(flag)}): {flag.title}. {flag.action}"
        for flag in open_flags(profile, library)
    ]
    lines += [
        f"Profile: {describe_profile(profile, today, running_now(profile, store.runs(), today))}",
        f"Phase {phase.number}: {phase.name} - {phase.aim}",
        f"Morning load test this phase: {phase.load_test.name}",
        f"Today {today.isoformat()}: {pain_entries(summary.entries_today)}",
        f"Last entry: {describe_pain(summary.last_entry)}",
    ]
    check = last_check_in(store, library)
    if check is not None:
        lines.append(f"Last check-in {check['at'][:10]}: {check['verdict']}")
    return "\n".join(lines)


# Runs this recent say more about running today than the profile's first answer.
RECENT_RUN_DAYS = 14


def running_now(profile: Profile, runs: Sequence[tuple[int, RunSession]], today: date) -> str:
    """Running as the data shows it: the stage of the latest run of the last 14 days, else
    the profile's answer."""
    since = today - timedelta(days=RECENT_RUN_DAYS)
    recent = [run for _, run in runs if since < run.at.date() <= today]
    if recent:
        latest = max(recent, key=lambda run: run.at)
        return f"running: stage {latest.stage} of the walk/run program"
    return "running now" if profile.runs_now else "not running now"


def describe_profile(profile: Profile, today: date, running: str | None = None) -> str:
    """e.g. 'right side, symptoms since 2026-08-14 (14 weeks), not running now'; `running`
    replaces the profile's answer about running (see `running_now`)."""
    side = "both sides" if profile.injured_side == "both" else f"{profile.injured_side} side"
    weeks = (today - profile.symptoms_began).days // 7
    if running is None:
        running = "running now" if profile.runs_now else "not running now"
    return (
        f"{side}, symptoms since {profile.symptoms_began.isoformat()} "
        f"({weeks} {'week' if weeks == 1 else 'weeks'}), {running}"
    )


def pain_entries(count: int) -> str:
    return f"{count} pain {'entry' if count == 1 else 'entries'}"


def describe_pain(entry: PainEntry | None) -> str:
    if entry is None:
        return "none yet"
    parts = [f"{entry.at:%Y-%m-%d %H:%M} {entry.context}", f"rest {entry.rest}/10"]
    if entry.load_test is not None:
        parts.append(f"load test {entry.load_test}/10")
    if entry.activity is not None:
        parts.append(f"activity {entry.activity}/10")
    if entry.stiffness_min is not None:
        parts.append(f"stiffness {entry.stiffness_min} min")
    return ", ".join(parts)


def export_json(store: Store, now: datetime) -> dict[str, Any]:
    profile = store.profile()
    document: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "profile": profile.model_dump(mode="json") if profile else None,
    }
    for table in EXPORT_TABLES:
        document[table] = store.raw_table(table)
    return document
