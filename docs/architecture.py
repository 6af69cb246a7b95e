"""The README's architecture picture: the flow of one answer and of one prompt.

`make docs-images` runs this; it writes docs/architecture.png. The steps are listed once, in
`ANSWER` and `PROMPT`, and the README's text version says the same in the same order."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

HERE = Path(__file__).resolve().parent

# (box title, where it lives, which side of the house: core, adapter, scheduler or outside)
ANSWER = (
    ("a person", "in Slack, Teams or\nthe console types\n\"falls 1\"", "outside"),
    ("adapter", "adapters/<platform>/\ntranslate → Event", "adapter"),
    ("core route", "bot/app.py\nbot/routes.py", "core"),
    ("handler", "bot/huddle/commands.py\n→ answers.py", "core"),
    ("replies", "bot/messages.py\nPost · Text · Chart", "core"),
    ("delivery", "adapters/turns.py\nreply in the turn;\nelsewhere: outbox", "adapter"),
    ("platform", "the answer in\nthe conversation", "outside"),
)
PROMPT = (
    ("schedule row", "huddle_slots · timers\n(bot/stores/tables)", "core"),
    ("scheduler tick", "scheduler/tick.py\nasks bot/schedule\nwhat falls due", "scheduler"),
    ("core composes", "bot/app.py compose\nbot/huddle/prompt.py", "core"),
    ("outbox", "scheduler/outbox.py\none row per key", "scheduler"),
    ("deliverer", "scheduler/deliver.py\nrate limits, retries", "scheduler"),
    ("platform", "adapters/<platform>/\nsends: the prompt\nin the channel", "adapter"),
)
COLOURS = {
    "outside": ("#f2f2f2", "#6b6b6b"),
    "adapter": ("#dbe9f6", "#005eb8"),
    "core": ("#fdebd3", "#b25e00"),
    "scheduler": ("#e2f0d9", "#2e7d32"),
}
LEGEND = (
    ("outside", "people and platforms"),
    ("adapter", "adapters/: translate and render"),
    ("core", "bot/: the core (no SDK, no clock)"),
    ("scheduler", "scheduler/: ticks and delivers"),
)
BOX_W, BOX_H, GAP = 2.05, 1.1, 0.42


def _row(ax: plt.Axes, steps: tuple[tuple[str, str, str], ...], y: float, title: str) -> None:
    ax.text(0.0, y + BOX_H / 2 + 0.32, title, fontsize=13, fontweight="bold", color="#212b32")
    for i, (name, where, side) in enumerate(steps):
        x = i * (BOX_W + GAP)
        fill, edge = COLOURS[side]
        ax.add_patch(
            FancyBboxPatch(
                (x, y - BOX_H / 2),
                BOX_W,
                BOX_H,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor=fill,
                edgecolor=edge,
                linewidth=1.6,
            )
        )
        ax.text(x + BOX_W / 2, y + 0.27, name, ha="center", va="center", fontsize=10.5,
                fontweight="bold", color="#212b32")  # fmt: skip
        ax.text(x + BOX_W / 2, y - 0.18, where, ha="center", va="center", fontsize=8,
                color="#425563", family="monospace")  # fmt: skip
        if i:
            ax.add_patch(
                FancyArrowPatch(
                    (x - GAP + 0.03, y),
                    (x - 0.03, y),
                    arrowstyle="-|>",
                    mutation_scale=14,
                    color="#425563",
                    linewidth=1.4,
                )
            )


def draw(path: Path) -> None:
    width = len(ANSWER) * (BOX_W + GAP) - GAP
    fig, ax = plt.subplots(figsize=(16, 5.6), dpi=110)
    ax.set_xlim(-0.15, width + 0.15)
    ax.set_ylim(-0.55, 4.55)
    ax.axis("off")
    _row(ax, ANSWER, 3.35, "One answer: a person writes, the core replies in the same turn")
    _row(ax, PROMPT, 1.2, "One prompt: a schedule row falls due, the scheduler delivers it")
    for i, (side, words) in enumerate(LEGEND):
        x = i * width / len(LEGEND)
        fill, edge = COLOURS[side]
        ax.add_patch(FancyBboxPatch((x, -0.38), 0.28, 0.22, boxstyle="round,pad=0.01",
                                    facecolor=fill, edgecolor=edge))  # fmt: skip
        ax.text(x + 0.38, -0.27, words, va="center", fontsize=9, color="#212b32")
    fig.savefig(path, bbox_inches="tight", facecolor="white")
    plt.close(fig)


def text_version() -> str:
    """The same two flows as lines of text, for the README."""
    lines = []
    for title, steps in (("answer", ANSWER), ("prompt", PROMPT)):
        lines.append(f"one {title}: " + " → ".join(name for name, _, _ in steps))
    return "\n".join(lines)


if __name__ == "__main__":
    draw(HERE / "architecture.png")
    print(text_version())
