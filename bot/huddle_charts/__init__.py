"""Charts in chat: `/huddle chart`, the weekly chart digest, the signal line after a huddle,
the managers' summary table (image and CSV) and change points ("rebases") set by team leads."""

from bot.huddle_charts.chart import measure_chart
from bot.huddle_charts.series import History, chart_spec, history
from bot.huddle_charts.signal import measure_signal
from bot.huddle_charts.summary import SummaryLine, summary_lines

__all__ = [
    "History",
    "SummaryLine",
    "chart_spec",
    "history",
    "measure_chart",
    "measure_signal",
    "summary_lines",
]
