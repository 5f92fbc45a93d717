"""The bundled species data: how ``synth/data/species.yaml`` is built from its named sources.

Run ``python tools/build_species.py`` from the repository root (it calls :func:`main`). Every species is
built from a named source: Cantera's ``nasa_condensed.yaml`` / ``nasa_gas.yaml`` (NASA TM-4513), NASA-7 fits
to NIST-JANAF tables (Mg2Si, Mg3N2, for which no public polynomial exists; :mod:`synth.species_import`),
constant-cp blocks for aqueous species (NBS 1982 ions; an ion without a heat capacity is refused unless
:data:`ION_CP_ASSUMED` states one with its reason) and MgCl2·6H2O, and composition-only entries for the
organics, amorphous carbon and H2SiF6(aq). Enthalpies are on the standard-elements reference (elements in
their reference state have h(298.15 K) = 0), as in NASA and JANAF, so all species mix. The output is
deterministic: same inputs, same bytes. The tables it reads are in ``tests/reference/`` of the repository.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .cantera_bridge import cantera_data, enthalpy, entropy, species_thermo
from .species_files import DFH_TOLERANCE
from .species_import import dump, janaf_fit, read_janaf as parse_janaf

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "tests" / "reference"
OUT = REPO / "synth" / "data" / "species.yaml"
T0 = 298.15

REFERENCES = {
    "JANAF": "M. W. Chase Jr., NIST-JANAF Thermochemical Tables, 4th ed., J. Phys. Chem. Ref. Data "
             "Monograph 9 (1998); NIST SRD 13, doi:10.18434/T42S31. Table text as scraped in "
             "https://github.com/dzesmin/TEA (janaf/), copied to tests/reference/janaf/.",
    "NASA-TM-4513": "B. J. McBride, S. Gordon, M. A. Reno, Coefficients for Calculating Thermodynamic and "
                    "Transport Properties of Individual Species, NASA TM-4513 (1993), "
                    "https://ntrs.nasa.gov/citations/19940013151; as bundled with Cantera 3.2 "
                    "(data/nasa_condensed.yaml, data/nasa_gas.yaml).",
    "NASA-CEA": "B. J. McBride, M. J. Zehe, S. Gordon, NASA Glenn Coefficients for Calculating "
                "Thermodynamic Properties of Individual Species, NASA TP-2002-211556, "
                "https://ntrs.nasa.gov/citations/20020036214 (thermo.inp; Mg3N2 from Gurvich 1996), "
                "via reaktoro's embedded NASA database; copied to tests/reference/nasa-cea/.",
    "CRC": "W. M. Haynes (ed.), CRC Handbook of Chemistry and Physics, CRC Press; tables as redistributed "
           "in https://github.com/CalebBell/chemicals; rows used are in tests/reference/crc/.",
    "NBS82": "D. D. Wagman et al., The NBS Tables of Chemical Thermodynamic Properties, J. Phys. Chem. "
             "Ref. Data 11, Suppl. 2 (1982), https://srd.nist.gov/JPCRD/jpcrdS2Vol11.pdf.",
    "EUNIQUAC2023": "K. Thomsen, Extended UNIQUAC standard-state database, DTU Chemical Engineering (2023 "
                    "release), values as given in shared/reference/README.md; model: K. Thomsen, Pure Appl. "
                    "Chem. 77 (2005) 531, doi:10.1351/pac200577030531.",
    "An2019": "W. An et al., Scalable synthesis of ant-nest-like bulk porous silicon for high-performance "
              "lithium-ion battery anodes, Nat. Commun. 10, 1447 (2019), doi:10.1038/s41467-019-09510-5.",
    "Bao2007": "Z. Bao et al., Chemical reduction of three-dimensional silica micro-assemblies into microporous "
               "silicon replicas, Nature 446, 172-175 (2007), doi:10.1038/nature05570.",
    "Liebscher2013": "J. Liebscher et al., Structure of Polydopamine: A Never-Ending Story?, Langmuir 29, "
                     "10539-10548 (2013), doi:10.1021/la4020288.",
}

# Bundled NASA species: (our name, Cantera file, Cantera name, formula, phase, names, CAS, T-min override).
# The T-min override widens a 300 K lower limit to 298.15 K (1.85 K of extrapolation) so that the
# standard state is inside the range; the note records the check against an independent value where
# our references have one (none for SiH4).
BUNDLED = [
    ("Mg(cr)", "nasa_condensed", "Mg(cr)", "Mg", "cr", ["magnesium", "magnesium powder"], "7439-95-4", None),
    ("Mg(l)", "nasa_condensed", "Mg(L)", "Mg", "l", ["liquid magnesium"], "7439-95-4", None),
    ("Mg(g)", "nasa_gas", "Mg", "Mg", "g", ["magnesium vapour", "magnesium vapor"], "7439-95-4", None),
    ("Si(cr)", "nasa_condensed", "Si(cr)", "Si", "cr", ["silicon"], "7440-21-3", None),
    ("Si(l)", "nasa_condensed", "Si(L)", "Si", "l", ["liquid silicon"], "7440-21-3", None),
    ("C(cr)", "nasa_condensed", "C(gr)", "C", "cr", ["graphite"], "7782-42-5", None),
    ("SiO2(cr,a)", "nasa_condensed", "SiO2(Lqz)", "SiO2", "cr", ["silica", "quartz", "silicon dioxide"],
     "14808-60-7", None),
    ("SiO2(cr,b)", "nasa_condensed", "SiO2(hqz)", "SiO2", "cr", ["silica", "quartz", "silicon dioxide"],
     "14808-60-7", None),
    ("MgO(cr)", "nasa_condensed", "MgO(s)", "MgO", "cr", ["magnesium oxide", "magnesia"], "1309-48-4", T0),
    ("MgCl2(cr)", "nasa_condensed", "MgCL2(s)", "MgCl2", "cr", ["magnesium chloride"], "7786-30-3", T0),
    ("MgCl2(l)", "nasa_condensed", "MgCL2(L)", "MgCl2", "l", ["molten magnesium chloride"], "7786-30-3", None),
    ("NH4Cl(cr,a)", "nasa_condensed", "NH4CL(a)", "NH4Cl", "cr", ["ammonium chloride", "sal ammoniac"],
     "12125-02-9", None),
    ("NH4Cl(cr,b)", "nasa_condensed", "NH4CL(b)", "NH4Cl", "cr", ["ammonium chloride", "sal ammoniac"],
     "12125-02-9", None),
    ("H2O(l)", "nasa_condensed", "H2O(L)", "H2O", "l", ["water"], "7732-18-5", None),
    ("H2O(g)", "nasa_gas", "H2O", "H2O", "g", ["steam", "water vapour", "water vapor"], "7732-18-5", None),
    ("N2(g)", "nasa_gas", "N2", "N2", "g", ["nitrogen"], "7727-37-9", None),
    ("Ar(g)", "nasa_gas", "Ar", "Ar", "g", ["argon"], "7440-37-1", None),
    ("H2(g)", "nasa_gas", "H2", "H2", "g", ["hydrogen"], "1333-74-0", None),
    ("O2(g)", "nasa_gas", "O2", "O2", "g", ["oxygen"], "7782-44-7", None),
    ("CO(g)", "nasa_gas", "CO", "CO", "g", ["carbon monoxide"], "630-08-0", None),
    ("Cl2(g)", "nasa_gas", "CL2", "Cl2", "g", ["chlorine"], "7782-50-5", None),
    ("HCl(g)", "nasa_gas", "HCL", "HCl", "g", ["hydrogen chloride"], "7647-01-0", T0),
    ("NH3(g)", "nasa_gas", "NH3", "NH3", "g", ["ammonia"], "7664-41-7", None),
    ("SiH4(g)", "nasa_gas", "SiH4", "SiH4", "g", ["silane"], "7803-62-5", T0),
    # The magnesiothermic route (recipes/mgtr.yaml): NaCl heat scavenger, HF; Al and Al2O3 for aluminothermy.
    ("NaCl(cr)", "nasa_condensed", "NaCL(s)", "NaCl", "cr", ["sodium chloride", "salt", "halite"], "7647-14-5", T0),
    ("NaCl(l)", "nasa_condensed", "NaCL(L)", "NaCl", "l", ["molten sodium chloride"], "7647-14-5", None),
    ("HF(g)", "nasa_gas", "HF", "HF", "g", ["hydrogen fluoride"], "7664-39-3", T0),
    ("Al(cr)", "nasa_condensed", "AL(cr)", "Al", "cr", ["aluminium", "aluminum", "aluminium powder"], "7429-90-5",
     None),
    ("Al(l)", "nasa_condensed", "AL(L)", "Al", "l", ["liquid aluminium"], "7429-90-5", None),
    ("Al2O3(cr)", "nasa_condensed", "AL2O3(a)", "Al2O3", "cr", ["alumina", "corundum", "aluminium oxide"],
     "1344-28-1", T0),
]

# Independent checks of bundled ΔfH(298.15) [kJ/mol]: our name -> (reference key, where, value).
BUNDLED_CHECKS = {
    "MgCl2(cr)": ("JANAF", "Cl-093", -641.616),
    "NH4Cl(cr,a)": ("JANAF", "Cl-029", -314.553),
    "MgO(cr)": ("CRC", "standard-thermo-properties", -601.6),
    "HCl(g)": ("JANAF", "Cl-026", -92.312),
    "NaCl(cr)": ("CRC", "standard-thermo-properties", -411.2),
    "Al2O3(cr)": ("CRC", "standard-thermo-properties", -1675.7),
}

# JANAF fits: name -> (table, ΔfH(298.15) kJ/mol, segments [(our name, temperature ranges, Cp degree)]).
# Cp degree follows the table: Mg-034 Cp is curved (degree 4; one range over 298-1375 K misses the
# 400 K row by 0.31 J/(mol K), so two ranges split at 800 K); Mg-037 Cp is linear in T for the
# low-temperature form and constant above 823 K, so higher terms would only fit noise.
JANAF_FITS = {
    "Mg2Si": ("Mg-034", -77.822, [("Mg2Si(cr)", [298.15, 800.0, 1375.0], 4)]),
    "Mg3N2": ("Mg-037", -461.077, [("Mg3N2(cr,a)", [298.15, 823.0], 1),
                                   ("Mg3N2(cr,b)", [823.0, 1061.0], 0),
                                   ("Mg3N2(cr,c)", [1061.0, 2500.0], 0)]),
}

# NBS 1982 ion values as chosen in shared/reference/README.md (ΔfH kJ/mol; the CRC extract in
# tests/reference/crc/aqueous-ions.tsv rounds them to 0.1 kJ). S and Cp are read from that extract. Ions
# not listed here (Na+, F-) take the CRC extract's ΔfH itself.
NBS82_ION_DFH = {"H+": 0.0, "Cl-": -167.159, "Mg+2": -466.85, "NH4+": -132.51}
# An ion without a heat capacity in the CRC extract needs an assumed one here, with its reason; any other
# ion without one is refused (no silent default).
ION_CP_ASSUMED = {
    "Mg+2": (-18.2, "Cp of Mg2+ has no NBS 1982 value; -18.2 J/(mol K) assumed so that cp0 of MgCl2(aq) matches "
                    "the shared README's approximate -291 J/(mol K); uncertainty about ±20 J/(mol K), i.e. about "
                    "±1.5 kJ/mol in h over 273-373 K"),
}

AQUEOUS = [  # (our name, formula, ions, names, CAS, assumption about the species or None)
    ("HCl(aq)", "HCl", {"H+": 1, "Cl-": 1}, ["hydrochloric acid", "hcl solution"], "7647-01-0", None),
    ("MgCl2(aq)", "MgCl2", {"Mg+2": 1, "Cl-": 2}, ["magnesium chloride solution"], "7786-30-3", None),
    ("NH4Cl(aq)", "NH4Cl", {"NH4+": 1, "Cl-": 1}, ["ammonium chloride solution"], "12125-02-9", None),
    ("NaCl(aq)", "NaCl", {"Na+": 1, "Cl-": 1}, ["sodium chloride solution", "brine"], "7647-14-5", None),
    ("HF(aq)", "HF", {"H+": 1, "F-": 1}, ["hydrofluoric acid"], "7664-39-3",
     "HF is a weak acid (pKa about 3.2): written here fully dissociated at infinite dilution, as H+ + F-, the "
     "only HF(aq) state with a tabulated Cp in our references; in 1-10 wt% HF most of it is undissociated, so "
     "the heat of a reaction with HF(aq) is off by the heat of ionisation (about -13 kJ/mol HF by NBS 1982, "
     "HF(ao) -320.08 vs F- -332.63 kJ/mol)"),
]


def crc_rows(filename: str) -> dict[str, dict[str, str]]:
    """Rows of a tab-separated CRC extract in tests/reference/crc/, keyed by CAS number."""
    with open(REF / "crc" / filename, encoding="utf-8", newline="") as fh:
        return {row["CAS"]: row for row in csv.DictReader(fh, delimiter="\t")}


def crc_density(cas: str) -> dict | None:
    """CRC density in g/cm**3 for a CAS number, or None when the CRC extract has none."""
    row = crc_rows("inorganic-physical-constants.tsv").get(cas)
    if not row or not row["rho"]:
        return None
    return {"value": round(float(row["rho"]) / 1000.0, 6), "unit": "g/cm**3", "ref": "CRC"}


def no_density(reason: str) -> dict:
    """The synth fields for a condensed phase whose density has no source."""
    return {"density": None, "density-note": reason}


def read_janaf(table: str) -> list[list[tuple[float, float, float, float]]]:
    """Rows (T, Cp, S, H-H298) of the JANAF table ``table`` in tests/reference/janaf/, split into phases."""
    return parse_janaf((REF / "janaf" / f"{table}.txt").read_text(encoding="utf-8"))


def janaf_species(formula: str) -> list[dict]:
    """Polymorph segments of one JANAF-fitted species, one NASA-7 each, contiguous in T.

    Each segment is anchored at its first row: h = ΔfH(298.15) + [H-H(298)] and S from the table,
    so h jumps by the tabulated transition enthalpy at each polymorph boundary.
    """
    table, dfh, segs = JANAF_FITS[formula]
    phases = read_janaf(table)
    out = []
    for i, (name, breaks, degree) in enumerate(segs):
        thermo, note, _, _ = janaf_fit(phases[i], breaks, degree, dfh, table, "tools/build_species.py")
        out.append({"name": name, "thermo": thermo, "note": note})
    return out


def composition_of(formula: str) -> dict[str, int]:
    """Element counts of a simple formula like Mg3N2, MgCl2·6H2O or C8H11NO2·HCl (no brackets, no charge)."""
    counts: dict[str, int] = {}
    for part in formula.split("·"):
        mult, body = re.fullmatch(r"(\d*)((?:[A-Z][a-z]?\d*)+)", part).groups()
        for element, n in re.findall(r"([A-Z][a-z]?)(\d*)", body):
            counts[element] = counts.get(element, 0) + int(mult or 1) * int(n or 1)
    return counts


def synth_block(formula, phase, names, cas, ref, **extra) -> dict:
    """The synth: block, keys in the contract's order."""
    block = {"formula": formula, "phase": phase, "names": names, "cas": cas, "ref": ref}
    block.update(extra)
    return block


