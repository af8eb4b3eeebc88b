"""Invented names for trusts and wards.

Every trust and ward in the synthetic collaborative is fictional. The names are neutral place and
nature words; none is meant to be a real NHS organisation.
"""

from __future__ import annotations

import numpy as np

TRUST_NAMES = (
    "Northfield Trust",
    "Eastbrook Trust",
    "Westmere Trust",
    "Southdale Trust",
    "Greyhaven Trust",
    "Oakmoor Trust",
    "Fernlea Trust",
    "Highcombe Trust",
    "Larchmont Trust",
    "Brackenvale Trust",
    "Silverholme Trust",
    "Thornbury Vale Trust",
)

WARD_NAMES = (
    "Willow", "Rowan", "Birch", "Hazel", "Cedar", "Maple", "Aspen", "Alder", "Juniper", "Holly",
    "Laurel", "Beech", "Linden", "Poplar", "Sycamore", "Hawthorn", "Heather", "Bluebell",
    "Primrose", "Foxglove", "Lavender", "Clover", "Iris", "Jasmine", "Magnolia", "Poppy",
    "Snowdrop", "Violet", "Wren", "Robin", "Kestrel", "Heron", "Swallow", "Lark", "Finch",
    "Kingfisher", "Curlew", "Plover", "Skylark", "Dove",
)  # fmt: skip

MAX_WARDS_PER_TRUST = len(WARD_NAMES)


def trust_name(index: int) -> str:
    """The name of trust number ``index`` (0-based); numbered once the invented names run out."""
    if index < len(TRUST_NAMES):
        return TRUST_NAMES[index]
    return f"Trust {index + 1}"


def ward_name(trust_index: int, ward_index: int) -> str:
    """The name of a ward; names never repeat within a trust and vary between trusts."""
    offset = (trust_index * 7) % len(WARD_NAMES)
    return f"{WARD_NAMES[(offset + ward_index) % len(WARD_NAMES)]} Ward"


def identifiers(prefix: str, count: int, width: int) -> np.ndarray:
    """Identifiers such as E000001, E000002 ... (numbered from 1, zero-padded to ``width``)."""
    numbers = np.arange(1, count + 1).astype(str)
    return np.char.add(prefix, np.char.zfill(numbers, max(width, len(str(count))))).astype(object)
