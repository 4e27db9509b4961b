"""The chart scene as inline SVG: no script, no external reference, every label escaped."""

from __future__ import annotations

from html import escape

from journal.report.chart import Colour, Dot, Label, Polyline, Rect, Scene
from rules.text import one_line


def svg(scene: Scene) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {scene.width:g} {scene.height:g}" '
        f'width="100%" role="img" aria-label="{_text(scene.title)}">',
        f"<title>{_text(scene.title)}</title>",
    ]
    for shape in scene.shapes:
        parts.append(_shape(shape))
    parts.append("</svg>")
    return "\n".join(parts)


def _shape(shape: Rect | Polyline | Dot | Label) -> str:
    if isinstance(shape, Rect):
        return (
            f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.w:.2f}" '
            f'height="{shape.h:.2f}" fill="{_rgb(shape.fill)}"/>'
        )
    if isinstance(shape, Polyline):
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in shape.points)
        dash = ' stroke-dasharray="1.2 0.8"' if shape.dashed else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{_rgb(shape.colour)}" '
            f'stroke-width="{shape.width:g}"{dash}/>'
        )
    if isinstance(shape, Dot):
        return (
            f'<circle cx="{shape.x:.2f}" cy="{shape.y:.2f}" r="{shape.r:g}" '
            f'fill="{_rgb(shape.fill)}"/>'
        )
    # Sizes are in points; the scene is in millimetres (1 pt = 0.3528 mm).
    return (
        f'<text x="{shape.x:.2f}" y="{shape.y:.2f}" font-size="{shape.size * 0.3528:.2f}" '
        f'fill="{_rgb(shape.colour)}" text-anchor="{shape.anchor}">{_text(shape.text)}</text>'
    )


def _rgb(colour: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _text(text: str) -> str:
    return escape(one_line(text), quote=True)
