"""Charts in chat: `/huddle chart`, the weekly chart digest, the signal line after a huddle,
the managers' summary table (image and CSV) and change points ("rebases") set by team leads.
Every one of them shows the one analysis of `analysis.analyse`."""

from bot.huddle_charts.analysis import MeasureAnalysis, analyse
from bot.huddle_charts.chart import measure_chart
from bot.huddle_charts.series import History, history
from bot.huddle_charts.signal import measure_signal
from bot.huddle_charts.summary import SummaryLine, summary_lines

__all__ = [
    "History",
    "MeasureAnalysis",
    "SummaryLine",
    "analyse",
    "history",
    "measure_chart",
    "measure_signal",
    "summary_lines",
]
