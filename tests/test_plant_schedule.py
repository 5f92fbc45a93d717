"""Schedules of batches on units: hand-worked cases and properties over random lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from synth.errors import InputError
from synth.plant.schedule import schedule
from synth.plant.units import Operation

H = 3600.0


def op(step, unit, hours, runs=1, stage=None):
    return Operation(step, stage or step, unit, runs, {"hold": hours * H})


def spans(sched, step):
    """(batch, start h, end h) of each run of ``step``."""
    return [(r.batch, r.start_s / H, r.end_s / H) for r in sched.runs if r.step == step]


def test_two_units_three_batches_by_hand():
    # A takes 2 h in u1, B 3 h in u2; batches released every hour.
    # A: b1 0-2, b2 waits for u1 until 2 -> 2-4, b3 4-6.
    # B: b1 2-5, b2 ready at 4, u2 free at 5 -> 5-8, b3 ready at 6, free at 8 -> 8-11.
    sched = schedule([op("A", "u1", 2), op("B", "u2", 3)], {"u1": 1, "u2": 1}, 3, 1 * H)
    assert spans(sched, "A") == [(1, 0, 2), (2, 2, 4), (3, 4, 6)]
    assert spans(sched, "B") == [(1, 2, 5), (2, 5, 8), (3, 8, 11)]
    assert [f / H for f in sched.finish_s] == [5, 8, 11]


def test_parallel_units_take_the_waiting_batch():
    # the same line with two u2 units: B of b2 starts when its A ends (4 h) in the second unit,
    # B of b3 at 6 h in the first unit again (free since 5 h)
    sched = schedule([op("A", "u1", 2), op("B", "u2", 3)], {"u1": 1, "u2": 2}, 3, 1 * H)
    assert spans(sched, "B") == [(1, 2, 5), (2, 4, 7), (3, 6, 9)]
    assert [r.instance for r in sched.runs if r.step == "B"] == [0, 1, 0]


def test_runs_spread_over_parallel_units():
    # 3 runs of 2 h on 2 units: two at once, the third after; the next stage waits for the last run
    sched = schedule([op("A", "u", 2, runs=3), op("B", "v", 1)], {"u": 2, "v": 1}, 1, 0.0)
    assert sorted(spans(sched, "A")) == [(1, 0, 2), (1, 0, 2), (1, 2, 4)]
    assert spans(sched, "B") == [(1, 4, 5)]


def test_a_shared_unit_forces_a_wait():
    # X and Z both need the one furnace (like nitridation and carbonization), Y a vessel; batches at 0 and 1 h.
    # b1 X 0-2; b2 X 2-4; b1 Y 2-3; b1 Z is ready at 3 h but the furnace holds b2 until 4 -> 4-6 (waits 1 h);
    # b2 Y 4-5; b2 Z 6-8.
    ops = [op("X", "furnace", 2), op("Y", "vessel", 1), op("Z", "furnace", 2)]
    sched = schedule(ops, {"furnace": 1, "vessel": 1}, 2, 1 * H)
    assert spans(sched, "Z") == [(1, 4, 6), (2, 6, 8)]
    assert spans(sched, "Y") == [(1, 2, 3), (2, 4, 5)]
    assert [f / H for f in sched.finish_s] == [6, 8]


def test_a_stage_without_a_unit_is_refused():
    with pytest.raises(InputError, match="no units"):
        schedule([op("A", "u1", 1)], {"u1": 0}, 1, 0.0)


lines = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.floats(0.1, 10), st.integers(1, 4)),
                 min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(lines, st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(1, 3)), st.integers(1, 12),
       st.floats(0, 5))
def test_schedule_properties(stages, counts, batches, interval):
    ops = [op(f"s{k}", unit, hours, runs) for k, (unit, hours, runs) in enumerate(stages)]
    counts = {u: counts.get(u, 1) for u in "abc"}
    sched = schedule(ops, counts, batches, interval * H)
    assert len(sched.runs) == batches * sum(o.runs for o in ops)
    # no unit holds two runs at once
    for u in "abc":
        for i in range(counts[u]):
            held = sorted((r.start_s, r.end_s) for r in sched.runs if r.unit == u and r.instance == i)
            assert all(a[1] <= b[0] + 1e-9 for a, b in zip(held, held[1:], strict=False))
    # every batch's stages in order, none before its release
    for b in range(1, batches + 1):
        mine = [r for r in sched.runs if r.batch == b]
        assert min(r.start_s for r in mine) >= (b - 1) * interval * H - 1e-9
        for k in range(len(ops) - 1):
            ends = max(r.end_s for r in mine if r.step == f"s{k}")
            assert min(r.start_s for r in mine if r.step == f"s{k + 1}") >= ends - 1e-9
    # utilisation of every unit at most 1 over the schedule
    for u in "abc":
        assert sched.busy(u).m_as("s") <= counts[u] * sched.makespan_s + 1e-6
