"""Recipe files: a route as a sequence of typed steps whose every number carries its source.

A quantity in a recipe is written ``{q: "550 degC", ref: An2019}`` (``ref`` names an entry of the
recipe's ``references:``) or ``{q: "20 %", assumption: "why this value"}`` where no source gives it.
:class:`Spec` wraps one mapping of the file and reads typed values from it, so that every error names
the file, line, column and field path.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np

from .catalog import bundled, text as bundled_text
from .errors import DimensionError, InputError, NotSweepable, RecipeError
from .units import quantity
from .vector import fmt, is_array
from .yamlio import Marked, load_text, read_file, read_stdin

_MISSING = object()


@dataclass(frozen=True)
class Sourced:
    """A recipe value with where it came from: a reference key, or the assumption that stands for one."""

    value: object
    ref: str | None
    assumption: str | None

    @property
    def cited(self) -> str:
        """Where it came from, in words: ``ref KEY`` or ``assumption: why``."""
        return f"ref {self.ref}" if self.ref else f"assumption: {self.assumption}"


class Spec:
    """One mapping of a recipe, with typed accessors whose errors point into the file."""

    def __init__(self, data: Marked, path: str, recipe: Recipe) -> None:
        if not isinstance(data, dict):
            raise RecipeError(f"{recipe.source}: {path}: expected a mapping, found {found_as(data)}")
        self.data, self.path, self.recipe = data, path, recipe

    def error(self, key: str | None, message: str) -> RecipeError:
        line, column = self.data.where(key) if isinstance(self.data, Marked) else (0, 0)
        field = f"{self.path}.{key}" if key else self.path
        return RecipeError(f"{self.recipe.source}:{line}:{column}: {field}: {message}")

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, default=_MISSING) -> str:
        value = self.data.get(key, default)
        if value is _MISSING:
            raise self.error(None, f"missing required field '{key}'")
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected text, found {found_as(value)}")
        return value

    def sub(self, key: str) -> Spec:
        if key not in self.data:
            raise self.error(None, f"missing required field '{key}'")
        value = self.data[key]
        if not isinstance(value, dict):
            raise self.error(key, f"expected a mapping, found {found_as(value)}")
        return Spec(value, f"{self.path}.{key}", self.recipe)

    def specs(self, key: str) -> list[Spec]:
        """A list of mappings (e.g. ``reactions``); missing means empty."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, found {found_as(value)}")
        return [Spec(item, f"{self.path}.{key}[{i}]", self.recipe) for i, item in enumerate(value)]

    def items(self, key: str) -> Iterator[tuple[str, Spec]]:
        """The entries of a mapping of mappings (e.g. ``feeds``)."""
        if key not in self.data:
            return iter(())
        sub = self.sub(key)
        return ((name, sub.sub(name)) for name in sub.data)

    def _once(self, accessor: str, key: str, args: tuple, compute):
        """``compute()``, remembered per recipe (with its overrides), mapping, field and arguments.

        A recipe is immutable and a route reads the same ~70 quantities on every run: each is parsed and
        checked once, then served from the memo that the recipe shares with its variants (:meth:`Recipe.with_values`).
        A value a variant overrides (a sweep's array) is remembered in that variant's own memo, so a chunk's
        route runs (the plan its scale is found from, then the batch) check it once. Errors are not remembered
        (they raise again)."""
        swept = f"{self.path}.{key}" in self.recipe.overrides
        memo, memo_key = (self.recipe.memo, ("swept", accessor, id(self.data), key, args)) if swept else \
            (self.recipe.parsed, (accessor, id(self.data), key, args))
        try:
            hit = memo.get(memo_key)
        except TypeError:  # an unhashable default: not worth remembering
            return compute()
        if hit is None:
            hit = memo[memo_key] = (self.data, compute())  # the mapping is kept: its id stays unique
        return hit[1]

    def magnitude(self, key: str, kind: str, unit: str, default=_MISSING):
        """The positive quantity of dimension ``kind`` at ``key`` as a plain number in ``unit`` (an array where a
        sweep varies it; None where it is absent and ``default`` is None), converted once (:meth:`derived`)."""
        return self.derived(key, ("in", kind, unit, default), lambda: _in(self.positive(key, kind, default), unit))

    def derived(self, key: str, what: tuple, compute):
        """``compute()``, a number derived from the value at ``key`` alone (with what ``what`` names: a
        species' molar mass, say), remembered as that value is: per recipe, or per variant where a sweep
        overrides it. A furnace's feed in mol is its mass over the molar mass: pint's division, once."""
        return self._once("derived", key, what, compute)

    def sourced(self, key: str, kind: str, default=_MISSING) -> Sourced:
        """A quantity of dimension ``kind`` with its ``ref`` or ``assumption``."""
        return self._once("sourced", key, (kind, default), lambda: self._sourced(key, kind, default))

    def _sourced(self, key: str, kind: str, default) -> Sourced:
        swept = self.recipe.overrides.get(f"{self.path}.{key}")
        if swept is not None:
            return Sourced(quantity(swept, kind, f"{self.path}.{key}"), None, "varied in a sweep")
        if key not in self.data:
            if default is _MISSING:
                raise self.error(None, f"missing required field '{key}' ({kind}, e.g. {{q: '...', ref: KEY}})")
            return Sourced(None if default is None else quantity(default, kind, key), None, "default")
        raw, ref, assumption = self.raw_sourced(key)
        try:
            value = quantity(raw, kind, f"{self.path}.{key}")
        except (InputError, DimensionError) as exc:
            raise self.error(key, str(exc).split(": ", 1)[-1]) from None
        return Sourced(value, ref, assumption)

    def raw_sourced(self, key: str) -> tuple[str, str | None, str | None]:
        """The text of ``{q: ..., ref: KEY}`` (or ``assumption: why``) at ``key``, with its checked source.

        Recipes and price files share this: a value without a source, or with a ``ref`` the file's
        ``references:`` lack, is refused here, with the place in the file."""
        entry = self.data[key]
        if not isinstance(entry, dict) or "q" not in entry:
            raise self.error(key, f"expected {{q: '<number> <unit>', ref: KEY}} or {{q: ..., assumption: why}}, "
                                  f"found {found_as(entry)}")
        ref, assumption = entry.get("ref"), entry.get("assumption")
        if ref is None and assumption is None:
            raise self.error(key, "every number needs a source: add 'ref: KEY' (a key of references:) or "
                                  "'assumption: why'")
        if ref is not None and (not isinstance(ref, str) or ref not in self.recipe.references):
            raise self.error(key, f"ref {ref!r} is not in references: ({', '.join(self.recipe.references)})")
        raw = entry["q"]
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            raise self.error(key, f"q must be a number or text such as '5 g', found {found_as(raw)}")
        return str(raw), ref, assumption

    def q(self, key: str, kind: str, default=_MISSING):
        """Just the quantity of :meth:`sourced`."""
        return self.sourced(key, kind, default).value

    def fraction(self, key: str, default=_MISSING) -> float:
        """A dimensionless value in [0, 1] (``0.95``, ``95 %``)."""
        return self._once("fraction", key, (default,), lambda: self._fraction(key, default))

    def _fraction(self, key: str, default) -> float:
        f = self.q(key, "dimensionless", default).to("dimensionless").magnitude
        if not np.all((f >= 0.0) & (f <= 1.0)):
            raise self.error(key, f"expected a fraction between 0 and 1 (or 0-100 %), found {fmt(f)}")
        return f if is_array(f) else float(f)

    def temperature(self, key: str = "T") -> float:
        """A temperature [K] as one plain number: species data and reaction heats are evaluated (and cached) per
        temperature, so a temperature is never an array, and a sweep lists it as fixed."""
        return float(self.q(key, "temperature").magnitude)

    def seconds(self, key: str):
        """A positive duration [s], the unit of every time the steps add up (a hold, a dosing time)."""
        return self.magnitude(key, "time", "s")

    def excess(self, key: str):
        """A surplus over what the reactions consume, as a fraction (``20 %``: 0.2), 0 or more: the excess of a
        dosed reagent or gas, which every step that doses reads the same way."""
        return self._once("excess", key, (), lambda: self._excess(key))

    def _excess(self, key: str):
        x = self.q(key, "dimensionless").to("dimensionless").magnitude
        if not np.all(x >= 0):
            raise self.error(key, f"expected an excess of 0 or more (the surplus over what the reactions consume), "
                                  f"found {fmt(x)}")
        return x

    def positive(self, key: str, kind: str, default=_MISSING):
        """A quantity of dimension ``kind`` above zero."""
        return self._once("positive", key, (kind, default), lambda: self._positive(key, kind, default))

    def _positive(self, key: str, kind: str, default):
        value = self.q(key, kind, default)
        if value is not None and not np.all(value.magnitude > 0):
            raise self.error(key, f"expected a positive {kind}, found {fmt(value.magnitude)} {value.units:~P}")
        return value

    def count(self, key: str, default=_MISSING) -> int:
        """A positive whole number (electrons transferred, cells in parallel); never varied in a sweep."""
        if f"{self.path}.{key}" in self.recipe.overrides:
            raise NotSweepable(f"{self.path}.{key} is a whole number (a count); it cannot be varied in a sweep")
        return self._once("count", key, (default,), lambda: self._count(key, default))

    def _count(self, key: str, default) -> int:
        value = self.positive(key, "dimensionless", default).to("dimensionless").magnitude
        if value != int(value):
            raise self.error(key, f"expected a whole number, found {value:g}")
        return int(value)


