"""A campaign: batches on the schedule, with the recycle's real lag between them.

``synth scale`` gives the recycle at steady state: every batch gets back what it returns. In a campaign
the return of batch k (Mg and HCl from its leach liquor) is ready only when its recycling stage ends on
the schedule; it goes into a stock, and the first batch whose consuming step starts after that takes it.
Batch 1 runs once-through. Per batch the campaign reports the fresh make-ups, what came back from the
stock, and the stocks at the batch's start: recovered Mg and HCl, the solutes of liquors awaiting
recovery (as liquor or salt, before the cell has run), and the waste so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import InputError
from ..route import Plan
from ..units import Q_, to_json
from .line import LinePlan

WATER = "H2O"


@dataclass(frozen=True)
class CampaignBatch:
    """One batch of a campaign; masses in g, amounts in mol, times in operating s."""

    number: int
    start: float
    finish: float
    fresh: Mapping[str, tuple[float, float]]  # name -> (g, mol) brought in from outside
    returned: Mapping[str, tuple[float, float]]  # species -> (g, mol) taken from the recycle stock
    stocks: Mapping[str, float]  # g at the batch's start; "waste" is the waste of the batches before it


@dataclass(frozen=True)
class Campaign:
    """``batches`` on the schedule of ``line``; ``final_stocks`` after the last batch is done [g]."""

    line: LinePlan
    batches: tuple[CampaignBatch, ...]
    product: float  # g per batch
    waste: float  # g per batch: every final output but the product and the returned streams
    final_stocks: Mapping[str, float]
    names: Mapping[str, str]  # recycled species -> the name of its fresh input (``Mg`` -> ``Mg``)

    def totals(self) -> dict[str, float]:
        """Fresh inputs by name over the campaign [g], with the product and waste."""
        out: dict[str, float] = {}
        for b in self.batches:
            for name, (g, _) in b.fresh.items():
                out[name] = out.get(name, 0.0) + g
        return out

    def steady_state(self) -> dict[str, dict]:
        """Each recycled species' fresh make-up per batch at steady state, as ``synth scale`` gives it."""
        out = {}
        for r in self.line.plan.recycles():
            grams = self.line.plan.db.get(r.species).molar_mass.to("g/mol").magnitude
            out[r.species] = {"make_up": (r.make_up * grams, r.make_up), "once_through": (r.needed * grams, r.needed),
                              "returned": (r.returned * grams, r.returned)}
        return out

    def to_json(self) -> dict:
        ent = lambda g, n: {"mass": to_json(Q_(g, "g")), "amount": to_json(Q_(n, "mol"))}  # noqa: E731
        hours = lambda s: to_json(Q_(s, "s").to("h"))  # noqa: E731
        n = len(self.batches)
        return {
            "recipe": self.line.to_json()["recipe"],
            "batch": {"basis": {"material": self.line.product, "quantity": to_json(Q_(self.product, "g"))},
                      "scale": self.line.plan.scale},
            "cycle_time": hours(self.line.cycle_time),
            "batches": [{"batch": b.number, "start": hours(b.start), "finish": hours(b.finish),
                         "fresh": {k: ent(*v) for k, v in b.fresh.items()},
                         "returned": {k: ent(*v) for k, v in b.returned.items()},
                         "stocks": {k: to_json(Q_(v, "g")) for k, v in b.stocks.items()}} for b in self.batches],
            "totals": {"fresh": {k: to_json(Q_(v, "g")) for k, v in self.totals().items()},
                       "product": to_json(Q_(self.product * n, "g")), "waste": to_json(Q_(self.waste * n, "g")),
                       "stocks_at_end": {k: to_json(Q_(v, "g")) for k, v in self.final_stocks.items()}},
            "steady_state": {k: {"fresh": self.names[k], **{key: ent(*v) for key, v in e.items()}}
                             for k, e in self.steady_state().items()},
        }


