"""The unit registry: what chemists type, absolute temperatures, and clear errors for wrong dimensions."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from synth.errors import DimensionError, InputError
from synth.units import Q_, STP_MOLAR_VOLUME, from_json, parse, quantity, to_json, ureg


@pytest.mark.parametrize("text, unit, value", [
    ("5 g", "kg", 0.005),
    ("2.2 lb", "g", 2.2 * 453.59237),  # avoirdupois pound, exactly 0.45359237 kg
    ("1 M", "mol/m**3", 1000.0),
    ("8.5 wt%", "dimensionless", 0.085),
    ("20 %", "dimensionless", 0.20),
    ("1 kWh", "kJ", 3600.0),
    ("3 L/min", "mL/s", 50.0),
    ("1000 mAh/g", "C/g", 3600.0),
    ("-688.7 kJ/mol", "J/mol", -688700.0),
    ("2 1/min", "1/s", 2 / 60),  # a reciprocal unit
    ("8.314 J/(mol K)", "J/(mol*K)", 8.314),
    ("2 m³", "L", 2000.0),
    ("5 K/min", "K/s", 5 / 60),
    ("2 degC/min", "K/min", 2.0),  # a rate: a temperature difference per minute, not (275.15 K)/min
])
def test_what_chemists_type(text, unit, value):
    assert parse(text, "x").to(unit).magnitude == pytest.approx(value, rel=1e-12)


def test_temperatures_are_absolute():
    assert quantity("750 degC", "temperature", "T") == quantity("1023.15 K", "temperature", "T")
    assert quantity("750 degC", "temperature", "T").units == ureg.kelvin


def test_standard_litre_is_ideal_gas_at_iupac_stp():
    # n = pV/RT = 100000 Pa * 0.001 m3 / (8.314462618 J/(mol K) * 273.15 K) = 0.0440316 mol
    assert Q_(1, "SL").to("mol").magnitude == pytest.approx(100000 * 0.001 / (8.314462618 * 273.15), rel=1e-9)
    assert STP_MOLAR_VOLUME.to("L/mol").magnitude == pytest.approx(22.710954, rel=1e-6)


def test_wrong_dimension_is_a_clear_error():
    with pytest.raises(DimensionError) as err:
        quantity("5 kg", "temperature", "--T")
    assert str(err.value) == "--T: expected a quantity of dimension temperature, got '5 kg' (mass)"


@pytest.mark.parametrize("text", ["nan K", "inf K", "-300 degC", "banana"])
def test_bad_temperatures(text):
    with pytest.raises(InputError):
        quantity(text, "temperature", "T")


def test_json_round_trip():
    q = Q_(-1204.493, "kJ/mol")
    data = to_json(q)
    assert set(data) == {"value", "unit"}
    back = from_json(data)
    assert back.to("kJ/mol").magnitude == pytest.approx(-1204.493) and not math.isnan(back.magnitude)


def test_a_wrong_dimension_is_named_in_words():
    """A voltage given as a mass: both sides in words, not as '[mass] * [length] ** 2 / [time] ** 3 / [current]'."""
    with pytest.raises(DimensionError) as err:
        quantity("5 kg", "voltage", "cell.voltage")
    assert str(err.value) == "cell.voltage: expected a quantity of dimension voltage, got '5 kg' (mass)"
    with pytest.raises(DimensionError, match=r"got '5 kg·m²' \((\[mass\] \* \[length\]|\[length\] \*\* 2 \* \[mass\])"):
        quantity("5 kg*m**2", "voltage", "V")  # no word for this dimension: pint's formula


@pytest.mark.parametrize("magnitude, message", [
    (np.array([1.0, np.nan]), "is not a finite number"), (np.array([1.0, -np.inf]), "is not a finite number"),
    (float("nan"), "is not a finite number"), (np.array([1.0, -2e30]), "beyond ±1e+30"),
    (10**400, "1.00000e+400 g is beyond ±1e+30"), (-(10**400), "-1.00000e+400 g is beyond ±1e+30"),
    (1 + 2j, "1+2j g is not a real number"), (np.array([1.0, 10**400], dtype=object), "is not a real number")])
def test_a_quantity_past_the_floats_is_refused_in_words(magnitude, message):
    # A sweep's arrays are checked by their least and greatest value; a NaN anywhere, an infinity, or a
    # Python whole number too large for a float, a complex number or an array of Python objects (a library
    # caller's) must each be an InputError that says so.
    with pytest.raises(InputError, match=re.escape(message)):
        quantity(Q_(magnitude, "g"), "mass", "x")
    assert quantity(Q_(np.array([-1e30, 2.0, 1e30]), "g"), "mass", "x").magnitude[2] == 1e30  # the bounds pass
