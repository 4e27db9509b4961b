"""A gate's criteria as text: each met, not met or no data, in words and colour, with its label
and evidence wrapped under the label. Shared by the Exercises gates and the locked Run view."""

from __future__ import annotations

from rich.text import Text

from rules.gates import GateResult, State
from tui.widgets.hanging import append_hanging

STATE_MARK = {State.MET: "[x] met", State.NOT_MET: "[ ] not met", State.NO_DATA: "[?] no data"}
STATE_STYLE = {State.MET: "green", State.NOT_MET: "red", State.NO_DATA: "yellow"}
CRITERION_INDENT = 15  # "  [ ] not met  ": the label and evidence start here


def append_criteria(text: Text, gate: GateResult, width: int) -> None:
    """Each criterion of a gate: met, not met or no data (in words and colour), then its label
    and its evidence, both wrapped under the label rather than under the mark."""
    for result in gate.criteria:
        mark = Text(f"  {STATE_MARK[result.state]:<12} ", style=STATE_STYLE[result.state])
        append_hanging(text, mark, Text(result.label), CRITERION_INDENT, width)
        lead = Text(" " * CRITERION_INDENT)
        append_hanging(text, lead, Text(result.evidence, style="dim"), CRITERION_INDENT, width)