def campaign(line: LinePlan) -> Campaign:
    """The batches of ``line``'s schedule with the recycle's lag."""
    plan, sched = line.plan, line.schedule
    if sched.batches < 1:
        raise InputError("a campaign needs at least one batch")
    start, end = _times(sched)
    recycles = plan.recycles()
    once = _fresh(plan)
    mass = {r.species: plan.db.get(r.species).molar_mass.to("g/mol").magnitude for r in recycles}
    used = _lagged(recycles, start, end, sched.batches)
    liquor = _liquor(plan)
    waste = _waste(plan)
    names = {r.species: next(k for k, (pd, _) in once.items() if pd.formula.text == r.species) for r in recycles}
    batches = []
    for b in range(1, sched.batches + 1):
        t = min(start[(s, b)] for s in _steps(plan))
        fresh = dict(once)
        for r in recycles:
            pd, n = once[names[r.species]]
            fresh[names[r.species]] = (pd, n - used[(r.species, b)])
        stocks = {r.species: _stock(r, used, start, end, t, sched.batches) * mass[r.species] for r in recycles}
        stocks.update(_awaiting(plan, liquor, start, end, t, sched.batches))
        stocks["waste"] = waste * sum(1 for done in sched.finish if done <= t)
        batches.append(CampaignBatch(
            b, t, max(end[(s, b)] for s in _steps(plan)),
            {k: (n * pd.molar_mass.magnitude, n) for k, (pd, n) in fresh.items()},
            {r.species: (used[(r.species, b)] * mass[r.species], used[(r.species, b)]) for r in recycles}, stocks))
    final = {r.species: _stock(r, used, start, end, float("inf"), sched.batches) * mass[r.species]
             for r in recycles}
    product_step, label = plan.product()
    return Campaign(line, tuple(batches), float(product_step.outputs[label].mass_g()), waste, final, names)


def _steps(plan: Plan) -> list[str]:
    return [s.id for s in plan.steps]


def _times(sched) -> tuple[dict, dict]:
    """(step, batch) -> first start and last end [s] on the schedule."""
    start: dict = {}
    end: dict = {}
    for r in sched.runs:
        key = (r.step, r.batch)
        start[key] = min(start.get(key, r.start), r.start)
        end[key] = max(end.get(key, r.end), r.end)
    return start, end


def _fresh(plan: Plan) -> dict[str, tuple]:
    """name -> (species, mol per batch) of everything brought in from outside, named as ``synth scale`` names
    its fresh inputs."""
    labels = {name: label for s in plan.steps for name, label in s.labels.items() if label != "water"}
    out: dict[str, list] = {}
    for _, _, st in plan.fresh_inputs():
        for pd, n in st.items():
            out.setdefault(labels.get(pd.name, pd.formula.text), [pd, 0.0])[1] += n
    return {k: (pd, n) for k, (pd, n) in out.items()}


def _lagged(recycles, start: dict, end: dict, n: int) -> dict:
    """(species, batch) -> mol taken from the recycle stock: batch k's return is ready when its source step
    ends, and goes to the batches whose consuming step starts after that, in order, as far as it lasts."""
    used = {}
    for r in recycles:
        ready = sorted((end[(r.source, k)], k) for k in range(1, n + 1))
        stock, i = 0.0, 0
        for t, b in sorted((start[(r.target, b)], b) for b in range(1, n + 1)):
            while i < n and ready[i][0] <= t:
                stock += r.returned
                i += 1
            take = min(stock, r.needed)
            used[(r.species, b)] = take
            stock -= take
    return used


def _stock(r, used: dict, start: dict, end: dict, t: float, n: int) -> float:
    """mol of ``r.species`` in the recycle stock at time ``t``: returns ready by then less what was taken."""
    back = sum(r.returned for k in range(1, n + 1) if end[(r.source, k)] <= t)
    taken = sum(used[(r.species, k)] for k in range(1, n + 1) if start[(r.target, k)] <= t)
    return back - taken


def _liquor(plan: Plan) -> tuple[str, str, dict] | None:
    """(where it is made, the recovering step, solute -> g per batch) of the stream a returning step takes."""
    for r in plan.recycles():
        source = plan.sources.get(r.source)
        if source is None:
            continue
        stream = plan.step(source[0]).outputs[source[1]]
        solutes: dict[str, float] = {}
        for pd, n in stream.items():
            if pd.formula.text != WATER:
                solutes[pd.formula.text] = solutes.get(pd.formula.text, 0.0) + n * pd.molar_mass.magnitude
        return source[0], r.source, solutes
    return None


def _awaiting(plan: Plan, liquor, start: dict, end: dict, t: float, n: int) -> dict[str, float]:
    """g of each solute in liquors made by time ``t`` whose recovery has not ended (as liquor or salt)."""
    if liquor is None:
        return {}
    made_in, recovered_in, solutes = liquor
    waiting = sum(1 for k in range(1, n + 1) if end[(made_in, k)] <= t < end[(recovered_in, k)])
    return {f"{name} awaiting recovery": g * waiting for name, g in solutes.items()}


def _waste(plan: Plan) -> float:
    """g per batch of every final output that is neither the product nor a returned stream."""
    product = plan.product()
    returned = {(spec.text("id"), label) for spec in plan.recipe.steps() if spec.has("returns")
                for label in spec.sub("returns").data}
    return float(sum(st.mass_g() for step, label, st in plan.final_outputs()
                     if (step, label) != (product[0].id, product[1]) and (step, label) not in returned))

