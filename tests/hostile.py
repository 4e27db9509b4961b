"""Hostile text: escape sequences, markup, bidi overrides and plain brackets, as a user or a
file might supply them. Shared by the CLI and screen tests."""

from __future__ import annotations

import re

from hypothesis import strategies as st

PAYLOADS = (
    "\x1b]2;owned\x07",  # retitle the terminal
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b31m",  # a one-byte CSI
    "[/]",  # closes a tag that was never opened: a markup error
    "[left leg] sore",  # looks like a tag, is a note
    "[@click=app.quit]quit[/]",  # a live action link if read as markup
    "[b]bold[/b] [red]red",
    "\u202eevil\u202c",  # right-to-left override
    "line one\rline two",
    "tab\there",
)

# Any text, with the dangerous characters made common.
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(
        alphabet=st.one_of(
            st.sampled_from(
                ["\x1b", "\x07", "\x9b", "\x00", "\r", "[", "]", "/", "@", "=", "\u202e"]
            ),
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
        ),
        min_size=1,
        max_size=40,
    ),
)

# What must never reach a terminal: C0 controls but tab and newline, DEL, C1 controls.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def raw_controls(text: str) -> list[str]:
    return RAW_CONTROL.findall(text)
