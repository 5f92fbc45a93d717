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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .errors import InputError, SynthError
from .species import PHASES, SpeciesDB, default_db
from .yamlio import load_text, read_file

MODELS = ("NASA7", "NASA9", "constant-cp", "Shomate")
#: Coefficients per temperature range of each polynomial model (Cantera's: a1-a7, a1-a9, A-G).
COEFFICIENTS = {"NASA7": 7, "NASA9": 9, "Shomate": 7}
#: K: the highest temperature a species file may state; NASA CEA's NASA-9 polynomials, the widest published,
#: reach 20 000 K. Above it a bound is a typing error (1e300).
T_MAX = 20000.0
CP_STEP = 10.0  # K: a pure phase's cp is checked positive at this spacing over its range
#: kJ/mol: how far a stated synth.dfH298 may lie from the coefficients' h(298.15 K); the bound the bundled data
#: are built to (synth.bundled_species: NASA MgO(cr) is 0.349 kJ/mol from CRC's -601.6, both cited in its note)
DFH_TOLERANCE = 0.5
CONTINUITY = 1e-3  # relative jump of cp/R, h/RT or s/R allowed at a split temperature (rounded coefficients)
#: A number YAML 1.1 may leave as text (``1e-2``), as mantissa, exponent sign and digits; ASCII digits, as
#: synth reads numbers (synth.number_text): '١٢' is no number to suggest.
_TEXT_NUMBER = re.compile(r"([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?:[eE]([+-]?)([0-9]+))?")
_ION = re.compile(r"^(?P<body>.+?)(?P<sign>[+-])(?P<n>[0-9]*)$")


SPECIES_FILE = "species file"  # what the file reader calls the files read here, in its messages
FIX = "give the path of a species file (YAML with species:, as README: Adding a species shows)"


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
        found.append((_read(path) if isinstance(path, Path) else path.read_text(encoding="utf-8"), str(path)))
    for name in extra:
        found.append((_read(Path(name)), name))
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
    files = tuple((_read(Path(p)), p) for p in paths)
    return _database(files) if files else default_db()


def _read(path: Path) -> str:
    """The text of a species file, refused by the file reader in a species file's words."""
    return read_file(path, SPECIES_FILE, FIX)


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
        data = load_text(text, source, SPECIES_FILE)
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
    if not isinstance(entry["name"], str) or not entry["name"].strip():
        line, col = entry.where("name")
        return [f"{source}:{line}:{col}: a species' name is text, e.g. name: Mg2Si(l) (found {entry['name']!r})"]
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
    out += _composition(entry, info, where) + _names(info, where)
    if "hazards" in info:
        out += _hazards(info["hazards"], refs, where)

    def at(mapping, key: str) -> str:
        """file:line:col of ``key`` in ``mapping`` (a part of this entry), and the species."""
        line, col = mapping.where(key) if hasattr(mapping, "where") else (entry.line, entry.column)
        return f"{source}:{line}:{col}: species {entry['name']}"

    dfh = _dfh(info, at)
    out += dfh.problems
    if "thermo" in entry:
        form = _thermo(entry["thermo"], where, at)
        out += form or _behaviour(entry, info.get("phase"), dfh.value, where, at)
    elif info.get("ions"):
        out.append(f"{where}: an electrolyte written as ions needs a thermo block with its heat capacity "
                   "(the sum of the ions' Cp); there is no default")
    return out


@dataclass(frozen=True)
class _Dfh:
    """A species' stated ΔfH(298.15) in kJ/mol (None if not stated or unusable), and its problems."""

    value: float | None = None
    problems: tuple[str, ...] = ()


def _dfh(info, at) -> _Dfh:
    """``synth.dfH298: {value: number, unit: energy per mol, ref: KEY}``: a number with a molar-energy unit,
    since ``synth species`` prints it as the species' ΔfH°."""
    from .units import quantity

    stated = info.get("dfH298")
    if stated is None:
        return _Dfh()
    field = f"{at(info, 'dfH298')}: synth.dfH298"
    fix = "write it as {value: -3.327, unit: kJ/mol, ref: KEY}"
    if not isinstance(stated, dict) or "value" not in stated or "unit" not in stated:
        return _Dfh(problems=(f"{field} must be a mapping with value and unit; {fix}",))
    bad = _number(stated["value"])
    if bad:
        return _Dfh(problems=(f"{field}.value: {bad[0]}",))
    try:
        q = quantity(f"{stated['value']!r} {stated['unit']}", "molar energy", "synth.dfH298")
    except SynthError as exc:
        return _Dfh(problems=(f"{field}: {str(exc).removeprefix('synth.dfH298: ')}; a formation enthalpy is an "
                              f"energy per amount of substance: {fix}",))
    return _Dfh(value=float(q.to("kJ/mol").magnitude))


