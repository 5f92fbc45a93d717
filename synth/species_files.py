"""User species files: the species a route needs beyond synth's own, checked before they are used.

A recipe names its files (``species: [my-species.yaml]``, paths relative to the recipe); the CLI adds more
with ``--species FILE``. A file has the format of ``synth/data/species.yaml``: ``references:``, an optional
``replaces:`` list (bundled species the file deliberately replaces) and ``species:``, each entry a Cantera
species (name, composition, thermo, note) with a ``synth:`` block (formula, phase, names, cas, ref,
density; ``ions:`` for an electrolyte written as its ions). :func:`check` finds every problem of a file;
:func:`database_for` gives the species data a recipe runs with (bundled + its files).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError, SynthError
from .species import PHASES, SpeciesDB, default_db
from .yamlio import load_text, read_file

MODELS = ("NASA7", "NASA9", "constant-cp", "Shomate")
CONTINUITY = 1e-3  # relative jump of cp/R, h/RT or s/R allowed at a split temperature (rounded coefficients)
_ION = re.compile(r"^(?P<body>.+?)(?P<sign>[+-])(?P<n>\d*)$")


def sources(recipe, extra: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(text, source) of each species file of ``recipe`` (its ``species:`` list, relative to the recipe file)
    followed by ``extra`` (``--species`` files, relative to the working directory)."""
    named = recipe.data.get("species", [])
    if not isinstance(named, list) or not all(isinstance(n, str) for n in named):
        raise recipe.spec.error("species", "expected a list of species files, e.g. [my-species.yaml]")
    if not named and not extra:
        return []  # the usual case, and a route run asks twice: no look at the file system
    base = _folder(recipe.source)
    found = []
    for name in named:
        path = base / name
        if not path.is_file():
            raise recipe.spec.error("species", f"species file {name!r} not found (looked in {base})")
        found.append((read_file(path) if isinstance(path, Path) else path.read_text(encoding="utf-8"), str(path)))
    for name in extra:
        found.append((read_file(Path(name)), name))
    return found


def _folder(source: str):
    """The folder a recipe's relative paths start from: its own, or the bundled recipes' package."""
    path = Path(source)
    if path.exists():
        return path.parent
    from .catalog import folder

    return folder()


def database_for(recipe, extra: tuple[str, ...] = ()) -> SpeciesDB:
    """The species data ``recipe`` runs with: synth's own plus its species files, each checked first."""
    files = tuple(sources(recipe, extra or tuple(getattr(recipe, "species_files", ()))))
    return _database(files) if files else default_db()


def database_of(paths: list[str] | tuple[str, ...]) -> SpeciesDB:
    """synth's own species plus the species files at ``paths`` (``synth species --species FILE``)."""
    files = tuple((read_file(Path(p)), p) for p in paths)
    return _database(files) if files else default_db()


@lru_cache(maxsize=16)
def _database(files: tuple[tuple[str, str], ...]) -> SpeciesDB:
    """The merged database of these (text, source) files (cached: a sweep or a scale runs a route twice)."""
    for text, source in files:
        problems = check(text, source)
        if problems:
            more = f" (and {len(problems) - 1} more: run `synth validate`)" if len(problems) > 1 else ""
            raise InputError(problems[0] + more)
    bundled = resources.files("synth.data").joinpath("species.yaml").read_text(encoding="utf-8")
    return SpeciesDB(bundled, default_db().source, files)


def check(text: str, source: str) -> list[str]:
    """Every problem of a species file, one message each (``file:line:col: species NAME: what; fix``)."""
    try:
        data = load_text(text, source)
    except SynthError as exc:
        return [str(exc)]
    if not isinstance(data, dict) or not isinstance(data.get("species"), list):
        return [f"{source}:1:1: a species file is a mapping with 'references:' and a 'species:' list"]
    refs = set(data.get("references", {}) or {}) | set(default_db().references)
    problems: list[str] = []
    for entry in data["species"]:
        problems += _entry(entry, source, refs)
    return problems


def _entry(entry, source: str, refs: set[str]) -> list[str]:
    if not isinstance(entry, dict) or "name" not in entry:
        return [f"{source}: every species needs a 'name', a 'composition' and a 'synth:' block"]
    line, col = entry.where(None)
    where = f"{source}:{line}:{col}: species {entry['name']}"
    info = entry.get("synth")
    if not isinstance(info, dict):
        return [f"{where}: missing the 'synth:' block (formula, phase, ref, ...)"]
    out = []
    for key in ("formula", "phase"):
        if key not in info:
            out.append(f"{where}: synth.{key} is missing")
    if "phase" in info and info["phase"] not in PHASES:
        out.append(f"{where}: synth.phase {info.get('phase')!r} is not one of {', '.join(PHASES)}")
    ref = info.get("ref")
    if not ref or ref not in refs:
        out.append(f"{where}: a source is required: synth.ref must name a key of the file's references: "
                   f"(got {ref!r})")
    out += _composition(entry, info, where)
    if "hazards" in info:
        out += _hazards(info["hazards"], refs, where)
    if "thermo" in entry:
        out += _thermo(entry["thermo"], info.get("phase"), where)
    elif info.get("ions"):
        out.append(f"{where}: an electrolyte written as ions needs a thermo block with its heat capacity "
                   "(the sum of the ions' Cp); there is no default")
    return out