def bundled_entries() -> list[dict]:
    """Bundled NASA species under proper names, with density, ΔfH check and provenance."""
    lib = {f: {s["name"]: s for s in cantera_data(f)["species"]} for f in ("nasa_condensed", "nasa_gas")}
    out = []
    for name, src, cname, formula, phase, names, cas, tmin in BUNDLED:
        s = lib[src][cname]
        thermo = {k: s["thermo"][k] for k in ("model", "temperature-ranges", "data")}
        note = f"NASA TM-4513 via Cantera {src}.yaml species {cname} (data source code {s['thermo']['note']})"
        if tmin is not None:
            note += f"; T-min widened from {thermo['temperature-ranges'][0]:g} to {tmin} K"
            thermo["temperature-ranges"] = [tmin] + thermo["temperature-ranges"][1:]
        extra = {}
        if name in BUNDLED_CHECKS:
            key, where, value = BUNDLED_CHECKS[name]
            h298 = enthalpy(species_thermo({"name": name, "composition": s["composition"], "thermo": thermo}), T0) / 1e3
            assert abs(h298 - value) < DFH_TOLERANCE, f"{name}: NASA h(298.15) {h298:.3f} disagrees with {key} {value}"
            note += f"; h(298.15) {h298:.3f} kJ/mol checked against {key} {where} ΔfH {value} kJ/mol"
            extra["dfH298"] = {"value": value, "unit": "kJ/mol", "ref": key}
        if phase != "g":
            extra.update(condensed_density(name, cas))
        out.append({"name": name, "composition": s["composition"], "thermo": thermo, "note": note,
                    "synth": synth_block(formula, phase, names, cas, "NASA-TM-4513", **extra)})
    return out


