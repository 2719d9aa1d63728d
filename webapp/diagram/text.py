"""Label text: wrapping names to a width (CJK has no spaces) and placing them as SVG text."""

from __future__ import annotations

import unicodedata

from lxml import etree

from webapp.diagram.model import Bounds

SVG = "http://www.w3.org/2000/svg"
FONT_SIZE = 12
LINE_HEIGHT = 14


def char_width(char: str) -> float:
    """Estimated width at 12px: full-width (CJK) characters are square, Latin about half."""
    return 12.0 if unicodedata.east_asian_width(char) in "WF" else 6.5


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def wrap(text: str, width: float, max_lines: int = 0) -> list[str]:
    """Greedy wrap: break at spaces when a Latin word fits, else between any two characters."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(_wrap_paragraph(paragraph.strip(), max(width, 24.0)))
    lines = [line for line in lines if line]
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _shorten(lines[-1] + "…", width)
    return lines


def _wrap_paragraph(text: str, width: float) -> list[str]:
    lines, current = [], ""
    for word in _words(text):
        if current.strip() and text_width(current + word) > width:
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current += word
        while text_width(current) > width and len(current) > 1:  # a word wider than the line
            cut = _fit(current, width)
            lines.append(current[:cut].rstrip())
            current = current[cut:].lstrip()
    return [*lines, current.rstrip()]


def _words(text: str) -> list[str]:
    """Latin words stay whole, with their leading spaces; each CJK character is a word of its own."""
    words: list[str] = []
    for char in text:
        wide = char_width(char) >= 12
        prev = words[-1][-1] if words else ""
        prev_wide = bool(prev) and char_width(prev) >= 12
        starts = not words or prev_wide or (wide and not prev.isspace())
        if starts or (char.isspace() and not prev.isspace()):
            words.append(char)
        else:
            words[-1] += char
    return words


def _fit(text: str, width: float) -> int:
    used = 0.0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > width:
            return max(index, 1)
    return len(text)


def _shorten(text: str, width: float) -> str:
    while text_width(text) > width and len(text) > 1:
        text = text[:-2] + "…"
    return text


def add_text(
    parent: etree._Element,
    lines: list[str],
    x: float,
    top: float,
    anchor: str = "middle",
    transform: str | None = None,
) -> etree._Element | None:
    """One <text> with a <tspan> per line; lxml escapes the content, so names cannot inject markup."""
    if not lines:
        return None
    text = etree.SubElement(parent, f"{{{SVG}}}text", {"class": "label", "text-anchor": anchor})
    if transform:
        text.set("transform", transform)
    for index, line in enumerate(lines):
        baseline = top + index * LINE_HEIGHT + FONT_SIZE - 1
        span = etree.SubElement(text, f"{{{SVG}}}tspan", x=num(x), y=num(baseline))
        span.text = line
    return text


def centered(parent: etree._Element, name: str, box: Bounds, padding: float = 5) -> None:
    """The name centred in the box, as many lines as fit."""
    fit = max(1, int((box.h - 2 * padding) // LINE_HEIGHT))
    lines = wrap(name, box.w - 2 * padding, fit)
    add_text(parent, lines, box.cx, box.cy - len(lines) * LINE_HEIGHT / 2)


def external(parent: etree._Element, name: str, shape: Bounds, label: Bounds | None) -> Bounds:
    """An event's, gateway's or flow's name: in its DI label bounds, else under the shape."""
    # Modelers size label bounds with their own font metrics; 90px (bpmn.js's default) avoids
    # breaking a label that our rougher estimate finds a little too wide.
    width = max(label.w if label else shape.w, 90)
    lines = wrap(name, width)
    cx = label.cx if label else shape.cx
    top = label.y if label else shape.bottom + 5
    add_text(parent, lines, cx, top)
    used = max((text_width(line) for line in lines), default=0)
    return Bounds(cx - used / 2, top, used, len(lines) * LINE_HEIGHT)


def num(value: float) -> str:
    """Coordinates with at most one decimal, never in exponent form."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
