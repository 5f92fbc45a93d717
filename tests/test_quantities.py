"""Every public number a user reads from ampsi's results is a pint quantity with its dimension (issue 16).

The walk goes through the fields and properties of the plan and its steps (heat, duties, gases, run times),
the recycles, the route's energy, the line (units, plant, rate, stages, schedule and its runs), a campaign,
the inventory, the cost and the product figures. Each number it meets must be a quantity whose dimension
is declared in :data:`EXPECTED`, or a ratio or count named in :data:`PLAIN`, or an engine float whose
field name carries its unit (``energy_J``, ``cycle_time_s``). A bare float added later fails here.
The cooling-failure scenario (``Heat.runaway``, synth.steps.runaway) is another change's, and not walked.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pint
import pytest

from synth import catalog, inventory
from synth.cost import cost, load_prices, metrics
from synth.energy import route_energy
from synth.plant.campaign import campaign
from synth.plant.line import plan_line
from synth.product import products
from synth.recipe import load, parse
from synth.route import run
from synth.scaling import scale
from synth.units import ureg

ENERGY, TIME, MASS, AMOUNT, TEMPERATURE = "[energy]", "[time]", "[mass]", "[substance]", "[temperature]"
ANY = "any"  # a mapping of step-specific figures, each a quantity in its own dimension
#: (class, attribute) -> the dimension its quantity must have
EXPECTED = {
    ("StepResult", "figures"): ANY, ("StepResult", "balance()"): AMOUNT, ("Plan", "element_balance()"): AMOUNT,
    ("StepResult", "T"): TEMPERATURE, ("StepResult", "time"): TIME, ("StepResult", "reactions"): AMOUNT,
    ("Heat", "parts"): ENERGY, ("Heat", "net"): ENERGY, ("Heat", "adiabatic_rise"): TEMPERATURE,
    ("Heat", "max_temperature"): TEMPERATURE, ("Heat", "electric"): ENERGY,
    ("Duty", "energy"): ENERGY, ("Duty", "T"): TEMPERATURE, ("Duty", "primary"): ENERGY,
    ("Gas", "amount"): AMOUNT, ("Gas", "molar_mass"): "[mass] / [substance]",
    ("Gas", "peak_rate"): "[substance] / [time]",
    ("RunTime", "parts"): TIME, ("RunTime", "per_run"): TIME, ("RunTime", "total"): TIME,
    ("Recycle", "needed"): AMOUNT, ("Recycle", "returned"): AMOUNT, ("Recycle", "make_up"): AMOUNT,
    ("Recycle", "surplus"): AMOUNT,
    ("RouteEnergy", "heating"): ENERGY, ("RouteEnergy", "cooling"): ENERGY, ("RouteEnergy", "electricity"): ENERGY,
    ("RouteEnergy", "primary"): ENERGY,
    ("LinePlan", "product_per_batch"): MASS, ("LinePlan", "cycle_time"): TIME,
    ("LinePlan", "batches_per_day"): "1 / [time]",
    ("LinePlan", "throughput()"): "[mass] / [time]", ("LinePlan", "labour_hours_per_day()"): "",
    ("UnitUse", "busy"): TIME, ("UnitUse", "operator_hours"): TIME,
    ("Unit", "capacity"): MASS, ("Unit", "volume"): "[length] ** 3",
    ("Plant", "hours_per_day"): TIME, ("Plant", "days_per_year"): "",
    ("Rate", "written"): "[mass] / [time]", ("Rate", "per_second"): "[mass] / [time]",
    ("Operation", "parts"): TIME, ("Operation", "per_run"): TIME,
    ("Schedule", "interval"): TIME, ("Schedule", "finish"): TIME, ("Schedule", "makespan"): TIME,
    ("Schedule", "steady_interval()"): TIME, ("Schedule", "busy()"): TIME,
    ("Run", "start"): TIME, ("Run", "end"): TIME,
    ("Campaign", "product"): MASS, ("Campaign", "waste"): MASS, ("Campaign", "final_stocks"): MASS,
    ("Campaign", "totals()"): MASS, ("Campaign", "cumulative()"): MASS,
    ("CampaignBatch", "start"): TIME, ("CampaignBatch", "finish"): TIME, ("CampaignBatch", "stocks"): MASS,
    ("CampaignBatch", "fresh"): (MASS, AMOUNT), ("CampaignBatch", "returned"): (MASS, AMOUNT),
    ("Fresh", "once_through"): AMOUNT, ("Fresh", "steady"): AMOUNT, ("Fresh", "mass()"): MASS, ("Waste", "mass"): MASS,
    ("Cost", "product"): MASS, ("UnitUse", "capacities"): {MASS, "[length] ** 3"},
    ("Metrics", "energy_intensity"): "[energy] / [mass]", ("Metrics", "co2e_per_kg"): "",  # kg CO2e per kg
}
#: Plain numbers that are ratios or counts, and say so in their docstrings
PLAIN = {"scale", "runs", "count", "operators", "utilisation", "number", "batches", "instance", "batch", "run",
         "pmi", "pmi_without_water", "e_factor", "e_factor_complete", "e_factor_once_through",
         "e_factor_complete_once_through", "water_intensity"}
#: Step figures that are ratios (written to JSON as plain numbers)
RATIOS = {"gas_excess", "acid_excess", "steam_economy", "hydrolysis_K", "hydrolysed_fraction", "current_efficiency",
          "casting_loss", "deposited_fraction", "scale_from_paper", "dissolved_fraction"}
#: The engine's SI floats: the field's name says the unit
ENGINE = re.compile(r".*_(J|K|s|g|h|mol|g_mol|mol_s|per_s|days)$|^rows$")
#: Not walked: the engine's containers (streams in mol, species data, the recipe), and another change's results
SKIP = ("Stream", "PhaseData", "Recipe", "Spec", "SpeciesDB", "Plan", "Price", "PriceBook", "Runaway")


def numbers(obj, owner: str = "", attr: str = "", path: str = "", seen: set | None = None):
    """(path, owner class, attribute, value) of every number reachable from ``obj``'s public fields and
    properties (quantities are not opened; mappings and sequences are)."""
    seen = set() if seen is None else seen
    if isinstance(obj, pint.Quantity) or isinstance(obj, (int, float, np.ndarray, np.number)) and \
            not isinstance(obj, bool):
        yield path, owner, attr, obj
    elif isinstance(obj, dict) or hasattr(obj, "items") and hasattr(obj, "keys"):
        for k, v in obj.items():
            yield from numbers(v, owner, attr, f"{path}[{k!r}]", seen)
    elif isinstance(obj, (tuple, list)):
        for i, v in enumerate(obj):
            yield from numbers(v, owner, attr, f"{path}[{i}]", seen)
    elif dataclasses.is_dataclass(obj) and type(obj).__name__ not in SKIP and id(obj) not in seen:
        seen.add(id(obj))
        cls = type(obj)
        names = [f.name for f in dataclasses.fields(obj)]
        names += [n for n in dir(cls) if isinstance(getattr(cls, n, None), property) and n not in names]
        for name in names:
            if name.startswith("_") or ENGINE.match(name):
                continue
            yield from numbers(getattr(obj, name), cls.__name__, name, f"{path}.{name}", seen)


def check(found) -> int:
    """Assert each number is a quantity of its declared dimension, or a declared ratio or count."""
    for path, owner, attr, value in found:
        if not isinstance(value, pint.Quantity):
            plain = path.rsplit("[", 1)[-1].strip("]'") in RATIOS if attr == "figures" else attr in PLAIN
            assert plain, f"{path} ({owner}.{attr}) is a bare {type(value).__name__}: make it a quantity"
            continue
        expected = EXPECTED.get((owner, attr))
        assert expected is not None, f"{path}: a quantity of {owner}.{attr}, not declared in EXPECTED"
        if expected == ANY:
            continue
        if isinstance(expected, tuple):  # a (mass, amount) pair
            expected = expected[int(path.endswith("[1]"))]
        alternatives = expected if isinstance(expected, set) else {expected}
        assert any(value.check(e or "[]") for e in alternatives), f"{path} is {value.units}, expected {expected}"
    return len(found)


@pytest.fixture(scope="module")
def ampsi():
    return load("ampsi")


@pytest.fixture(scope="module")
def line(ampsi):
    return plan_line(ampsi, "10 kg/day", optimize=True, batches=6)


def test_every_number_of_a_plan_is_a_quantity(ampsi):
    plan, _ = scale(ampsi, "AMPSi@C=1 kg")
    found = [*numbers(plan.steps, path="steps"), *numbers(plan.recycles(), path="recycles"),
             *numbers(route_energy(plan), path="route_energy"), *numbers(plan.scale, "Plan", "scale", "scale"),
             *numbers(plan.element_balance(), "Plan", "element_balance()", "element_balance()"),
             *numbers([s.balance() for s in plan.steps], "StepResult", "balance()", "balance()")]
    assert check(found) > 150
    kinds = {(owner, attr) for _, owner, attr, _ in found}
    assert {("Duty", "energy"), ("Heat", "adiabatic_rise"), ("Gas", "peak_rate"), ("RunTime", "total"),
            ("StepResult", "reactions"), ("RouteEnergy", "primary"), ("Recycle", "make_up")} <= kinds


def test_every_number_of_a_line_and_campaign_is_a_quantity(line):
    camp = campaign(line)
    sched = line.schedule
    found = [*numbers(line, path="line"), *numbers(sched.runs[:50], path="runs"), *numbers(camp, path="campaign"),
             *numbers(line.throughput(), "LinePlan", "throughput()", "throughput()"),
             *numbers(line.labour_hours_per_day(), "LinePlan", "labour_hours_per_day()", "labour"),
             *numbers(sched.steady_interval(), "Schedule", "steady_interval()", "steady_interval()"),
             *numbers(sched.busy("tube-furnace"), "Schedule", "busy()", "busy()"),
             *numbers(camp.totals(), "Campaign", "totals()", "totals()"),
             *numbers(camp.cumulative(), "Campaign", "cumulative()", "cumulative()"),
             *numbers(camp.steady_state(), "CampaignBatch", "fresh", "steady_state()")]
    assert check(found) > 300
    assert {("CampaignBatch", "fresh"), ("Run", "start"), ("UnitUse", "busy"), ("Plant", "days_per_year"),
            ("Rate", "per_second"), ("Schedule", "finish")} <= {(o, a) for _, o, a, _ in found}


def test_every_number_of_the_inventory_cost_and_product_is_a_quantity(ampsi):
    plan, _ = scale(ampsi, "AMPSi@C=1 kg")
    book = load_prices()
    fresh = inventory.fresh(plan)
    found = [*numbers(fresh, path="fresh"), *numbers(inventory.wastes(plan), path="wastes"),
             *numbers([f.mass() for f in fresh.values()], "Fresh", "mass()", "mass()"),
             *numbers(metrics(plan, book), path="metrics"), *numbers(cost(plan, book).product, "Cost", "product")]
    assert check(found) > 20
    for p in products(plan):  # the product figures are quantities already (dimensionless ones too)
        for f in (*p.composition, *p.figures):
            assert isinstance(f.value, pint.Quantity), f"{p.material} {f.key}: {f.value!r}"


def test_a_bare_float_fails_the_walk(ampsi):
    """The walk finds a float where a quantity belongs (so a later bare float fails the tests above)."""
    step = run(ampsi).step("alloying")
    broken = dataclasses.replace(step.heat.duties[0])
    object.__setattr__(broken, "efficiency_source", 0.5)  # a number under a name that is neither
    with pytest.raises(AssertionError, match="efficiency_source.*bare float"):
        check(list(numbers(broken, path="duty")))


def test_a_sweep_keeps_its_grid_inside_the_quantity():
    text = catalog.text("ampsi")
    recipe = parse(text, "ampsi.yaml")
    plan = run(recipe, np.array([1.0, 2.0, 4.0]))
    d = next(d for d in plan.step("recycling").heat.duties if d.name == "dryer")
    assert isinstance(d.energy, pint.Quantity) and d.energy.magnitude.shape == (3,)
    assert d.energy.m_as("J") == pytest.approx(d.energy_J)
    assert route_energy(plan).heating.magnitude.shape == (3,)


def test_hand_checked_values(ampsi, line):
    plan, _ = scale(ampsi, "AMPSi@C=1 kg")
    duties = {d.name: d for d in plan.step("recycling").heat.duties}
    # README (recycle: energy by kind), AMPSi@C = 1 kg: the dryer takes 12.95 kWh at 400 °C, taken as delivered
    # (the recipe states no efficiency for it: no primary energy)
    dryer = duties["dryer"]
    assert dryer.energy.to("kWh").magnitude == pytest.approx(12.95, abs=0.005)
    assert dryer.T.to("degC").magnitude == pytest.approx(400.0)
    assert dryer.primary is None
    # the evaporator: 161.5 kWh at 100 °C, bought at a steam economy of 1 (recipe, ref CFT2024): 161.5 kWh
    evaporator = duties["evaporator"]
    assert evaporator.energy.to("kWh").magnitude == pytest.approx(161.5, abs=0.05)
    assert evaporator.primary.to("kWh").magnitude == pytest.approx(161.5, abs=0.05)
    assert evaporator.T.to("degC").magnitude == pytest.approx(100.0, abs=0.05)
    # the cell: 19.02 kWh of electricity at 1000 K = 726.85 °C
    assert duties["electrolysis cell"].energy.to("kWh").magnitude == pytest.approx(19.02, abs=0.005)
    assert duties["electrolysis cell"].T == ureg.Quantity(1000.0, "K")
    # the quantity is the engine's float in its unit, nothing recomputed: J / 3.6e6 = kWh
    assert dryer.energy.to("kWh").magnitude == pytest.approx(dryer.energy_J / 3.6e6, rel=1e-15)
    # the line at 10 kg/day: batches of 8.644 kg (README, synth plan) every 20.74 h of operating time
    assert line.product_per_batch.to("kg").magnitude == pytest.approx(8.644, abs=0.001)
    assert line.cycle_time.to("h").magnitude == pytest.approx(20.745, abs=0.001)
    # 20.74 h per batch on 24 h days: 24 / 20.745 = 1.157 batches a day
    assert line.batches_per_day.to("1/day").magnitude == pytest.approx(24 / 20.745, rel=1e-4)
    assert line.rate.per_second.to("kg/day").magnitude == pytest.approx(10.0)  # 24 h a day, 330 days a year
    assert line.plant.days_per_year.to("day/year").magnitude == 330
