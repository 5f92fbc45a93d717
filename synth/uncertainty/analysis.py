"""Monte Carlo uncertainty and global sensitivity of a route's outputs over its uncertain values.

Samples are drawn in the unit hypercube (a Latin hypercube by default, :mod:`synth.uncertainty.sampling`;
or plain random) and mapped through each parameter's inverse CDF. Every sample is evaluated by the route
engine in chunks (:mod:`synth.uncertainty.evaluate`). For each output: mean, sd, P5, P50, P95; Spearman
rank correlations with each parameter (:mod:`synth.uncertainty.ranks`); and, when asked, Sobol
first-order and total indices with their confidence intervals from SALib's Saltelli design and estimator
(Saltelli et al., Comput. Phys. Commun. 181, 259 (2010)), never estimators written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pint

from ..errors import InputError
from ..provenance import recipe_record
from ..recipe import Recipe
from ..units import Q_, parse, to_json
from . import ranks
from .evaluate import Job, run
from .parameters import Uncertain
from .sampling import Strata, draw, unit_values

PERCENTILES = (5, 50, 95)
#: The seed SALib's Sobol analysis gets for a seed of 0 (synth's default): SALib reads 0 as no seed (``if
#: seed:``) and then draws its bootstrap resamples from numpy's global generator, so the confidence intervals
#: changed from run to run. A number derived from 0 (numpy's SeedSequence), fixed; other seeds are passed on.
SALIB_ZERO = int(np.random.SeedSequence(0).generate_state(1)[0])
MAX_SAMPLES = 10_000_000
SENTENCE_DRIVERS = 3
LIMIT = re.compile(r"\s*(?P<name>.+?)\s*(?P<op><=|>=|<|>)\s*(?P<value>.+?)\s*")


@dataclass(frozen=True)
class Summary:
    """The distribution of one output over the samples (NaN samples, e.g. a step not exothermic there, left
    out and counted): mean, sd and the :data:`PERCENTILES` as quantities in ``unit`` (NaN where no sample
    gives a value)."""

    unit: str
    meaning: str
    mean: pint.Quantity
    sd: pint.Quantity
    percentiles: tuple[pint.Quantity, ...]
    valid: int

    @property
    def magnitudes(self) -> tuple[float, ...]:
        """Mean, sd and the percentiles as numbers in ``unit``, in that order (a table's row)."""
        return (self.mean.magnitude, self.sd.magnitude, *(p.magnitude for p in self.percentiles))

    def to_json(self) -> dict:
        out = {"mean": self.mean, "sd": self.sd, **{f"P{p}": v for p, v in zip(PERCENTILES, self.percentiles,
                                                                               strict=True)}}
        return {k: None if not np.isfinite(v.magnitude) else to_json(v) for k, v in out.items()}


@dataclass(frozen=True)
class Limit:
    """``P(output OP value)`` over the samples."""

    text: str
    name: str
    op: str
    value: float  # in the output's unit
    probability: float


@dataclass(frozen=True)
class UncertaintyResult:
    """Samples of the uncertain values, the outputs they give, and what drives each output."""

    recipe: Recipe
    basis: str | None
    seed: int
    method: str
    parameters: tuple[Uncertain, ...]
    samples: np.ndarray = field(repr=False)  # n x d, in each parameter's unit (to_frame: as quantities)
    outputs: Mapping[str, pint.Quantity] = field(repr=False)  # an array of every sample's value, in its unit
    summaries: Mapping[str, Summary] = field(repr=False)
    spearman: Mapping[str, Mapping[str, float]] = field(repr=False)  # output -> parameter -> rho
    # output -> parameter -> S1, ST, confs
    sobol: Mapping[str, Mapping[str, dict]] = field(default_factory=dict, repr=False)
    sobol_samples: int = 0
    limits: tuple[Limit, ...] = ()

    def to_frame(self):
        """Every sample as a pandas DataFrame: the uncertain values (fractions in %), then the outputs (units in
        the column names); needs ``synth[frames]``."""
        from ..frames import frame

        columns = {p.name: Q_(self.samples[:, i], p.unit) if p.unit else Q_(self.samples[:, i] * 100.0, "percent")
                   for i, p in enumerate(self.parameters)}  # a fraction (95 %) in percent, as a sweep shows it
        columns.update({name: self.outputs[name] for name in self.summaries})
        return frame(columns)

    def _repr_html_(self) -> str:
        from ..render.notebook import uncertainty_html

        return uncertainty_html(self, PERCENTILES)

    def drivers(self, output: str) -> list[tuple[str, float]]:
        """Parameters ranked by their total Sobol index (or |Spearman rho| without a Sobol analysis)."""
        if output in self.sobol:
            ranked = [(p, v["ST"]) for p, v in self.sobol[output].items()]
        else:
            ranked = [(p, abs(rho)) for p, rho in self.spearman.get(output, {}).items()]
        return sorted((r for r in ranked if np.isfinite(r[1])), key=lambda r: -r[1])

    def sentence(self, output: str) -> str:
        """One sentence naming the assumptions that drive ``output``."""
        ranked = [r for r in self.drivers(output) if r[1] >= 0.05][:SENTENCE_DRIVERS]
        measure = "total Sobol index" if output in self.sobol else "|Spearman rho|"
        if not ranked:
            return f"{output}: no uncertain value moves it noticeably ({measure} below 0.05 for all)."
        named = ", ".join(f"{p} ({measure} {v:.2f})" for p, v in ranked)
        return f"{output} is driven by {named}."

    def to_json(self, provenance: dict) -> dict:
        sens = {}
        for output in self.summaries:
            sens[output] = {}
            for p in self.parameters:
                entry = {"spearman": _finite(self.spearman.get(output, {}).get(p.name))}
                entry.update({k: _finite(v) for k, v in self.sobol.get(output, {}).get(p.name, {}).items()})
                sens[output][p.name] = entry
        return {
            "recipe": recipe_record(self.recipe),
            "basis": self.basis,
            "samples": len(self.samples),
            "seed": self.seed,
            "method": self.method,
            "parameters": [p.to_json() for p in self.parameters],
            "outputs": {name: s.to_json() for name, s in self.summaries.items()},
            "sensitivity": sens,
            "sobol_samples": self.sobol_samples,
            "drivers": {name: self.sentence(name) for name in self.summaries},
            "limits": [{"limit": lim.text, "probability": lim.probability} for lim in self.limits],
            "provenance": provenance,
        }


def uncertainty(recipe: Recipe, parameters: list[Uncertain], samples: int, seed: int = 0, basis: str | None = None,
                price_files: tuple[str, ...] = (), method: str = "lhs", sobol: int = 0, limits: tuple[str, ...] = (),
                client=None, progress: Callable[[int, int], None] | None = None,
                workers: int = 1) -> UncertaintyResult:
    """Sample ``parameters``, evaluate the route at every sample, and summarise each output.

    ``sobol`` > 0 adds a Saltelli design of that base size (N(D + 2) more evaluations) for Sobol indices.
    ``workers`` > 1 evaluates the chunks on that many forked processes where this one can fork them (Linux or a
    BSD, and no other Python thread: a notebook kernel runs threads, so there the chunks run here) and ranks
    the outputs on that many threads; ``client`` (a dask.distributed Client) maps the chunks over a cluster.
    The numbers are the same every way: the chunks are."""
    if not parameters:
        raise InputError(f"{recipe.source}: no uncertain values: give a recipe value or a price a spread, e.g. "
                         "{q: 90 %, range: [80 %, 95 %], dist: triangular, assumption: ...}")
    if not 2 <= samples <= MAX_SAMPLES:
        raise InputError(f"--samples: expected 2 to {MAX_SAMPLES:,}, not {samples}")
    if method not in ("lhs", "random"):
        raise InputError(f"--method {method!r}: expected lhs (Latin hypercube) or random")
    if seed < 0:
        raise InputError(f"--seed: expected a whole number 0 or more (numpy's seeds are), not {seed}")
    if sobol < 0:
        raise InputError(f"--sobol: expected 0 (no Sobol indices) or a base size N above 0, a power of 2 such as "
                         f"1024, not {sobol}")
    job = Job(recipe, basis, tuple(price_files), tuple(parameters))
    values, strata = draw(parameters, samples, seed, method, workers)
    columns, meanings = run(job, values, client, progress, workers)
    summaries, spearman = _described(values, strata, columns, meanings, parameters, workers)
    outputs = {name: Q_(columns[name], s.unit or "dimensionless") for name, s in summaries.items()}
    result = UncertaintyResult(recipe, basis, seed, method, tuple(parameters), values, outputs, summaries, spearman)
    if sobol:
        indices = _sobol(job, parameters, sobol, seed, client, workers)
        result = _with(result, sobol=indices, sobol_samples=sobol * (len(parameters) + 2))
    return _with(result, limits=tuple(_limit(text, columns, meanings) for text in limits))


def _with(result: UncertaintyResult, **changes) -> UncertaintyResult:
    from dataclasses import replace

    return replace(result, **changes)


def _described(values: np.ndarray, strata: Strata | None, columns: Mapping[str, np.ndarray],
               meanings: Mapping[str, tuple], parameters: list[Uncertain],
               threads: int) -> tuple[dict[str, Summary], dict[str, dict[str, float]]]:
    """The summary of every output and its Spearman rho with every parameter, an output per thread. One sort
    per output serves its ranks and its percentiles, and an output that follows one value of a Latin
    hypercube needs none (:func:`synth.uncertainty.ranks.follower`); the hypercube's strata are the
    parameters' ranks (``strata``, else each parameter is ranked once). An output's ranks are dropped once its
    rho are known: held for every output at once they were the peak of a million-sample analysis."""
    x = strata.ranks() if strata is not None else ranks.of_columns(values)
    head = ranks.probed(x) if strata is not None else None

    def describe(name: str) -> tuple[Summary, dict[str, float]]:
        y = columns[name]
        ok = np.isfinite(y)
        whole = bool(ok.all())
        kept = y if whole else y[ok]  # the samples that give it a value
        if len(kept) < 3 or _constant(kept):  # nothing to rank
            return _summary(y, *meanings[name]), {p.name: 0.0 for p in parameters}
        if not whole:  # the parameters ranked over the samples that give it a value
            rho = ranks.correlations(ranks.of_columns(values, ok), [ranks.centred(kept)])[:, 0]
            return _summary(y, *meanings[name]), _named(parameters, rho)
        follows = ranks.follower(y, x, head) if strata is not None else None
        if follows is not None:  # the ranks of the one value it follows, or their opposites: no sort
            row, sign, ordered = follows
            return _summary(ordered, *meanings[name], True), _named(parameters, sign * _with_row(row))
        c, ordered = ranks.ranked(y)
        return _summary(ordered, *meanings[name], True), _named(parameters, ranks.correlations(x, [c])[:, 0])

    rows: dict[int, np.ndarray] = {}

    def _with_row(row: int) -> np.ndarray:
        """Spearman's rho of every parameter with parameter ``row`` (once per row: threads may repeat it)."""
        if row not in rows:
            rows[row] = ranks.correlations(x, [x[row]])[:, 0]
        return rows[row]

    described = ranks.threaded(describe, columns, threads)
    return ({name: d[0] for name, d in zip(columns, described, strict=True)},
            {name: d[1] for name, d in zip(columns, described, strict=True)})


def _named(parameters: list[Uncertain], rho: np.ndarray) -> dict[str, float]:
    return {p.name: float(r) if np.isfinite(r) else 0.0 for p, r in zip(parameters, rho, strict=True)}


def _summary(values: np.ndarray, unit: str, meaning: str, finite: bool = False) -> Summary:
    """Mean, sd and percentiles of the finite ``values`` (all of them where ``finite`` says so: no copy).
    np.percentile selects: on values already sorted, as :func:`_described` passes them, that takes a pass,
    not a selection. A percentile that is zero is +0: how -0.0 and 0.0, equal values, fall in a sort is the
    sort's affair, and a P5 of "-0" would say nothing more."""
    ok = values if finite else values[np.isfinite(values)]
    u = unit or "dimensionless"
    if not len(ok):
        return Summary(unit, meaning, Q_(np.nan, u), Q_(np.nan, u), (Q_(np.nan, u),) * len(PERCENTILES), 0)
    return Summary(unit, meaning, Q_(float(ok.mean()), u), Q_(float(ok.std(ddof=1)) if len(ok) > 1 else 0.0, u),
                   tuple(Q_(float(v) + 0.0, u) for v in np.percentile(ok, PERCENTILES)), len(ok))


def _constant(y: np.ndarray) -> bool:
    """An output that no sample moves beyond round-off (an intensive figure of a scaled batch): ranking or
    apportioning its variance would be ranking rounding noise."""
    return bool(np.ptp(y) <= 1e-9 * np.max(np.abs(y)))


def _sobol(job: Job, parameters: list[Uncertain], n: int, seed: int, client,
           workers: int) -> dict[str, dict[str, dict]]:
    """First-order and total Sobol indices with 95 % confidence intervals (SALib), per output."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    problem = {"num_vars": len(parameters), "names": [p.name for p in parameters], "bounds": [[0.0, 1.0]] *
               len(parameters)}
    unit = sample.sample(problem, n, calc_second_order=False, seed=seed)
    unit = np.clip(unit, 1e-12, 1 - 1e-12)  # Sobol' points may touch 0 or 1, where an unbounded ppf is infinite
    columns, _ = run(job, unit_values(parameters, unit), client, workers=workers)
    out = {}
    for name, y in columns.items():
        if not np.all(np.isfinite(y)) or _constant(y):
            continue  # NaN somewhere (a step not exothermic there) or constant: no variance to share out
        found = analyze.analyze(problem, y, calc_second_order=False, seed=seed or SALIB_ZERO)
        out[name] = {p: {"S1": float(found["S1"][i]), "S1_conf": float(found["S1_conf"][i]),
                         "ST": float(found["ST"][i]), "ST_conf": float(found["ST_conf"][i])}
                     for i, p in enumerate(problem["names"])}
    return out


def _limit(text: str, columns: Mapping[str, np.ndarray], meanings: Mapping[str, tuple]) -> Limit:
    """``"fresh HCl < 3 kg/kg"``: the share of samples meeting the limit."""
    m = LIMIT.fullmatch(text)
    if not m or m.group("name") not in columns:
        known = ", ".join(columns)
        raise InputError(f"--limit {text!r}: write OUTPUT < VALUE (or <=, >, >=) with an output of: {known}")
    name, op = m.group("name"), m.group("op")
    try:
        value = parse(m.group("value"), f"--limit {text!r}").to(meanings[name][0]).magnitude
    except pint.DimensionalityError:
        raise InputError(f"--limit {text!r}: {m.group('value')!r} is not in the units of {name} "
                         f"({meanings[name][0]})") from None
    y = columns[name]
    test = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[op]
    return Limit(text, name, op, float(value), float(np.mean(test(y[np.isfinite(y)], value))))


def _finite(v):
    return None if v is None or not np.isfinite(v) else v
