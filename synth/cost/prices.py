"""Price files: what a material, utility, waste class or hour of labour costs, each with its source and year.

A price file is YAML with the shape of ``synth/data/prices.yaml``: a ``currency``, ``references:``, and
sections ``materials``, ``utilities``, ``waste``, ``labour`` and ``capital``. Every number is
``{q: "<number> <currency>/<basis>", year: YYYY, ref: KEY}`` (or ``assumption: why`` for ``ref``), so a price
is unit-safe: ``USD/kg`` times kg is USD, ``USD/Nm3`` times mol is USD. Files given later win, entry by
entry. Nothing here is a default price: what a file does not price stays unpriced.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pint

from ..errors import InputError, RecipeError, SynthError
from ..recipe import Recipe, Spec
from ..spread import Spread, read_spread
from ..units import Q_, parse, ureg
from ..yamlio import load_text, read_file

BUNDLED = "synth/data/prices.yaml"
#: What a price may be per: the dimension of its basis, by section.
BASES = {
    "materials": ("[mass]", "[substance]", "[length] ** 3"),  # per kg, per Nm3 (an amount), per m3 of liquid
    "utilities": ("[mass] * [length] ** 2 / [time] ** 2", "[mass]", "[length] ** 3"),  # per kWh, per kg, per m3
    "waste": ("[mass]",),  # per t of waste of a class
    "labour": ("[time]",),  # per operator hour
}
UTILITIES = ("electricity", "heat", "cooling", "water")
YEARS = (1900, 2100)
#: What to give instead of a price file that cannot be read.
FIX = "give the path of a price file (YAML, as synth/data/prices.yaml)"


@dataclass(frozen=True)
class Price:
    """One price: ``value`` in currency per basis unit, dated ``year``, from ``source``.

    ``content`` is the mass fraction of the priced species in the purchased grade (37 wt% HCl: 0.37),
    so that the mass to buy is the species' mass / content. ``spread`` is an uncertain price's distribution,
    for the uncertainty analysis."""

    section: str
    name: str
    value: pint.Quantity
    year: int
    source: str
    file: str
    grade: str | None = None
    content: float = 1.0
    spread: Spread | None = None

    def to_json(self) -> dict:
        from ..units import to_json

        return {"section": self.section, "name": self.name, "price": to_json(self.value), "year": self.year,
                "source": self.source, "file": self.file, "grade": self.grade, "content": self.content}


@dataclass(frozen=True)
class Factor:
    """An emission factor (CO2e per kWh of electricity, per primary energy of a fuel), dated and sourced."""

    name: str
    value: pint.Quantity
    year: int
    source: str
    file: str


@dataclass(frozen=True)
class PriceBook:
    """The prices in force after reading every file, later files winning entry by entry."""

    currency: str
    prices: Mapping[tuple[str, str], Price]  # (section, name) -> Price
    factors: Mapping[str, Factor]  # "electricity", "heat"
    settings: Mapping[str, object]  # capital index, rate, life, fuel name: sourced values by key
    files: tuple[tuple[str, str], ...]  # (file, sha256) in reading order

    def get(self, section: str, name: str) -> Price | None:
        return self.prices.get((section, name))

    def section(self, section: str) -> dict[str, Price]:
        return {name: p for (sec, name), p in self.prices.items() if sec == section}


def load_prices(paths: Iterable[str | Path] = (), bundled: bool = True) -> PriceBook:
    """The bundled indicative prices (unless ``bundled`` is False) overridden by each file of ``paths``."""
    texts = []
    if bundled:
        texts.append((resources.files("synth.data").joinpath("prices.yaml").read_text(encoding="utf-8"), BUNDLED))
    texts += [(read_file(Path(p), "price file", FIX), str(p)) for p in paths]
    prices: dict[tuple[str, str], Price] = {}
    factors: dict[str, Factor] = {}
    settings: dict[str, object] = {}
    currency, files = None, []
    for text, source in texts:
        spec, cur = _document(text, source)
        if currency is not None and cur != currency:
            raise spec.error("currency", f"prices in {cur}, but {files[0][0]} prices in {currency}: synth has no "
                                         "exchange rates; price every file in one currency")
        currency = cur
        files.append((source, hashlib.sha256(text.encode()).hexdigest()))
        _read(spec, cur, prices, factors, settings)
    return PriceBook(currency or "USD", MappingProxyType(prices), MappingProxyType(factors),
                     MappingProxyType(settings), tuple(files))


def _document(text: str, source: str) -> tuple[Spec, str]:
    data = load_text(text, source, "price file")
    if not isinstance(data, dict):
        raise RecipeError(f"{source}:1:1: a price file is a mapping with 'currency:', 'references:' and sections "
                          f"({', '.join(BASES)}, capital)")
    # The file is read as a recipe is (its references, its positions), as plant files are (synth.plant.units).
    holder = Recipe(Path(source).stem, source, hashlib.sha256(text.encode()).hexdigest(), data)
    spec = Spec(data, "prices", holder)
    unknown = set(data) - {"prices", "currency", "references", "note", "capital", *BASES}
    if unknown:
        raise spec.error(sorted(unknown)[0], f"unknown section; expected {', '.join(BASES)}, capital")
    currency = spec.text("currency", "USD")
    if currency not in ureg:
        raise spec.error("currency", f"unknown currency {currency!r}; synth knows USD, EUR, GBP, CNY, JPY")
    return spec, currency


def _read(spec: Spec, currency: str, prices: dict, factors: dict, settings: dict) -> None:
    for section in BASES:
        if not spec.has(section):
            continue
        entries = spec.sub(section)
        if section == "labour":
            prices[(section, "operator")] = _price(entries, "rate", section, "operator", currency)
            continue
        for name in entries.data:
            entry = entries.sub(name)
            if section == "utilities" and name not in UTILITIES:
                raise entries.error(name, f"unknown utility {name!r}; expected one of {', '.join(UTILITIES)}")
            if entry.has("price"):
                prices[(section, name)] = _price(entry, "price", section, name, currency)
            if entry.has("co2e"):
                factors[name] = _factor(entry, name)
            if entry.has("fuel"):
                settings["fuel"] = entry.text("fuel")
    if spec.has("capital"):
        settings.update(_capital(spec.sub("capital"), currency))


def _price(entry: Spec, key: str, section: str, name: str, currency: str) -> Price:
    """The ``{q, year, ref|assumption}`` at ``entry[key]`` as a checked price in ``currency`` per a basis."""
    value, source = _quantity(entry, key)
    per = value / Q_(1, currency)
    bases = BASES[section]
    if value.dimensionality.get(f"[currency_{currency}]") != 1 or not any(
            per.dimensionality == ureg.get_dimensionality(f"1 / ({b})") for b in bases):
        raise entry.error(key, f"expected a price in {currency} per {' or per '.join(_words(bases))}, found "
                               f"{value:~P}")
    content = 1.0
    if entry.has("content"):
        content = entry.q("content", "dimensionless").to("dimensionless").magnitude
        if not 0 < content <= 1:
            raise entry.error("content", f"expected a mass fraction above 0 and at most 100 %, found {content:g}")
    return Price(section, name, value, _year(entry, key), source, entry.recipe.source,
                 entry.text("grade") if entry.has("grade") else None, content, _spread(entry.sub(key), value))


@dataclass(frozen=True)
class EquipmentCost:
    """A purchased-equipment cost at a reference size, scaled by the power law C = C0 (S/S0)^n and brought
    to the price book's cost-index year by the ratio of the index values (the six-tenths rule's form)."""

    name: str
    cost: pint.Quantity  # C0, currency
    size: pint.Quantity  # S0, in the unit's capacity dimension
    exponent: float  # n
    index: float  # cost index in the year of C0
    year: int
    source: str


def _capital(capital: Spec, currency: str) -> dict[str, object]:
    """The capital section: cost index of the book's year, annualisation rate and life, equipment costs."""
    out: dict[str, object] = {}
    if capital.has("index"):
        value, source = _quantity(capital, "index")
        out["capital.index"] = (float(value.to("dimensionless").magnitude), _year(capital, "index"),
                                str(capital.sub("index").data.get("name", "cost index")), source)
    if capital.has("rate"):
        out["capital.rate"] = (capital.fraction("rate"), _quantity(capital, "rate")[1])
    if capital.has("life"):
        out["capital.life"] = (capital.positive("life", "time").to("year").magnitude, _quantity(capital, "life")[1])
    for name, item in capital.items("equipment"):
        cost, source = _quantity(item, "cost")
        if cost.dimensionality != Q_(1, currency).dimensionality:
            raise item.error("cost", f"expected a purchased cost in {currency}, found {cost:~P}")
        exponent = item.q("exponent", "dimensionless").to("dimensionless").magnitude
        if not 0 < exponent <= 1.5:
            raise item.error("exponent", f"expected a power-law exponent between 0 and 1.5 (0.6 is typical), "
                                         f"found {exponent:g}")
        index, _ = _quantity(item, "index")
        out[f"capital.equipment.{name}"] = EquipmentCost(name, cost, _quantity(item, "size")[0], exponent,
                                                         float(index.to("dimensionless").magnitude),
                                                         _year(item, "cost"), source)
    return out


