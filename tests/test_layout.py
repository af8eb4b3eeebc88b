"""The test tree stays collectable as one run: no two bare test modules share a name."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_bare_test_modules_have_unique_names():
    bare = [
        path.name
        for path in TESTS.rglob("*.py")
        if "__pycache__" not in path.parts and not (path.parent / "__init__.py").exists()
    ]
    counts = Counter(bare)
    repeated = [name for name, n in counts.items() if n > 1 and name != "conftest.py"]
    assert repeated == [], "rename these test modules or give their folders an __init__.py"
