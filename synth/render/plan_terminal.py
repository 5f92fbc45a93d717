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
from .sheet_format import as_written


def q(obj, unit: str | None = None, digits: int = 4) -> str:
    """A JSON quantity as text, optionally converted to ``unit``."""
    if obj is None:
        return "–"
    value = from_json(obj)
    if unit:
        value = value.to(unit)
    return f"{value.magnitude:.{digits}g} {value.units:~P}"


def mass(obj) -> str:
    """A mass in g, kg or t, whichever reads best."""
    grams = from_json(obj).to("g").magnitude
    unit = "t" if grams >= 1e6 else "kg" if grams >= 1e3 else "g" if grams >= 1 else "mg"
    return q(obj, unit)


def plan(data: dict) -> Group:
    """The whole plan for the terminal."""
    head = (f"[bold]{data['recipe']['title']}[/]\nrecipe {data['recipe']['source']} "
            f"(sha256 {data['recipe']['sha256'][:12]}), scale factor {data['scale_factor']:.6g}"
            + (f", basis {data['basis']['material']} = {q(data['basis']['quantity'])}" if data["basis"] else
               ", the recipe's lab amounts"))
    parts = [Panel(head, expand=False)]
    parts += [_step(s) for s in data["steps"]]
    parts += [_totals(data), balance(data)]
    return Group(*parts)


def _step(s: dict) -> Group:
    written = [from_json(x["quantity"]) for part in s["setpoints"] for x in part["settings"]
               if x["name"] == "T" and "quantity" in x]
    title = Text.from_markup(f"\n[bold]{s['id']}[/]: {s['title']}  —  {as_written(from_json(s['T']), written)}, "
                             f"{s['runs']} run(s), "
                             f"{q(s['time'], 'h', 3)}, {s['equipment']}")
    table = Table(expand=False)
    for col in ("", "material", "mass", "amount", "STP volume / note"):
        table.add_column(col, justify="right" if col in ("mass", "amount") else "left")
    for side in ("inputs", "outputs"):
        for name, e in s[side].items():
            note = q(e["volume_stp"], "L") if "volume_stp" in e else ""
            if "solution_volume" in e:
                note = f"in {q(e['solution_volume'], 'L')} of {q(e['solution_concentration'])} solution"
            table.add_row(side[:-1] if side == "inputs" else "output", name, mass(e["mass"]),
                          q(e["amount"]) if "amount" in e else "",
                          escape(f"{note} [{', '.join(e['streams'])}]".strip()))
    heat = ", ".join(f"{k} {q(v, 'kJ')}" for k, v in s["heat"].items()
                     if v is not None and k not in ("net", "adiabatic_rise", "max_temperature", "electric"))
    notes = [f"heat: net {q(s['heat']['net'], 'kJ')} ({heat})"]
    if s["heat"].get("electric"):
        notes.append(f"electricity {q(s['heat']['electric'], 'kWh')}")
    if s["heat"].get("adiabatic_rise"):
        notes.append(f"adiabatic rise {q(s['heat']['adiabatic_rise'], 'K', 3)} to "
                     f"{q(s['heat']['max_temperature'], 'degC', 3)} if cooling failed")
    for g in s["gases"]:
        rate = f", peak {q(g['peak_rate'], 'L/min')}" if "peak_rate" in g else ""
        notes.append(f"gas {g['species']}: {q(g['volume_stp'], 'L')} at STP{rate}" +
                     (f" — {g['hazard']}" if g["hazard"] else ""))
    notes += [f"[yellow]warning:[/] {w}" for w in s["warnings"]]
    return Group(title, table, *(Text.from_markup(n) for n in notes))


def _totals(data: dict) -> Table:
    t = data["totals"]
    table = Table(title="totals per batch", title_justify="left")
    table.add_column("")
    table.add_column("value", justify="right")
    table.add_row(f"product {t['product']['name']}", mass(t["product"]["mass"]))
    for name, e in t["fresh_inputs"].items():
        table.add_row(f"fresh {name}", mass(e["mass"]))
    table.add_row("net heat (all steps)", q(t["heat_net"], "kWh"))
    table.add_row("electricity", q(t["electric"], "kWh"))
    table.add_row("time, steps in series", q(t["time_sum"], "h"))
    table.add_row("bottleneck", f"{t['bottleneck']['step']} ({q(t['bottleneck']['time'], 'h')})")
    for r in t["recycle"]:
        table.add_row(f"{r['species']}: once-through → fresh make-up at steady state",
                      f"{mass(r['once_through_mass'])} → {mass(r['make_up_mass'])}")
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