def _in(value, unit: str):
    return None if value is None else value.to(unit).magnitude


@dataclass(frozen=True)
class Recipe:
    """A parsed recipe file: name, source, content hash, references and raw data."""

    name: str
    source: str
    sha256: str
    data: Marked = field(compare=False, hash=False, repr=False)  # identified by source and content hash
    #: Values that replace the file's, by field path (``recipe.steps[2].acid.excess``): a sweep's grid.
    overrides: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: Species files given besides the recipe's own ``species:`` list (the CLI's ``--species FILE``).
    species_files: tuple[str, ...] = ()
    #: Values read from the file, each parsed once (:meth:`Spec._once`); shared with the variants of this
    #: recipe that :meth:`with_values` makes, since they hold the same file.
    parsed: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: What this recipe with exactly these overrides has computed (its lab plan): not shared.
    memo: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def __getstate__(self) -> dict:
        """For pickling (a Dask worker): the file and its overrides, not the caches. The caches hold pint
        quantities of this process's registry, which another process rebuilds from the file in its own."""
        return {**self.__dict__, "overrides": dict(self.overrides), "parsed": {}, "memo": {}}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)

    def with_values(self, values: Mapping[str, object]) -> Recipe:
        """This recipe with the quantities at the given field paths replaced (scalars or numpy arrays).

        A path is ``recipe.steps[2].acid.excess``: it must name a quantity (``{q: ...}``) of this recipe,
        or the call is an :class:`InputError` (a misspelt path would otherwise be ignored silently)."""
        if not isinstance(values, Mapping):
            raise InputError(f"with_values: expected a mapping of field path to value, found {type(values).__name__}")
        for path in values:
            node = _at_path(self.data, path)
            if not (isinstance(node, dict) and "q" in node):
                raise InputError(f"with_values: {path!r} is not a quantity of {self.name}; paths look like "
                                 f"'recipe.steps[2].acid.excess' (`synth sweep {self.name} --list` names them)")
        return replace(self, overrides=MappingProxyType({**self.overrides, **values}))

    @property
    def references(self) -> dict:
        refs = self.data.get("references", {})
        return refs if isinstance(refs, dict) else {}

    @property
    def spec(self) -> Spec:
        return Spec(self.data, "recipe", self)

    def steps(self) -> list[Spec]:
        if "steps" not in self.memo:  # Specs read through their recipe (its overrides): not shared
            self.memo["steps"] = tuple(self.spec.specs("steps"))
        steps = list(self.memo["steps"])
        if not steps:
            raise self.spec.error("steps", "a recipe needs at least one step")
        return steps

    def assumptions(self) -> list[tuple[str, str, str]]:
        """Every value marked as an assumption: (field path, value, why)."""
        found: list[tuple[str, str, str]] = []
        _walk(self.data, "recipe", found)
        return found