def condensed_density(name: str, cas: str) -> dict:
    """Density fields for a condensed bundled species: CRC at room temperature for the room-temperature
    form only; high-temperature forms and melts have no source in our references."""
    room_temperature_form = name.endswith("(cr)") or name.endswith("(cr,a)") or name == "H2O(l)"
    density = crc_density(cas) if room_temperature_form else None
    if density:
        return {"density": density}
    return no_density("no source found (the CRC table gives the room-temperature solid only)")


def janaf_entries() -> list[dict]:
    """Mg2Si(cr) and the Mg3N2(cr) polymorphs fitted to JANAF, with names, densities and ΔfH."""
    meta = {"Mg2Si": (["magnesium silicide"], "22831-39-6"), "Mg3N2": (["magnesium nitride"], "12057-71-5")}
    out = []
    for formula, (names, cas) in meta.items():
        for i, seg in enumerate(janaf_species(formula)):
            if i == 0:  # the room-temperature form carries the standard-state data
                extra = {"dfH298": {"value": JANAF_FITS[formula][1], "unit": "kJ/mol", "ref": "JANAF"},
                         "density": crc_density(cas)}
            else:
                extra = no_density("no source found (the CRC table gives the room-temperature solid only)")
            if formula == "Mg3N2":
                seg["note"] += ("; JANAF chosen over NASA CEA/Gurvich 1996 (tests/reference/nasa-cea/"
                                "Mg3N2.thermo.inp: ΔfH -461.30 kJ/mol, S 85.00, Cp(298) 92.05, no transitions)")
            out.append({"name": seg["name"], "composition": composition_of(formula), "thermo": seg["thermo"],
                        "note": seg["note"], "synth": synth_block(formula, "cr", names, cas, "JANAF", **extra)})
    return out


