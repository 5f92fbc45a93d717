"""Line plans and campaigns for the terminal, CSV and PNG. Presentation only: the tables format the same
``to_json()`` objects that ``--json`` prints, so the views cannot disagree."""

from __future__ import annotations

import csv
import io

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..units import Q_, from_json
from . import gantt
from .cells import cell
from .plan_terminal import mass as _mass, q
from .plant_units import SHEET, PlantUnits, kind_of


def mass(obj) -> str:
    """A mass in g, kg or t; nothing is ``0``."""
    return "0" if obj["value"] == 0 else _mass(obj)


def plan(line, hours: float | None = None, u: PlantUnits = SHEET) -> Group:
    """The plan of a line: the figures, the units, the stages, the Gantt chart; masses and volumes in the plant
    units ``u``."""
    data = line.to_json()
    rate = f"rate {_per_day(data['rate'], u)}, " if data["rate"] else ""
    batch = data["batch"]["basis"]["quantity"]
    head = (f"[bold]{escape(data['recipe']['name'])}[/]: {rate}batches of "
            f"{u.text(from_json(batch), 'mass', mass(batch))} "
            f"{escape(data['batch']['basis']['material'])} (scale factor "
            f"{data['batch']['scale']:.6g})\nplant {escape(data['plant']['origin'])}, "
            f"{q(data['plant']['hours_per_day'])} a day, "
            f"{from_json(data['plant']['days_per_year']).m_as('day/year'):g} days a year\n"
            f"cycle time {q(data['cycle_time'], 'h')}, "
            f"{from_json(data['batches_per_day']).m_as('1/day'):.4g} batches a day, throughput "
            f"{_per_day(data['throughput'], u)}, bottleneck [bold]{escape(data['bottleneck'])}[/], "
            + (f"labour {q(data['labour'], 'h/day')} of operators" if data["labour"] else
               "labour not stated (no unit gives its operators)"))
    return Group(Panel(head, expand=False), units(data, u), stages(data),
                 Text("\nequipment occupancy (operating hours)", style="bold"), gantt.text(line, hours))


def _mass_unit(u: PlantUnits) -> str:
    """The unit of a line's masses (a rate, a campaign's stocks): kg, or the plant units' mass."""
    return "kg" if u.keeps("mass") else u.unit("mass")


def _per_day(obj, u: PlantUnits) -> str:
    """A product rate in kg/day, or in the plant units' mass a day."""
    return q(obj, f"{_mass_unit(u)}/day")


def units(data: dict, shown: PlantUnits = SHEET) -> Table:
    """Each unit: count, stages, time busy per batch, utilisation and capacity per run (in the plant units)."""
    table = Table(title="units", title_justify="left")
    for col in ("unit", "count", "stages", "busy per batch", "utilisation", "capacity per run"):
        table.add_column(col, justify="right" if col in ("count", "busy per batch", "utilisation") else "left")
    for u in data["units"]:
        cap = ", ".join(dict.fromkeys(_capacity(c["capacity"], shown) + (f" of {c['of']}" if c["of"] else "")
                                      for c in u["capacity"]))  # a shared unit's stages state one capacity
        table.add_row(u["id"], str(u["count"]), ", ".join(u["steps"]) or "–",
                      q(u["busy_per_batch"], "h"), f"{u['utilisation']:.1%}", escape(cap) or "–")
    return table


def _capacity(obj, u: PlantUnits) -> str:
    """A capacity per run (a mass or a volume) in the plant unit of its kind."""
    value = from_json(obj)
    kind = kind_of(value)
    return q(obj) if kind is None else u.text(value, kind, q(obj))


def stages(data: dict) -> Table:
    table = Table(title="time per run (the unit's full occupancy)", title_justify="left")
    for col in ("step", "stage", "unit", "runs", "per run", "parts"):
        table.add_column(col, justify="right" if col in ("runs", "per run") else "left")
    for s in data["stages"]:
        parts = " + ".join(f"{k} {q(v, 'h', 3)}" for k, v in s["parts"].items())
        table.add_row(s["step"], s["stage"], s["unit"], str(s["runs"]), q(s["time_per_run"], "h", 4), parts)
    return table


