"""An attacker who reads every published SCORE table and tries to find a small group.

Written apart from qikit.culture: it sees only the shown cells (the people counted in each ward,
trust or all-wards cell, per staff group and domain) and what any reader knows (which wards make
up each trust, which staff groups exist). It tries two attacks per wave and domain:

- *exact* (subtraction): every sum the published cells pin down is a vector in the row space of
  the published cells over the ward x staff-group cells. Each candidate group (one cell; any set
  of staff groups in one ward; any set of wards in one trust, or up to three wards anywhere, for
  one staff group; and the complement of each within its line) is tested for membership with a
  pseudo-inverse; a member's size is then known exactly.
- *interval*: every ward x staff-group cell starts between 0 and infinity; each published sum
  narrows the bounds of its parts (a part is at most the sum less the others' lowest values, at
  least the sum less their highest) until nothing changes.

A finding is a group of 1 to ``minimum - 1`` people whose size is pinned down exactly, or a cell
or set of staff groups in one ward whose bounds lie wholly between 1 and ``minimum - 1``.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

ALL = "all staff"


def _members(row, wards, roles, trusts) -> list[tuple[str, str]]:
    if row.level == "ward":
        places = [row.unit]
    elif row.level == "trust":
        places = [w for w in wards if trusts[w] == row.unit]
    else:
        places = list(wards)
    groups = list(roles) if row.role == ALL else [row.role]
    return [(w, r) for w in places for r in groups]


def _subsets(items: list, largest: int | None = None):
    top = len(items) if largest is None else min(largest, len(items))
    for k in range(1, top + 1):
        yield from combinations(items, k)


def attack(published: pd.DataFrame, trusts: dict[str, str] | None, minimum: int) -> list[dict]:
    """Every small group the attacker can find in the shown cells of ``published``.

    ``published`` has columns wave, level ("ward", "trust", "all wards"), unit, role (a staff
    group or "all staff"), domain, respondents and suppressed.
    """
    findings = []
    for (wave, domain), rows in published.groupby(["wave", "domain"], sort=True):
        wards = sorted(rows.loc[rows["level"] == "ward", "unit"].unique())
        roles = sorted(r for r in rows["role"].unique() if r != ALL)
        cells = [(w, r) for w in wards for r in roles]
        index = {c: i for i, c in enumerate(cells)}
        equations, values = [], []
        for row in rows[~rows["suppressed"]].itertuples(index=False):
            vector = np.zeros(len(cells))
            vector[[index[c] for c in _members(row, wards, roles, trusts)]] = 1
            equations.append(vector)
            values.append(float(row.respondents))
        if not equations:
            continue
        a = np.array(equations)
        b = np.array(values)
        inverse = np.linalg.pinv(a)
        projector = inverse @ a
        solution = inverse @ b

        def pinned(group, cells=cells, index=index, projector=projector, solution=solution):
            vector = np.zeros(len(cells))
            vector[[index[c] for c in group]] = 1
            if np.abs(projector @ vector - vector).max() > 1e-7:
                return None
            return float(round(vector @ solution, 6))

        candidates: set[tuple[tuple[str, str], ...]] = set()
        for w in wards:
            for chosen in _subsets(roles):
                candidates.add(tuple((w, r) for r in chosen))
        places = [wards]
        if trusts:
            places += [[w for w in wards if trusts[w] == t] for t in sorted(set(trusts.values()))]
        for r in roles:
            for chosen in _subsets(wards, 3):
                candidates.add(tuple((w, r) for w in chosen))
            for inside in places[1:]:
                for chosen in _subsets(inside):
                    candidates.add(tuple((w, r) for w in chosen))
            for chosen in _subsets(wards, 3):
                rest = tuple((w, r) for w in wards if w not in chosen)
                if rest:
                    candidates.add(rest)
        for group in candidates:
            size = pinned(group)
            if size is not None and 1 <= size < minimum:
                findings.append(
                    {
                        "wave": wave,
                        "domain": domain,
                        "attack": "exact",
                        "group": group,
                        "size": size,
                    }
                )

        low = np.zeros(len(cells))
        high = np.full(len(cells), b.sum())
        members = [np.flatnonzero(v) for v in a]
        for _ in range(200):
            before = (low.copy(), high.copy())
            for parts, total in zip(members, b, strict=True):
                lows, highs = low[parts], high[parts]
                for k, cell in enumerate(parts):
                    others_low = lows.sum() - lows[k]
                    others_high = highs.sum() - highs[k]
                    high[cell] = min(high[cell], total - others_low)
                    low[cell] = max(low[cell], total - others_high)
            if np.array_equal(before[0], low) and np.array_equal(before[1], high):
                break
        for w in wards:
            ward_total = rows[
                (rows["level"] == "ward") & (rows["unit"] == w) & (rows["role"] == ALL)
            ]
            known = ward_total[~ward_total["suppressed"]]["respondents"]
            for chosen in _subsets(roles):
                ids = [index[(w, r)] for r in chosen]
                rest = [index[(w, r)] for r in roles if r not in chosen]
                lo, hi = low[ids].sum(), high[ids].sum()
                if len(known):
                    lo = max(lo, float(known.iloc[0]) - high[rest].sum())
                    hi = min(hi, float(known.iloc[0]) - low[rest].sum())
                if lo >= 1 and hi <= minimum - 1:
                    findings.append(
                        {
                            "wave": wave,
                            "domain": domain,
                            "attack": "interval",
                            "group": tuple((w, r) for r in chosen),
                            "size": (lo, hi),
                        }
                    )
    return findings