def ion_cp(ion: str, row: dict) -> float:
    """Cp [J/(mol K)] of an aqueous ion from the CRC extract, or its stated assumption; refused without either."""
    if row["Cp(aq)"]:
        return float(row["Cp(aq)"])
    if ion in ION_CP_ASSUMED:
        return ION_CP_ASSUMED[ion][0]
    raise ValueError(f"{ion}: no heat capacity in tests/reference/crc/aqueous-ions.tsv and none assumed in "
                     "ION_CP_ASSUMED; an aqueous species needs a real Cp (no silent default)")


def ion_dfh(ion: str, row: dict) -> float:
    """ΔfH [kJ/mol] of an ion: the NBS 1982 value chosen in the shared README, else the CRC extract's."""
    if ion in NBS82_ION_DFH:  # the README's NBS values must round to the CRC extract
        assert abs(float(row["Hf(aq)"]) / 1000 - NBS82_ION_DFH[ion]) < 0.06, ion
        return NBS82_ION_DFH[ion]
    return float(row["Hf(aq)"]) / 1000


DFH_SOURCE = {"NBS82": "NBS 1982 (Wagman) as chosen in shared/reference/README.md",
              "CRC": "from the CRC ion table (NBS-derived)"}


def aqueous_entries() -> list[dict]:
    """Electrolytes at infinite dilution as sums of NBS 1982 ions, constant Cp over 273.15-373.15 K."""
    ions = {r["Formula"]: r for r in crc_rows("aqueous-ions.tsv").values()}
    out = []
    for name, formula, stoich, names, cas, assumption in AQUEOUS:
        h = sum(n * ion_dfh(i, ions[i]) for i, n in stoich.items())
        s = sum(n * float(ions[i]["S(aq)"]) for i, n in stoich.items())
        cp = sum(n * ion_cp(i, ions[i]) for i, n in stoich.items())
        terms = " + ".join(f"{n} {i}" if n > 1 else i for i, n in stoich.items())
        extra = {"dfH298": {"value": round(h, 3), "unit": "kJ/mol",
                            "ref": "NBS82" if all(i in NBS82_ION_DFH for i in stoich) else "CRC"},
                 **no_density("none: a solute at infinite dilution has a partial molar volume, not a density")}
        notes = [ION_CP_ASSUMED[i][1] for i in stoich if i in ION_CP_ASSUMED] + ([assumption] if assumption else [])
        if notes:
            extra["assumption"] = "; ".join(notes)
        out.append({
            "name": name, "composition": composition_of(formula),
            "thermo": constant_cp(h, s, cp, 273.15, 373.15),
            "note": (f"{name} = {terms} at infinite dilution (standard molal state, S(H+) = 0 convention); "
                     f"ΔfH {DFH_SOURCE[extra['dfH298']['ref']]}, "
                     "S and Cp from the CRC ion table (NBS-derived); constant Cp, 273.15-373.15 K"),
            "synth": synth_block(formula, "aq", names, cas, extra["dfH298"]["ref"], **extra)})
    return out


