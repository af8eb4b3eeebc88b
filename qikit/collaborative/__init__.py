"""The collaborative: dashboard tables, funnel plots, IHI assessment scale and timeline.

``dashboard.from_datasets()`` builds every table of the collaborative dashboard from the kit's
synthetic collaborative; ``funnel.funnel(...)`` compares wards on a rate or proportion;
``timeline.timeline(weeks)`` lays out the learning sessions and action periods;
``assessment`` holds the IHI Assessment Scale.
"""

from qikit.collaborative import assessment, dashboard, funnel, signals, timeline
from qikit.collaborative.dashboard import Dashboard
from qikit.collaborative.funnel import Funnel

__all__ = ["Dashboard", "Funnel", "assessment", "dashboard", "funnel", "signals", "timeline"]
