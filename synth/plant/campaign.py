"""A campaign: batches on the schedule, with the recycle's real lag between them.

``synth scale`` gives the recycle at steady state: every batch gets back what it returns. In a campaign
the return of batch k (Mg and HCl from its leach liquor) is ready only when its recycling stage ends on
the schedule; it goes into a stock, and the first batch whose consuming step starts after that takes it.
Batch 1 runs once-through. Per batch the campaign reports the fresh make-ups, what came back from the
stock, and the stocks at the batch's start: recovered Mg and HCl, the solutes (MgCl2, NH4Cl, HCl) of
liquors waiting for the dehydration, the salt waiting for the cell, and the waste so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .. import inventory
from ..route import Plan
from ..units import Q_, measured, measured_map, to_json, ureg
from .line import LinePlan
from .units import stages

_G, _MOL = ureg.Unit("g"), ureg.Unit("mol")


def _pairs(entries: Mapping[str, tuple[float, float]]) -> dict:
    """name -> (g, mol) as name -> (mass, amount) quantities."""
    return {k: (Q_(g, _G), Q_(n, _MOL)) for k, (g, n) in entries.items()}


@dataclass(frozen=True)
class CampaignBatch:
    """One batch of a campaign: ``start`` and ``finish`` in operating time; ``fresh`` (name -> (mass, amount))
    brought in from outside; ``returned`` (species -> (mass, amount)) taken from the recycle stock; ``stocks``
    (masses) at the batch's start, "waste" being the waste of the batches before it. All quantities; the
    fields (``start_s``, ``fresh_g_mol``, ``stocks_g``, ...) hold the floats in s, g and mol."""

    number: int
    start_s: float
    finish_s: float
    fresh_g_mol: Mapping[str, tuple[float, float]]
    returned_g_mol: Mapping[str, tuple[float, float]]
    stocks_g: Mapping[str, float]

    start = measured("start_s", "s")
    finish = measured("finish_s", "s")
    stocks = measured_map("stocks_g", "g")

    @property
    def fresh(self) -> dict:
        return _pairs(self.fresh_g_mol)

    @property
    def returned(self) -> dict:
        return _pairs(self.returned_g_mol)


@dataclass(frozen=True)
class Campaign:
    """``batches`` on the schedule of ``line``: ``product`` and ``waste`` (every final output but the product and
    the returned streams) per batch, ``final_stocks`` after the last batch is done, all mass quantities (the
    fields ``product_g``, ``waste_g``, ``final_stocks_g`` hold g)."""

    line: LinePlan
    batches: tuple[CampaignBatch, ...]
    product_g: float
    waste_g: float
    final_stocks_g: Mapping[str, float]
    names: Mapping[str, str]  # recycled species -> the name of its fresh input (``Mg`` -> ``Mg``)

    product = measured("product_g", "g")
    waste = measured("waste_g", "g")
    final_stocks = measured_map("final_stocks_g", "g")

    def totals(self) -> dict:
        """Fresh inputs by name over the campaign (masses)."""
        return {k: Q_(g, _G) for k, g in self.cumulative_g()[-1].items()} if self.batches else {}

    def cumulative(self) -> list[dict]:
        """Fresh inputs by name up to and including each batch (masses)."""
        return [{k: Q_(g, _G) for k, g in running.items()} for running in self.cumulative_g()]

    def cumulative_g(self) -> list[dict[str, float]]:
        """:meth:`cumulative` in g."""
        out, running = [], {}
        for b in self.batches:
            running = {k: running.get(k, 0.0) + g for k, (g, _) in b.fresh_g_mol.items()}
            out.append(running)
        return out

    def steady_state(self) -> dict[str, dict]:
        """Each recycled species' fresh make-up per batch at steady state, as ``synth scale`` gives it: name ->
        {make_up, once_through, returned} -> (mass, amount) quantities."""
        return {k: _pairs(e) for k, e in self.steady_state_g_mol().items()}

    def steady_state_g_mol(self) -> dict[str, dict]:
        """:meth:`steady_state` in (g, mol)."""
        out = {}
        for r in self.line.plan.recycles():
            grams = self.line.plan.db.get(r.species).molar_mass.to("g/mol").magnitude
            mol = {key: getattr(r, key).m_as("mol") for key in ("make_up", "needed", "returned")}
            out[r.species] = {"make_up": (mol["make_up"] * grams, mol["make_up"]),
                              "once_through": (mol["needed"] * grams, mol["needed"]),
                              "returned": (mol["returned"] * grams, mol["returned"])}
        return out

    def columns(self) -> dict:
        """One quantity array per column, one entry per batch: its number, start and finish (operating h), the
        fresh inputs and the returns taken from the stock (mass and amount), the stocks at its start and the
        fresh inputs so far; the columns of :meth:`to_frame`."""
        rows = self.batches
        first = rows[0] if rows else CampaignBatch(0, 0.0, 0.0, {}, {}, {})

        def column(values, unit: str, shown: str | None = None):
            q = Q_(np.array(list(values), dtype=float), unit)
            return q.to(shown) if shown else q

        out = {"batch": Q_(np.array([b.number for b in rows], dtype=int), "dimensionless"),
               "start": column((b.start_s for b in rows), "s", "h"),
               "finish": column((b.finish_s for b in rows), "s", "h")}
        for side in ("fresh", "returned"):
            for k in getattr(first, f"{side}_g_mol"):
                out[f"{side} {k}"] = column((getattr(b, f"{side}_g_mol")[k][0] for b in rows), "g", "kg")
                out[f"{side} {k} amount"] = column((getattr(b, f"{side}_g_mol")[k][1] for b in rows), "mol")
        for k in first.stocks_g:
            out[f"stock {k}"] = column((b.stocks_g[k] for b in rows), "g", "kg")
        for k in first.fresh_g_mol:
            out[f"cumulative fresh {k}"] = column((c[k] for c in self.cumulative_g()), "g", "kg")
        return out

    def totals_rows(self) -> list[tuple[str, object]]:
        """The campaign's totals as (what, quantity): fresh inputs, product and waste over all its batches, the
        stocks left at the end, and each recycled species' make-up per batch at steady state (``synth scale``)."""
        n = len(self.batches)
        rows = [(f"fresh {k}", m.to("kg")) for k, m in self.totals().items()]
        rows += [("product", (self.product * n).to("kg")), ("waste", (self.waste * n).to("kg"))]
        rows += [(f"{k} in stock at the end", m.to("kg")) for k, m in self.final_stocks.items()]
        rows += [(f"{k} make-up per batch at steady state", e["make_up"][0].to("kg"))
                 for k, e in self.steady_state().items()]
        return rows

    def to_frame(self):
        """One row per batch as a pandas DataFrame (:meth:`columns`, units in the column names); needs
        ``synth[frames]``."""
        from ..frames import frame

        return frame(self.columns())

    def totals_frame(self):
        """The totals of the campaign (:meth:`totals_rows`) as a DataFrame: quantity, value, unit."""
        from ..frames import quantity_frame

        return quantity_frame(self.totals_rows())

    def _repr_html_(self) -> str:
        from ..render.notebook import campaign_html

        return campaign_html(self)

    def to_json(self) -> dict:
        ent = lambda g, n: {"mass": to_json(Q_(g, "g")), "amount": to_json(Q_(n, "mol"))}  # noqa: E731
        hours = lambda s: to_json(Q_(s, "s").to("h"))  # noqa: E731
        n = len(self.batches)
        cumulative = self.cumulative_g()
        return {
            "recipe": self.line.to_json()["recipe"],
            "batch": {"basis": {"material": self.line.product, "quantity": to_json(Q_(self.product_g, "g"))},
                      "scale": self.line.plan.scale},
            "cycle_time": hours(self.line.cycle_time_s),
            "batches": [{"batch": b.number, "start": hours(b.start_s), "finish": hours(b.finish_s),
                         "fresh": {k: ent(*v) for k, v in b.fresh_g_mol.items()},
                         "returned": {k: ent(*v) for k, v in b.returned_g_mol.items()},
                         "stocks": {k: to_json(Q_(v, "g")) for k, v in b.stocks_g.items()},
                         "cumulative_fresh": {k: to_json(Q_(v, "g")) for k, v in running.items()}}
                        for b, running in zip(self.batches, cumulative, strict=True)],
            "totals": {"fresh": {k: to_json(Q_(v, "g")) for k, v in (cumulative[-1] if n else {}).items()},
                       "product": to_json(Q_(self.product_g * n, "g")), "waste": to_json(Q_(self.waste_g * n, "g")),
                       "stocks_at_end": {k: to_json(Q_(v, "g")) for k, v in self.final_stocks_g.items()}},
            "steady_state": {k: {"fresh": self.names[k], **{key: ent(*v) for key, v in e.items()}}
                             for k, e in self.steady_state_g_mol().items()},
        }


