"""The six screens of the app, their keys and titles: one list the app, nav bar and help share;
the places with keys of their own, for help; and the palette's commands that press a screen's
keys."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenEntry:
    mode: str
    key: str
    title: str
    short: str
    module: str
    cls: str


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("dashboard", "1", "Dashboard", "Dash", "screens.dashboard", "DashboardScreen"),
    ScreenEntry("learn", "2", "Learn", "Learn", "screens.learn", "LearnScreen"),
    ScreenEntry("exercises", "3", "Exercises", "Exer", "screens.exercises", "ExercisesScreen"),
    ScreenEntry("pain", "4", "Pain", "Pain", "screens.pain", "PainScreen"),
    ScreenEntry("run", "5", "Run", "Run", "screens.run", "RunScreen"),
    ScreenEntry("history", "6", "History", "Hist", "screens.history", "HistoryScreen"),
)
# Dialogs and other places with keys of their own, for the help screen: (title, module, class).
DIALOGS: tuple[tuple[str, str, str], ...] = (
    (
        "Long histories (History timeline, Exercises sessions, Pain history, Run runs)",
        "tui.widgets.record_screen",
        "RecordScreen",
    ),
    ("Profile form", "screens.onboarding", "OnboardingScreen"),
    ("Red flag review", "screens.red_flags", "RedFlagsScreen"),
    ("Outcome measure", "screens.outcome_dialog", "OutcomeDialog"),
    ("Exercise session form", "screens.session_form", "SessionForm"),
    ("A reason (override, step back, unlock, flags seen)", "screens.session_form", "ReasonScreen"),
    ("After a run: pain and effort", "screens.run_dialogs", "RunAfterForm"),
    ("Ending a run", "screens.run_dialogs", "EndRunScreen"),
    ("An interrupted run, at start", "screens.run_dialogs", "ResumeRunScreen"),
    ("Program picker", "screens.run_dialogs", "ProgramPicker"),
    ("A yes/no question", "tui.widgets.confirm", "ConfirmScreen"),
    ("This help", "screens.help", "HelpScreen"),
    ("Recovery screen (a damaged data file)", "screens.problem", "RecoveryScreen"),
    ("Content problem screen", "screens.problem", "ContentProblemScreen"),
)


@dataclass(frozen=True)
class PaletteEntry:
    """A palette command that does what a screen's keys do: it switches to `mode`, then runs
    the actions of `bindings` there in turn, as pressing those keys would."""

    title: str
    help: str
    mode: str
    bindings: tuple[str, ...]
    # Said when the screen will not do it now (the key would do nothing).
    refused: str = "That cannot be done there just now."
    # Offered while a walk/run session is under way.
    during_run: bool = True


PALETTE: tuple[PaletteEntry, ...] = (
    PaletteEntry("New check-in", "Pain: a new check-in, rest pain first", "pain", ("pain.new",)),
    PaletteEntry(
        "Log a session",
        "Exercises: sets, reps or hold, load and pain of the highlighted exercise",
        "exercises",
        ("exercises.checklist", "exercises.log"),
    ),
    PaletteEntry(
        "Start the suggested run",
        "Run: start the session shown, at the suggested stage unless you changed it",
        "run",
        ("run.start",),
        refused="Nothing started: running is not unlocked yet; the Run screen says why.",
        during_run=False,
    ),
    PaletteEntry(
        "Sounds on/off",
        "Run: the bell at each change of segment; kept in settings.yaml",
        "run",
        ("run.sounds",),
    ),
    PaletteEntry("Weekly review", "History: week by week", "history", ("history.weekly",)),
    PaletteEntry(
        "Record an outcome measure",
        "Dashboard: a VISA-H total or a sitting test",
        "dashboard",
        ("dashboard.outcome",),
    ),
    PaletteEntry(
        "Edit profile",
        "Dashboard: injured side, onset date, running",
        "dashboard",
        ("dashboard.edit_profile",),
    ),
    PaletteEntry(
        "Review red flags",
        "Dashboard: record one, or that a clinician has seen them",
        "dashboard",
        ("dashboard.red_flags",),
    ),
)
