"""What a kernel imports before its first chart: nothing the kit never uses."""

from __future__ import annotations

import subprocess
import sys


def test_altair_through_qikit_does_not_build_the_iri_grammar_or_import_arrow():
    code = (
        "import sys, qikit.plot, altair, jsonschema; "
        "checks = jsonschema.FormatChecker().checkers; "
        "print(sys.modules.get('rfc3987_syntax'), 'iri' in checks, 'duration' in checks, "
        "'arrow' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["None", "False", "False", "False"]


def test_charts_still_validate_against_the_vega_lite_schema():
    import altair as alt
    import pandas as pd

    import qikit  # noqa: F401

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    assert chart.to_dict(validate=True)["mark"]["type"] == "point"