def constant_cp(h_kj: float, s: float, cp: float, tmin: float, tmax: float) -> dict:
    """A Cantera constant-cp thermo block with explicit units (Cantera's defaults are per kmol)."""
    return {"model": "constant-cp", "T0": "298.15 K", "h0": f"{h_kj:.3f} kJ/mol", "s0": f"{s:.2f} J/mol/K",
            "cp0": f"{cp:.2f} J/mol/K", "T-min": tmin, "T-max": tmax}


def element_entropy_sum(composition: dict[str, int]) -> float:
    """Σ n·S(298.15) [J/(mol K)] of the elements in their NASA reference states (Mg(cr), gases)."""
    refs = {"Mg": ("nasa_condensed", "Mg(cr)", 1), "Cl": ("nasa_gas", "CL2", 2), "H": ("nasa_gas", "H2", 2),
            "O": ("nasa_gas", "O2", 2)}
    total = 0.0
    for element, n in composition.items():
        src, cname, atoms = refs[element]
        sp = next(s for s in cantera_data(src)["species"] if s["name"] == cname)
        total += n / atoms * entropy(species_thermo(sp), T0)
    return total


HEXAHYDRATE_ASSUMPTION = ("Cp 315.06 J/(mol K) is the NBS 1982 value as commonly quoted, not verified from a file; "
                          "T-max 373.15 K keeps below the hydrate's incongruent melting and water loss (about 390 K, "
                          "widely quoted, not from a file here) and matches the aqueous work-up range")


