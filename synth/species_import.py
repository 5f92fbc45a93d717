"""Species entries made from published data: a JANAF table fitted to NASA-7, or NASA-7, NASA-9 or Shomate
coefficients taken as given. Used by ``synth species import`` and by the bundled data's builder
(:mod:`synth.bundled_species`).

A JANAF fit is anchored at its first row (h = ΔfH(298.15) + [H - H(298)], S from the table) and reports
its worst deviation from the table in Cp, S and H, which a user should read before trusting it.
Coefficients are stored in Cantera's own models (NASA7, NASA9, Shomate) without refitting; the check is
then their continuity at each split temperature (:mod:`synth.species_files`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import yaml

from .cantera_bridge import GAS_CONSTANT as R


@dataclass(frozen=True)
class Imported:
    """A species entry (the format of ``synth/data/species.yaml``) and, for a fit, its worst deviations."""

    entry: dict
    deviations: tuple[float, float, float] | None = None  # |dCp|, |dS| [J/(mol K)], |dH| [kJ/mol]
    rows: int = 0

    def report(self) -> str:
        """One line on the quality of the entry, for the terminal."""
        if self.deviations is None:
            return f"{self.entry['name']}: coefficients stored as given (no fit)"
        dcp, ds, dh = self.deviations
        return (f"{self.entry['name']}: worst deviation from the table over {self.rows} rows: |dCp| {dcp:.3f} "
                f"J/(mol K), |dS| {ds:.3f} J/(mol K), |dH| {dh:.3f} kJ/mol")


def read_janaf(text: str) -> list[list[tuple[float, float, float, float]]]:
    """Rows (T, Cp, S, H-H298 [kJ/mol]) of a JANAF text table, split into phases at transitions.

    A transition appears as two rows at the same T (lower phase, then upper phase). Rows with empty
    columns (below 298.15 K in some tables) are skipped. The ΔfH/ΔfG columns are not read: the
    text lost their minus sign on some rows.
    """
    segments: list[list[tuple[float, float, float, float]]] = [[]]
    for line in text.splitlines()[2:]:
        fields = line.split("\t")
        try:
            T, cp, s, _, dh = (float(x) for x in fields[:5])
        except ValueError:
            continue
        if segments[-1] and math.isclose(T, segments[-1][-1][0]):
            segments.append([])
        segments[-1].append((T, cp, s, dh))
    return segments


def janaf_dfh(text: str) -> float:
    """ΔfH(298.15) [kJ/mol] from the 298.15 K row of a JANAF table (check it: some rows lost their sign)."""
    for line in text.splitlines()[2:]:
        fields = line.split("\t")
        if fields and fields[0].strip() == "298.15":
            return float(fields[5])
    raise ValueError("the table has no 298.15 K row; give ΔfH(298.15) yourself")


def nasa7_h(a: list[float], T: float) -> float:
    """h/R [K] of one NASA-7 range (without a6)."""
    return T * (a[0] + a[1] * T / 2 + a[2] * T**2 / 3 + a[3] * T**3 / 4 + a[4] * T**4 / 5)


def nasa7_s(a: list[float], T: float) -> float:
    """s/R of one NASA-7 range (without a7)."""
    return a[0] * math.log(T) + a[1] * T + a[2] * T**2 / 2 + a[3] * T**3 / 3 + a[4] * T**4 / 4


def fit_cp(rows, degree: int) -> list[float]:
    """NASA-7 a1..a5 from a least-squares polynomial fit of Cp/R to the rows (T, Cp, ...)."""
    T = np.array([r[0] for r in rows])
    cp = np.array([r[1] for r in rows]) / R
    coef = np.polynomial.polynomial.polyfit(T / 1000.0, cp, degree)  # scaled T for conditioning
    return [float(c) / 1000.0**k for k, c in enumerate(coef)] + [0.0] * (4 - degree)


def anchored(a: list[float], T: float, h: float, s: float) -> list[float]:
    """a1..a5 completed with a6, a7 so that h(T) = h [J/mol] and s(T) = s [J/(mol K)] exactly."""
    return [float(f"{x:.10g}") for x in a + [h / R - nasa7_h(a, T), s / R - nasa7_s(a, T)]]


def fit_nasa7(rows, breaks: list[float], degree: int, h_anchor: float, s_anchor: float) -> list[list[float]]:
    """NASA-7 data for the ranges between ``breaks``: Cp fitted per range on its rows; the first range
    anchored to h_anchor, s_anchor at breaks[0], later ranges continuous in h and s at each break."""
    data = []
    for lo, hi in zip(breaks[:-1], breaks[1:], strict=True):
        a = fit_cp([r for r in rows if lo - 1e-6 <= r[0] <= hi + 1e-6], degree)
        if data:
            prev = data[-1]
            h_anchor = R * (nasa7_h(prev, lo) + prev[5])
            s_anchor = R * (nasa7_s(prev, lo) + prev[6])
        data.append(anchored(a, lo, h_anchor, s_anchor))
    return data


def max_deviations(thermo: dict, rows, dfh: float) -> tuple[float, float, float]:
    """Largest |ΔCp|, |ΔS| [J/(mol K)] and |ΔH| [kJ/mol] of a thermo block against JANAF rows."""
    from .cantera_bridge import enthalpy, entropy, heat_capacity, species_thermo

    th = species_thermo({"name": "fit", "composition": {"H": 1}, "thermo": thermo})
    dcp = max(abs(heat_capacity(th, T) - cp) for T, cp, s, dh in rows)
    ds = max(abs(entropy(th, T) - s) for T, cp, s, dh in rows)
    dh_ = max(abs(enthalpy(th, T) / 1e3 - (dfh + dh)) for T, cp, s, dh in rows)
    return dcp, ds, dh_


def split_text(breaks: list[float]) -> str:
    """' (ranges split at 800 K)' for a multi-range fit, '' otherwise."""
    inner = breaks[1:-1]
    return f" (ranges split at {', '.join(f'{b:g}' for b in inner)} K)" if inner else ""


def janaf_fit(rows, breaks: list[float], degree: int, dfh: float, table: str, by: str) -> tuple[dict, str, tuple, int]:
    """(thermo block, note, deviations, rows used) of a NASA-7 fit to one phase's JANAF ``rows`` over ``breaks``."""
    tmin, tmax = breaks[0], breaks[-1]
    rows = [r for r in rows if tmin - 1e-6 <= r[0] <= tmax + 1e-6]
    data = fit_nasa7(rows, breaks, degree, (dfh + rows[0][3]) * 1000.0, rows[0][2])
    thermo = {"model": "NASA7", "temperature-ranges": breaks, "data": data}
    dcp, ds, dh = max_deviations(thermo, rows, dfh)
    note = (f"JANAF {table} (Chase 1998), NASA-7 fit {tmin:g}-{tmax:g} K{split_text(breaks)} by "
            f"{by} (Cp polynomial degree {degree}, anchored at "
            f"{rows[0][0]:g} K to ΔfH(298.15) {dfh} kJ/mol + H-H298 {rows[0][3]:g} kJ/mol "
            f"and S {rows[0][2]:g} J/(mol K)); max |dCp| {dcp:.3f} J/(mol K), "
            f"|dS| {ds:.3f} J/(mol K), |dH| {dh:.3f} kJ/mol over {len(rows)} table rows")
    return thermo, note, (dcp, ds, dh), len(rows)


