"""The recovery screen restores through the store's plan: the newest sound backup, what it holds
against the current file, the replaced file kept; paths are never read as markup."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from screens.problem import RecoveryScreen
from store import Home, Store
from store.backup import list_backups
from store.records import PainEntry
from tests.conftest import NOW, fixed_clock, until_started
from tui.app import SitboneApp


def screen_text(app: SitboneApp) -> str:
    return " ".join(str(static.render()) for static in app.screen.query("Static"))


def home_with_two_backups(root: Path) -> Home:
    home = Home(root)
    for days_ago in (2, 1, 0):
        moment = NOW - timedelta(days=days_ago)
        Store(home, lambda moment=moment: moment).add_pain(
            PainEntry(at=moment, rest=2, note=f"{days_ago} days ago")
        )
    assert len(list_backups(home.backups_dir)) == 2
    return home


async def test_a_home_whose_path_looks_like_markup_shows_and_restores(tmp_path: Path) -> None:
    home = home_with_two_backups(tmp_path / "we[/]ird [b]home[/b]")
    newest, older = list_backups(home.backups_dir)
    payload = json.loads(newest.read_bytes())
    payload["tables"]["pain"]["1"]["rest"] = 99  # the newest backup does not validate
    newest.write_text(json.dumps(payload))
    home.data_file.write_text('{"app": "sitbone", "schema": 2, "tables": [')
    damaged = home.data_file.read_bytes()

    app = SitboneApp(home=home, clock=fixed_clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await until_started(pilot)
        assert isinstance(app.screen, RecoveryScreen)
        text = screen_text(app)
        assert str(home.data_file) in text and "not valid JSON" in text
        assert f"The newest backup, {newest}, cannot be restored" in text
        assert f"Backup:  {older}" in text and "pain" in text
        assert f"restore {older}" in text
        await pilot.press("r")
        await pilot.pause()
        assert older.name in screen_text(app)  # the question names the backup
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, RecoveryScreen)  # restored: onboarding (no profile)

    store = Store(home, fixed_clock)
    store.check()
    assert [entry.note for _, entry in store.pain_entries()] == ["2 days ago"]
    (kept,) = home.root.glob("sitbone.json.damaged-*")
    assert kept.read_bytes() == damaged


async def test_no_sound_backup_disables_restore(tmp_path: Path) -> None:
    home = home_with_two_backups(tmp_path / "home")
    for path in list_backups(home.backups_dir):
        path.write_text("[")
    home.data_file.write_text("[")
    app = SitboneApp(home=home, clock=lambda: NOW + timedelta(hours=1))
    async with app.run_test(size=(100, 40)) as pilot:
        await until_started(pilot)
        assert isinstance(app.screen, RecoveryScreen)
        assert "No backup can be restored: " in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
    assert home.data_file.read_text() == "["