def hexahydrate_entry() -> dict:
    """MgCl2·6H2O(cr): Extended-UNIQUAC ΔfH and ΔfG; S derived from them with NASA element entropies."""
    dfh, dfg, cp = -2498.7, -2118.19, 315.06
    comp = composition_of("MgCl2·6H2O")
    s = (dfh - dfg) * 1000 / T0 + element_entropy_sum(comp)
    return {
        "name": "MgCl2·6H2O(cr)", "composition": comp,
        "thermo": constant_cp(dfh, s, cp, 273.15, 373.15),
        "note": (f"Extended UNIQUAC 2023 (Thomsen, DTU) ΔfH {dfh} and ΔfG {dfg} kJ/mol; S = (ΔfH - ΔfG)/T + "
                 f"Σ S(elements, NASA TM-4513) = {s:.2f} J/(mol K); constant Cp {cp} (NBS 1982 as quoted); "
                 "273.15-373.15 K"),
        "synth": synth_block("MgCl2·6H2O", "cr", ["bischofite", "magnesium chloride hexahydrate"], "7791-18-6",
                             "EUNIQUAC2023", dfH298={"value": dfh, "unit": "kJ/mol", "ref": "EUNIQUAC2023"},
                             density=crc_density("7791-18-6"),
                             assumption=HEXAHYDRATE_ASSUMPTION)}