def campaign(line: LinePlan) -> Campaign:
    """The batches of ``line``'s schedule with the recycle's lag."""
    plan, sched = line.plan, line.schedule
    n = sched.batches
    start, end, stage_end = _times(sched)
    recycles = plan.recycles()
    once = {name: (f.species, f.once_through_mol) for name, f in inventory.fresh(plan).items()}
    mass = {r.species: plan.db.get(r.species).molar_mass.to("g/mol").magnitude for r in recycles}
    returned = {r.species: r.returned.m_as("mol") for r in recycles}  # per batch
    used = _lagged(recycles, start, end, n)
    stock = {r.species: (_Clock([end[(r.source, k)] for k in range(1, n + 1)]),
                         _Clock([start[(r.target, k)] for k in range(1, n + 1)],
                                [used[(r.species, k)] for k in range(1, n + 1)])) for r in recycles}
    liquor = _liquor(plan)
    if liquor is not None:  # liquor made -> its first stage (dehydration) ends -> the step (cell) ends
        made_in, label, recovered_in, _ = liquor
        first = stages(plan.step(recovered_in))[0].stage
        clocks = [_Clock([end[(made_in, k)] for k in range(1, n + 1)]),
                  _Clock([stage_end[(recovered_in, first, k)] for k in range(1, n + 1)]),
                  _Clock([end[(recovered_in, k)] for k in range(1, n + 1)])]
        salt = plan.step(recovered_in).figures.get("salt")
    done, waste = _Clock(sched.finish_s), float(sum(w.stream.mass_g() for w in inventory.wastes(plan)))
    names = {r.species: next(k for k, (pd, _) in once.items() if pd.formula.text == r.species) for r in recycles}
    steps = _steps(plan)
    batches = []
    for b in range(1, n + 1):
        t = min(start[(s, b)] for s in steps)
        fresh = dict(once)
        for r in recycles:
            pd, mol = once[names[r.species]]
            fresh[names[r.species]] = (pd, mol - used[(r.species, b)])
        stocks = {r.species: _left(returned[r.species] * stock[r.species][0].by(t), stock[r.species][1].by(t))
                  * mass[r.species] for r in recycles}
        if liquor is not None:  # each liquor is made, then dehydrated, then electrolysed: counts by difference
            in_liquor, as_salt = clocks[0].by(t) - clocks[1].by(t), clocks[1].by(t) - clocks[2].by(t)
            stocks.update({f"{name} in {made_in} {label}": g * in_liquor for name, g in liquor[3].items()})
            if salt is not None:
                stocks["salt awaiting the cell"] = salt.to("g").magnitude * as_salt
        stocks["waste"] = waste * done.by(t)
        batches.append(CampaignBatch(
            b, t, max(end[(s, b)] for s in steps),
            {k: (mol * pd.molar_mass.magnitude, mol) for k, (pd, mol) in fresh.items()},
            {r.species: (used[(r.species, b)] * mass[r.species], used[(r.species, b)]) for r in recycles}, stocks))
    final = {r.species: _left(returned[r.species] * n, stock[r.species][1].by(float("inf"))) * mass[r.species]
             for r in recycles}
    product_step, label = plan.product()
    return Campaign(line, tuple(batches), float(product_step.outputs[label].mass_g()), waste, final, names)