def _at_path(data, path: object):
    """The value at field path ``recipe.steps[2].acid.excess`` in ``data``, or None if there is none."""
    if not isinstance(path, str) or not path.startswith("recipe"):
        return None
    node = data
    for key, index in re.findall(r"\.([^.\[\]]+)|\[([0-9]+)\]", path[len("recipe"):]):
        if key and isinstance(node, dict):
            node = node.get(key)
        elif index and isinstance(node, list) and int(index) < len(node):
            node = node[int(index)]
        else:
            return None
    return node


def as_recipe(recipe: object) -> Recipe:
    """``recipe`` as a :class:`Recipe`: a Recipe, a bundled name (``"ampsi"``) or a path; else an InputError."""
    if isinstance(recipe, Recipe):
        return recipe
    if isinstance(recipe, (str, Path)):
        return load(recipe)
    raise InputError(f"recipe: expected a Recipe, a bundled recipe name ({', '.join(bundled())}) or a path, "
                     f"found {type(recipe).__name__} {recipe!r:.40}")


def _walk(node, path: str, found: list) -> None:
    if isinstance(node, dict):
        if "assumption" in node and "q" in node:
            found.append((path, str(node["q"]), str(node["assumption"])))
        elif "assumption" in node:
            found.append((path, str(node.get("text", "")), str(node["assumption"])))
        for key, value in node.items():
            _walk(value, f"{path}.{key}", found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, f"{path}[{i}]", found)


