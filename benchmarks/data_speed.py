"""How fast the synthetic collaborative is generated, and how much memory it needs.

Run by hand: ``.venv/bin/python benchmarks/data_speed.py``. Each case runs in its own process so
the peak resident memory (``resource.getrusage``) belongs to that case alone; the Python-level
peak is measured again with ``tracemalloc`` in a separate run (it slows the code down).

Goals (issue 5): default collaborative (16 wards x 104 weeks) <= 2 s; 200 wards x 5 years
(260 weeks) <= 15 s and <= 2 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time

CASES = {
    "default (16 wards x 104 weeks)": {"trusts": 4, "wards_per_trust": 4, "weeks": 104},
    "200 wards x 5 years (260 weeks)": {"trusts": 50, "wards_per_trust": 4, "weeks": 260},
}


def _measure(settings: dict, trace: bool) -> dict:
    import resource
    import tracemalloc

    import qikit.data as data  # import cost is not part of the generation time

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    collaborative = data.generate_collaborative(seed=2016, **settings)
    generated = time.perf_counter() - started
    result = {"generate_s": generated}
    if trace:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        return result
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        collaborative.write(folder)
        result["write_s"] = time.perf_counter() - started
    result["rows"] = sum(len(t) for t in collaborative.tables().values())
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _run_case(name: str, trace: bool) -> dict:
    code = (
        "import json, sys; sys.path.insert(0, 'benchmarks'); import data_speed; "
        f"print(json.dumps(data_speed._measure({CASES[name]!r}, {trace})))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    print("| Case | Rows | Generate (s) | Write CSV (s) | Peak RSS (MB) | tracemalloc peak (MB) |")
    print("|---|---|---|---|---|---|")
    for name in CASES:
        timed = min((_run_case(name, trace=False) for _ in range(3)), key=lambda r: r["generate_s"])
        traced = _run_case(name, trace=True)
        print(
            f"| {name} | {timed['rows']:,} | {timed['generate_s']:.2f} | {timed['write_s']:.2f} "
            f"| {timed['max_rss_mb']:.0f} | {traced['tracemalloc_peak_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
