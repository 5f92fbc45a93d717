"""Labour and capital of a batch, from the line that makes it (:mod:`synth.plant`).

Labour: each unit's operator hours per batch (its busy time times the operators the plant states) at the
price file's hourly rate. Capital: an order-of-magnitude estimate. Each unit's purchased cost scales from
a reference cost C0 at size S0 by the power law C = C0 (S/S0)^n (the six-tenths rule when n = 0.6; R.
Williams, Chem. Eng. 54(12), 124 (1947)), is brought to the price book's cost-index year by the ratio of
the index values, times the number of units, and is annualised with the capital recovery factor
CRF = i(1+i)^L / ((1+i)^L - 1) at the stated rate i and life L. Installation factors are not applied: the
figure is purchased equipment only, and the output says so.
"""

from __future__ import annotations

from ..recipe import Recipe
from ..units import Q_
from .costing import Cost, Line, cost
from .metrics import Metrics, metrics
from .prices import EquipmentCost, PriceBook

INSTALLED = "purchased equipment only, no installation factor"


def line_cost(recipe: Recipe, book: PriceBook, rate: str | None = None, basis: str | None = None,
              plant_file: str | None = None, line=None):
    """The line that makes ``recipe``'s product (at ``rate``, or in batches of ``basis``), the cost of one of
    its batches with labour and capital, and the batch's green metrics: the one computation behind
    ``synth cost`` and each column of ``synth compare``. ``line``: that line already planned
    (:func:`synth.plant.line.plan_line`), so that a batch sheet costs the very batch it shows."""
    from ..plant.line import plan_line

    line = line or plan_line(recipe, rate, basis, plant_file)
    result: Cost = cost(line.plan, book, tuple(labour(line, book) + capital(line, book)))
    measured: Metrics = metrics(line.plan, book)
    return line, result, measured


def labour(line, book: PriceBook) -> list[Line]:
    """Operator hours per batch at the labour rate; units without stated operators are listed unpriced."""
    price = book.get("labour", "operator")
    stated = [u for u in line.units if u.operator_h is not None]
    missing = [u.unit.id for u in line.units if u.operator_h is None]
    out = []
    if stated:
        hours = Q_(sum(u.operator_h for u in stated), "h")
        cost = None if price is None else (price.value * hours).to(book.currency)
        out.append(Line("labour", "labour", hours, price, cost,
                        note=f"operator hours per batch of {', '.join(u.unit.id for u in stated)}"
                        if price is not None else "no labour rate in the price files"))
    if missing:
        out.append(Line("labour (operators not stated)", "labour", Q_(len(missing), "dimensionless"), None, None,
                        note=f"the plant states no operators for {', '.join(missing)}"))
    return out


def capital(line, book: PriceBook) -> list[Line]:
    """Annualised purchased-equipment cost per batch, unit by unit; what cannot be estimated is unpriced. A
    line's quantity is the number of units (priced or not, so that every view counts equipment alike); the size
    its cost is scaled from (a capacity per run) is stated in its note."""
    index, rate, life = (book.settings.get(f"capital.{k}") for k in ("index", "rate", "life"))
    if rate is None or life is None or index is None:
        lacking = [k for k, v in (("index", index), ("rate", rate), ("life", life)) if v is None]
        return [Line("capital", "capital", Q_(len(line.units), "dimensionless"), None, None,
                     note=f"the price files give no capital {', '.join(lacking)}")]
    i, years = rate[0], life[0]
    crf = i * (1 + i) ** years / ((1 + i) ** years - 1) if i > 0 else 1 / years
    batches_per_year = line.batches_per_day.m_as("1/day") * line.plant.operating_days
    out = []
    for use in line.units:
        item = book.settings.get(f"capital.equipment.{use.unit.id}") or \
            book.settings.get(f"capital.equipment.{use.unit.kind}")
        size = _size(use)
        name = f"capital: {use.unit.id} ({use.unit.count} × {use.unit.kind})"
        why = _unpriceable(item, size)
        if why:
            out.append(Line(name, "capital", Q_(use.unit.count, "dimensionless"), None, None, note=why))
            continue
        purchased = use.unit.count * _scaled(item, size, index[0])
        per_batch = (purchased * crf / batches_per_year).to(book.currency)
        # Equipment is counted, priced or not (its size is no amount per batch): the size goes in the note.
        out.append(Line(name, "capital", Q_(use.unit.count, "dimensionless"), None, per_batch,
                        note=f"capacity {size:~P} per run; "
                             f"{purchased.to(book.currency):~P.4g} purchased ({INSTALLED}; {index[2]} {index[1]}), "
                             f"CRF {crf:.4f} at {i:.1%} over {years:g} years, {batches_per_year:.4g} batches a "
                             f"year; C0 {item.cost:~P} at {item.size:~P} ({item.year}, {item.source}), n = "
                             f"{item.exponent:g}"))
    return out


def _size(use):
    """The unit's capacity per run (the first stage that states one), as a quantity; None if none does."""
    for entry in use.capacities:
        if entry.get("capacity") is not None:
            return entry["capacity"]
    return None


def _unpriceable(item: EquipmentCost | None, size) -> str:
    if item is None:
        return "no equipment cost for this unit (id or kind) in the price files' capital.equipment"
    if size is None:
        return "the unit states no capacity to scale its cost from"
    if size.dimensionality != item.size.dimensionality:
        return f"its capacity {size:~P} is not in the dimension of the cost's size {item.size:~P}"
    return ""


def _scaled(item: EquipmentCost, size, index_now: float):
    """C0 (S/S0)^n, at the book's cost index."""
    ratio = float((size / item.size).to("dimensionless").magnitude)
    return item.cost * ratio ** item.exponent * (index_now / item.index)


#: The capacities a cost per Ah is given at: (product figure or reported key, words).
CAPACITIES = (("capacity", "reported (measured)"), ("capacity_volume_limited", "volume-limited, recipe's shrinkage"),
              ("capacity_theoretical", "theoretical (Si to Li15Si4, carbon to LiC6)"))


def cost_per_ah(plan, result: Cost) -> list[tuple[str, object, object]]:
    """The cost per Ah of anode capacity, (words, capacity, USD/Ah), at each capacity the product module gives
    for the recipe's product: the figure a cell-cost model takes (BatPaC: cost per kWh from cost per Ah)."""
    from ..product import product

    step, label = plan.product()
    made = product(plan, step.materials.get(label, label))
    out = []
    for key, words in CAPACITIES:
        found = made.figure(key) if key != "capacity" else next((r for r in made.reported if r.key == key), None)
        if found is None or not found.value.check("[current] * [time] / [mass]"):
            continue
        out.append((words, found.value, (result.per_kg / found.value).to(f"{result.currency}/(A*h)")))
    return out
