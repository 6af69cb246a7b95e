"""Rows of the managers' summary table, computed from a measure's series."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.charts.describe import number_text
from bot.charts.spec import SummaryRow
from bot.spc.options import Day, XmrOptions
from bot.spc.xmr import analyse_xmr


def summary_row(
    team: str,
    measure: str,
    dates: Sequence[Day],
    values: Sequence[float | None],
    improvement_direction: str = "increase",
    target: float | None = None,
    options: XmrOptions | None = None,
    unit: str = "",
) -> SummaryRow:
    """Latest value, variation icon and assurance icon of one team's measure."""
    options = replace(
        options or XmrOptions(), improvement_direction=improvement_direction, target=target
    )
    result = analyse_xmr(dates, values, options)
    present = [v for v in result.values if v is not None]
    if not present:
        latest = "no data"
    elif result.values[-1] is None:
        latest = f"{number_text(present[-1])}{unit} (earlier)"
    else:
        latest = f"{number_text(present[-1])}{unit}"
    return SummaryRow(team, measure, latest, result.variation_icon, result.assurance_icon)
