"""Text fields with a length limit stop taking characters at it, silently; this says so at the
field instead, so a long note is never cut without a word."""

from __future__ import annotations

from textual.widgets import Input, Label


def limit_message(value: str, limit: int, what: str) -> str:
    """'' below the limit; at it, what happened and why nothing more goes in."""
    if len(value) < limit:
        return ""
    return f"{what} has reached its limit of {limit} characters; nothing more can be typed."


def show_limit(field: Input, label: Label, what: str) -> None:
    """Show or clear the limit message of `field` in `label` (class `limit` while shown)."""
    message = limit_message(field.value, field.max_length or 0, what) if field.max_length else ""
    if message or label.has_class("limit"):
        label.update(message)
        label.set_class(bool(message), "limit")