def campaign(camp, u: PlantUnits = SHEET) -> Group:
    """The campaign per batch: fresh make-ups and returns of the recycled species, the stocks, the totals; masses
    in the plant units ``u``."""
    data = camp.to_json()

    def m(obj) -> str:
        return u.text(from_json(obj), "mass", mass(obj))

    recycled = {s: e["fresh"] for s, e in data["steady_state"].items()}  # species -> name of its fresh input
    head = (f"campaign of {len(data['batches'])} batches of {m(data['batch']['basis']['quantity'])} "
            f"{escape(data['batch']['basis']['material'])}, one every {q(data['cycle_time'], 'h')}")
    table = Table(title=f"{head}: fresh make-up and returns per batch", title_justify="left")
    for col in ["batch", "start"] + [f"fresh {n}" for n in recycled.values()] + [f"back {s}" for s in recycled]:
        table.add_column(col, justify="right")
    stock_names = list(data["batches"][0]["stocks"]) if data["batches"] else []
    stocks = Table(title="stocks at each batch's start: recovered, waiting for recovery, waste so far",
                   title_justify="left")
    for col in ["batch"] + stock_names:
        stocks.add_column(col, justify="right")
    for b in data["batches"]:
        table.add_row(str(b["batch"]), q(b["start"], "h"), *(m(b["fresh"][n]["mass"]) for n in recycled.values()),
                      *(m(b["returned"][s]["mass"]) for s in recycled))
        stocks.add_row(str(b["batch"]), *(m(b["stocks"][s]) for s in stock_names))
    totals = Table(title="totals over the campaign", title_justify="left")
    totals.add_column("")
    totals.add_column("value", justify="right")
    for name, value in data["totals"]["fresh"].items():
        totals.add_row(f"fresh {escape(name)}", m(value))
    totals.add_row("product", m(data["totals"]["product"]))
    totals.add_row("waste (every output but the product and the returns)", m(data["totals"]["waste"]))
    for name, value in data["totals"]["stocks_at_end"].items():
        totals.add_row(f"{name} in stock at the end", m(value))
    for name, e in data["steady_state"].items():
        totals.add_row(f"{name}: once-through → make-up at steady state (synth scale)",
                       f"{m(e['once_through']['mass'])} → {m(e['make_up']['mass'])}")
    return Group(table, stocks, totals)


def campaign_csv(camp, u: PlantUnits = SHEET) -> str:
    """One row per batch: start, finish, every fresh input, every return and every stock, in kg (or the plant
    units' mass); the column names (material names are recipe text) through :func:`~synth.render.cells.cell`."""
    data = camp.to_json()
    unit = _mass_unit(u)
    shown = f"{Q_(1, unit).units:~P}"
    rows = data["batches"]
    fresh = list(rows[0]["fresh"]) if rows else []
    back = list(rows[0]["returned"]) if rows else []
    stocks = list(rows[0]["stocks"]) if rows else []
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(map(cell, ["batch", "start [h]", "finish [h]"] + [f"fresh {k} [{shown}]" for k in fresh]
                   + [f"returned {k} [{shown}]" for k in back] + [f"stock {k} [{shown}]" for k in stocks]))
    kg = lambda obj: repr(float(from_json(obj).to(unit).magnitude))  # noqa: E731
    for b in rows:
        w.writerow([b["batch"], repr(float(from_json(b["start"]).to("h").magnitude)),
                    repr(float(from_json(b["finish"]).to("h").magnitude))]
                   + [kg(b["fresh"][k]["mass"]) for k in fresh] + [kg(b["returned"][k]["mass"]) for k in back]
                   + [kg(b["stocks"][k]) for k in stocks])
    return buf.getvalue()


def campaign_png(camp) -> bytes:
    """Fresh make-up of each recycled species against batch number, with its steady state (needs matplotlib)."""
    from .plotting import png_bytes, require

    plt = require()
    data = camp.to_json()
    fig, ax = plt.subplots(figsize=(7, 4))
    numbers = [b["batch"] for b in data["batches"]]
    for k, (name, e) in enumerate(data["steady_state"].items()):
        colour = gantt.PALETTE[k % len(gantt.PALETTE)]
        ax.plot(numbers, [from_json(b["fresh"][e["fresh"]]["mass"]).to("kg").magnitude for b in data["batches"]],
                "o-", color=colour, label=f"fresh {name}")
        ax.axhline(from_json(e["make_up"]["mass"]).to("kg").magnitude, color=colour, ls="--",
                   label=f"{name} at steady state")
    ax.set_xlabel("batch")
    ax.set_ylabel("fresh make-up per batch / kg")
    ax.legend()
    return png_bytes(fig, 120)
