"""The batch sheet of a scaled route: what a plant's batch record holds, as one frozen structure.

:func:`build` turns the report of ``synth scale`` (:func:`synth.report.build`), a batch id and a date into a
:class:`Sheet`: header, bill of materials, procedure, streams and wastes, recycle, hazards, energy, balance
closure and assumptions. It selects, groups and sums what the report holds and computes nothing else; the
renderers in ``synth/render/sheet_*.py`` present it and never calculate. Quantities are pint quantities;
every recipe value carries its source (a reference key such as ``An2019``, or an assumption label ``A7``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from . import hazards
from .errors import InputError
from .route import FRESH
from .sheet_energy import Duty, Runaway, duties, runaway
from .sheet_product import references as product_references, sections
from .units import Q_, from_json

BATCH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")
CONDENSED = ("cr", "am", None)  # phases of a solid stream; None: a named material (AMPSi)
AT_STP = "(at STP)"  # a gas supply's volume is at the header's gas_volumes_at; a plant unit's view re-words it
SUPPLY = (("per_run", f"per run {AT_STP}"), ("mean_flow", "mean flow over the hold"))


@dataclass(frozen=True)
class Setting:
    """A value (quantity or text) with its source: a reference key, ``A<n>``, ``balance`` (computed from the
    mass balance) or '' for a plain name; ``stage`` is the part of a step it sets (``conditions``, ``drying``)."""

    name: str
    value: object
    source: str = ""
    of: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Header:
    """Which route, recipe file (version, content hash), basis, batch and date; the lines to sign."""

    title: str
    recipe: str
    source: str
    version: str
    sha256: str
    species_data_sha256: str
    synth_version: str
    basis: tuple[str, object] | None  # (material, quantity); None: the recipe's lab amounts
    scale_factor: float
    product: str
    product_mass: object
    batch_id: str
    date: str
    weighing_tolerance: Setting | None
    gas_volumes_at: str
    signatures: tuple[str, ...] = ("prepared by", "checked by", "approved by")
    species_files: tuple[tuple[str, str], ...] = ()  # (file, sha256) of each user species file used
    gas_molar_volume: object = None  # of an ideal gas at ``gas_volumes_at``: a gas volume there over it is its amount


@dataclass(frozen=True)
class BomLine:
    """One fresh material charged in one step, with what identifies it and how closely it is weighed."""

    line: int
    step: str
    stream: str  # feed, gas, acid, wash, fuel or air (taken up from the air, not weighed)
    material: str
    formula: str
    cas: str
    grade: Setting | None
    mass: object
    tolerance: object | None  # ± mass
    amount: object | None
    volume_stp: object | None
    solution_volume: object | None
    solution_concentration: object | None
    purchased: object | None = None  # the grade bought (37 wt%): ``mass`` is of that solution
    dilution: bool = False  # water that dilutes a purchased solution to the charge


@dataclass(frozen=True)
class Component:
    """One material of a stream."""

    material: str
    formula: str
    phase: str | None
    mass: object
    amount: object | None
    volume_stp: object | None


@dataclass(frozen=True)
class Flow:
    """A stream of one step (or a fresh charge into it), what it is and where it goes."""

    step: str
    stream: str
    kind: str  # fresh, intermediate, product, returned, off-gas, by-product
    destination: str  # a step id, or '' when it leaves the route
    mass: object
    components: tuple[Component, ...]


@dataclass(frozen=True)
class Charge:
    """What goes into a step: the batch quantity, the share of one run, and where it comes from."""

    material: str
    mass: object
    per_run: object
    origin: str
    purchased: object | None = None  # as on the BOM line
    dilution: bool = False


@dataclass(frozen=True)
class Recycle:
    """A returned stream at steady state, in mass per batch."""

    species: str
    source: str
    target: str
    once_through: object
    returned: object
    make_up: object
    surplus: object


@dataclass(frozen=True)
class Step:
    """One step of the procedure: set-points, charges, equipment and runs, checks and expected outputs."""

    number: int
    id: str
    title: str
    T: object
    setpoints: tuple[Setting, ...]
    charges: tuple[Charge, ...]
    equipment: str
    runs: int
    runs_basis: str
    time_per_run: object | None
    time: object
    reactions: tuple[tuple[str, object], ...]
    checks: tuple[Setting, ...]
    outputs: tuple[Flow, ...]
    returned_in: tuple[Recycle, ...]
    warnings: tuple[str, ...]
    occupancy: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()  # (equipment, ((part, time), ...))


@dataclass(frozen=True)
class Energy:
    """The heat of one step per batch (positive: to supply), its parts, duties by kind and the time it takes."""

    step: str
    net: object
    parts: tuple[tuple[str, object], ...]
    electric: object | None
    adiabatic_rise: object | None
    max_temperature: object | None
    time: object
    duties: tuple[Duty, ...] = ()
    runaway: Runaway | None = None


@dataclass(frozen=True)
class Totals:
    """Energy and time of the whole batch; energy by kind, never netted across steps."""

    heat_net: object
    electric: object
    time_sum: object
    bottleneck: str
    bottleneck_time: object
    heating: object = None
    cooling: object = None
    electricity: object = None
    primary_energy: object = None


@dataclass(frozen=True)
class Closure:
    """In and out of one balance (mass of a step or the route, or moles of an element) and how they close."""

    name: str
    into: object
    out: object
    relative: float


@dataclass(frozen=True)
class Assumption:
    """A recipe value that no source gives, as the recipe marks it."""

    label: str
    field: str
    value: str
    why: str


@dataclass(frozen=True)
class Sheet:
    """A printable batch sheet."""

    header: Header
    bom: tuple[BomLine, ...]
    steps: tuple[Step, ...]
    streams: tuple[Flow, ...]
    waste: tuple[Flow, ...]
    recycles: tuple[Recycle, ...]
    hazards: tuple[hazards.Hazard, ...]
    energy: tuple[Energy, ...]
    totals: Totals
    mass_closure: tuple[Closure, ...]
    element_closure: tuple[Closure, ...]
    assumptions: tuple[Assumption, ...]
    references: tuple[tuple[str, str], ...]
    hazard_data_missing: tuple[str, ...] = ()  # "no hazard data for Al(cr) (steps)": check the SDS
    products: tuple = ()  # synth.sheet_product.ProductSection per named material

    def _repr_html_(self) -> str:
        from .render.notebook import sheet_html

        return sheet_html(self)


def build(report: dict, date: datetime.date, batch_id: str | None = None) -> Sheet:
    """The batch sheet of ``report`` (from :func:`synth.report.build`) for a batch made on ``date``.

    Parameters
    ----------
    report : the report of a scaled route, as ``synth scale --json`` prints it
    date : the batch date; the same report and date always give the same sheet
    batch_id : the batch number; by default ``RECIPE-YYYYMMDD-XXXXXX`` (:func:`default_batch_id`)

    Examples
    --------
    >>> from synth import build_report, load_recipe, scale
    >>> plan, basis = scale(load_recipe("ampsi"), "Si=2.8 g")
    >>> sheet = build(build_report(plan, basis), datetime.date(2025, 1, 31), "LAB-1")
    >>> sheet.bom[0].material, f"{sheet.bom[0].mass:~P}"
    ('Si', '2.8 g')
    """
    labels = {a["field"]: f"A{i}" for i, a in enumerate(report["assumptions"], 1)}
    streams = _streams(report)
    bom = _bom(report, labels)
    recycles = tuple(_recycle(r) for r in report["totals"]["recycle"])
    steps = tuple(_step(i, s, streams, bom, recycles, labels) for i, s in enumerate(report["steps"], 1))
    return Sheet(
        header=_header(report, date, batch_id or default_batch_id(report, date), labels),
        bom=bom, steps=steps, streams=streams,
        waste=tuple(f for f in streams if f.kind in ("returned", "off-gas", "by-product")
                    or (f.kind == "intermediate" and any(c.phase not in CONDENSED for c in f.components))),
        recycles=recycles,
        hazards=tuple(h for s in report["steps"] for h in hazards.of_step(s, report.get("hazard_data"))),
        energy=tuple(_energy(s, labels) for s in report["steps"]),
        totals=Totals(*(from_json(report["totals"][k]) for k in ("heat_net", "electric", "time_sum")),
                      report["totals"]["bottleneck"]["step"], from_json(report["totals"]["bottleneck"]["time"]),
                      *(from_json(report["totals"][k]) for k in ("heating", "cooling", "electricity",
                                                                 "primary_energy"))),
        mass_closure=tuple(_closure(s["id"], s["mass_balance"]) for s in report["steps"])
        + (_closure("route", report["mass_balance"]),),
        element_closure=tuple(_closure(e, io) for e, io in report["element_balance"].items()),
        assumptions=tuple(Assumption(f"A{i}", a["field"], a["value"], a["why"])
                          for i, a in enumerate(report["assumptions"], 1)),
        references=tuple(report["recipe"].get("references", {}).items()) + tuple(hazards.references().items())
        + tuple(product_references(report).items()),
        products=sections(report),
        hazard_data_missing=tuple(report.get("hazard_data_missing", ())),
    )


def default_batch_id(report: dict, date: datetime.date) -> str:
    """``RECIPE-YYYYMMDD-XXXXXX``: the same recipe file, basis and date always give the same id."""
    key = json.dumps([report["recipe"]["sha256"], report["basis"], report["scale_factor"]], sort_keys=True)
    digest = hashlib.sha256(key.encode()).hexdigest()[:6].upper()
    name = re.sub(r"[^A-Za-z0-9]+", "-", report["recipe"]["name"]).strip("-").upper()[:40] or "BATCH"
    return f"{name}-{date:%Y%m%d}-{digest}"


def _header(report: dict, date: datetime.date, batch_id: str, labels: dict) -> Header:
    if not BATCH_ID.fullmatch(batch_id):
        raise InputError(f"--batch-id {batch_id!r}: use 1-64 letters, digits and . _ / -, not starting with . _ / -")
    recipe, basis, product = report["recipe"], report["basis"], report["totals"]["product"]
    tolerance = report.get("weighing_tolerance")
    return Header(
        title=recipe.get("title") or recipe["name"], recipe=recipe["name"], source=recipe["source"],
        version=str(recipe.get("version", "")), sha256=recipe["sha256"],
        species_data_sha256=report["provenance"]["species_data"]["sha256"],
        synth_version=report["provenance"]["versions"]["synth"],
        basis=None if basis is None else (basis["material"], from_json(basis["quantity"])),
        scale_factor=report["scale_factor"], product=product["name"], product_mass=from_json(product["mass"]),
        batch_id=batch_id, date=date.isoformat(),
        weighing_tolerance=tolerance and _setting("weighing tolerance", tolerance, labels),
        gas_volumes_at=report["gas_volumes_at"],
        species_files=tuple((f["file"], f["sha256"]) for f in report["provenance"].get("species_files", [])),
        gas_molar_volume=_opt(report, "gas_molar_volume"),
    )


def _setting(name: str, entry: dict, labels: dict, stage: str = "") -> Setting:
    """A sourced recipe value of the report as a :class:`Setting`."""
    value = from_json(entry["quantity"]) if "quantity" in entry else entry["text"]
    source = entry.get("ref") or labels.get(entry["field"], "")
    return Setting(name, value, source, entry.get("of", ""), stage)


def _fresh(entry: dict) -> bool:
    return any(label in FRESH for label in entry["streams"])


def _opt(entry: dict, key: str):
    return from_json(entry[key]) if entry.get(key) else None


def _bom(report: dict, labels: dict) -> tuple[BomLine, ...]:
    """Every fresh input of every step, in step order, with its identity and weighing tolerance."""
    tolerance = report.get("weighing_tolerance")
    fraction = from_json(tolerance["quantity"]).to("dimensionless").magnitude if tolerance else None
    lines = []
    for s in report["steps"]:
        for key, e in s["inputs"].items():
            if not _fresh(e):
                continue
            mass, purchased, dilution = _as_bought(s, key, e)
            identity = s["substances"].get(key, {})
            grade = identity.get("grade") or (purchased is not None and next(
                x for st in s["setpoints"] for x in st["settings"] if x["field"].endswith(".acid.purchased")))
            lines.append(BomLine(
                line=len(lines) + 1, step=s["id"], stream=" + ".join(e["streams"]), material=key,
                formula=identity.get("formula", key), cas=identity.get("cas") or "",
                grade=grade and _setting("grade", grade, labels) or None, mass=mass,
                amount=None if dilution else _opt(e, "amount"),  # of the acid itself for a purchased solution
                tolerance=None if fraction is None or e.get("volume_stp") else mass * fraction,  # gases: metered
                volume_stp=_opt(e, "volume_stp"), solution_volume=_opt(e, "solution_volume"),
                solution_concentration=_opt(e, "solution_concentration"), purchased=purchased, dilution=dilution))
    return tuple(lines)


def _as_bought(s: dict, key: str, e: dict) -> tuple[object, object | None, bool]:
    """(mass, purchased grade, is dilution water) of a fresh input: an acid bought as a solution (the leach step's
    ``purchased_solution``) is charged as that solution plus its dilution water; anything else as it is."""
    figures = s["figures"]
    if "acid" not in e["streams"] or "purchased_solution" not in figures:
        return from_json(e["mass"]), None, False
    if s["substances"].get(key, {}).get("formula") == "H2O":
        return from_json(figures["dilution_water"]), None, True
    return from_json(figures["purchased_solution"]), from_json(figures["purchased_grade"]), False


def _components(s: dict, side: str, keys: list[str]) -> tuple[Component, ...]:
    """The materials of a stream; a named material (AMPSi) has the formulas of its composition."""
    entries = [(key, s[side][key], s["substances"].get(key)) for key in keys]
    return tuple(Component(key, who["formula"] if who else " + ".join(e.get("composition", {})) or key,
                           e.get("phase"), from_json(e["mass"]), _opt(e, "amount"), _opt(e, "volume_stp"))
                 for key, e, who in entries)


def _grouped(entries: dict) -> dict[tuple[str, ...], list[str]]:
    """Stream labels -> the keys of the entries in that stream (an entry summed over two streams has both)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for key, e in entries.items():
        groups.setdefault(tuple(e["streams"]), []).append(key)
    return groups


