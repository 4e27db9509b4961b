"""The `sitbone` command as installed: the command line, with the app to open when no command
is given. The command line never imports the app; it is handed the way to open it here."""

from __future__ import annotations

import sys

from cli.common import EXIT_OK, Clock, RunRequest
from cli.main import main as command_line
from store.home import Home


def open_app(home: Home, clock: Clock, run_request: RunRequest | None = None) -> int:
    """Open the app; `run_request` (program id, stage) opens it on the Run screen with that
    session ready to start (None parts: the suggested program or stage)."""
    from tui.app import SitboneApp

    app = SitboneApp(home=home, clock=clock, run_request=run_request)
    app.run()
    # Non-zero when the app stopped on an error, so scripts and shells can tell.
    return app.return_code or EXIT_OK


def main() -> int:
    return command_line(sys.argv[1:], open_app=open_app)
