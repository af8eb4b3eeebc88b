"""Charts people read at a glance: Making Data Count colours, phases, icons, events, exports.

``plot(result)`` draws what ``qikit.spc`` returned; ``save(chart, "chart.png")`` writes it to a
picture, PDF or self-contained web page with no internet. Importing this package registers the
``qikit`` and ``qikit_projector`` Altair themes.
"""

from qikit.plot.chart import plot
from qikit.plot.export import save
from qikit.plot.theme import theme_config, use_theme

__all__ = ["plot", "save", "theme_config", "use_theme"]
