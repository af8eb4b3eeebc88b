"""What a file must not contain to open on a machine with no internet."""

from __future__ import annotations

import re

# Any attribute or CSS that would fetch something from another machine.
OUTSIDE = [
    re.compile(
        r"""\b(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I
    ),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"<link\b", re.I),
]


def outside_references(text: str) -> list[str]:
    """Every place the text would reach beyond this machine."""
    found = []
    for pattern in OUTSIDE:
        found += [text[max(0, m.start() - 20) : m.end() + 40] for m in pattern.finditer(text)]
    return found