def _behaviour(entry, phase, dfh: float | None, where: str, at) -> list[str]:
    """What the thermo data say, as Cantera evaluates them: Cantera reads them (its error, if any, named with
    the file and species), a pure phase's cp is positive over its whole range (every :data:`CP_STEP` K and at
    the ends; an aqueous species' standard partial molar cp may be negative: HCl(aq) -136 J/(mol K)), and
    h(298.15 K), which the coefficients define as ΔfH°, agrees with a stated ``dfH298`` within
    :data:`DFH_TOLERANCE` where the range holds 298.15 K."""
    from .cantera_bridge import CanteraError, enthalpy, heat_capacity, species_thermo
    from .thermo import T_REFERENCE as T0

    try:
        thermo = species_thermo(entry)
    except CanteraError as exc:
        return [f"{at(entry, 'thermo')}: thermo: Cantera cannot read it: {_cantera_words(exc)}; compare it with "
                "synth/data/species.yaml"]
    lo, hi = float(thermo.min_temp), float(thermo.max_temp)
    if phase != "aq":
        for T in [*np.arange(lo, hi, CP_STEP), hi]:
            cp = heat_capacity(thermo, float(T))
            if not cp > 0:
                return [f"{at(entry['thermo'], 'data')}: thermo.data: cp is {cp:.4g} J/(mol K) at {T:g} K, within its "
                        f"range {lo:g}-{hi:g} K; the heat capacity of a pure substance is positive: check the "
                        "coefficients (signs, exponents) or narrow temperature-ranges"]
    if dfh is not None and lo - 1e-9 <= T0 <= hi + 1e-9:
        h = enthalpy(thermo, T0) / 1e3
        if abs(h - dfh) > DFH_TOLERANCE:
            return [f"{at(entry['synth'], 'dfH298')}: synth.dfH298 {dfh:g} kJ/mol disagrees with the coefficients' "
                    f"h(298.15 K) = {h:.3f} kJ/mol by more than {DFH_TOLERANCE:g} kJ/mol; the coefficients define "
                    "the enthalpy synth uses: correct one of them"]
    return []


def _cantera_words(exc: Exception) -> str:
    """Cantera's message on one line (:func:`synth.cantera_bridge.words`), without the name of the C++
    function that raised it."""
    from .cantera_bridge import words

    text = "\n".join(line for line in str(exc).splitlines() if " thrown by " not in line)
    return words(text)[:300].rstrip(".") or type(exc).__name__


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


def _count(n) -> bool:
    """A count of atoms or ions: a real number (:func:`_number`) above 0."""
    return not _number(n) and n > 0


def _names(info, where: str) -> list[str]:
    """``synth.names`` (other names a recipe may use) is a list of text."""
    names = info.get("names", [])
    if isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names):
        return []
    return [f"{where}: synth.names must be a list of names as text, e.g. [rock salt, halite] (found {names!r})"]


def _composition(entry, info, where: str) -> list[str]:
    """The formula matches the composition; no net charge; ``ions`` (if given) balance charge and elements."""
    from .formula import parse

    comp = entry.get("composition")
    if not isinstance(comp, dict) or not all(_count(n) for n in comp.values()):
        return [f"{where}: composition must be a mapping of element counts, numbers above 0, e.g. "
                f"{{Na: 1, Cl: 1}} (found {comp!r})"]
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
    if not isinstance(ions, dict) or not all(_count(n) for n in ions.values()):
        return [f"{where}: synth.ions must be a mapping of ions to counts, numbers above 0, e.g. "
                f"{{Na+: 1, Cl-: 1}} (found {ions!r})"]
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


