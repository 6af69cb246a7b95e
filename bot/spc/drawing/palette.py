"""The chart colours: the current Making Data Count palette, and the text shades read on white."""

from __future__ import annotations

IMPROVEMENT = "#00b0f0"
CONCERN = "#e46c0a"
COMMON = "#a6a6a6"
NEUTRAL = "#490092"
TARGET = "#c00000"
IDEA = "#2E8540"
INK = "#222222"
QUIET = "#595959"  # secondary text: dark enough on white at small sizes
POINT_COLOURS = {
    "common_cause": COMMON,
    "special_cause_improvement": IMPROVEMENT,
    "special_cause_concern": CONCERN,
    "special_cause_neutral_high": NEUTRAL,
    "special_cause_neutral_low": NEUTRAL,
}
# the verdict written in a darker shade of its colour, so that it reads as text on white
TONES = {"improvement": "#0070a0", "concern": "#b04a00", "neutral": NEUTRAL, "plain": INK}
