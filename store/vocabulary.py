"""The words a record may hold where it offers a choice. Kept apart from the models so the
command line can offer them as choices without loading pydantic to build its parser."""

from __future__ import annotations

from typing import Literal

Side = Literal["left", "right", "both"]
PainContext = Literal["morning", "after-exercise", "after-run", "evening", "other"]
Chair = Literal["hard", "soft", "car"]
Aggravator = Literal[
    "sitting", "speed-work", "hills", "stretching", "deep-hip-flexion", "long-run", "other"
]
SegmentKind = Literal["walk", "run"]
Effort = Literal["easy", "steady", "hard"]
