"""The app under Pilot runs on events, not on the wall clock: the once-a-second look at the
data file is left to the tests (they call `app._check_file()`, as the watch would), and a
notification stays up until the test has read it, however slowly a busy machine runs."""

from __future__ import annotations

import pytest
from textual.app import App

import tui.app

# Longer than any test: a notification never expires while a test is reading it.
NOTICE_S = 3600.0


@pytest.fixture(autouse=True)
def app_without_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui.app, "WATCH_S", NOTICE_S)
    notify = App.notify

    def lasting_notify(self: App, message: str, **kwargs: object) -> None:
        kwargs["timeout"] = NOTICE_S
        notify(self, message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", lasting_notify)