def load(name_or_path: str, species: tuple[str, ...] | list[str] = ()) -> Recipe:
    """Load a bundled recipe by name (``ampsi``), a recipe file by path, or ``-`` for standard input; ``species``
    are more species files to run it with (see :mod:`synth.species_files`)."""
    if not isinstance(name_or_path, (str, Path)) or not str(name_or_path).strip():
        raise InputError(f"recipe {name_or_path!r}: give a bundled recipe ({', '.join(bundled())}) or the path of "
                         "a recipe file")
    if str(name_or_path) == "-":
        return parse(read_stdin(), "<stdin>")
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or os.path.lexists(path):  # lexists: False for a name too long
        text, source = read_file(path), str(path)
    else:
        if name_or_path not in bundled():
            shown = repr(str(name_or_path)) if len(str(name_or_path)) <= 80 else repr(str(name_or_path)[:60]) + "..."
            raise InputError(f"no recipe {shown}: not a file, and the bundled recipes are {', '.join(bundled())}")
        text = bundled_text(name_or_path)
        source = f"recipes/{name_or_path}.yaml"
    recipe = parse(text, source)
    return replace(recipe, species_files=tuple(species)) if species else recipe


def parse(text: str, source: str) -> Recipe:
    """Parse recipe ``text`` read from ``source``."""
    data = load_text(text, source)
    if not isinstance(data, dict):
        raise RecipeError(f"{source}:1:1: a recipe is a mapping with 'recipe:', 'references:' and 'steps:'")
    recipe = Recipe(str(data.get("recipe", Path(source).stem)), source, hashlib.sha256(text.encode()).hexdigest(), data)
    recipe.spec.text("recipe")
    return recipe


def found_as(value) -> str:
    """What a recipe value is, in words, for "expected ..., found ..." messages. A true or false is said to be
    YAML's reading of yes/no/on/off/true/false, which text such as a name (NO, nitric oxide) must be quoted
    against."""
    if isinstance(value, bool):
        return (f"{value} (YAML reads an unquoted yes, no, on, off, true or false as {str(value).lower()}; "
                "quote it to keep it as text)")
    names = {dict: "a mapping", Marked: "a mapping", list: "a list",
             str: f"text {value!r}" if isinstance(value, str) else "", type(None): "nothing"}
    return names.get(type(value), f"{type(value).__name__} {value!r}")
