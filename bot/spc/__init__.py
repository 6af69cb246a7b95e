"""Statistical process control for the ward's measures, and its charts: one half of the chart pair.

Analysis (this package): XmR ("Making Data Count") and run charts, the chart choice and verdict,
and the `huddlebot spc` JSON contract (`json_contract`, `json_auto`, `json_text`). Defaults
reproduce NHSRplotthedots 0.2.2 (XmR) and qicharts2 0.8.1 (run charts); see the team's spc-rules
spec for every rule and quirk. Drawing (`bot.spc.drawing`): chart specs as PNG and in words.
Nothing here reads the database; the chat features built on it are in `bot.charting`.
"""

from bot.spc.aggregate import aggregate
from bot.spc.counts import days_since_last
from bot.spc.json_contract import Series, analyse, analyse_json, series_from_json, to_json
from bot.spc.options import RunOptions, SpcInputError, XmrOptions, run_options, xmr_options
from bot.spc.results import LimitsGroup, RunPart, RunPoint, RunResult, XmrPoint, XmrResult
from bot.spc.runs import analyse_run
from bot.spc.sentence import describe_latest, latest_signal_sentence
from bot.spc.settings import ChartSettings, MeasureSpec
from bot.spc.verdict import analyse_measure
from bot.spc.verdict_types import Gap, Limits, Verdict, VerdictPoint
from bot.spc.xmr import analyse_xmr

__all__ = [
    "ChartSettings",
    "Gap",
    "Limits",
    "MeasureSpec",
    "Verdict",
    "VerdictPoint",
    "aggregate",
    "analyse_measure",
    "LimitsGroup",
    "RunOptions",
    "RunPart",
    "RunPoint",
    "RunResult",
    "Series",
    "SpcInputError",
    "XmrOptions",
    "XmrPoint",
    "XmrResult",
    "analyse",
    "analyse_json",
    "analyse_run",
    "analyse_xmr",
    "days_since_last",
    "describe_latest",
    "latest_signal_sentence",
    "run_options",
    "series_from_json",
    "to_json",
    "xmr_options",
]
