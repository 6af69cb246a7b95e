"""Events of one conversation reach the core one at a time and in order; others run alongside."""

from __future__ import annotations

import asyncio

from adapters.turns import InTurn


def test_one_conversation_waits_its_turn_while_another_runs_alongside() -> None:
    seen: list[str] = []

    async def turn(queue: InTurn, place: str, name: str, seconds: float) -> None:
        async with queue.of(place):
            seen.append(f"{name} starts")
            await asyncio.sleep(seconds)
            seen.append(f"{name} ends")

    async def main() -> int:
        queue = InTurn()
        await asyncio.gather(
            turn(queue, "C0WARD7", "falls 1", 0.05),
            turn(queue, "C0WARD7", "correction", 0.0),
            turn(queue, "C0ED", "ed", 0.0),
        )
        return len(queue)

    assert asyncio.run(main()) == 0  # nothing left behind
    assert seen.index("falls 1 ends") < seen.index("correction starts")
    assert seen.index("ed ends") < seen.index("falls 1 ends")
