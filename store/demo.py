"""Realistic sample data for trying sitbone out: a runner slowly getting better."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from store.records import PainEntry, Profile


def demo_records(weeks: int, now: datetime, seed: int = 7) -> tuple[Profile, list[PainEntry]]:
    """A profile and `weeks` of morning check-ins (and some evenings) up to `now`."""
    rng = random.Random(seed)
    today = now.date()
    days = weeks * 7
    start = today - timedelta(days=days - 1)
    created = datetime.combine(start, time(7, 5))
    profile = Profile(
        injured_side="right",
        symptoms_began=start - timedelta(days=30),
        runs_now=False,
        created=created,
        updated=created,
    )
    # Two flares: one from an early hard day, one from sitting through a long drive.
    flares = {int(days * 0.3), int(days * 0.65)}
    entries: list[PainEntry] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        progress = offset / max(days - 1, 1)
        if rng.random() < 0.08:
            continue  # a missed morning, as real logs have
        flare = offset in flares
        rest = _clamp(round(4 - 3.2 * progress + rng.uniform(-0.6, 0.6)) + (3 if flare else 0))
        load = _clamp(round(5 - 3.6 * progress + rng.uniform(-0.7, 0.7)) + (3 if flare else 0))
        weekly = offset % 7 == 0
        injured = round(8 + 17 * progress + rng.uniform(-1, 1))
        other = round(22 + 6 * progress + rng.uniform(-1, 1))
        entries.append(
            PainEntry(
                at=datetime.combine(day, time(7, rng.randint(0, 40))),
                context="morning",
                rest=rest,
                load_test=load,
                stiffness_min=max(0, round(30 - 25 * progress + rng.uniform(-4, 4))),
                sitting_min=round(15 + 35 * progress) if weekly else None,
                chair="hard" if weekly else None,
                aggravators=("sitting", "long-run") if flare else (),
                bridge_left=other if weekly else None,
                bridge_right=injured if weekly else None,
                walk_min=rng.choice((20, 25, 30)) if weekly and progress > 0.5 else None,
                note="Long drive yesterday, sore on waking." if flare else "",
            )
        )
        if rng.random() < 0.3:
            entries.append(
                PainEntry(
                    at=datetime.combine(day, time(19, rng.randint(0, 59))),
                    context="after-exercise",
                    rest=_clamp(rest + rng.choice((0, 0, 1))),
                    activity=_clamp(load + rng.choice((-1, 0, 1))),
                )
            )
    return profile, [entry for entry in entries if entry.at <= now]


def _clamp(score: int) -> int:
    return max(0, min(10, score))
