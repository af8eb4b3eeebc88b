"""Deming's funnel experiment: how adjusting a stable process ("tampering") makes it worse.

A marble is dropped through a funnel held over a target on a table; where it lands varies by
chance. Deming (*Out of the Crisis*, 1986, ch. 11; *The New Economics*, ch. 9) compared four
rules for moving the funnel after each drop. With ``z`` the landing point and ``f`` the funnel
position, both measured from the target, and ``e`` the chance error of each drop (``z = f + e``):

1. Leave the funnel over the target: ``f = 0``. Spread: the chance error alone (variance s²).
2. Move the funnel from where it is by the opposite of the last miss: ``f_next = f - z``.
   Then ``z_next = e_next - e``: variance 2s², twice rule 1 (spread about 1.41 times).
3. Set the funnel over the opposite of the last miss, measured from the target: ``f_next = -z``.
   Then ``z_next = e_next - z``: the drops swing from side to side, ever further out.
4. Set the funnel over the last landing point: ``f_next = z``. The drops wander off in a random
   walk (like copying the last copy, or training the next trainee by the last trainee).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qikit.errors import DataError

FUNNEL_RULES = {
    1: "Leave the funnel over the target",
    2: "Move the funnel by the opposite of the last miss, from where it is",
    3: "Put the funnel opposite the last miss, measured from the target",
    4: "Put the funnel over where the last marble landed",
}


def _rule(rule: int) -> int:
    if rule not in FUNNEL_RULES:
        raise DataError(f"The funnel rule should be 1, 2, 3 or 4; found {rule!r}. Choose 1 to 4.")
    return int(rule)


def funnel(rule: int, drops: int = 50, seed: int = 1, spread: float = 1.0) -> pd.DataFrame:
    """Drop ``drops`` marbles following one of Deming's four rules.

    Returns one row per drop: ``drop`` (1..), ``funnel_x``, ``funnel_y`` (where the funnel was)
    and ``x``, ``y`` (where the marble landed), all measured from the target at (0, 0), and
    ``distance`` from the target. ``spread`` is the standard deviation of one drop's chance error.
    The same seed gives the same chance errors under every rule, so the rules can be compared
    drop by drop.
    """
    rule = _rule(rule)
    if not isinstance(drops, int | np.integer) or drops < 1:
        raise DataError(
            f"The number of drops should be a whole number of 1 or more; found {drops!r}."
        )
    errors = np.random.default_rng(seed).normal(0.0, spread, size=(int(drops), 2))
    funnel_at = np.zeros_like(errors)
    landed = np.zeros_like(errors)
    position = np.zeros(2)
    for k in range(int(drops)):
        funnel_at[k] = position
        landed[k] = position + errors[k]
        if rule == 2:
            position = position - landed[k]
        elif rule == 3:
            position = -landed[k]
        elif rule == 4:
            position = landed[k].copy()
    return pd.DataFrame(
        {
            "drop": np.arange(1, int(drops) + 1),
            "funnel_x": funnel_at[:, 0],
            "funnel_y": funnel_at[:, 1],
            "x": landed[:, 0],
            "y": landed[:, 1],
            "distance": np.hypot(landed[:, 0], landed[:, 1]),
        }
    )


def funnel_spread(drops: pd.DataFrame) -> float:
    """Root mean square distance of the landing points from the target (one axis, per drop)."""
    return float(np.sqrt(np.mean(drops["x"] ** 2 + drops["y"] ** 2) / 2))


def funnel_comparison(drops: int = 50, seed: int = 1, spread: float = 1.0) -> pd.DataFrame:
    """The spread of the landing points under each rule, for the same chance errors.

    Columns: ``rule``, ``words``, ``spread`` (root mean square distance per axis) and
    ``times_rule_1`` (spread divided by rule 1's).
    """
    rows = []
    for rule, words in FUNNEL_RULES.items():
        rows.append((rule, words, funnel_spread(funnel(rule, drops, seed, spread))))
    table = pd.DataFrame(rows, columns=["rule", "words", "spread"])
    table["times_rule_1"] = table["spread"] / table["spread"].iloc[0]
    return table
