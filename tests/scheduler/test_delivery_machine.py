"""A Hypothesis state machine drives ticks, a second scheduler, restarts, crashes mid-send,
429s, 5xx, timeouts and database outages against a fake chat platform, and checks what staff
would notice: no message twice, none sent too late, none lost silently, channels never flooded.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sched_kit import Core, FakeChat, seed
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from bot import outbox_json
from bot.db import Database
from bot.schedule import occurrences
from bot.stores.tables.schedule import OccurrenceRow, OutboxRow, TickMark
from huddlebot.migrate import upgrade
from scheduler import outbox
from scheduler.clock import FixedClock
from scheduler.deliver import Deliverer
from scheduler.plans import load_plans
from scheduler.policy import DeliveryPolicy
from scheduler.tick import tick

START = datetime(2027, 3, 27, 7, 55, tzinfo=UTC)  # the Saturday before the clocks go forward
POLICY = DeliveryPolicy(max_attempts=4, backoff_base=20.0, backoff_cap=600.0)
_TEMPLATE: list[Path] = []


def template() -> Path:
    """One migrated database with two wards, copied for every example."""
    if not _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="hb-machine-")) / "template.db"
        db = Database(f"sqlite:///{path}")
        upgrade(db)
        seed(db, teams=("ward-7", "ed"), slots=(("08:30", "mon-sun", "run"),))
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


class Delivery(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="hb-example-"))
        shutil.copyfile(template(), self.dir / "hb.db")
        self.db = Database(f"sqlite:///{self.dir / 'hb.db'}")
        self.down = False

        @event.listens_for(self.db.engine, "before_cursor_execute")
        def _outage(*_: object) -> None:
            if self.down:
                raise OperationalError("SELECT 1", {}, Exception("the database is unreachable"))

        self.clock = FixedClock(START)
        self.chat = FakeChat(self.clock)
        self.core = Core(self.db)
        self.rng = random.Random(7)
        self.workers = [self._worker(), self._worker()]
        self.first_tick = START
        tick(self.db, self.core.compose, START, leader="s0")

    def _worker(self) -> Deliverer:
        return Deliverer(
            self.db,
            {"slack": self.chat},
            self.clock,
            policy=POLICY,
            on_delivered=self.core.delivered,
            rng=self.rng,
            batch=3,
        )

    def teardown(self) -> None:
        if hasattr(self, "db"):
            self.db.dispose()
            shutil.rmtree(self.dir, ignore_errors=True)

    @rule(seconds=st.sampled_from([0.5, 1, 5, 30, 61, 300, 1800, 3 * 3600]))
    def time_passes(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @rule(which=st.integers(0, 1))
    def scheduler_ticks(self, which: int) -> None:
        try:
            tick(self.db, self.core.compose, self.clock.now(), leader=f"s{which}")
        except OperationalError:
            assert self.down

    @rule(which=st.integers(0, 1))
    def worker_delivers(self, which: int) -> None:
        try:
            asyncio.run(self.workers[which].deliver_due())
        except OperationalError:
            assert self.down

    @rule(which=st.integers(0, 1))
    def worker_restarts(self, which: int) -> None:
        self.workers[which] = self._worker()

    @rule(landed=st.booleans())
    def worker_crashes_mid_send(self, landed: bool) -> None:
        """A worker takes a row and dies, before or after the platform accepted the post."""
        if self.down:
            return
        now = self.clock.now()
        with self.db.session() as s:
            found = outbox.candidates(s, now, 1)
            held = outbox.claim(s, [found[0][0]] if found else [], now, "doomed", POLICY)
        for row in held:  # it got as far as the real worker does before sending
            already = row.uncertain and asyncio.run(self.chat.find(row.item))  # type: ignore[arg-type]
            if landed and now <= row.not_after and not already:
                self.chat.post(row.item)  # type: ignore[arg-type]

    @rule(fault=st.sampled_from(["429", "5xx", "timeout", "timeout-posted", "gone"]))
    def platform_misbehaves(self, fault: str) -> None:
        self.chat.faults.append(fault)

    @rule(down=st.booleans())
    def database_outage(self, down: bool) -> None:
        self.down = down

    # --- what people would notice -------------------------------------------------------

    @invariant()
    def nothing_visible_twice(self) -> None:
        counts = Counter(outbox_json.dumps(s.post) for s in self.chat.sent)
        assert max(counts.values(), default=1) == 1

    @invariant()
    def channels_are_never_flooded(self) -> None:
        times: dict[str, list[datetime]] = defaultdict(list)
        for s in self.chat.sent:
            times[s.post.to.conversation].append(s.at)
        for seen in times.values():
            gaps = [(b - a).total_seconds() for a, b in zip(seen, seen[1:], strict=False)]
            assert all(gap >= 1.0 for gap in gaps), gaps

    @invariant()
    def nothing_sent_after_it_expired(self) -> None:
        if self.down:
            return
        rows = self._rows()
        for s in self.chat.sent:
            row = rows[outbox_json.dumps(s.post)]
            assert s.at <= row.not_after
            assert row.status not in ("expired", "dead", "skipped")

    def _rows(self) -> dict[str, OutboxRow]:
        with self.db.session() as s:
            rows = s.scalars(select(OutboxRow))
            return {outbox_json.dumps(outbox_json.loads(r.payload)): r for r in rows}

    @invariant()
    def every_occurrence_is_recorded_once_and_ends_visibly(self) -> None:
        if self.down:
            return
        self._settle_if_quiet()

    def _settle_if_quiet(self) -> None:
        """Once nothing can be pending (all due items past their window), check end states."""
        with self.db.session() as s:
            rows = s.scalars(select(OutboxRow)).all()
            occs = s.scalars(select(OccurrenceRow)).all()
            plans = load_plans(s)
        keys = Counter((o.kind, o.team_id, o.local_date, o.slot) for o in occs)
        assert set(keys.values()) <= {1}
        visible = Counter(outbox_json.dumps(s.post) for s in self.chat.sent)
        for r in rows:
            shown = visible[outbox_json.dumps(outbox_json.loads(r.payload))]
            if r.status == "sent":
                assert shown == 1
            elif r.status in ("expired", "dead"):
                assert shown == 0
        # no gap: every occurrence the plans produce up to the last mark exists
        with self.db.session() as s:
            mark = s.scalar(select(TickMark.mark_at).where(TickMark.name == "main"))
        if mark is None:
            return
        expected = {
            (o.due.kind, o.due.team_id, o.due.local_date, o.due.slot)
            for p in plans
            for o in occurrences(p, self.first_tick, mark)
        }
        assert expected <= set(keys)


TestDelivery = Delivery.TestCase
TestDelivery.settings = settings(
    max_examples=30,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_after_a_quiet_spell_everything_is_sent_or_reported() -> None:
    """A short fixed run: with faults cleared and time passing, every row reaches an end."""
    machine = Delivery()
    machine.start()
    try:
        machine.platform_misbehaves("5xx")
        machine.platform_misbehaves("timeout-posted")
        for _ in range(6):
            machine.time_passes(1800)
            machine.scheduler_ticks(0)
            for _ in range(8):
                machine.worker_delivers(0)
                machine.time_passes(61)
        with machine.db.session() as s:
            states = Counter(s.scalars(select(OutboxRow.status)).all())
        assert set(states) <= {"sent", "expired", "dead"}
        assert states["sent"] >= 4  # both wards' prompts and nudges
        with machine.db.session() as s:
            unreported = s.scalars(
                select(OutboxRow.id).where(
                    OutboxRow.status.in_(("expired", "dead")),
                    OutboxRow.reported_at.is_(None),
                    OutboxRow.kind.not_like("report.%"),
                )
            ).all()
        assert unreported == []
        machine.nothing_visible_twice()
        machine.channels_are_never_flooded()
        machine.nothing_sent_after_it_expired()
    finally:
        machine.teardown()
