"""The weekly review read from the journal: the weeks as the settings begin them, the plan of
each phase from the content, the runs judged as the Run screen judges them. Shared by
`sitbone week`, the app's weekly view and the clinician report; no textual."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rules.week import PlannedExercise, RehabHistory, WeekReview, WeekRun, review_weeks, week_start

if TYPE_CHECKING:
    from journal.journal import Journal
    from rules.run import RunVerdict

MAX_WEEKS = 260  # five years


def weekly_review(journal: Journal, weeks: int) -> list[WeekReview]:
    """The last `weeks` weeks (1 to 260), oldest first, ending with the week holding today:
    fewer while the journal is younger than that (no week before its first day), never none.
    Weeks begin on the settings' `week_starts` (SettingsError if settings.yaml is not valid)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"{weeks} weeks is outside 1-{MAX_WEEKS}")
    today = journal.today()
    first_weekday = journal.settings().first_weekday()
    first = week_start(today, first_weekday) - timedelta(weeks=weeks)
    entries = [entry for _, entry in journal.pain_entries()]
    sessions = [session for _, session in journal.store.exercise_sessions()]
    runs = journal.runs()
    outcomes = [outcome for _, outcome in journal.outcomes()]
    changes = journal.phase_changes()
    profile = journal.profile()
    # The journal's first day: the profile's, or an earlier day a record was logged for.
    firsts = [kind[0].at for kind in (entries, sessions, outcomes, changes) if kind]
    firsts += [runs[0][1].at] if runs else []
    firsts += [profile.created] if profile else []
    verdicts = _verdicts(journal, {run.program for _, run in runs if run.at.date() >= first})
    history = RehabHistory(
        began=min(firsts).date() if firsts else today,
        entries=entries,
        sessions=sessions,
        runs=[WeekRun(i, run, verdicts.get(i)) for i, run in runs if run.at.date() >= first],
        outcomes=outcomes,
        changes=changes,
        injured=profile.injured_side if profile else "both",
        plan={
            phase.number: [
                PlannedExercise(e.id, e.days_per_week, e.dosage.sets)
                for e in journal.library.phase_exercises(phase.number)
            ]
            for phase in journal.library.phases
        },
    )
    return review_weeks(history, today, weeks, first_weekday, journal.limits, journal.load_tests())


def _verdicts(journal: Journal, programs: set[str]) -> dict[int, RunVerdict]:
    """Each run's verdict by run id, for the runs of `programs` still in the catalog: each
    program judged as a whole, as the Run screen judges it."""
    found: dict[int, RunVerdict] = {}
    for program in sorted(programs):
        if journal.programs.get(program) is not None:
            found.update(journal.running(program).verdicts)
    return found


def week_json(review: WeekReview) -> dict[str, Any]:
    """A week as a document: the review's fields by name, dates as YYYY-MM-DD, each run as
    `sitbone runs --json` shows it (the record, its id, outcome and reason)."""
    return {
        "start": review.start.isoformat(),
        "end": review.end.isoformat(),
        "days": review.days,
        "phase": review.phase,
        "check_ins": review.check_ins,
        "rest_mean": review.rest_mean,
        "rest_change": review.rest_change,
        "load_test_mean": review.load_test_mean,
        "load_test_change": review.load_test_change,
        "flare_days": _days(review.flare_days),
        "worsening_days": _days(review.worsening_days),
        "training_days": review.training_days,
        "planned_days": review.planned_days,
        "adherence_pct": review.adherence_pct,
        "sets_done": review.sets_done,
        "sets_planned": review.sets_planned,
        "runs": [
            {
                "id": item.id,
                **item.run.model_dump(mode="json"),
                "outcome": item.verdict.outcome.label if item.verdict else None,
                "outcome_reason": item.verdict.reason if item.verdict else None,
            }
            for item in review.runs
        ],
        "sitting_min": review.sitting_min,
        "sitting_chair": review.sitting_chair,
        "bridge_left": review.bridge_left,
        "bridge_right": review.bridge_right,
        "bridge_symmetry_pct": review.bridge_symmetry_pct,
        "visa_h": review.visa_h,
    }


def _days(days: tuple[date, ...]) -> list[str]:
    return [day.isoformat() for day in days]
