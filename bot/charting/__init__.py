"""Charts in chat, the other half of the chart pair (`bot.spc` analyses and draws): `/huddle
chart`, the weekly chart digest, the signal line after a huddle, the managers' summary table
(image and CSV), the board pack and change points ("rebases") set by team leads. Every one of
them shows the one analysis of `analysis.analyse`, with a measure's settings from
`measure_settings`."""

from bot.charting.analysis import MeasureAnalysis, analyse
from bot.charting.chart import measure_chart
from bot.charting.series import History, history
from bot.charting.signal import measure_signal
from bot.charting.summary import SummaryLine, summary_lines

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
