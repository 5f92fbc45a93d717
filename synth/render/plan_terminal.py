"""Rich tables of a scaled route: one table per step, then totals, recycle and element balance.

Presentation only: it formats the report of the plan (:mod:`synth.report`), so the terminal
and ``--json`` can never disagree.
"""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..units import from_json
from .plant_units import SHEET, PlantUnits
from .written import as_written, written_temperatures


def q(obj, unit: str | None = None, digits: int = 4) -> str:
    """A JSON quantity as text, optionally converted to ``unit``."""
    if obj is None:
        return "–"
    value = from_json(obj)
    if unit:
        value = value.to(unit)
    from .terminal import unit_text

    return f"{value.magnitude:.{digits}g} {unit_text(value)}"


def mass(obj) -> str:
    """A mass in g, kg or t, whichever reads best."""
    grams = from_json(obj).to("g").magnitude
    unit = "t" if grams >= 1e6 else "kg" if grams >= 1e3 else "g" if grams >= 1 else "mg"
    return q(obj, unit)


def plan(data: dict, units: PlantUnits = SHEET) -> Group:
    """The whole plan for the terminal, numbers in ``units`` (by default as the sheet shows them)."""
    head = (f"[bold]{data['recipe']['title']}[/]\nrecipe {data['recipe']['source']} "
            f"(sha256 {data['recipe']['sha256'][:12]}), scale factor {data['scale_factor']:.6g}"
            + (f", basis {data['basis']['material']} = {q(data['basis']['quantity'])}" if data["basis"] else
               ", the recipe's lab amounts") + f"\ngas volumes at {units.gas_state(data['gas_volumes_at'])}")
    parts = [Panel(head, expand=False)]
    parts += [_step(s, units, data["gas_volumes_at"]) for s in data["steps"]]
    parts += [_totals(data, units), balance(data)]
    if data.get("products"):
        from .product_view import products

        parts.append(products(data["products"], hows=False))  # `synth product` adds how each is computed
    return Group(*parts)


def _shown(u: PlantUnits, obj, kind: str, default: str, digits: int = 4) -> str:
    """A JSON quantity in the plant unit of ``kind``, or ``default`` where the view keeps its own."""
    return u.text(from_json(obj), kind, default, digits)


def _step(s: dict, u: PlantUnits, stp: str) -> Group:
    """One step's table; gas volumes at ``stp``, the report's standard conditions, or in the plant unit."""
    T = as_written(from_json(s["T"]), written_temperatures(s["setpoints"]), u)
    title = Text.from_markup(f"\n[bold]{s['id']}[/]: {s['title']}  —  {T}, {s['runs']} run(s), "
                             f"{_shown(u, s['time'], 'time', q(s['time'], 'h', 3), 3)}, {s['equipment']}")
    table = Table(expand=False)
    gas = f"volume at {stp}" if u.keeps("gas") else "gas volume"
    for col in ("", "material", "mass", "amount", f"{gas} / note"):
        table.add_column(col, justify="right" if col in ("mass", "amount") else "left")
    for side in ("inputs", "outputs"):
        for name, e in s[side].items():
            note = _shown(u, e["amount"], "gas", q(e["volume_stp"], "L")) if "volume_stp" in e else ""
            if "solution_volume" in e:
                note = (f"in {_shown(u, e['solution_volume'], 'volume', q(e['solution_volume'], 'L'))} of "
                        f"{q(e['solution_concentration'])} solution")
            shown = _shown(u, e["mass"], "mass", mass(e["mass"]))
            table.add_row(side[:-1] if side == "inputs" else "output", name, shown,
                          q(e["amount"]) if "amount" in e else "",
                          escape(f"{note} [{', '.join(e['streams'])}]".strip()))
    heat = ", ".join(f"{k} {_shown(u, v, 'energy', q(v, 'kJ'))}" for k, v in s["heat"].items()
                     if v is not None and k not in ("net", "adiabatic_rise", "max_temperature", "electric"))
    notes = [f"heat: net {_shown(u, s['heat']['net'], 'energy', q(s['heat']['net'], 'kJ'))} ({heat})"]
    if s.get("run_time"):  # the unit's full occupancy per run, part by part
        notes.append("time per run: " + "; ".join(
            f"{escape(rt['equipment'])} {q(rt['per_run'], 'h', 3)} ("
            + " + ".join(f"{k} {q(v, 'h', 3)}" for k, v in rt["parts"].items()) + ")" for rt in s["run_time"]))
    if s["duties"]:
        notes.append("duties: " + "; ".join(duty(d, u) for d in s["duties"]))
    if s["heat"].get("adiabatic_rise"):
        rise = s["heat"]["adiabatic_rise"]
        notes.append(f"adiabatic rise {_shown(u, rise, 'difference', q(rise, 'K', 3), 4)} at constant cp (screening)")
    if s.get("runaway"):
        notes.append(escape(f"if cooling failed: {s['runaway']['stop']}"))
        notes.append(escape(s["runaway"]["reasoning"]))
    for g in s["gases"]:
        rate = f", peak {q(g['peak_rate'], 'L/min')}" if "peak_rate" in g else ""
        volume = _shown(u, g["amount"], "gas", f"{q(g['volume_stp'], 'L')} at STP")
        notes.append(f"gas {g['species']}: {volume}{rate}" +
                     (f" — {g['hazard']}" if g["hazard"] else ""))
    notes += [f"[yellow]warning:[/] {w}" for w in s["warnings"]]
    return Group(title, table, *(Text.from_markup(n) for n in notes))


