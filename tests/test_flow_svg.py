"""The flow diagram of the HTML sheet: numbered streams that match the stream table, no crossing lines,
sub-operations in the boxes, and a legend."""

from __future__ import annotations

import datetime
import re
from itertools import combinations

import pytest

from synth.catalog import bundled
from synth.recipe import load
from synth.render import flow_svg
from synth.render.sheet_format import stream_numbers
from synth.report import build as build_report
from synth.scaling import scale
from synth.sheet import build as build_sheet


def sheet_of(recipe: str, basis: str | None = None):
    plan, parsed = scale(load(recipe), basis)
    return build_sheet(build_report(plan, parsed), datetime.date(2025, 1, 31), "F-1")


def segments(d: str) -> list[tuple[float, float, float, float]]:
    """The straight pieces of an SVG path made of M, H and V commands."""
    out, x, y = [], 0.0, 0.0
    for command, value in re.findall(r"([MHV])([-\d.,]+)", d):
        if command == "M":
            x, y = map(float, value.split(","))
            continue
        x1, y1 = (float(value), y) if command == "H" else (x, float(value))
        out.append((x, y, x1, y1))
        x, y = x1, y1
    return out


def crosses(a, b) -> bool:
    """A horizontal and a vertical piece that cross inside both (touching at an end is not crossing)."""
    (h, v) = (a, b) if a[1] == a[3] else (b, a)
    if h[1] != h[3] or v[0] != v[2]:
        return False
    return min(h[0], h[2]) < v[0] < max(h[0], h[2]) and min(v[1], v[3]) < h[1] < max(v[1], v[3])


@pytest.mark.parametrize("recipe, basis", [(r, None) for r in bundled()] + [("ampsi", "AMPSi@C=1 kg")])
def test_no_stream_crosses_another(recipe, basis):
    svg = flow_svg.render(sheet_of(recipe, basis))
    paths = [segments(d) for d in re.findall(r'<path class="stream[^"]*" d="([^"]+)"', svg)]
    assert len(paths) >= 6
    for one, other in combinations(paths, 2):
        assert not any(crosses(a, b) for a in one for b in other), (one, other)


def test_streams_are_numbered_as_in_the_stream_table():
    sheet = sheet_of("ampsi", "AMPSi@C=1 kg")
    svg = flow_svg.render(sheet)
    numbers = stream_numbers(sheet)
    for f in sheet.streams:
        if f.kind != "fresh":
            assert re.search(rf">(↺ )?{numbers[(f.step, f.stream, False)]} ", svg), f
    assert "S1 Si 915 g" in svg and re.search(r"↺ S\d+ Mg(\(cr\))? [\d.]+ kg from recycling", svg)


def test_boxes_show_sub_operations_as_written_and_a_legend():
    svg = flow_svg.render(sheet_of("ampsi"))
    for words in ("dehydration 400 °C", "cell 1000 K", "synthesis: H2 burner", "drying 80 °C", "carbonization 850 °C"):
        assert f">{words}<" in svg
    assert "726.85" not in svg
    assert "returned to an earlier step (recycle)" in svg and "stream numbers of the stream table" in svg


def test_a_purchased_grade_is_labelled_as_bought():
    """The acid is charged as 37 wt% HCl plus dilution water (both in stream S6 of the stream table, which lists
    its species): 7842.96 g HCl / 0.37 = 21.2 kg of the solution bought; the diagram names the grade, never
    'HCl 21.2 kg' beside the table's 'HCl 7843 g'."""
    svg = flow_svg.render(sheet_of("ampsi", "AMPSi@C=1 kg"))
    number = next(n for (step, stream, fresh), n in stream_numbers(sheet_of("ampsi", "AMPSi@C=1 kg")).items()
                  if step == "leaching" and fresh and stream == "acid")
    assert f"{number} HCl, 37 wt% solution 21.2 kg" in svg and f"{number} H2O (dilution) 201.1 kg" in svg
    assert f"{number} HCl 21.2 kg" not in svg
