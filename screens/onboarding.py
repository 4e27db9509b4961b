"""First run (and 'edit profile'): injured side, onset, running now, and the red flags."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from journal.entry import parse_day
from journal.errors import field_messages
from store.records import Profile
from tui.widgets.plain import headed
from tui.widgets.screen import SitboneScreen

NONE_APPLIES = "none"
FORM_FIELD = {"injured_side": "side", "symptoms_began": "onset", "runs_now": "runs"}
SIDES = ("left", "right", "both")


class OnboardingScreen(SitboneScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="onboarding.save"),
        Binding("escape", "cancel", "Cancel", id="onboarding.cancel"),
    ]

    def __init__(self, profile: Profile | None = None) -> None:
        super().__init__()
        self.profile = profile

    @property
    def first_run(self) -> bool:
        return self.profile is None

    def compose(self) -> ComposeResult:
        profile = self.profile
        title = "Welcome to sitbone" if self.first_run else "Edit your profile"
        with VerticalScroll(id="form"):
            yield Static(f"[b]{title}[/b]", id="title")
            if self.first_run:
                yield Static(
                    "Three questions and a safety check. sitbone educates and tracks; "
                    "it does not diagnose. Tab moves between fields, ctrl+s saves.",
                    classes="intro",
                )
            yield Label("Which side hurts?", classes="question")
            with RadioSet(id="side"):
                for side in SIDES:
                    chosen = profile is not None and profile.injured_side == side
                    yield RadioButton(side.capitalize(), value=chosen, id=f"side-{side}")
            yield Label("", id="side-error", classes="error")
            yield Label(
                "When did the symptoms begin? (YYYY-MM-DD, roughly is fine)", classes="question"
            )
            yield Input(
                value=profile.symptoms_began.isoformat() if profile else "",
                placeholder="e.g. 2026-09-01",
                id="onset",
            )
            yield Label("", id="onset-error", classes="error")
            yield Label("Are you running at the moment?", classes="question")
            with RadioSet(id="runs"):
                yield RadioButton("Yes", value=bool(profile and profile.runs_now), id="runs-yes")
                yield RadioButton("No", value=bool(profile and not profile.runs_now), id="runs-no")
            yield Label("", id="runs-error", classes="error")
            yield Static("Red flags: do any of these apply to you?", classes="question")
            yield Static(self._flag_details(), id="flag-details")
            yield Static("Tick each that applies (space), or the last line if none does.")
            yield SelectionList[str](*self._flag_options(), id="flags")
            yield Label("", id="flags-error", classes="error")
            yield Static("", id="flag-advice")
            with Horizontal(id="buttons"):
                yield Button("Save", variant="primary", id="save")
                if not self.first_run:
                    yield Button("Cancel", id="cancel")
        yield Footer()

    def _flag_details(self) -> Text:
        details = Text()
        for number, flag in enumerate(self.sitbone.library.red_flags, start=1):
            details.append("\n" if number > 1 else "")
            details.append(f"{number}. ")
            details.append(f"{flag.title}.", style="bold")
            details.append(f" {flag.detail}")
        return details

    def _flag_options(self) -> list[Selection[str]]:
        # An open flag cannot be unticked here: it closes when a clinician has seen it, in
        # the red flag review, so its history stays true.
        ticked = set(self.profile.red_flags) if self.profile else set()
        options = [
            Selection(
                Text(f"{number}. {flag.short}" + (" (open)" if flag.id in ticked else "")),
                flag.id,
                flag.id in ticked,
                disabled=flag.id in ticked,
            )
            for number, flag in enumerate(self.sitbone.library.red_flags, start=1)
        ]
        confirmed_none = self.profile is not None and not self.profile.red_flags
        options.append(
            Selection(
                "None of these applies to me.", NONE_APPLIES, confirmed_none, disabled=bool(ticked)
            )
        )
        return options

    def on_mount(self) -> None:
        self.query_one("#side", RadioSet).focus()
        self._show_flag_advice()

    @on(SelectionList.SelectedChanged, "#flags")
    def _show_flag_advice(self) -> None:
        ticked = self._ticked_flags()
        advice = self.query_one("#flag-advice", Static)
        flags = [flag for flag in self.sitbone.library.red_flags if flag.id in ticked]
        if flags:
            lines = "\n".join(f"- {flag.action}" for flag in flags)
            advice.update(
                headed(
                    "Please see a clinician before following this program.",
                    f"\n{lines}\nYou can still save and use sitbone to learn and keep records.",
                )
            )
        else:
            advice.update("")
        advice.set_class(bool(flags), "shown")

    def _ticked_flags(self) -> list[str]:
        return [
            value
            for value in self.query_one("#flags", SelectionList).selected
            if value != NONE_APPLIES
        ]

    @on(Input.Submitted, "#onset")
    def _next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        errors: dict[str, str] = {}
        side = self._pressed_id("#side", "side-")
        if side is None:
            errors["side"] = "Choose the side that hurts."
        runs = self._pressed_id("#runs", "runs-")
        if runs is None:
            errors["runs"] = "Choose yes or no."
        onset_text = self.query_one("#onset", Input).value.strip()
        onset: date | None = None
        try:
            onset = parse_day(onset_text)
        except ValueError:
            errors["onset"] = "Enter a date as YYYY-MM-DD, e.g. 2026-09-01."
        selected = self.query_one("#flags", SelectionList).selected
        ticked = self._ticked_flags()
        if not selected:
            errors["flags"] = "Tick the red flags that apply, or 'None of these applies to me'."
        elif ticked and NONE_APPLIES in selected:
            errors["flags"] = "You ticked a red flag and 'none applies': untick one of them."
        profile: Profile | None = None
        try:
            # The model has the last word (e.g. no future onset), even when other fields are off.
            profile = self.sitbone.journal.profile_from(
                self.profile,
                injured_side=side,
                symptoms_began=onset,
                runs_now=runs == "yes" if runs else None,
                red_flags=ticked,
            )
        except ValidationError as error:
            for field, message in field_messages(error, FORM_FIELD).items():
                where = field if field in FORM_FIELD.values() else "onset"
                errors.setdefault(where, f"{message[:1].upper()}{message[1:]}.")
        for field in ("side", "onset", "runs", "flags"):
            label = self.query_one(f"#{field}-error", Label)
            label.update(errors.get(field, ""))
            label.set_class(field in errors, "shown")
        if errors or profile is None:
            first_field = next(iter(errors))
            self.query_one(f"#{first_field}").focus()
            return
        await self._save(profile)

    async def _save(self, profile: Profile) -> None:
        from store.errors import StoreError

        journal = self.sitbone.journal
        try:
            await self.sitbone.write(lambda: journal.save_profile(profile, self.profile))
        except StoreError as error:
            self.notify(f"Nothing saved: {error}", severity="error", timeout=10)
            return
        self.notify("Profile saved.")
        self.dismiss(None)

    def _pressed_id(self, selector: str, prefix: str) -> str | None:
        button = self.query_one(selector, RadioSet).pressed_button
        return button.id.removeprefix(prefix) if button and button.id else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "cancel" and self.first_run)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.first_run:
            self.dismiss(None)
