"""Rich tables for the terminal. Presentation only: every number comes from a library result."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

#: pint's symbols of the recipe's composition units, as people write them
UNIT_WORDS = {"wt_pct": "wt%", "mol_pct": "mol%", "vol_pct": "vol%"}
#: pint's spelling of a charge in ampere-hours (``USD/(A*h)`` prints ``USD/A/h``), as people write it: ``Ah``
AMPERE_HOURS = (("/A/h", "/Ah"), ("A·h", "Ah"))


def unit_text(q) -> str:
    """The unit of a quantity as people write it (``wt%``, not pint's ``wt_pct``; ``USD/Ah``, not ``USD/A/h``)."""
    units = f"{q.units:~P}"
    units = UNIT_WORDS.get(units, units)
    for pint_text, written in AMPERE_HOURS:
        units = units.replace(pint_text, written)
    return units


def fmt(q, digits: int = 4) -> str:
    """A quantity as ``value unit`` with ``digits`` significant figures."""
    return _written(q, f".{digits}g")


def money(q, digits: int = 4) -> str:
    """An amount of money (per unit) as ``5,731 USD/kg`` or ``2.686 USD/Ah``: :func:`fmt` with thousands
    grouped."""
    return _written(q, f",.{digits}g")


def _written(q, spec: str) -> str:
    return f"{q.magnitude:{spec}} {unit_text(q)}".strip()


def qty(value, unit: str | None = None, digits: int = 4) -> str:
    """A quantity (converted to ``unit`` if given) as ``value unit``; text passes through; ``–`` for nothing."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return fmt(value.to(unit) if unit else value, digits)


def mass(value) -> str:
    """A mass in mg, g, kg or t, whichever reads best."""
    if value is None:
        return "–"
    grams = value.to("g").magnitude
    return qty(value, "t" if grams >= 1e6 else "kg" if grams >= 1e3 else "g" if grams >= 1 or grams == 0 else "mg")


def thermo(result) -> Group:
    """The reaction's properties, then one row per species with the phase used."""
    head = Table(title=result.equation, show_header=False, title_justify="left")
    head.add_column(style="bold")
    head.add_column(justify="right")
    head.add_row("T", f"{fmt(result.T, 6)} ({result.T.to('degC').magnitude:.2f} °C)")
    head.add_row("P", fmt(result.P))
    head.add_row("ΔH", fmt(result.dH.to("kJ/mol"), 6))
    head.add_row("ΔS", fmt(result.dS, 6))
    head.add_row("ΔG", fmt(result.dG.to("kJ/mol"), 6))
    head.add_row("K", f"{result.K:.4g}")
    if result.electrons:
        head.add_row(f"E = ΔG/({result.electrons}F)", fmt(result.E, 4))
    rows = Table(title="species (per mole of species)", caption="* phase chosen as the stable one at T",
                 title_justify="left", caption_justify="left")
    for col in ("written", "used", "ν", "h / kJ/mol", "s / J/(mol·K)", "g / kJ/mol", "source"):
        rows.add_column(col, justify="right" if "/" in col or col == "ν" else "left")
    for st in result.species:
        used = st.species.name + ("*" if st.phase_chosen else "")
        rows.add_row(st.written, used, f"{st.nu:+g}", f"{st.h.magnitude:.3f}", f"{st.s.magnitude:.3f}",
                     f"{st.g.magnitude:.3f}", str(st.species.info.get("ref", "")))
    return Group(head, rows)


def species_list(db) -> Table:
    table = Table(title=f"species in {db.source}")
    for col in ("species", "names", "M / g/mol", "T range / K", "density", "source"):
        table.add_column(col)
    for pd in sorted(db, key=lambda p: (p.formula.text, p.phase)):
        rng = "no thermo" if pd.T_range is None else f"{pd.T_range[0]:g}–{pd.T_range[1]:g}"
        dens = "" if pd.density is None else fmt(pd.density)
        table.add_row(pd.name, ", ".join(pd.info.get("names", [])), f"{pd.molar_mass.magnitude:.3f}", rng, dens,
                      str(pd.info.get("ref", "")))
    return table


def species_detail(pd, references) -> Table:
    table = Table(title=pd.name, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    info = pd.info
    table.add_row("formula", pd.formula.text)
    table.add_row("phase", pd.phase)
    table.add_row("names", ", ".join(info.get("names", [])))
    table.add_row("CAS", str(info.get("cas", "")))
    table.add_row("molar mass", fmt(pd.molar_mass, 6))
    table.add_row("T range",
                  "no thermodynamic data" if pd.T_range is None else f"{pd.T_range[0]:g}–{pd.T_range[1]:g} K")
    if len(pd.segments) > 1:
        table.add_row("segments", ", ".join(f"{s.name} {s.T_min:g}–{s.T_max:g} K" for s in pd.segments))
    if info.get("dfH298"):
        d = info["dfH298"]
        table.add_row("ΔfH°(298.15 K)", f"{d['value']} {d['unit']} ({d.get('ref', '')})")
    dens = info.get("density")
    table.add_row("density", f"{fmt(pd.density)} ({dens.get('ref', '')})" if dens else
                  str(info.get("density-note", "none")))
    table.add_row("source", f"{info.get('ref', '')}: {references.get(info.get('ref'), '')}")
    table.add_row("note", Text(pd.note))
    if info.get("assumption"):
        table.add_row("assumption", Text(str(info["assumption"])))
    return table


def equilibrium(result) -> Table:
    table = Table(title=f"equilibrium at {fmt(result.T, 6)}, {fmt(result.P)} "
                        f"(elements conserved to {result.element_error:.1e}; {result.solver}, {result.checked})")
    for col in ("species", "amount / mol", "mole fraction", "partial pressure"):
        table.add_column(col, justify="right")
    for s in result.species:
        table.add_row(s.name, f"{s.amount.magnitude:.6g}",
                      "" if s.mole_fraction is None else f"{s.mole_fraction:.4g}",
                      "" if s.partial_pressure is None else fmt(s.partial_pressure))
    if result.failures:
        table.caption = Text("; ".join(result.failures))  # Cantera's own words, not rich markup
    return table


def heat(path) -> Table:
    table = Table(title=f"{path.species}: {fmt(path.T1, 6)} → {fmt(path.T2, 6)}   ΔH = {fmt(path.dH, 5)} "
                        f"(sensible {fmt(path.sensible, 4)}, latent {fmt(path.latent, 4)})")
    for col in ("leg", "phase", "from / K", "to / K", "ΔH / kJ/mol"):
        table.add_column(col, justify="right" if "/" in col else "left")
    for leg in path.legs:
        phase = leg.phase_from if leg.kind == "sensible" else f"{leg.phase_from} → {leg.phase_to}"
        table.add_row(leg.kind, phase, f"{leg.T_from:.2f}", f"{leg.T_to:.2f}", f"{leg.dH / 1e3:.3f}")
    return table


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, soft_wrap=False)


def to_text(renderable, width: int = 100) -> str:
    """Plain text of a renderable (no colour codes), for files."""
    import io

    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, soft_wrap=False).print(renderable)
    return buffer.getvalue()
