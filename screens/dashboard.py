"""The Dashboard: who you are in this rehab, your phase, and today at a glance."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from screens.base import SitboneScreen


class DashboardScreen(SitboneScreen):
    MODE = "dashboard"
    CSS_PATH = "dashboard.tcss"
    BINDINGS = [Binding("e", "app.edit_profile", "Edit profile", id="dashboard.edit_profile")]

    _today = ""

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="dashboard"):
            with Horizontal(id="top-row"):
                yield Static(id="profile", classes="card")
                yield Static(id="phase", classes="card")
            yield Static(id="today", classes="card")
            yield Static(id="check-in", classes="card")
            yield Static(id="next", classes="card")

    def on_screen_resume(self) -> None:
        # Also runs on first display, and whenever you come back (e.g. after editing).
        self.refresh_cards()

    def on_sitbone_app_started(self) -> None:
        self.refresh_cards()

    def refresh_cards(self) -> None:
        app = self.sitbone
        if not app.ready:
            self.query_one("#profile", Static).update("Loading…")
            return
        from tui.reports import day_summary, describe_pain, describe_profile

        store, today = app.store, app.clock().date()
        profile = store.profile()
        summary = day_summary(store, today)

        you = self.query_one("#profile", Static)
        you.border_title = "You"
        if profile is None:
            you.update("No profile yet.")
        else:
            flags = (
                "[b]Red flag reported: see a clinician before following this program.[/b]"
                if profile.red_flags
                else "Red flags: none reported."
            )
            about = describe_profile(profile, today)
            you.update(f"{about[:1].upper()}{about[1:]}.\n{flags}")

        self._phase_card(today)

        day = self.query_one("#today", Static)
        day.border_title = f"Today, {today:%A %d %B}"
        entries = (
            "1 pain entry"
            if summary.entries_today == 1
            else (f"{summary.entries_today} pain entries")
        )
        self._today = f"{entries} today.\nLast entry: {describe_pain(summary.last_entry)}."
        self._run_line()

        self._check_in_card(today)

        tips = self.query_one("#next", Static)
        tips.border_title = "Start here"
        tips.update(
            "Read [b]Learn[/b] (key 2): what PHT is, the red flags, and how the phases work.\n"
            "Each morning: rest pain and the load test on [b]Pain[/b] (key 4), or from the "
            "shell: [b]sitbone log pain --rest N --load-test N[/b]."
        )

    def on_sitbone_app_run_ticked(self) -> None:
        if self.sitbone.ready:
            self._run_line()

    def _run_line(self) -> None:
        """The Today card's last line: the session under way, live, or the next one."""
        from screens.run import live_summary
        from tui.running import run_state

        app = self.sitbone
        run = app.current_run
        if run is not None and run.timer.started:
            line = f"[b]Run under way:[/b] {live_summary(run.view(), len(run.timer.plan))}"
        else:
            state = run_state(app.store, app.library, app.programs, app.clock().date())
            if state.unlocked:
                line = (
                    f"Next run: stage {state.next.stage} of {state.program.name}, "
                    f"from {state.next.not_before:%a %d %b}"
                )
            else:
                line = f"Running unlocks in phase 4 (key {app.key_for('screen.run')}: the criteria)"
        self.query_one("#today", Static).update(f"{self._today}\n{line}.")

    def _phase_card(self, today: date) -> None:
        from rules.gates import days_since_flare
        from tui.program import program_state

        app = self.sitbone
        state = program_state(app.store, app.library, today)
        finished, total = state.progress(app.library.phase_exercises(state.phase.number))
        limits = app.library.pain_model.thresholds()
        since = days_since_flare(state.entries, today, limits)
        lines = [
            f"[b]{state.phase.name}[/b], day {state.day_in_phase}",
            f"Today: {finished} of {total} exercises done",
        ]
        if state.gate is not None:
            lines.append(f"Gate to phase {state.gate.next_phase}: {state.gate.met} of "
                         f"{len(state.gate.criteria)} criteria met")  # fmt: skip
        lines.append("No flare logged" if since is None else f"Days since last flare: {since}")
        advice = state.flare_advice(limits)
        if advice:
            lines.append(f"[b]{advice}[/b]")
        card = self.query_one("#phase", Static)
        card.border_title = f"Phase {state.phase.number} of 4"
        card.update("\n".join(lines))

    def _check_in_card(self, today: date) -> None:
        from rules.advice import judge
        from rules.trends import daily_worst
        from screens.sparkline import pain_sparkline
        from screens.zones import zone_text

        app = self.sitbone
        card = self.query_one("#check-in", Static)
        entries = [entry for _, entry in app.store.pain_entries()]
        checks = [entry for entry in entries if entry.context == "morning"]
        key = app.key_for("screen.pain")
        if not checks:
            card.border_title = "Morning check-in"
            card.update(
                f"No morning check-in yet. Press {key} for the Pain screen: it takes seconds."
            )
            return
        latest = checks[-1]
        judgement = judge(latest, entries)
        card.border_title = f"Last check-in, {latest.at:%a %d %b %H:%M}"
        text = zone_text(judgement.zone)
        text.append(f" ({judgement.zone.label})  {judgement.line}\n")
        text.append("Last 14 days ")
        text.append_text(pain_sparkline(daily_worst(entries, today, 14)))
        text.append("  worse of rest and load test; · no check-in", style="dim")
        card.update(text)
