"""JSON forms of synth results. Quantities are ``{"value": number, "unit": "<pint unit string>"}``."""

from __future__ import annotations

import json
import math

from ..units import to_json


def dumps(obj: dict) -> str:
    """Serialise deterministically; non-finite numbers are refused rather than written as NaN."""
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)


def thermo(result, provenance: dict) -> dict:
    """``synth thermo --json``: equation, T, P, dH, dS, dG, K, (E), species, provenance."""
    out = {
        "equation": result.equation,
        "T": to_json(result.T),
        "P": to_json(result.P),
        "dH": to_json(result.dH),
        "dS": to_json(result.dS),
        "dG": to_json(result.dG),
        "K": result.K if math.isfinite(result.K) else None,
        "species": [
            {
                "written": st.written,
                "species": st.species.name,
                "phase": st.species.phase,
                "phase_chosen_by_stability": st.phase_chosen,
                "nu": st.nu,
                "h": to_json(st.h),
                "s": to_json(st.s),
                "g": to_json(st.g),
                "source": st.species.info.get("ref"),
            }
            for st in result.species
        ],
    }
    if result.electrons:
        out["electrons"] = result.electrons
        out["E"] = to_json(result.E)
    out["provenance"] = provenance
    return out


def species(pd) -> dict:
    """``synth species NAME --json``: identity, data range, density and sources of one species."""
    info = pd.info
    return {
        "name": pd.name,
        "formula": pd.formula.text,
        "phase": pd.phase,
        "names": list(info.get("names", [])),
        "cas": info.get("cas"),
        "molar_mass": to_json(pd.molar_mass),
        "density": None if pd.density is None else to_json(pd.density),
        "T_range": None if pd.T_range is None else [to_json_k(t) for t in pd.T_range],
        "segments": [s.name for s in pd.segments],
        "source": info.get("ref"),
        "note": pd.note,
    }


def to_json_k(value: float) -> dict:
    return {"value": value, "unit": "K"}


def equilibrium(result, provenance: dict) -> dict:
    """``synth equilibrium --json``."""
    return {
        "T": to_json(result.T),
        "P": to_json(result.P),
        "species": [
            {"name": s.name, "amount": to_json(s.amount),
             **({"mole_fraction": s.mole_fraction, "partial_pressure": to_json(s.partial_pressure)}
                if s.mole_fraction is not None else {})}
            for s in result.species
        ],
        "element_error": result.element_error,
        "solver": result.solver,
        "checked": result.checked,
        "solver_failures": list(result.failures),
        "provenance": provenance,
    }


def heat(path, provenance: dict) -> dict:
    """``synth heat --json``: total, sensible and latent molar heat, each leg of the path, and the species data
    and versions they came from (``provenance``, as ``thermo`` states it)."""
    return {
        "species": path.species,
        "T1": to_json(path.T1),
        "T2": to_json(path.T2),
        "dH": to_json(path.dH),
        "sensible": to_json(path.sensible),
        "latent": to_json(path.latent),
        "legs": [
            {"kind": leg.kind, "phase_from": leg.phase_from, "phase_to": leg.phase_to,
             "T_from": to_json_k(leg.T_from), "T_to": to_json_k(leg.T_to),
             "dH": {"value": leg.dH / 1e3, "unit": "kJ / mol"}}
            for leg in path.legs
        ],
        "provenance": provenance,
    }
