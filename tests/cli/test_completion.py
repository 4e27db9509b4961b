"""`sitbone completion bash|zsh|fish`: every command the parser has is in each script, each
script loads in its shell (where that shell is installed), and bash completes as typed."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cli.completion import SHELLS
from cli.main import build_parser
from tests.conftest import ROOT, Ran

VENV_BIN = Path(sys.executable).parent


def command_paths(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand of `parser`, as the words typed to reach it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name)
                yield from command_paths(sub, (*path, name))


ALL_COMMANDS = sorted(command_paths(build_parser()))


def test_the_parser_has_the_commands_these_tests_expect() -> None:
    names = {path[-1] for path in ALL_COMMANDS}
    assert {"log", "pain", "report", "serve", "completion", "visa-h"} <= names


@pytest.mark.parametrize("shell", SHELLS)
def test_each_script_names_every_command(run_cli: Callable[..., Ran], shell: str) -> None:
    ran = run_cli("completion", shell)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == ""
    missing = [
        " ".join(path)
        for path in ALL_COMMANDS
        if not re.search(rf"(?<![\w-]){re.escape(path[-1])}(?![\w-])", ran.stdout)
    ]
    assert not missing, f"{shell} script lacks {missing}"


@pytest.mark.parametrize("shell", SHELLS)
def test_each_script_offers_the_choices(run_cli: Callable[..., Ran], shell: str) -> None:
    script = run_cli("completion", shell).stdout
    for choice in ("after-exercise", "hard", "soft", "car", "html", "md", "pdf", "fish"):
        assert choice in script, (shell, choice)


def test_an_unknown_shell_is_a_usage_error(run_cli: Callable[..., Ran]) -> None:
    ran = run_cli("completion", "tcsh")
    assert ran.returncode == 2
    assert ran.stderr.count("\n") == 1 and "invalid choice" in ran.stderr


def test_only_the_completion_command_loads_shtab() -> None:
    probe = (
        "import sys\nfrom cli.main import build_parser\nbuild_parser()\n"
        "print('shtab' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# -- in the shells themselves ---------------------------------------------------------------


def installed_sitbone() -> Path:
    sitbone = VENV_BIN / "sitbone"
    if not sitbone.exists():
        pytest.skip("the sitbone command is not installed beside this Python")
    return sitbone


def in_shell(
    shell: str, code: str, words: tuple[str, ...] = (), cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `code` in `shell` with the venv's `sitbone` first on PATH; `words` become $@."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed on this machine")
    installed_sitbone()
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("SITBONE_HOME", None)
    arguments = ("sitbone", *words) if words else ()
    return subprocess.run(
        [shell, "-c", code, *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# How each shell loads the script, as the README says to.
LOAD = {
    "bash": "source <(sitbone completion bash)",
    "zsh": 'autoload -U compinit && compinit -u -D && eval "$(sitbone completion zsh)"',
    "fish": "sitbone completion fish | source",
}
# What each shell says once the script is loaded: sitbone is registered for completion.
REGISTERED = {
    "bash": "complete -p sitbone",
    "zsh": "print -r -- ${_comps[sitbone]}",
    "fish": "complete -c sitbone | count",
}


@pytest.mark.parametrize("shell", SHELLS)
def test_each_script_loads_in_its_shell(shell: str) -> None:
    both = "; and " if shell == "fish" else " && "
    result = in_shell(shell, LOAD[shell] + both + REGISTERED[shell])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() not in ("", "0")


# Completes the words in COMP_WORDS as bash would at a <TAB> after the last one.
BASH_COMPLETE = r"""
source <(sitbone completion bash) || exit 9
spec=$(complete -p sitbone); fn=${spec##*-F }; fn=${fn%% *}
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
COMPREPLY=()
"$fn" sitbone "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


def bash_completes(*words: str, cwd: Path | None = None) -> list[str]:
    result = in_shell("bash", BASH_COMPLETE, words, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return sorted(line.strip() for line in result.stdout.splitlines() if line.strip())


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        (("sitbone", "lo"), ["log"]),
        (("sitbone", "log", "p"), ["pain"]),
        (("sitbone", "report", "--format", ""), ["html", "md", "pdf"]),
        (("sitbone", "log", "pain", "--chair", ""), ["car", "hard", "soft"]),
        (("sitbone", "log", "pain", "--context", "after"), ["after-exercise", "after-run"]),
        (("sitbone", "outcome", ""), ["sitting", "visa-h"]),
        (("sitbone", "completion", ""), ["bash", "fish", "zsh"]),
        (("sitbone", "serve", "--p"), ["--port"]),
    ],
)
def test_bash_completes_commands_options_and_choices(
    words: tuple[str, ...], offered: list[str]
) -> None:
    assert bash_completes(*words) == offered


def test_bash_completes_paths_for_path_arguments(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    (tmp_path / "backups").mkdir()
    assert bash_completes("sitbone", "--home", "ba", cwd=tmp_path) == ["backups"]
    assert bash_completes("sitbone", "--home", "da", cwd=tmp_path) == []  # folders only
    assert bash_completes("sitbone", "report", "--output", "da", cwd=tmp_path) == ["data.json"]
    assert bash_completes("sitbone", "restore", "da", cwd=tmp_path) == ["data.json"]
    if ("import",) in ALL_COMMANDS:
        assert bash_completes("sitbone", "import", "da", cwd=tmp_path) == ["data.json"]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("sitbone lo", {"log"}),
        ("sitbone report --format ", {"html", "md", "pdf"}),
        ("sitbone log pain --chair ", {"hard", "soft", "car"}),
    ],
)
def test_fish_completes_commands_and_choices(line: str, offered: set[str]) -> None:
    result = in_shell("fish", f"sitbone completion fish | source; and complete -C '{line}'")
    assert result.returncode == 0, result.stderr
    assert {row.split("\t")[0] for row in result.stdout.splitlines()} == offered