def duty(d: dict, u: PlantUnits = SHEET) -> str:
    """``heating 0.39 kWh at 550 °C (0.77 kWh bought)``: one energy demand of a step in words."""
    level = f" at {_shown(u, d['T'], 'temperature', q(d['T'], 'degC', 4), 4)}" if d["T"] else ""
    primary = d["primary"] and _shown(u, d["primary"], "energy", q(d["primary"], "kWh"))
    bought = f", {primary} bought" if d["primary"] and d["kind"] == "heating" else ""
    return f"{d['kind']} {_shown(u, d['energy'], 'energy', q(d['energy'], 'kWh'))}{level} ({d['name']}{bought})"


def _totals(data: dict, u: PlantUnits) -> Table:
    t = data["totals"]
    table = Table(title="totals per batch", title_justify="left")
    table.add_column("")
    table.add_column("value", justify="right")
    def m(obj) -> str:
        return _shown(u, obj, "mass", mass(obj))

    table.add_row(f"product {t['product']['name']}", m(t["product"]["mass"]))
    for name, e in t["fresh_inputs"].items():
        table.add_row(f"fresh {name}", m(e["mass"]))
    for key, words in (("heating", "heating (fuel or steam; every step, not netted)"),
                       ("cooling", "cooling (heat to remove)"),
                       ("electricity", "electricity (cells, electric furnaces)"),
                       ("primary_energy", "primary energy (at the recipe's efficiencies)")):
        table.add_row(words, _shown(u, t[key], "energy", q(t[key], "kWh")))
    table.add_row("time, steps in series", _shown(u, t["time_sum"], "time", q(t["time_sum"], "h")))
    bottleneck = _shown(u, t["bottleneck"]["time"], "time", q(t["bottleneck"]["time"], "h"))
    table.add_row("bottleneck", f"{t['bottleneck']['step']} ({bottleneck})")
    for r in t["recycle"]:
        table.add_row(f"{r['species']}: once-through → fresh make-up at steady state",
                      f"{m(r['once_through_mass'])} → {m(r['make_up_mass'])}")
    return table


def balance(data: dict) -> Table:
    """The whole route's element balance."""
    table = Table(title="element balance of the route (mol)", title_justify="left")
    for col in ("element", "in", "out", "relative error"):
        table.add_column(col, justify="right")
    for element, io in data["element_balance"].items():
        a, b = io["in"]["value"], io["out"]["value"]
        table.add_row(element, f"{a:.8g}", f"{b:.8g}", f"{abs(a - b) / max(abs(a), 1e-300):.1e}")
    return table
