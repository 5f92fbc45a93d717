"""Product figures for the terminal: per material, what synth predicts beside what the recipe reports.

Presentation only: it formats ``products`` of the report (:func:`synth.product.as_json`), so the terminal,
``--json``, the sheet and a sweep show one computation. Columns: the skeleton at no shrinkage, at the
recipe's values (its stated shrinkage), at the reported porosity, and the reported value with its source.
"""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..units import from_json

COLUMNS = (("theoretical", "no shrinkage"), ("stated", "recipe"), ("reported", "at reported porosity"))


def value(obj, digits: int = 4) -> str:
    """A JSON quantity as text (``68.72 %``)."""
    q = from_json(obj)
    return f"{q.magnitude:.{digits}g} {q.units:~P}"


def rows(entry: dict) -> list[list[str]]:
    """[figure, no shrinkage, recipe, at reported porosity, reported [source]] for one material: each figure in
    the column of its basis (figures of the route's own values, such as the composition, under "recipe")."""
    reported = dict(entry["reported"])
    out = []
    for row in _pivot(entry).values():
        shown = reported.pop(row["compare"]) if row["compare"] in reported else None
        out.append([row["label"]] + [row.get(b, "") for b, _ in COLUMNS] + [_reported(shown)])
    for r in reported.values():
        out.append([r["label"], "–", "–", "–", _reported(r)])
    return out


def _pivot(entry: dict) -> dict[str, dict]:
    """Row key -> {label, compare, how (of its first figure), and the value in each basis column}."""
    pivot: dict[str, dict] = {}
    items = [(f"w({name})", f, f"mass fraction {f['label']}") for name, f in entry["composition"].items()]
    items += [(_base(key, f["basis"]), f, f["label"]) for key, f in entry["figures"].items()]
    for key, f, label in items:
        row = pivot.setdefault(key, {"label": label, "compare": f.get("compare"), "how": f["how"]})
        row["stated" if f["basis"] == "route" else f["basis"]] = value(f)
    return pivot


def _base(key: str, basis: str) -> str:
    """The row of a figure: its key without the basis suffix (``dV_reported`` -> ``dV``)."""
    if key == "shrinkage_implied":
        return "shrinkage"
    suffix = f"_{basis}"
    return key[: -len(suffix)] if key.endswith(suffix) else key


def _reported(r: dict | None) -> str:
    return "" if r is None else f"{value(r)} [{r['source']}]"


def table(material: str, entry: dict) -> Table:
    """One material's figures, predicted beside reported; a basis column without a figure is left out."""
    shrink = entry["figures"].get("shrinkage")
    heads = ["figure", "no shrinkage", f"recipe ({value(shrink)} shrinkage)" if shrink else "recipe",
             "at reported porosity", "reported [source]"]
    found = rows(entry)
    keep = [i for i in range(len(heads)) if i in (0, len(heads) - 1) or any(r[i] not in ("", "–") for r in found)]
    t = Table(title=f"{material}: {entry['step']} output, {value(entry['mass'])} per batch", title_justify="left")
    for i in keep:
        t.add_column(escape(heads[i]), justify="left" if i in (0, len(heads) - 1) else "right")
    for row in found:
        t.add_row(*[escape(row[i]) for i in keep])
    if any(row[1] == "–" for row in found):
        t.caption = "–: measured only; synth does not predict it"
    return t


def products(data: dict, hows: bool = True) -> Group:
    """Every material's table and notes, then (``hows``) how each figure was computed, once per method."""
    parts = []
    for material, entry in data.items():
        parts.append(table(material, entry))
        for note in entry["notes"]:
            parts.append(Text(f"note: {note}"))
    if not hows:
        return Group(*parts)
    methods = dict.fromkeys(f"{row['label']}: {row['how']}" for e in data.values()
                            for key, row in _pivot(e).items() if not key.startswith("w("))
    parts.append(Text("how each figure is computed:\n" + "\n".join(f"- {h}" for h in methods)))
    refs = {k: v for e in data.values() for k, v in e["references"].items()}
    if refs:
        parts.append(Text("sources of the lithiation data:\n" + "\n".join(f"- {k}: {' '.join(v.split())}"
                                                                           for k, v in refs.items())))
    return Group(*parts)