def composition_only_entries() -> list[dict]:
    """Species with no thermo source: amorphous carbon and the organics of the coating step."""
    tris = crc_rows("standard-thermo-properties.tsv")["77-86-1"]
    return [
        {"name": "C(am)", "composition": {"C": 1},
         "note": "Amorphous (pyrolytic) carbon coating, An2019; no thermo source in our references, so no thermo "
                 "block (C(cr) graphite is the nearest data; amorphous carbon lies a few kJ/mol above it)",
         "synth": synth_block("C", "am", ["amorphous carbon", "carbon coating", "pyrolytic carbon"], "7440-44-0",
                              "An2019", **no_density("no source found (CRC lists graphite only; amorphous carbon "
                                                     "density depends on preparation)"))},
        {"name": "C8H11NO2·HCl(cr)", "composition": composition_of("C8H11NO2·HCl"),
         "note": "Dopamine hydrochloride, carbon precursor of An2019; composition only, no thermo source",
         "synth": synth_block("C8H11NO2·HCl", "cr", ["dopamine hydrochloride", "dopamine hcl", "dopamine"],
                              "62-31-7", "An2019", **no_density("no source found (shared/reference/README.md)"))},
        {"name": "C4H11NO3(cr)", "composition": composition_of("C4H11NO3"),
         "note": (f"Tris(hydroxymethyl)aminomethane, buffer of An2019; ΔfH(cr) {float(tris['Hfs']) / 1000} kJ/mol "
                  "from CRC (no S or Cp tabulated, so no thermo block); density CRC 1.328 g/cm**3 as quoted in "
                  "shared/reference/README.md (not in the CalebBell/chemicals extract)"),
         "synth": synth_block("C4H11NO3", "cr", ["tris", "tris base", "trometamol", "tham",
                                                 "tris(hydroxymethyl)aminomethane"], "77-86-1", "CRC",
                              dfH298={"value": float(tris["Hfs"]) / 1000, "unit": "kJ/mol", "ref": "CRC"},
                              density={"value": 1.328, "unit": "g/cm**3", "ref": "CRC"})},
        {"name": "H2SiF6(aq)", "composition": composition_of("H2SiF6"),
         "note": ("Hexafluorosilicic acid in solution (2 H+ + SiF6-2), the product of the HF wash of silica (Bao2007); "
                  "composition only: the CRC ion table in our references has no SiF6-2 (no ΔfH, S or Cp), so there is "
                  "no thermo block and a reaction heat with it is reported as not included"),
         "synth": synth_block("H2SiF6", "aq", ["hexafluorosilicic acid", "fluorosilicic acid"], "16961-83-4",
                              "Bao2007", **no_density("none: a solute at infinite dilution has a partial molar "
                                                      "volume, not a density"))},
        {"name": "C8H7NO2(am)", "composition": composition_of("C8H7NO2"),
         "note": "Polydopamine as its 5,6-dihydroxyindole repeat unit (Liebscher2013); composition only, no thermo",
         "synth": synth_block("C8H7NO2", "am", ["polydopamine", "pda"], None, "Liebscher2013",
                              assumption=("polydopamine has no single structure; the 5,6-dihydroxyindole unit "
                                          "C8H7NO2 (Liebscher et al. 2013) is assumed for mass balances"),
                              **no_density("no source found"))},
    ]


def build() -> dict:
    """The whole database document."""
    return {
        "description": ("Species database for synth (AMPSi route of An2019). Generated by tools/build_species.py "
                        "from Cantera 3.2's bundled NASA data and the tables in tests/reference/; do not edit by "
                        "hand. Enthalpies on the standard-elements reference (h(298.15 K) = ΔfH°); 1 bar standard "
                        "state; aqueous species at infinite dilution (molality standard state)."),
        "references": REFERENCES,
        "species": (bundled_entries() + janaf_entries() + [hexahydrate_entry()] + aqueous_entries()
                    + composition_only_entries()),
    }


def write() -> Path:
    """Write species.yaml; its path (tools/build_species.py says where)."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dump(build()), encoding="utf-8")
    return OUT