def _streams(report: dict) -> tuple[Flow, ...]:
    """Every stream of the route: the fresh charges into each step, then each step's outputs where they go."""
    flows = []
    for s in report["steps"]:
        fresh = {k: e for k, e in s["inputs"].items() if _fresh(e)}
        for labels, keys in _grouped(fresh).items():
            flows.append(_flow(s, "inputs", labels, keys, "fresh", s["id"]))
        for labels, keys in _grouped(s["outputs"]).items():
            route = s["routing"][labels[0]]
            flows.append(_flow(s, "outputs", labels, keys, route["kind"], route["to"] or ""))
    return tuple(flows)


def _flow(s: dict, side: str, labels: tuple[str, ...], keys: list[str], kind: str, destination: str) -> Flow:
    components = _components(s, side, keys)
    return Flow(s["id"], " + ".join(labels), kind, destination,
                sum((c.mass.to("g") for c in components), Q_(0.0, "g")), components)


def _recycle(r: dict) -> Recycle:
    return Recycle(r["species"], r["from"], r["to"], *(from_json(r[f"{k}_mass"]) for k in
                                                       ("once_through", "returned", "make_up", "surplus")))


def _step(number: int, s: dict, streams: tuple[Flow, ...], bom: tuple[BomLine, ...],
          recycles: tuple[Recycle, ...], labels: dict) -> Step:
    """One procedure step from the report's step ``s``."""
    lines = {(b.step, b.material): b.line for b in bom}
    carried = s.get("carried_from")
    charges = []
    for key, e in s["inputs"].items():
        mass, purchased, dilution = _as_bought(s, key, e) if _fresh(e) else (from_json(e["mass"]), None, False)
        origin = (f"BOM {lines[(s['id'], key)]}" if (s["id"], key) in lines
                  else f"from {carried['step']} ({carried['stream']})" if carried else "carried")
        charges.append(Charge(key, mass, mass / s["runs"], origin, purchased, dilution))
    figures = s["figures"]
    return Step(
        number=number, id=s["id"], title=s["title"], T=from_json(s["T"]),
        setpoints=tuple(_setting(x["name"], x, labels, st["stage"]) for st in s["setpoints"] for x in st["settings"])
        + tuple(Setting(f"{g['species']} {words}", from_json(g[key]), "balance", stage="gas supply")
                for g in s["gas_supply"] for key, words in SUPPLY if g[key]),
        charges=tuple(charges), equipment=s["equipment"], runs=s["runs"],
        runs_basis=str(figures.get("runs_basis", "")), time_per_run=_opt(figures, "time_per_run"),
        time=from_json(s["time"]),
        reactions=tuple((r["equation"], from_json(r["extent"])) for r in s["reactions"]),
        checks=tuple(_setting("check", c, labels) for c in s["checks"]),
        outputs=tuple(f for f in streams if f.step == s["id"] and f.kind != "fresh"),
        returned_in=tuple(r for r in recycles if r.target == s["id"]),
        warnings=tuple(s["warnings"]),
        occupancy=tuple((rt["equipment"], tuple((k, from_json(v)) for k, v in rt["parts"].items()))
                        for rt in s.get("run_time", ())),
    )


def _energy(s: dict, labels: dict) -> Energy:
    heat = s["heat"]
    parts = tuple((k, from_json(v)) for k, v in heat.items()
                  if v is not None and k not in ("net", "adiabatic_rise", "max_temperature", "electric"))
    by_kind = duties(s, labels)
    drawn = [d.energy for d in by_kind if d.kind == "electricity"]  # cells and electric furnaces alike
    return Energy(s["id"], from_json(heat["net"]), parts, sum(drawn[1:], drawn[0]) if drawn else None,
                  _opt(heat, "adiabatic_rise"), _opt(heat, "max_temperature"), from_json(s["time"]), by_kind,
                  runaway(s))


def _closure(name: str, balance: dict) -> Closure:
    """One balance of the report (``{"in": ..., "out": ...}``) and its relative closure error."""
    into, out = from_json(balance["in"]), from_json(balance["out"]).to(balance["in"]["unit"])
    big = max(abs(into.magnitude), abs(out.magnitude), 1e-300)
    return Closure(name, into, out, abs(into.magnitude - out.magnitude) / big)

