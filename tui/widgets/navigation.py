"""The six screens of the app, their keys and titles: one list the app, nav bar and help share."""

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
# Dialogs with keys of their own, for the help screen: (title, module, class).
DIALOGS: tuple[tuple[str, str, str], ...] = (
    ("Profile form", "screens.onboarding", "OnboardingScreen"),
    ("Red flag review", "screens.red_flags", "RedFlagsScreen"),
    ("Outcome measure", "screens.outcome_dialog", "OutcomeDialog"),
)