def _left(returned: float, taken: float) -> float:
    """What is left in a recycle stock [mol]: returned minus taken, never below 0. No batch takes more than the
    stock holds (:func:`_lagged`), so a difference below 0 is the round-off of two sums (-5.5e-12 g of Mg after
    a 1 kg campaign), not a deficit to print."""
    return max(returned - taken, 0.0)


def _steps(plan: Plan) -> list[str]:
    return [s.id for s in plan.steps]


def _times(sched) -> tuple[dict, dict, dict]:
    """(step, batch) -> first start and last end [s] on the schedule, and (step, stage, batch) -> last end."""
    start: dict = {}
    end: dict = {}
    stage_end: dict = {}
    for _, _, step, stage, batch, _, a, b in sched.rows:
        key = (step, batch)
        if a < start.get(key, a + 1):
            start[key] = a
        if b > end.get(key, b - 1):
            end[key] = b
        if b > stage_end.get((step, stage, batch), b - 1):
            stage_end[(step, stage, batch)] = b
    return start, end, stage_end


def _lagged(recycles, start: dict, end: dict, n: int) -> dict:
    """(species, batch) -> mol taken from the recycle stock: batch k's return is ready when its source step
    ends, and goes to the batches whose consuming step starts after that, in order, as far as it lasts."""
    used = {}
    for r in recycles:
        ready = sorted((end[(r.source, k)], k) for k in range(1, n + 1))
        stock, i = 0.0, 0
        for t, b in sorted((start[(r.target, b)], b) for b in range(1, n + 1)):
            while i < n and ready[i][0] <= t:
                stock += r.returned.m_as("mol")
                i += 1
            take = min(stock, r.needed.m_as("mol"))
            used[(r.species, b)] = take
            stock -= take
    return used


class _Clock:
    """Sorted event times, so that "how many by time t" is a binary search."""

    def __init__(self, times, weights=None) -> None:
        order = np.argsort(np.asarray(times, dtype=float), kind="stable")
        self.times = np.asarray(times, dtype=float)[order]
        w = np.ones(len(order)) if weights is None else np.asarray(weights, dtype=float)[order]
        self.cumulative = np.concatenate([[0.0], np.cumsum(w)])

    def by(self, t: float) -> float:
        """The weight of the events at or before ``t``."""
        return float(self.cumulative[np.searchsorted(self.times, t, side="right")])


def _liquor(plan: Plan) -> tuple[str, str, str, dict] | None:
    """(the step that makes it, its output label, the recovering step, solute -> g per batch) of the stream
    a returning step takes (the leach liquor of ampsi)."""
    for r in plan.recycles():
        source = plan.sources.get(r.source)
        if source is None:
            continue
        stream = plan.step(source[0]).outputs[source[1]]
        solutes: dict[str, float] = {}
        for pd, n in stream.items():
            if pd.formula.text != inventory.WATER:
                solutes[pd.formula.text] = solutes.get(pd.formula.text, 0.0) + n * pd.molar_mass.magnitude
        return source[0], source[1], r.source, solutes
    return None