def _thermo(thermo, where: str, at) -> list[str]:
    """Model known; temperatures real, in K and in order; one row of the model's coefficient count per range,
    each a real number; an explicit Cp for constant-cp; continuity at splits. ``at(mapping, key)`` is the
    file:line:col of a field. Only a block that passes these reaches Cantera."""
    if not isinstance(thermo, dict):
        return [f"{where}: thermo must be a mapping (model, temperature-ranges, data), found {thermo!r:.60}"]
    model = thermo.get("model")
    if model not in MODELS:
        return [f"{at(thermo, 'model')}: thermo.model {model!r} is not one of {', '.join(MODELS)}"]
    if model == "constant-cp":
        problems = [] if "cp0" in thermo else [f"{where}: constant-cp without cp0: Cantera would take Cp = 0; state "
                                               "the heat capacity (for an electrolyte, the sum of its ions' Cp)"]
        bounds = [(key, thermo.get(key)) for key in ("T-min", "T-max")]
        found = [p for key, T in bounds for p in _temperature(T, f"{at(thermo, key)}: thermo.{key}")]
        if found or problems:
            return problems + found
        if not bounds[0][1] < bounds[1][1]:
            return [f"{where}: constant-cp needs T-min < T-max (the range the data hold for)"]
        return []
    ranges, data = thermo.get("temperature-ranges"), thermo.get("data")
    field = f"{at(thermo, 'temperature-ranges')}: thermo.temperature-ranges"
    if not isinstance(ranges, list) or len(ranges) < 2:
        return [f"{field} must be a list of at least two temperatures in K, e.g. [298.15, 2500.0], found "
                f"{ranges!r:.60}"]
    problems = [p for T in ranges for p in _temperature(T, field)]
    if problems:
        return problems[:1]
    if any(not a < b for a, b in zip(ranges, ranges[1:], strict=False)):
        return [f"{field} {ranges} must rise, with one more bound than data rows"]
    field, count = f"{at(thermo, 'data')}: thermo.data", COEFFICIENTS[model]
    if not isinstance(data, list) or len(data) != len(ranges) - 1:
        rows = len(data) if isinstance(data, list) else 0
        return [f"{field} must be a list of {len(ranges) - 1} coefficient row(s), one per temperature range, each "
                f"a list of {count} numbers; found {rows if rows else repr(data)[:60]}"]
    for i, row in enumerate(data, 1):
        if not isinstance(row, list) or len(row) != count:
            size = f"{len(row)} coefficients" if isinstance(row, list) else repr(row)[:60]
            return [f"{field} row {i} has {size}; a {model} row has exactly {count}"]
        bad = next((p for a in row for p in _number(a)), None)
        if bad:
            return [f"{field} row {i}: {bad}"]
    if model in ("NASA7", "NASA9"):
        return _continuity(model, data, ranges, where)
    return []


def _number(value) -> list[str]:
    """Nothing if ``value`` is a real, finite number; else why not. YAML 1.1 (PyYAML, which synth reads with)
    takes a number with an exponent as text unless it has a decimal point and a signed exponent: ``1e-2`` and
    ``1.0e300`` are text, ``1.0e-2`` and ``1.0e+300`` numbers. Such text is refused, with the spelling to use."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return []
    found = _TEXT_NUMBER.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is None:
        return [f"expected a number, found {value!r:.40}"]
    mantissa, sign, digits = found.groups()
    fixed = mantissa if digits is None else f"{mantissa if '.' in mantissa else mantissa + '.0'}e{sign or '+'}{digits}"
    why = "it is quoted" if fixed == value.strip() else "YAML wants a decimal point and a signed exponent"
    return [f"{value!r} is read as text, not a number ({why}); write {fixed}"]


def _temperature(value, field: str) -> list[str]:
    """Nothing if ``value`` is a temperature in K that species data can state (above 0 K, at most
    :data:`T_MAX`); else the problem, at ``field``."""
    bad = _number(value)
    if bad:
        return [f"{field}: {bad[0]} (a temperature in K)"]
    if not 0 < value <= T_MAX:
        return [f"{field}: {value:g} K is not a temperature species data can hold; temperatures are in kelvin, above "
                f"0 K and at most {T_MAX:g} K (25 °C is 298.15 K)"]
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