def _factor(entry: Spec, name: str) -> Factor:
    value, source = _quantity(entry, "co2e")
    if value.dimensionality != ureg.get_dimensionality("[mass] / ([mass] * [length] ** 2 / [time] ** 2)"):
        raise entry.error("co2e", f"expected kg CO2e per unit energy (e.g. 'kg/kWh', 'kg/MMBtu'), found {value:~P}")
    return Factor(name, value, _year(entry, "co2e"), source, entry.recipe.source)


def _quantity(entry: Spec, key: str) -> tuple[pint.Quantity, str]:
    raw, ref, assumption = entry.raw_sourced(key)
    try:
        value = parse(raw, f"{entry.path}.{key}")
    except SynthError as exc:  # the quantity parser's message, placed in the file
        raise entry.error(key, str(exc).split(": ", 1)[-1]) from None
    if not value.magnitude > 0:
        raise entry.error(key, f"expected a positive value, found {value:~P}")
    source = f"{ref}: {entry.recipe.references[ref]}" if ref else f"assumption: {assumption}"
    return value, source


def _year(entry: Spec, key: str) -> int:
    year = entry.sub(key).data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise entry.sub(key).error("year" if "year" in entry.sub(key).data else None,
                                   "every price and factor is dated: add 'year: YYYY' (the year the value is for)")
    return year


def _spread(value_spec: Spec, value: pint.Quantity) -> Spread | None:
    """An uncertain price's distribution (:mod:`synth.spread`), checked; prices are positive."""
    try:
        return read_spread(value_spec.data, value, (0.0, math.inf, True), value_spec.path)
    except InputError as exc:
        field, _, message = str(exc).partition(": ")
        raise value_spec.error(field if field in value_spec.data else None, message) from None


def _words(bases: tuple[str, ...]) -> list[str]:
    names = {"[mass]": "mass (kg, t)", "[substance]": "gas amount (Nm3)", "[length] ** 3": "volume (m3)",
             "[mass] * [length] ** 2 / [time] ** 2": "energy (kWh, GJ)", "[time]": "hour"}
    return [names[b] for b in bases]
