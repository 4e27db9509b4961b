"""Defaults for a new pain entry, shared by the CLI and the check-in form. No textual."""

from __future__ import annotations

from datetime import time

from store.records import PainContext


def default_context(now: time) -> PainContext:
    """Mornings are check-ins; evenings are evening entries; the rest of the day is 'other'."""
    if now < time(11, 0):
        return "morning"
    if now >= time(18, 0):
        return "evening"
    return "other"
