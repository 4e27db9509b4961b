"""`sitbone serve`: a real server process answers on 127.0.0.1 only with the app's page,
starts one app per browser tab on the same home, refuses other sites, and stops cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cli.serve import app_command, loopback_host, same_origin
from store import Home
from tests.conftest import ROOT, Ran, real_cli

if TYPE_CHECKING:
    from aiohttp import ClientWebSocketResponse

# Only a hang reaches these: the answer never depends on how fast the machine is.
START_S = 30.0
POLL_S = 0.05


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def until(done: Callable[[], object], what: str, limit: float = START_S) -> None:
    give_up = time.monotonic() + limit
    while not done():
        assert time.monotonic() < give_up, f"still waiting for {what} after {limit:g} s"
        time.sleep(POLL_S)


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Served:
    """A `sitbone serve` process on a free port."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self.port = free_port()
        serve = ["--home", str(home.root), "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", *serve],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a group of its own, as a terminal gives a command
        )

    def wait_until_answering(self) -> None:
        until(lambda: answers(self.port) or self.process.poll() is not None, "the server")
        assert self.process.poll() is None, self.process.communicate()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self, ctrl_c: bool = True) -> tuple[int, str, str]:
        """Stop it as Ctrl+C in its terminal does (SIGINT to the server and the apps it
        started), or as `kill` does (SIGTERM to the server alone); its exit status and what
        it printed."""
        if ctrl_c:
            os.killpg(self.process.pid, signal.SIGINT)
        else:
            self.process.terminate()
        out, err = self.process.communicate(timeout=START_S)
        return self.process.returncode, out, err


@pytest.fixture
def served(home: Home) -> Iterator[Served]:
    server = Served(home)
    try:
        server.wait_until_answering()
        yield server
    finally:
        # The server and any app it started: nothing outlives a failed test.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.communicate()


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on `port` (Linux's /proc/net)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                # The kernel writes each 32-bit word in host order.
                words = [raw[i : i + 4][::-1] for i in range(0, len(raw), 4)]
                family = socket.AF_INET if width == 8 else socket.AF_INET6
                found.add(socket.inet_ntop(family, b"".join(words)))
    return found


def apps_on(home: Home) -> list[int]:
    """Pids of the `python -m tui --home HOME` processes (the apps textual-serve started)."""
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # gone meanwhile
        words = [word.decode(errors="replace") for word in argv]
        if "tui" in words and str(home.root) in words and "serve" not in words:
            pids.append(int(entry.name))
    return pids


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=START_S) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_serves_the_app_page_on_loopback_only(served: Served) -> None:
    status, page = get(served.url())
    assert status == 200
    assert 'class="textual-terminal"' in page
    assert "<div>sitbone</div>" in page
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page
    assert "https://" not in page and "http://fonts" not in page  # nothing fetched elsewhere
    if Path("/proc/net/tcp").exists():
        assert listening_addresses(served.port) == {"127.0.0.1"}
    # Through `ssh -L 9000:127.0.0.1:PORT` the browser asks for localhost:9000.
    status, page = get(served.url(), {"Host": "localhost:9000"})
    assert status == 200
    assert 'data-session-websocket-url="ws://localhost:9000/ws"' in page
    # A site that points its name at 127.0.0.1 (DNS rebinding) gets nothing.
    status, _ = get(served.url(), {"Host": f"rebound.example:{served.port}"})
    assert status == 403
    code, out, err = served.stop()
    assert code == 0, err
    assert f"http://127.0.0.1:{served.port}" in out
    assert f"ssh -L {served.port}:127.0.0.1:{served.port}" in out
    assert err == ""


