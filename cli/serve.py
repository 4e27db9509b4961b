"""`sitbone serve [--port N]`: the app in a browser, through textual-serve, on this machine
only (127.0.0.1). Each browser tab gets its own `sitbone` process on the same home, as a
second terminal would; the store's lock keeps their writes apart. No textual here:
textual-serve runs the app as a separate process and is imported only by this command."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import re
import shlex
import socket
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cli.common import EXIT_OK, EXIT_PROBLEM, Clock, Parser, whole
from store.home import Home

if TYPE_CHECKING:
    from textual_serve.server import Server

HOST = "127.0.0.1"  # loopback only: the app shows health data and can change it
DEFAULT_PORT = 8000
LOWEST_PORT, HIGHEST_PORT = 1024, 65535


# A <link> to a style sheet on another site.
EXTERNAL_STYLES = re.compile(r"<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>", re.IGNORECASE)


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the app to a browser on this machine (127.0.0.1 only); Ctrl+C stops it",
    )
    serve.add_argument(
        "--port",
        metavar="N",
        type=whole(LOWEST_PORT, HIGHEST_PORT),
        default=DEFAULT_PORT,
        help=f"port to listen on ({LOWEST_PORT}-{HIGHEST_PORT}, default {DEFAULT_PORT})",
    )


def app_command(home: Home) -> str:
    """The shell command textual-serve starts for each browser tab: this same sitbone, with
    this Python, on the same home."""
    return shlex.join([sys.executable, "-m", "tui", "--home", str(home.root)])


def cmd_serve(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    port: int = args.port
    if not _port_free(port):
        return _port_in_use(port)
    server = loopback_server(app_command(home), port)
    try:
        server.serve()
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        return _port_in_use(port)  # taken between the check and the server's own bind
    return EXIT_OK


def _port_in_use(port: int) -> int:
    print(f"sitbone: port {port} is in use on {HOST}; choose another with --port", file=sys.stderr)
    return EXIT_PROBLEM


def _port_free(port: int) -> bool:
    # Bound as aiohttp binds (address reuse on), so a port in TIME_WAIT counts as free.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def loopback_host(host: str | None) -> bool:
    """Whether an HTTP Host (or an Origin's host and port) names this machine: anything else
    reaching a loopback server is a page trying DNS rebinding."""
    if not host:
        return False
    name = urlsplit(f"//{host}").hostname
    if name is None:
        return False
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def same_origin(origin: str | None, host: str) -> bool:
    """Whether a websocket's Origin is the page this server gave (a browser always sends
    one); a tool that sends none, such as a script on this machine, is let in."""
    if origin is None:
        return True
    return urlsplit(origin).netloc == host


def loopback_server(command: str, port: int) -> Server:
    """textual-serve's server on 127.0.0.1:`port`, answering only pages of its own: another
    site open in the browser cannot drive the app (a websocket is not bound by the browser's
    same-origin rule, so the server checks Origin and Host itself)."""
    import asyncio
    import logging
    from typing import Any

    from aiohttp import web
    from textual_serve.server import Server

    class LoopbackServer(Server):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tabs: set[asyncio.Task[Any]] = set()  # the connections, one per tab

        def initialize_logging(self) -> None:
            # Problems only: no line per request in the terminal serving the app.
            logging.basicConfig(level=logging.WARNING, format="sitbone serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            print(f"sitbone: serving the app at http://{HOST}:{self.port} (this machine only)")
            print(
                f"From another computer: ssh -L {self.port}:{HOST}:{self.port} "
                f"{socket.gethostname()}, then open http://localhost:{self.port}"
            )
            print("Each browser tab runs its own sitbone. Ctrl+C stops serving.", flush=True)

        async def handle_index(self, request: web.Request) -> Any:
            if not loopback_host(request.host):
                raise web.HTTPForbidden(text="sitbone serves this machine only")
            # The page's links follow the address the browser used (an SSH tunnel may map
            # another local port). Set and read with no await between, so tabs cannot mix.
            self.public_url = f"http://{request.host}"
            page = await super().handle_index(request)
            # The page as textual-serve writes it fetches a font from Google: sitbone stays
            # offline and tells nobody it was opened (the browser's monospace font is used).
            if isinstance(page, web.Response) and page.text is not None:
                page.text = EXTERNAL_STYLES.sub("", page.text)
            return page

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not loopback_host(request.host) or not same_origin(
                request.headers.get("Origin"), request.host
            ):
                raise web.HTTPForbidden(text="sitbone serves its own pages only")
            tab = asyncio.current_task()
            if tab is None:  # not inside a request handler's task: nothing to track
                return await super().handle_websocket(request)
            self.tabs.add(tab)
            try:
                return await super().handle_websocket(request)
            finally:
                self.tabs.discard(tab)

        async def on_shutdown(self, app: web.Application) -> None:
            # Ctrl+C: each tab's app is told to quit now, rather than the server waiting
            # (up to a minute) for the browser to close its connection.
            for tab in self.tabs:
                tab.cancel()

    return LoopbackServer(command, host=HOST, port=port, title="sitbone")