def _hazards(hazards, refs: set[str], where: str) -> list[str]:
    """``hazards: {hazard: text, ghs: [H228, ...], ref: KEY}``; ``ghs: []`` states that none is classified."""
    if not isinstance(hazards, dict) or not isinstance(hazards.get("ghs"), list) or not hazards.get("hazard"):
        return [f"{where}: synth.hazards must be {{hazard: text, ghs: [H-codes] (or [] if not classified), ref: KEY}}"]
    bad = [c for c in hazards["ghs"] if not re.fullmatch(r"(EU)?H\d{3}[A-Za-z]{0,2}", str(c))]
    problems = [f"{where}: {c!r} is not a GHS hazard statement code (e.g. H228)" for c in bad]
    if hazards.get("ref") not in refs:
        problems.append(f"{where}: synth.hazards needs a source: ref must name a key of references: "
                        f"(got {hazards.get('ref')!r})")
    return problems


def _composition(entry, info, where: str) -> list[str]:
    """The formula matches the composition; no net charge; ``ions`` (if given) balance charge and elements."""
    from .formula import parse

    comp = entry.get("composition")
    if not isinstance(comp, dict):
        return [f"{where}: composition must be a mapping of element counts, e.g. {{Na: 1, Cl: 1}}"]
    if comp.get("E"):
        return [f"{where}: a charged species (E in its composition) cannot stand alone in synth's balances; write "
                "the neutral electrolyte (NaCl(aq) = Na+ + Cl-) with synth.ions"]
    try:
        elements = dict(parse(str(info.get("formula", ""))).elements)
    except SynthError as exc:
        return [f"{where}: synth.formula: {exc}"]
    if {k: float(v) for k, v in elements.items()} != {k: float(v) for k, v in comp.items()}:
        return [f"{where}: formula {info.get('formula')} has elements {elements}, composition says {dict(comp)}"]
    ions = info.get("ions")
    if not ions:
        return []
    charge, total = 0, {}
    for ion, n in ions.items():
        m = _ION.match(str(ion))
        if not m:
            return [f"{where}: ion {ion!r} has no charge; write it as Mg+2, Cl-, NH4+"]
        charge += n * (1 if m["sign"] == "+" else -1) * int(m["n"] or 1)
        for e, k in parse(m["body"]).elements.items():
            total[e] = total.get(e, 0) + n * k
    problems = []
    if charge != 0:
        problems.append(f"{where}: the ions {dict(ions)} carry a net charge of {charge:+d}; an electrolyte is neutral")
    if {k: float(v) for k, v in total.items()} != {k: float(v) for k, v in elements.items()}:
        problems.append(f"{where}: the ions {dict(ions)} hold {total}, not the formula's {elements}")
    return problems


def _thermo(thermo, phase, where: str) -> list[str]:
    """Model known, temperature ranges in order, an explicit Cp for aqueous species, continuity at splits."""
    model = thermo.get("model") if isinstance(thermo, dict) else None
    if model not in MODELS:
        return [f"{where}: thermo.model {model!r} is not one of {', '.join(MODELS)}"]
    if model == "constant-cp":
        lo, hi = thermo.get("T-min"), thermo.get("T-max")
        problems = [] if "cp0" in thermo else [f"{where}: constant-cp without cp0: Cantera would take Cp = 0; state "
                                               "the heat capacity (for an electrolyte, the sum of its ions' Cp)"]
        if lo is None or hi is None or not float(lo) < float(hi):
            problems.append(f"{where}: constant-cp needs T-min < T-max (the range the data hold for)")
        return problems
    ranges = thermo.get("temperature-ranges", [])
    if len(ranges) < 2 or any(not a < b for a, b in zip(ranges, ranges[1:], strict=False)):
        return [f"{where}: temperature-ranges {ranges} must rise, with one more bound than data rows"]
    if len(thermo.get("data", [])) != len(ranges) - 1:
        return [f"{where}: {len(ranges) - 1} range(s) but {len(thermo.get('data', []))} coefficient row(s)"]
    if model in ("NASA7", "NASA9"):
        return _continuity(model, thermo["data"], ranges, where)
    return []


def _continuity(model: str, data, ranges, where: str) -> list[str]:
    """cp/R, h/RT and s/R of the two ranges agree at each split temperature."""
    evaluate = _nasa7 if model == "NASA7" else _nasa9
    problems = []
    for i, T in enumerate(ranges[1:-1]):
        low, high = evaluate(data[i], T), evaluate(data[i + 1], T)
        for what, a, b in zip(("cp/R", "h/RT", "s/R"), low, high, strict=True):
            if abs(a - b) > CONTINUITY * max(1.0, abs(a)):
                problems.append(f"{where}: {what} jumps from {a:.6g} to {b:.6g} at the split temperature {T:g} K; "
                                "the coefficients of the two ranges do not meet")
    return problems


def _nasa7(a, T: float) -> tuple[float, float, float]:
    cp = a[0] + a[1] * T + a[2] * T**2 + a[3] * T**3 + a[4] * T**4
    h = a[0] + a[1] * T / 2 + a[2] * T**2 / 3 + a[3] * T**3 / 4 + a[4] * T**4 / 5 + a[5] / T
    s = a[0] * math.log(T) + a[1] * T + a[2] * T**2 / 2 + a[3] * T**3 / 3 + a[4] * T**4 / 4 + a[6]
    return cp, h, s


def _nasa9(a, T: float) -> tuple[float, float, float]:
    cp = a[0] / T**2 + a[1] / T + a[2] + a[3] * T + a[4] * T**2 + a[5] * T**3 + a[6] * T**4
    h = (-a[0] / T**2 + a[1] * math.log(T) / T + a[2] + a[3] * T / 2 + a[4] * T**2 / 3 + a[5] * T**3 / 4
         + a[6] * T**4 / 5 + a[7] / T)
    s = (-a[0] / T**2 / 2 - a[1] / T + a[2] * math.log(T) + a[3] * T + a[4] * T**2 / 2 + a[5] * T**3 / 3
         + a[6] * T**4 / 4 + a[8])
    return cp, h, s
