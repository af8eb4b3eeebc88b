"""How often the dashboard shows improvement for changes that had no real effect, over many seeds.

Run by hand: ``.venv/bin/python benchmarks/no_effect_signals.py [--seeds 200] [--variants]``.

Each seed's collaborative is charted exactly as the collaborative dashboard does it
(``qikit.collaborative.signals``: p charts weekly, u charts of 4-weekly rates, limits frozen on
the periods before the change, Making Data Count rules with the direction of improvement). For
every ward measure of the ground truth (``changes``) it counts what the dashboard shows after the
change: improvement, concern, both or none. Three groups are reported:

- **no real effect** (``has_effect`` false: effect size 1 or 0): what a false alarm looks like;
- **real but small** (``has_effect`` true, ``expected_signal`` "none"): incident-rate cuts the
  generator judged too small for one 4-weekly point to show;
- everything the generator marks ``expected_signal == "none"`` on a u chart (both of the above).

``--variants`` repeats the count with the generator's over-dispersion switched off (Poisson counts
and binomial shares), to show how much of the false-alarm rate it explains.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import warnings
from collections import Counter

import numpy as np
import pandas as pd


def dashboard_signals(seed: int, **sizes) -> pd.DataFrame:
    """The ground truth of one seed with the dashboard's signal and the rules that fired."""
    from qikit.collaborative import signals
    from qikit.data import generate_collaborative

    collaborative = generate_collaborative(seed=seed, **sizes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        charts = signals.chart_all(collaborative.weekly, collaborative.changes)
    table = signals.signal_table(charts)
    rules = []
    for chart in charts:
        points = chart.result.points
        after = points[(points["x"] > chart.freeze) & (points["special_cause"] == "improvement")]
        fired = [
            name
            for name in ("sigma", "shift", "trend", "two_of_three")
            if after[f"{name}_signal"].any()
        ]
        rules.append("+".join(fired))
    table["improvement_rules"] = rules
    truth = collaborative.changes.drop(columns=["chart", "measure_role"])
    out = table.merge(truth, on=["ward_id", "measure"])
    out["seed"] = seed
    return out


def _share(frame: pd.DataFrame, signal: str = "improvement") -> float:
    return float((frame["signal"] == signal).mean()) if len(frame) else float("nan")


def report(rows: pd.DataFrame, label: str) -> None:
    seeds = rows["seed"].nunique()
    none = rows[~rows["has_effect"]]
    small = rows[rows["has_effect"] & (rows["expected_signal"] == "none")]
    u_none = rows[(rows["chart"] == "u") & (rows["expected_signal"] == "none")]
    per_seed = none.groupby("seed").apply(_share, include_groups=False)
    any_seed = (
        none.assign(shown=none["signal"].isin(["improvement", "both"]))
        .groupby("seed")["shown"]
        .mean()
    )
    print(f"\n== {label}: {seeds} seeds ==")
    print(
        f"no real effect: {len(none)} ward measures ({len(none) / seeds:.1f} per seed)\n"
        f"  improvement {_share(none):.1%}  concern {_share(none, 'concern'):.1%}  "
        f"both {_share(none, 'both'):.1%}  none {_share(none, 'none'):.1%}  (pooled)\n"
        f"  per seed, share showing improvement: mean {per_seed.mean():.1%}, median "
        f"{per_seed.median():.1%}, 10th-90th centile {per_seed.quantile(0.1):.1%}-"
        f"{per_seed.quantile(0.9):.1%}, max {per_seed.max():.1%}; seeds above a third: "
        f"{(per_seed > 1 / 3).mean():.1%}\n"
        f"  per seed, improvement or both: mean {any_seed.mean():.1%}, 10th-90th centile "
        f"{any_seed.quantile(0.1):.1%}-{any_seed.quantile(0.9):.1%}, max {any_seed.max():.1%}; "
        f"seeds above a third: {(any_seed > 1 / 3).mean():.1%}\n"
        f"  any special cause after the change (improvement, concern or both): "
        f"{(none['signal'] != 'none').mean():.1%}"
    )
    for chart, group in none.groupby("chart"):
        print(
            f"  {chart} charts ({len(group)}): improvement {_share(group):.1%}, "
            f"concern {_share(group, 'concern'):.1%}"
        )
    fired = Counter(none.loc[none["signal"] == "improvement", "improvement_rules"])
    total = sum(fired.values()) or 1
    print(
        "  rules behind those improvements: "
        + ", ".join(f"{k or '-'} {v / total:.0%}" for k, v in fired.most_common(6))
    )
    print(
        f"real but small (expected 'none', has_effect): {len(small)}; improvement "
        f"{_share(small):.1%} (improvement or both "
        f"{small['signal'].isin(['improvement', 'both']).mean():.1%})"
    )
    print(
        f"every expected 'none' on a u chart: {len(u_none)}; improvement {_share(u_none):.1%}; "
        f"of those with no real effect {_share(u_none[~u_none['has_effect']]):.1%}"
    )


def run(seeds: int, **sizes) -> pd.DataFrame:
    """Seeds 1..seeds; a seed the dashboard cannot chart (a week with no patients surveyed, say)
    is reported and left out."""
    from qikit.errors import DataError

    tables = []
    for seed in range(1, seeds + 1):
        try:
            tables.append(dashboard_signals(seed, **sizes))
        except DataError as exc:
            print(f"seed {seed} left out: {exc}")
    return pd.concat(tables)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--variants", action="store_true")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    report(run(args.seeds), "generator as shipped (16 wards x 104 weeks)")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.variants:
        from qikit.data import parameters as p

        saved = (dict(p.GAMMA_SHAPE), p.BETA_CONCENTRATION)
        try:
            for key in p.GAMMA_SHAPE:
                p.GAMMA_SHAPE[key] = 1e9
            p.BETA_CONCENTRATION = dataclasses.replace(p.BETA_CONCENTRATION, value=1e9)
            report(run(args.seeds), "no over-dispersion (Poisson counts, binomial shares)")
        finally:
            p.GAMMA_SHAPE.clear()
            p.GAMMA_SHAPE.update(saved[0])
            p.BETA_CONCENTRATION = saved[1]
    np.seterr(all="warn")


if __name__ == "__main__":
    main()
