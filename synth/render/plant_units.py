"""Plant units: the unit each kind of number is shown in, SI (kg, L, Nm³, °C, kWh) or US (lb, gal, scf, °F, Btu).

Presentation only: a :class:`PlantUnits` converts the sheet's quantities for every view of them (the printed
sheets, CSV and xlsx, the terminal of ``synth scale``), which otherwise keep the sheet's own units (g, mol, L,
kWh); the JSON outputs stay SI with explicit units.
A gas volume depends on the reference state it is given at, so a plant unit's gas volume is computed from
the gas's amount (ideal gas, V = n R T / P) at that unit's state, never by a length factor from the sheet's
volume (which is at the recipe's ``gas_standard``): Nm³ is at 273.15 K and 101.325 kPa (DIN 1343), scf at
60 °F and 14.696 psia (101.325 kPa), the standard conditions of the US gas industry, ``L (STP)`` at IUPAC STP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..units import DIMENSIONS, Q_, parse, quantity, ureg

#: Reference states of a gas volume unit: (name shown, temperature [K], pressure [kPa], unit of the volume).
#: A volume in one of them is computed from the gas's amount (V = n R T / P), never by a length factor from a
#: volume at another state: 1 L at 273.15 K is not 1/28.3168 scf, since scf are at 288.71 K.
GAS_STATES = {
    "Nm³": ("Nm³", 273.15, 101.325, "m**3"),  # DIN 1343 normal conditions
    # The standard cubic foot: one ft³ of gas at 60 °F and 14.696 psia (1 atm), the reference conditions of the
    # US gas industry (GPA 2145, API MPMS ch. 14); 60 °F = 288.70556 K, 14.696 psia = 101.325 kPa.
    "scf": ("scf", 288.70556, 101.325, "ft**3"),
    "L (STP)": ("L at STP", 273.15, 100.0, "L"),  # IUPAC STP, the sheet's own
}

#: How each state is written out in a sheet's header.
GAS_WORDS = {"Nm³": "273.15 K and 101.325 kPa (DIN 1343)", "scf": "60 °F and 14.696 psia (288.706 K, 101.325 kPa)",
             "L (STP)": "273.15 K and 100 kPa (IUPAC STP)"}
#: Each state in a few words, for a label that says where a volume is given (``per run (at 0 °C, 1 atm)``).
GAS_AT = {"Nm³": "0 °C, 1 atm", "scf": "60 °F, 14.696 psia", "L (STP)": "IUPAC STP"}

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
    "ramp": ("heating rate", "K/min", "K/min", "delta_degF/min"),  # a heating or cooling rate
}
SYSTEMS = ("sheet", "si", "us")
SYSTEM_WORDS = {"sheet": "the sheet's own", "si": "SI plant units (--units si)", "us": "US units (--units us)"}
#: The kinds a quantity of no stated meaning (a set-point, a product figure) is recognised as, by its dimension;
#: a temperature is taken as a temperature (a rise is a "difference" only where a view says so).
PLAIN = ("temperature", "mass", "amount", "volume", "energy", "power", "time", "ramp")


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
            if kind in chosen and chosen[kind] != unit:
                raise InputError(f"--unit {kind}= is given twice ({chosen[kind]} and {unit}): give one")
            chosen[kind] = unit
        return cls(system, chosen)

    def unit(self, kind: str) -> str:
        """The unit of ``kind`` numbers (a pint unit, or a gas state of :data:`GAS_STATES`)."""
        return self.overrides.get(kind, KINDS[kind][1 + SYSTEMS.index(self.system)])

    def shown(self, kind: str, rate: bool = False) -> str:
        """The unit of ``kind`` as a sheet writes it (``lb``, ``°F``, ``scf``); a gas flow per hour (``scf/h``)."""
        unit = self.unit(kind)
        return (GAS_STATES[unit][0] + ("/h" if rate else "")) if kind == "gas" else f"{Q_(1, unit).units:~P}"

    def header(self, name: str, kind: str) -> str:
        """A column header with its unit: ``mass [kg]``, ``volume at STP [scf (60 °F, 14.696 psia)]``."""
        return f"{name} [{self.shown(kind)}]"

    def keeps(self, kind: str) -> bool:
        """Whether ``kind`` numbers keep the sheet's own units (and a view its own wording of them)."""
        return self.system == "sheet" and kind not in self.overrides

    def described(self) -> str:
        """The units in words, for a sheet's header: ``US units (--units us): mass lb, ..., time h``."""
        kinds = ", ".join(f"{kind} {self.shown(kind)}" for kind in KINDS)
        chosen = "; ".join(f"--unit {k}={v}" for k, v in self.overrides.items())
        return f"{SYSTEM_WORDS[self.system]}: {kinds}" + (f" ({chosen})" if chosen else "")

    def gas_state(self, standard: str) -> str:
        """Where gas volumes are given: the recipe's ``standard`` (the sheet's own units), or the plant unit's
        reference state (``Nm³: 273.15 K and 101.325 kPa (DIN 1343)``)."""
        return standard if self.keeps("gas") else f"{self.shown('gas')}: {GAS_WORDS[self.unit('gas')]}"

    def gas_at(self) -> str:
        """Where this view gives gas volumes, in a few words: ``STP`` (the header's, where gas volumes keep the
        sheet's own units) or the plant unit's reference state (``60 °F, 14.696 psia`` for scf)."""
        return "STP" if self.keeps("gas") else GAS_AT[self.unit("gas")]

    def text(self, value, kind: str, default: str, digits: int = 4) -> str:
        """``value`` as text in the unit of ``kind``; ``default`` (the view's own wording) where this kind keeps
        the sheet's units, or where there is no value."""
        if value is None or self.keeps(kind):
            return default
        number, unit = self.convert(value, kind)
        return f"{figures(number, digits)} {unit}"

    def number(self, value, kind: str) -> float | None:
        """The magnitude of ``value`` in the unit of ``kind`` (None for none); see :meth:`convert`."""
        return None if value is None else self.convert(value, kind)[0]

    def convert(self, value, kind: str) -> tuple[float, str]:
        """``value`` in the unit of ``kind``: (magnitude, unit as shown). For ``gas``, ``value`` is the gas's
        amount (or amount per time), and the volume is that of an ideal gas at the chosen state, V = n R T / P
        (a flow per hour)."""
        if kind == "gas":
            _, T, P, unit = GAS_STATES[self.unit(kind)]
            volume = value * ureg.molar_gas_constant * Q_(T, "K") / Q_(P, "kPa")
            rate = not volume.check("[length] ** 3")
            return float(volume.to(unit + ("/h" if rate else "")).magnitude), self.shown(kind, rate)
        return float(value.to(self.unit(kind)).magnitude), self.shown(kind)


def figures(number: float, digits: int = 4) -> str:
    """``number`` to ``digits`` significant figures, written out where ``g`` would use an exponent for a large
    one (``25580``, not ``2.558e+04``): plant units are fixed, so large numbers are common (Btu, lb)."""
    text = f"{number:.{digits}g}"
    return f"{float(text):.0f}" if "e+" in text and abs(number) < 1e15 else text


def kind_of(value) -> str | None:
    """The kind (:data:`PLAIN`) of a quantity whose meaning a view does not state, by its dimension; None for
    text, nothing, or a quantity of another dimension (a fraction, a concentration, mAh/g): shown as written."""
    if value is None or isinstance(value, str):
        return None
    return next((k for k in PLAIN if value.check(DIMENSIONS[KINDS[k][0]])), None)


SHEET = PlantUnits()
