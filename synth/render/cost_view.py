"""Costs and green metrics as rich tables, Markdown and JSON. Presentation only: every figure comes from
:mod:`synth.cost` (one evaluation of the route), so the views cannot disagree."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .terminal import money


def _quantity(q) -> str:
    if q.check("[mass]"):
        grams = q.to("g").magnitude
        q = q.to("t" if grams >= 1e6 else "kg" if grams >= 1e3 else "g")
    elif q.check("[mass] * [length] ** 2 / [time] ** 2"):
        q = q.to("kWh")
    return f"{q.magnitude:.4g} {q.units:~P}"


def _batch(line) -> str:
    """How the batch was chosen: for a rate, or the recipe's basis, with the line's throughput."""
    made = f"{line.product_per_batch_g / 1000:.4g} kg of {line.product} per batch"
    if line.rate is not None:
        return f"{made} for {line.rate.written:~P}; {line.batches_per_day.m_as('1/day'):.3g} batches a day"
    return f"{made}, {line.batches_per_day.m_as('1/day'):.3g} batches a day on the plant's units"


def as_json(result, measured, line, provenance: dict, per_ah=()) -> dict:
    """``synth cost --json``: the cost, its breakdown and prices, the metrics, and what they came from."""
    from ..units import Q_, to_json

    return {
        "cost_per_Ah": [{"capacity": words, "at": to_json(cap), "cost": to_json(q)} for words, cap, q in per_ah],
        "recipe": line.plan.recipe.name,
        "rate": None if line.rate is None else to_json(line.rate.written),
        "batch": {"material": line.product, "quantity": to_json(Q_(line.product_per_batch_g, "g")),
                  "scale_factor": line.plan.scale, "batches_per_day": to_json(line.batches_per_day)},
        "currency": result.currency,
        **result.to_json(),
        "metrics": measured.to_json(),
        "provenance": provenance,
    }


def table(result, measured, line, per_ah=()) -> Group:
    """The cost per kg, the breakdown with shares, the unpriced lines, the metrics and the price sources."""
    head = Text.from_markup(
        f"[bold]cost of {escape(line.plan.recipe.data.get('title') or line.plan.recipe.name)}[/]\n"
        f"{escape(_batch(line))}\n"
        f"[bold]{money(result.per_kg)}[/] at steady state (recycled reagents bought only as make-up); "
        f"{money(result.once_through_per_kg)} once-through\n"
        f"of which raw materials, utilities and waste (the variable cost a sweep reports): "
        f"{money(result.variable_per_kg)}"
        + "".join(f"\nper Ah of anode capacity: {money(q)} at {cap.magnitude:.4g} "
                  f"{cap.units:~P} ({words})" for words, cap, q in per_ah))
    lines = Table(title="breakdown per batch, largest first", title_justify="left")
    for col in ("item", "kind", "quantity", "price (year)", "cost", "per kg product", "share"):
        lines.add_column(col, justify="right" if col in ("quantity", "cost", "per kg product", "share") else "left")
    for row in result.breakdown():
        line_ = next(x for x in result.lines if x.item == row["item"])
        price = f"{money(line_.price.value)} ({line_.price.year})" if line_.price is not None else "see notes"
        lines.add_row(escape(line_.item), line_.kind, _quantity(line_.quantity), price, money(line_.cost),
                      money(row["cost_per_kg"]), f"{row['share']:.1%}")
    parts = [head, lines]
    if result.unpriced:
        missing = Table(title="UNPRICED (not in the total: give prices with --prices FILE)", title_justify="left",
                        title_style="bold red")
        for col in ("item", "kind", "quantity per batch", "why"):
            missing.add_column(col)
        for line_ in result.unpriced:
            missing.add_row(escape(line_.item), line_.kind, _quantity(line_.quantity), escape(line_.note))
        parts.append(missing)
    notes = [f"{x.item}: {x.note}" for x in result.lines if x.kind == "capital" and x.cost is not None]
    if notes:
        parts.append(Text("capital:\n" + "\n".join(f"  {n}" for n in notes)))
    parts += [metrics_table(measured), sources(result)]
    return Group(*parts)


def metrics_table(measured) -> Table:
    out = Table(title="green metrics (per kg of product)", title_justify="left", show_header=False)
    out.add_column(style="bold")
    out.add_column(justify="right")
    rows = [("PMI (all inputs incl. water)", f"{measured.pmi:.4g} kg/kg"),
            ("PMI without water", f"{measured.pmi_without_water:.4g} kg/kg"),
            ("E-factor, simple (steady state / once-through)",
             f"{measured.e_factor:.4g} / {measured.e_factor_once_through:.4g}"),
            ("E-factor, complete (steady state / once-through)",
             f"{measured.e_factor_complete:.4g} / {measured.e_factor_complete_once_through:.4g}"),
            ("water", f"{measured.water_intensity:.4g} kg/kg")]
    rows += [(f"energy, {kind}", f"{q.magnitude:.4g} kWh/kg") for kind, q in measured.energy_intensity.items()]
    rows.append(("CO2e", "–" if measured.co2e_per_kg is None else f"{measured.co2e_per_kg.magnitude:.4g} kg/kg"))
    for name, value in rows:
        out.add_row(name, value)
    out.caption = measured.co2e_note
    out.caption_justify = "left"
    return out


def sources(result) -> Text:
    used = {(line.price.section, line.price.name): line.price for line in result.lines if line.price is not None}
    text = "prices used:\n" + "\n".join(f"  {name} ({p.year}, {p.file}): {p.source}" + (f"; grade: {p.grade}" if
                                        p.grade else "") for (_, name), p in used.items())
    return Text(text)


def comparison_json(columns, book, provenance: dict) -> dict:
    """``synth compare --json``: each route's figures, and what they came from (``provenance``: the recipes, the
    species data and price files with their hashes, the versions; ``price_data`` is also kept at the top)."""
    from ..provenance import file_records

    return {"routes": [c.to_json() for c in columns], "currency": book.currency,
            "price_data": file_records(book.files), "provenance": provenance}


def _rows(columns) -> list[tuple[str, list[str]]]:
    """The comparison as (figure, one cell per route); shared by the terminal and Markdown views."""
    def energy(c, kind):
        return f"{c.metrics.energy_intensity[kind].magnitude:.4g}"

    rows = [
        ("basis", [c.basis for c in columns]),
        ("cost per kg product", [money(c.cost.per_kg) for c in columns]),
        *[(f"cost line {i + 1}", [_top(c, i) for c in columns]) for i in range(3)],
        ("unpriced lines", [str(len(c.cost.unpriced)) for c in columns]),
        *[(f"energy, {kind} [kWh/kg]", [energy(c, kind) for c in columns])
          for kind in ("heating", "cooling", "electricity")],
        ("PMI [kg/kg]", [f"{c.metrics.pmi:.4g}" for c in columns]),
        ("PMI without water [kg/kg]", [f"{c.metrics.pmi_without_water:.4g}" for c in columns]),
        ("E-factor, simple", [f"{c.metrics.e_factor:.4g}" for c in columns]),
        ("water [kg/kg]", [f"{c.metrics.water_intensity:.4g}" for c in columns]),
        ("time per batch (steps in series)", [f"{c.time_per_batch.magnitude:.4g} h" for c in columns]),
        ("bottleneck", [f"{c.bottleneck[0]} ({c.bottleneck[1].magnitude:.4g} h)" for c in columns]),
        ("worst criticality class (Stoessel)", [f"{c.criticality[0]} ({c.criticality[1]})" if c.criticality
                                                else "no exothermic step" for c in columns]),
        ("hazards", [", ".join(c.hazards) for c in columns]),
    ]
    return rows


def _top(column, i: int) -> str:
    """The ``i``-th largest cost line of a route with its share, or a dash."""
    rows = column.cost.breakdown()
    return f"{rows[i]['item']} {rows[i]['share']:.0%}" if len(rows) > i else "–"


def comparison_table(columns) -> Table:
    out = Table(title="routes compared", title_justify="left")
    out.add_column("figure", style="bold")
    for c in columns:
        out.add_column(escape(c.recipe.name), justify="right")
    for name, cells in _rows(columns):
        out.add_row(name, *(escape(x) for x in cells))
    return out


def comparison_md(columns) -> str:
    head = "| figure | " + " | ".join(c.recipe.name for c in columns) + " |"
    rule = "|---|" + "---:|" * len(columns)
    body = [f"| {name} | " + " | ".join(x.replace("|", "\\|") for x in cells) + " |" for name, cells in _rows(columns)]
    files = "; ".join(f"{c.recipe.source} (sha256 {c.recipe.sha256[:12]})" for c in columns)
    return "\n".join([head, rule, *body, "", f"Recipes: {files}.", ""])

