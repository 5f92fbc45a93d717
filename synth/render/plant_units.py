"""Plant units: the unit each kind of number is shown in, SI (kg, L, Nm³, °C, kWh) or US (lb, gal, scf, °F, Btu).

Presentation only: a :class:`PlantUnits` converts the sheet's quantities for the spreadsheets (CSV and xlsx),
which otherwise keep the sheet's own units (g, mol, L, kWh); the JSON outputs stay SI with explicit units.
A gas volume depends on the reference state it is given at, so a plant unit's gas volume is computed from
the gas's amount (ideal gas, V = n R T / P) at that unit's state, never by a length factor from the sheet's
volume (which is at the recipe's ``gas_standard``): Nm³ is at 273.15 K and 101.325 kPa (DIN 1343), scf at
60 °F and 14.696 psia (101.325 kPa), the standard conditions of the US gas industry, ``L (STP)`` at IUPAC STP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..units import Q_, parse, quantity, ureg

#: Reference states of a gas volume unit: (name shown, temperature [K], pressure [kPa], unit of the volume).
GAS_STATES = {
    "Nm³": ("Nm³", 273.15, 101.325, "m**3"),  # DIN 1343 normal conditions
    "scf": ("scf", 288.70556, 101.325, "ft**3"),  # 60 °F = 288.70556 K, 14.696 psia = 101.325 kPa
    "L (STP)": ("L at STP", 273.15, 100.0, "L"),  # IUPAC STP, the sheet's own
}

#: kind -> (dimension of :data:`synth.units.DIMENSIONS`, the sheet's own unit, SI plant unit, US plant unit)
KINDS = {
    "mass": ("mass", "g", "kg", "lb"),
    "amount": ("amount", "mol", "mol", "mol"),
    "volume": ("volume", "L", "L", "gal"),
    "gas": ("volume", "L (STP)", "Nm³", "scf"),
    "temperature": ("temperature", "degC", "degC", "degF"),
    "difference": ("temperature", "kelvin", "kelvin", "delta_degF"),  # a temperature rise
    "energy": ("energy", "kWh", "kWh", "BTU"),
    "power": ("power", "kW", "kW", "BTU/h"),
    "time": ("time", "h", "h", "h"),
}
SYSTEMS = ("sheet", "si", "us")


@dataclass(frozen=True)
class PlantUnits:
    """The unit of each kind of number (see :data:`KINDS`); ``system`` is ``sheet`` (g, mol, L, kWh: the
    sheet's own), ``si`` (plant SI) or ``us``."""

    system: str = "sheet"
    overrides: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, system: str | None, overrides: list[str] = ()) -> PlantUnits:
        """``--units si|us`` (None: the sheet's own) and ``--unit KIND=UNIT`` options (``mass=lb``)."""
        system = system or "sheet"
        if system not in SYSTEMS:
            raise InputError(f"--units {system!r}: choose si or us")
        chosen = {}
        for item in overrides:
            kind, sep, unit = (part.strip() for part in item.partition("="))
            if not sep or kind not in KINDS or not unit:
                raise InputError(f"--unit {item!r}: write KIND=UNIT with KIND one of {', '.join(KINDS)}, "
                                 "e.g. --unit mass=lb")
            if kind == "gas":
                if unit not in GAS_STATES:
                    raise InputError(f"--unit {item!r}: a gas volume is one of {', '.join(GAS_STATES)}")
            else:
                quantity(parse(f"1 {unit}", f"--unit {kind}"), KINDS[kind][0], f"--unit {kind}")
            chosen[kind] = unit
        return cls(system, chosen)

    def unit(self, kind: str) -> str:
        """The unit of ``kind`` numbers (a pint unit, or a gas state of :data:`GAS_STATES`)."""
        return self.overrides.get(kind, KINDS[kind][1 + SYSTEMS.index(self.system)])

    def header(self, name: str, kind: str) -> str:
        """A column header with its unit: ``mass [kg]``, ``volume at STP [scf (60 °F, 14.696 psia)]``."""
        unit = self.unit(kind)
        return f"{name} [{GAS_STATES[unit][0] if kind == 'gas' else f'{Q_(1, unit).units:~P}'}]"

    def keeps(self, kind: str) -> bool:
        """Whether ``kind`` numbers keep the sheet's own units (and a view its own wording of them)."""
        return self.system == "sheet" and kind not in self.overrides

    def text(self, value, kind: str, default: str, digits: int = 4) -> str:
        """``value`` as text in the unit of ``kind``; ``default`` (the view's own wording) where this kind keeps
        the sheet's units."""
        if self.keeps(kind):
            return default
        unit = self.unit(kind)
        shown = GAS_STATES[unit][0] if kind == "gas" else f"{Q_(1, unit).units:~P}"
        return f"{self.number(value, kind):.{digits}g} {shown}"

    def number(self, value, kind: str) -> float | None:
        """The magnitude of ``value`` in the unit of ``kind`` (None for none); for ``gas``, ``value`` is the
        gas's amount, and the volume is that of an ideal gas at the chosen state, V = n R T / P."""
        if value is None:
            return None
        if kind == "gas":
            _, T, P, unit = GAS_STATES[self.unit(kind)]
            return float((value * ureg.molar_gas_constant * Q_(T, "K") / Q_(P, "kPa")).to(unit).magnitude)
        return float(value.to(self.unit(kind)).magnitude)


SHEET = PlantUnits()