@pytest.mark.parametrize("ctrl_c", [True, False], ids=["ctrl-c", "kill"])
async def test_each_tab_runs_its_own_app_and_stopping_stops_them_all(
    served: Served, ctrl_c: bool
) -> None:
    import aiohttp

    if not Path("/proc/self/cmdline").exists():
        pytest.skip("counting the app processes reads /proc (Linux)")
    origin = {"Origin": f"http://127.0.0.1:{served.port}"}
    async with aiohttp.ClientSession() as session:
        tabs = [
            await session.ws_connect(served.url("/ws?width=80&height=24"), headers=origin)
            for _ in range(2)
        ]
        for tab in tabs:  # each draws a screen: its own app started and answered
            message = await asyncio.wait_for(tab.receive(), START_S)
            assert message.type == aiohttp.WSMsgType.BINARY, message
        assert len(apps_on(served.home)) == 2
        # Read on as a browser does (it answers the server's closing of the connection).
        reading = [asyncio.create_task(read_until_closed(tab)) for tab in tabs]
        code, _, err = await asyncio.to_thread(served.stop, ctrl_c)
        assert code == 0, err
        await asyncio.wait_for(asyncio.gather(*reading), START_S)
    until(lambda: not apps_on(served.home), "the apps to exit")


async def read_until_closed(tab: ClientWebSocketResponse) -> None:
    async for _ in tab:
        pass


async def test_another_site_cannot_open_the_app(served: Served) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(
                served.url("/ws"), headers={"Origin": "https://elsewhere.example"}
            )
    assert refused.value.status == 403
    assert not apps_on(served.home)


@pytest.mark.parametrize("port", ["80", "1023", "65536", "eight", "-1"])
def test_a_bad_port_is_a_usage_error(run_cli: Callable[..., Ran], home: Home, port: str) -> None:
    ran = run_cli("--home", str(home.root), "serve", f"--port={port}")
    assert ran.returncode == 2
    assert ran.stderr.startswith("sitbone: argument --port: ")
    assert ran.stderr.count("\n") == 1
    assert ran.stdout == ""


def test_a_port_in_use_is_one_line_and_exit_1(home: Home) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = real_cli("--home", str(home.root), "serve", "--port", str(port))
    assert result.returncode == 1
    assert (
        result.stderr
        == f"sitbone: port {port} is in use on 127.0.0.1; choose another with --port\n"
    )
    assert result.stdout == ""


def test_the_parser_loads_no_server_and_the_server_no_textual() -> None:
    probe = (
        "import sys\nfrom cli.main import build_parser\nbuild_parser()\n"
        "print(sorted({'aiohttp', 'textual_serve'} & set(sys.modules)))\n"
        "from cli.serve import loopback_server\nloopback_server('true', 8000)\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[]", "False"]


def test_each_tab_runs_this_sitbone_on_the_same_home(tmp_path: Path) -> None:
    home = Home(tmp_path / "it's a home" / "$(not run)")
    assert shlex.split(app_command(home)) == [
        sys.executable,
        "-m",
        "tui",
        "--home",
        str(home.root),
    ]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("localhost", True),
        ("[::1]:8000", True),
        ("127.1.2.3", True),
        ("example.com:8000", False),
        ("localhost.example.com", False),
        ("10.0.0.5:8000", False),
        ("", False),
        (None, False),
    ],
)
def test_which_host_names_this_machine(host: str | None, loopback: bool) -> None:
    assert loopback_host(host) is loopback


def test_a_websocket_from_another_origin_is_told_apart() -> None:
    assert same_origin("http://localhost:9000", "localhost:9000")
    assert not same_origin("http://localhost:9001", "localhost:9000")
    assert not same_origin("https://elsewhere.example", "localhost:9000")
    assert same_origin(None, "localhost:9000")  # a local script, not a browser


def chromium() -> str | None:
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next((path for name in names if (path := shutil.which(name))), None)


def test_a_headless_browser_loads_the_page(served: Served) -> None:
    browser = chromium()
    if browser is None:
        pytest.skip("no headless browser (chromium) on this machine")
    headless = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"]
    result = subprocess.run(
        [browser, *headless, "--dump-dom", served.url()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # The page's own script ran and built the terminal the app draws in.
    assert "xterm-screen" in result.stdout
