"""DataFrames and notebook views of a plan, a sheet and a sweep (synth.frames, synth.render.notebook)."""

from __future__ import annotations

import datetime
import sys

import pytest

from synth.errors import InputError
from synth.recipe import load
from synth.report import build as build_report
from synth.scaling import scale
from synth.sheet import build as build_sheet
from synth.sweep import Range, sweep

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def plan():
    made, _ = scale(load("ampsi"), "AMPSi@C=1 kg")
    return made


def test_stream_table_closes_the_mass_of_every_step(plan):
    frame = plan.to_frame()
    assert list(frame.columns)[-3:] == ["mass [g]", "amount [mol]", "volume at STP [L]"]
    by_side = frame.groupby(["step", "side"])["mass [g]"].sum().unstack()
    assert (by_side["in"] - by_side["out"]).abs().max() <= 1e-9 * by_side["in"].max()
    assert frame.loc[frame["kind"] == "product", "mass [g]"].sum() == pytest.approx(1000.0, rel=1e-12)


def test_stream_table_gas_volume_at_stp(plan):
    """A gas's volume is n R T / P at 273.15 K and 100 kPa: 22.71095 L/mol (CODATA 2018 R = 8.314462618 J/(mol K));
    solids have none."""
    frame = plan.to_frame()
    n2 = frame[(frame["step"] == "nitridation") & (frame["stream"] == "gas")].iloc[0]
    assert n2["volume at STP [L]"] == pytest.approx(n2["amount [mol]"] * 8.314462618 * 273.15 / 100e3 * 1e3, rel=1e-9)
    assert frame.loc[frame["phase"] == "cr", "volume at STP [L]"].isna().all()


def test_totals_frame_matches_the_recycle(plan):
    totals = plan.totals_frame().set_index("quantity")
    assert tuple(totals.loc["product AMPSi@C"]) == (pytest.approx(1000.0), "g")
    mg = next(r for r in plan.recycles() if r.species == "Mg")
    assert mg.make_up.check("[substance]")
    # Mg make-up in grams = mol x 24.305 g/mol (IUPAC 2021 standard atomic weight of Mg)
    assert totals.loc["Mg make-up at steady state", "value"] == pytest.approx(mg.make_up.m_as("mol") * 24.305, rel=1e-4)


def test_totals_frame_energy_is_the_batchs_by_kind(plan):
    """Energy by kind as `synth scale` totals it: electricity is the cell's 19.02 kWh plus the electric furnaces
    (22.21 kWh in all), never the cell alone; heating and cooling are not netted."""
    from synth.energy import route_energy

    totals, energy = plan.totals_frame().set_index("quantity"), route_energy(plan)
    for row, value in (("heating", energy.heating), ("cooling", energy.cooling),
                       ("electricity", energy.electricity), ("primary energy", energy.primary)):
        assert totals.loc[row, "unit"] == "kWh"
        assert totals.loc[row, "value"] == pytest.approx(value.m_as("kWh"), rel=1e-12)
    assert totals.loc["electricity", "value"] == pytest.approx(22.206, abs=1e-3)


def test_sweep_frame_has_a_row_per_point_and_units_in_names():
    recipe = load("ampsi")
    result = sweep(recipe, [Range.parse("leaching.acid.excess=0..50 %:3", recipe)], basis="AMPSi@C=1 kg")
    frame = result.to_frame()
    assert len(frame) == 3
    assert list(frame.columns[:3]) == ["leaching.acid.excess [%]", "fresh Mg [g/kg]", "fresh HCl [g/kg]"]
    assert frame["fresh HCl [g/kg]"].is_monotonic_increasing
    html = result._repr_html_()
    assert html.startswith("<table>") and "fresh HCl" in html and len(html) < 5000


def test_notebook_views_are_compact_tables(plan):
    sheet = build_sheet(build_report(plan), datetime.date(2025, 1, 31), "NB-1")
    for html in (plan._repr_html_(), sheet._repr_html_()):
        assert html.startswith("<table>") and html.count("<table>") == 2 and len(html) < 5000
    assert "<td>alloying</td>" in plan._repr_html_() and "<td>NB-1</td>" in sheet._repr_html_()
    # temperatures as the recipe writes them: the cell at 1000 K (not 726.9 °C), the furnaces in °C
    assert "<td>recycling</td><td>1000 K</td>" in plan._repr_html_()
    assert "<td>nitridation</td><td>750 °C</td>" in plan._repr_html_()


def test_missing_pandas_names_the_extra(plan, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(InputError, match=r'pip install "synth\[frames\]"'):
        plan.to_frame()


@pytest.fixture(scope="module")
def camp():
    from synth.plant.campaign import campaign
    from synth.plant.line import plan_line

    return campaign(plan_line(load("ampsi"), basis="AMPSi@C=1 kg", batches=6))


def test_campaign_frame_has_a_row_per_batch_with_the_campaigns_numbers(camp):
    frame = camp.to_frame()
    assert list(frame["batch"]) == [1, 2, 3, 4, 5, 6]
    assert list(frame.columns[:4]) == ["batch", "start [h]", "finish [h]", "fresh Si [kg]"]
    data = camp.to_json()
    for row, b in zip(frame.itertuples(index=False), data["batches"], strict=True):
        assert row[1] == pytest.approx(b["start"]["value"]) and row[2] == pytest.approx(b["finish"]["value"])
    mg = next(r for r in camp.line.plan.recycles() if r.species == "Mg")
    # batch 1 runs once-through: all the Mg it needs is fresh, mol x 24.305 g/mol (IUPAC 2021) / 1000 g/kg
    assert frame["fresh Mg [kg]"].iloc[0] == pytest.approx(mg.needed.m_as("mol") * 24.305 / 1000, rel=1e-4)
    assert frame["fresh Mg amount [mol]"].iloc[0] == pytest.approx(mg.needed.m_as("mol"), rel=1e-12)
    assert frame["returned Mg [kg]"].iloc[0] == 0.0
    # the last batch gets its Mg back from the stock: fresh is the steady-state make-up of synth scale
    assert frame["fresh Mg amount [mol]"].iloc[-1] == pytest.approx(mg.make_up.m_as("mol"), rel=1e-9)
    assert frame["cumulative fresh Mg [kg]"].iloc[-1] == pytest.approx(frame["fresh Mg [kg]"].sum(), rel=1e-12)


def test_campaign_totals_frame_and_notebook_view(camp):
    frame, totals = camp.to_frame(), camp.totals_frame().set_index("quantity")
    assert tuple(totals.loc["fresh HCl"]) == (pytest.approx(frame["fresh HCl [kg]"].sum(), rel=1e-12), "kg")
    assert tuple(totals.loc["product"]) == (pytest.approx(6.0, rel=1e-12), "kg")  # 6 batches of 1 kg
    assert totals.loc["waste", "value"] == pytest.approx(camp.to_json()["totals"]["waste"]["value"] / 1000, rel=1e-12)
    html = camp._repr_html_()
    assert html.startswith("<table>") and html.count("<table>") == 2 and "batch 6" in html and len(html) < 5000