def _synth(formula: str, phase: str, ref: str, names=()) -> dict:
    return {"formula": formula, "phase": phase, "names": list(names), "ref": ref}


def from_janaf(text: str, table: str, formula: str, phase: str, ref: str, dfh: float | None = None,
               breaks: list[float] | None = None, degree: int = 4, segment: int = 0) -> Imported:
    """An entry fitted to phase ``segment`` (0: the first, from 298.15 K) of a JANAF table's text."""
    from .formula import parse

    rows = [r for r in read_janaf(text)[segment] if r[0] >= 298.15 - 1e-6]
    if not (isinstance(degree, int) and 0 <= degree <= 4):
        raise ValueError(f"degree {degree}: a NASA-7 Cp polynomial has degree 0 to 4")
    if len(rows) < degree + 2:
        raise ValueError(f"{table}: {len(rows)} rows in phase {segment} are too few for a degree-{degree} fit")
    breaks = breaks or [rows[0][0], rows[-1][0]]
    _check_breaks(breaks, rows, degree, table)
    dfh = janaf_dfh(text) if dfh is None else dfh
    thermo, note, dev, n = janaf_fit(rows, breaks, degree, dfh, table, "synth species import")
    comp = dict(parse(formula).elements)
    entry = {"name": f"{formula}({phase})", "composition": comp, "thermo": thermo, "note": note,
             "synth": {**_synth(formula, phase, ref), "dfH298": {"value": dfh, "unit": "kJ/mol", "ref": ref}}}
    return Imported(entry, dev, n)


def _check_breaks(breaks: list[float], rows, degree: int, table: str) -> None:
    """Refuse fit temperatures that NASA-7 cannot hold or the table does not cover, in words: at most two
    ranges (Cantera reads 2 or 3 temperatures), rising, within the phase's rows, each range with enough rows
    for its polynomial."""
    shown = ", ".join(f"{b:g}" for b in breaks)
    if len(breaks) > 3:
        raise ValueError(f"a NASA-7 entry holds two temperature ranges at most: give one --split, not "
                         f"{len(breaks) - 2} ({shown} K)")
    if not all(lo < hi for lo, hi in pairwise(breaks)):
        raise ValueError(f"the fit's temperatures must rise from the table's first row to the top of the fit "
                         f"(a split between them): {shown} K")
    first, last = rows[0][0], rows[-1][0]
    if breaks[0] < first - 1e-6 or breaks[-1] > last + 1e-6:
        raise ValueError(f"the fit ({shown} K) reaches past the rows of {table}'s phase, {first:g} to {last:g} K")
    for lo, hi in pairwise(breaks):
        n = sum(lo - 1e-6 <= r[0] <= hi + 1e-6 for r in rows)
        if n < degree + 2:
            raise ValueError(f"the range {lo:g}-{hi:g} K holds {n} rows of {table}, too few for a degree-{degree} "
                             f"fit (at least {degree + 2})")


