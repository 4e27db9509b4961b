"""The Dashboard: who you are in this rehab, your phase, and today at a glance."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from rules.text import printable
from tui.widgets.host import FileChanged, RunTicked, Started
from tui.widgets.plain import headed
from tui.widgets.screen import SitboneScreen

if TYPE_CHECKING:
    from rules.advice import Judgement
    from store.changes import Change
    from store.records import OutcomeMeasure

# The Start here card shows until there are this many morning check-ins: by then the person
# knows the way round.
START_HERE_UNTIL = 3


def check_in_warning(judgement: Judgement) -> str | None:
    """The word beside the zone when the morning is a flare, worsening or not tolerating."""
    from rules.pain import Response

    if judgement.response is Response.FLARE:
        return "FLARE"
    if judgement.response is Response.WORSENING:
        return "WORSENING"
    if not judgement.tolerating:
        return "NOT TOLERATING"
    return None


class DashboardScreen(SitboneScreen):
    MODE = "dashboard"
    BINDINGS = [
        Binding("e", "app.edit_profile", "Edit profile", id="dashboard.edit_profile"),
        Binding("f", "app.red_flags", "Red flags", id="dashboard.red_flags"),
        Binding("o", "outcome", "Outcome", id="dashboard.outcome"),
        # Shown only while the last change of the session is a measure recorded here.
        Binding("u", "undo_outcome", "Undo", id="dashboard.undo"),
    ]

    _today = ""

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="dashboard"):
            yield Static(id="red-flags", classes="card")
            yield Static(id="outcomes", classes="card")
            with Horizontal(id="top-row"):
                yield Static(id="profile", classes="card")
                yield Static(id="phase", classes="card")
            yield Static(id="today", classes="card")
            yield Static(id="check-in", classes="card")
            yield Static(id="next", classes="card")

    def on_screen_resume(self) -> None:
        # Also runs on first display, and whenever you come back (e.g. after editing).
        self.redraw_on_resume(self.refresh_cards)

    def on_started(self, _: Started) -> None:
        self.refresh_cards()

    def on_file_changed(self, _: FileChanged) -> None:
        self.refresh_cards()

    def refresh_cards(self) -> None:
        app = self.sitbone
        if not app.ready:
            self.query_one("#profile", Static).update("Loading…")
            return
        from journal.reports import describe_pain, describe_profile, pain_entries

        journal, today = app.journal, app.clock().date()
        profile = journal.profile()
        summary = journal.day_summary()
        self._red_flag_card()
        self._outcome_card()

        you = self.query_one("#profile", Static)
        you.border_title = "You"
        if profile is None:
            you.update("No profile yet.")
        else:
            key = app.key_for("dashboard.red_flags", self.BINDINGS)
            flags = (
                f"Red flags open: {len(profile.red_flags)} (above; {key} reviews them)."
                if profile.red_flags
                else f"Red flags: none open ({key} reviews them)."
            )
            about = describe_profile(profile, today, journal.running_words(profile))
            you.update(Text(f"{about[:1].upper()}{about[1:]}.\n{flags}"))

        self._phase_card(today)

        day = self.query_one("#today", Static)
        day.border_title = f"Today, {today:%A %d %B}"
        entries = pain_entries(summary.entries_today)
        self._today = f"{entries} today.\nLast entry: {describe_pain(summary.last_entry)}."
        self._run_line()

        self._check_in_card(today)

        tips = self.query_one("#next", Static)
        mornings = sum(1 for _, entry in journal.pain_entries() if entry.context == "morning")
        tips.display = profile is None or mornings < START_HERE_UNTIL
        tips.border_title = "Start here"
        tips.update(
            "Read [b]Learn[/b] (key 2): what PHT is, the red flags, and how the phases work.\n"
            "Each morning: rest pain and the load test on [b]Pain[/b] (key 4), or from the "
            "shell: [b]sitbone log pain --rest N --load-test N[/b]."
        )

    def _red_flag_card(self) -> None:
        """Open red flags lead the Dashboard: what each is and what to do."""
        from journal.safety import open_flags, urgency_words
        from rules.red_flags import blocking

        app = self.sitbone
        flags = open_flags(app.journal.profile(), app.library)
        card = self.query_one("#red-flags", Static)
        card.display = bool(flags)
        if not flags:
            return
        card.border_title = "Red flag open: see a clinician"
        text = Text()
        for flag in flags:
            text.append(f"{flag.title} ({urgency_words(flag)}). ", style="bold")
            text.append(f"{flag.action}\n")
        if blocking(flags):
            text.append(
                "Until a clinician has seen you, advancing a phase, unlocking running and "
                "starting a run are refused. "
            )
        key = app.key_for("dashboard.red_flags", self.BINDINGS)
        text.append(f"Press {key} to review, or to record that a clinician has seen you.")
        card.update(text)

    # -- outcome measures ----------------------------------------------------------------

    def _outcome_card(self) -> None:
        """A reminder while an outcome measure is due; hidden the rest of the time."""
        from journal.outcomes import reminder

        app = self.sitbone
        due = app.journal.due_outcomes()
        card = self.query_one("#outcomes", Static)
        card.display = bool(due)
        if not due:
            return
        card.border_title = "Outcome measures"
        key = app.key_for("dashboard.outcome", self.BINDINGS)
        them = "it" if len(due) == 1 else "them, one at a time"
        card.update(
            Text(
                f"{reminder(due)}, until {due[0].point.last:%a %d %b}: press {key} to record "
                f"{them}. The Learn page 'Outcome measures' says how."
            )
        )

    def action_outcome(self) -> None:
        from screens.outcome_dialog import OutcomeDialog

        app = self.sitbone
        if not app.ready:
            return
        dialog = OutcomeDialog(app.journal.due_outcomes(), save=self._save_outcome)
        self.app.push_screen(dialog, self._outcome_saved)

    async def _save_outcome(self, measure: OutcomeMeasure) -> bool:
        from store.errors import StoreError

        app = self.sitbone
        try:
            change = await app.write(lambda: app.journal.log_outcome(measure))
        except StoreError as error:
            self.notify(f"Nothing saved: {error}", severity="error", timeout=10)
            return False
        app.changes.append(change)
        return True

    def _outcome_saved(self, measure: OutcomeMeasure | None) -> None:
        from journal.outcomes import describe_measure

        if measure is None:
            return
        app = self.sitbone
        key = app.key_for("dashboard.undo", self.BINDINGS)
        what = describe_measure(measure, app.library.outcomes)
        self.notify(f"Saved: {what}. Press {key} to undo.")
        self.refresh_cards()
        self.refresh_bindings()

    def _last_outcome(self) -> Change | None:
        """The session's last change, when it is a measure recorded (the one u undoes)."""
        changes = self.sitbone.changes
        last = changes[-1] if changes else None
        # The table by its name, not store.records.Table: the footer asks this before the
        # first frame, and the record models (pydantic) load after it.
        added = last is not None and last.table == "outcomes" and last.kind == "added"
        return last if added else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_outcome":
            return self._last_outcome() is not None
        return True

    async def action_undo_outcome(self) -> None:
        from store.errors import StaleRecordError, StoreError

        app = self.sitbone
        change = self._last_outcome()
        if change is None:
            return
        try:
            await app.write(lambda: app.journal.undo(change))
        except StaleRecordError:
            app.changes.pop()
            self.notify("Cannot undo: the measure was changed elsewhere since.", severity="warning")
        except StoreError as error:
            self.notify(f"Not undone: {error}", severity="error", timeout=10)
            return
        else:
            app.changes.pop()
            self.notify(f"Undone: {_named(change.after)} is removed.")
        self.refresh_cards()
        self.refresh_bindings()

    def on_run_ticked(self, _: RunTicked) -> None:
        if self.sitbone.ready:
            self._run_line()

    def _run_line(self) -> None:
        """The Today card's last line: the session under way, live, or the next one."""
        from tui.widgets.live import live_summary

        app = self.sitbone
        run = app.current_run
        line = Text(f"{self._today}\n")
        if run is not None and run.timer.started:
            line.append("Run under way: ", style="bold")
            line.append(printable(live_summary(run.view(), len(run.timer.plan))))
        else:
            state = app.journal.running()
            if state.refusal:
                line.append("No running while a red flag is open")
            elif state.unlocked:
                watched = " (monitored: you run now)" if state.monitored else ""
                line.append(
                    printable(
                        f"Next run{watched}: stage {state.next.stage} of {state.program.name}, "
                        f"from {state.next.not_before:%a %d %b}"
                    )
                )
            else:
                line.append(
                    f"Running unlocks in phase 4 (key {app.key_for('screen.run')}: the criteria)"
                )
        line.append(".")
        self.query_one("#today", Static).update(line)

    def _phase_card(self, today: date) -> None:
        from rules.gates import days_since_flare

        app = self.sitbone
        state = app.journal.program()
        finished, total = state.progress(app.library.phase_exercises(state.phase.number))
        limits = app.library.pain_model.thresholds()
        since = days_since_flare(state.entries, today, limits, state.tests)
        text = headed(state.phase.name, f", day {state.day_in_phase}")
        text.append(f"\nToday: {finished} of {total} exercises done")
        if state.gate is not None:
            text.append(f"\nGate to phase {state.gate.next_phase}: {state.gate.met} of "
                        f"{len(state.gate.criteria)} criteria met")  # fmt: skip
        text.append("\nNo flare logged" if since is None else f"\nDays since last flare: {since}")
        advice = state.flare_advice(limits)
        if advice:
            text.append(f"\n{advice}", style="bold")
        card = self.query_one("#phase", Static)
        card.border_title = f"Phase {state.phase.number} of 4"
        card.update(text)

    def _check_in_card(self, today: date) -> None:
        from rules.trends import daily_worst
        from tui.widgets.sparkline import pain_sparkline
        from tui.widgets.zones import ZONE_STYLE, zone_text

        app = self.sitbone
        card = self.query_one("#check-in", Static)
        entries = [entry for _, entry in app.journal.pain_entries()]
        checks = [entry for entry in entries if entry.context == "morning"]
        key = app.key_for("screen.pain")
        if not checks:
            card.border_title = "Morning check-in"
            card.update(
                f"No morning check-in yet. Press {key} for the Pain screen: it takes seconds."
            )
            return
        latest = checks[-1]
        judgement = app.journal.judge(latest, entries)
        card.border_title = f"Last check-in, {latest.at:%a %d %b %H:%M}"
        text = zone_text(judgement.zone)
        warning = check_in_warning(judgement)
        if warning:
            # The zone's own label ("acceptable") would contradict a flare: say the response.
            text.append(f"  {warning}", style=ZONE_STYLE[judgement.zone])
            text.append(f"  {judgement.line}\n")
        else:
            text.append(f" ({judgement.zone.label})  {judgement.line}\n")
        text.append("Last 14 days ")
        text.append_text(pain_sparkline(daily_worst(entries, today, 14)))
        text.append("  worse of rest and load test; · no check-in", style="dim")
        card.update(text)


def _named(measure: object) -> str:
    """'the VISA-H of Sat 21 Nov', 'the sitting test of ...'."""
    from rules.outcomes import OUTCOME_NAMES
    from store.records import OutcomeMeasure

    if not isinstance(measure, OutcomeMeasure):
        return "the measure"
    name = OUTCOME_NAMES[measure.kind]
    return f"the {name if name.isupper() else name.lower()} of {measure.at:%a %d %b}"