_NUMBER = re.compile(r"[-+]?\d*\.?\d+(?:[EeDd][-+]?\d+)?")


def _numbers(text: str) -> list[float]:
    return [float(x.replace("D", "E").replace("d", "e")) for x in _NUMBER.findall(text)]


def from_nasa7(text: str, formula: str, phase: str, ref: str) -> Imported:
    """An entry from a CHEMKIN NASA-7 record (4 lines: header with T-low, T-high, T-common; 14 coefficients,
    high range first) as published in thermo.dat files."""
    from .formula import parse

    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 4:
        raise ValueError("a NASA-7 record has 4 lines (header and 14 coefficients in 15-character fields)")
    head = lines[0]
    t_low, t_high, t_common = (float(head[45:55]), float(head[55:65]), float(head[65:73]))
    coefs = [float(line[i:i + 15].replace("D", "E")) for line in lines[1:4] for i in range(0, 75, 15)
             if line[i:i + 15].strip()]
    if len(coefs) != 14:
        raise ValueError(f"a NASA-7 record holds 14 coefficients, found {len(coefs)}")
    high, low = coefs[:7], coefs[7:]
    thermo = {"model": "NASA7", "temperature-ranges": [t_low, t_common, t_high], "data": [low, high]}
    return Imported({"name": f"{formula}({phase})", "composition": dict(parse(formula).elements),
                     "thermo": thermo, "note": f"NASA-7 coefficients as published ({head[:18].strip()})",
                     "synth": _synth(formula, phase, ref)})


def from_nasa9(text: str, formula: str, phase: str, ref: str) -> Imported:
    """An entry from a NASA-9 record in the NASA CEA thermo.inp format (name line, count line, then per range
    a line of T-min, T-max and exponents, and 2 lines of 10 coefficients: a1-a7, blank, b1, b2)."""
    from .formula import parse

    lines = text.splitlines()
    n_ranges = int(lines[1][:2])
    ranges, data = [], []
    for k in range(n_ranges):
        t_line, c1, c2 = lines[2 + 3 * k: 5 + 3 * k]
        lo, hi = float(t_line[:11]), float(t_line[11:21])
        a = [float(c1[i:i + 16].replace("D", "E")) for i in range(0, 80, 16)]
        rest = [float(c2[i:i + 16].replace("D", "E")) if c2[i:i + 16].strip() else 0.0 for i in range(0, 80, 16)]
        data.append(a + rest[:2] + rest[3:5])
        ranges += [lo, hi] if not ranges else [hi]
    thermo = {"model": "NASA9", "temperature-ranges": ranges, "data": data}
    return Imported({"name": f"{formula}({phase})", "composition": dict(parse(formula).elements),
                     "thermo": thermo, "note": f"NASA-9 coefficients as published ({lines[0][:60].strip()})",
                     "synth": _synth(formula, phase, ref)})


def from_shomate(coefficients: list[float], t_min: float, t_max: float, formula: str, phase: str,
                 ref: str) -> Imported:
    """An entry from NIST WebBook Shomate coefficients A-G (H, the ΔfH reference, is not needed: NIST's F
    already puts h on the elements' reference, as Cantera's Shomate model expects) over [t_min, t_max] K."""
    from .formula import parse

    if len(coefficients) not in (7, 8):
        raise ValueError(f"Shomate needs the 7 coefficients A-G (H may follow), got {len(coefficients)}")
    thermo = {"model": "Shomate", "temperature-ranges": [t_min, t_max], "data": [list(coefficients[:7])]}
    return Imported({"name": f"{formula}({phase})", "composition": dict(parse(formula).elements),
                     "thermo": thermo, "note": "Shomate coefficients A-G as published (NIST WebBook)",
                     "synth": _synth(formula, phase, ref)})


class Dumper(yaml.SafeDumper):
    """Block style, except one-line flow style for short records (compositions, {value, unit, ref}) and
    lists of scalars (coefficient rows, names); no anchors/aliases."""

    def ignore_aliases(self, data) -> bool:
        return True

    def represent_mapping(self, tag, mapping, flow_style=None):
        flow = all(isinstance(v, (int, float)) or (isinstance(v, str) and len(v) < 40) for v in mapping.values())
        return super().represent_mapping(tag, mapping, flow_style=flow)

    def represent_sequence(self, tag, sequence, flow_style=None):
        flow = all(isinstance(v, (int, float, str)) for v in sequence)
        return super().represent_sequence(tag, sequence, flow_style=flow)


def dump(document) -> str:
    """YAML text of a species document or entry, in the bundled data's style."""
    return yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1000)
