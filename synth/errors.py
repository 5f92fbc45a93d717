"""The one exception hierarchy of synth.

Every error a user can cause is a :class:`SynthError`; the CLI turns it into one line on stderr and
exit code 2 (bad input) or 1 (a check that ran and failed). Each kind also derives from the built-in
exception it refines, so ``except ValueError`` in a user's script still catches bad input.
"""

from __future__ import annotations


class SynthError(Exception):
    """Base of all errors synth raises on purpose.

    ``exit_code`` is what the CLI exits with: 2 for bad input, 1 for a failed check.
    """

    exit_code = 2


class InputError(SynthError, ValueError):
    """A value the user gave cannot be used (bad number, unknown option, malformed text)."""


class DimensionError(SynthError, TypeError):
    """A quantity has the wrong physical dimension, e.g. a mass where a temperature is needed."""

    def __init__(self, what: str, expected: str, got: str, value: object) -> None:
        self.what, self.expected, self.got, self.value = what, expected, got, value
        super().__init__(
            f"{what}: expected a quantity of dimension {expected}, got {value!r} ({got})"
        )

    def __reduce__(self):
        """Pickled by its arguments (a worker process sends it back: :mod:`synth.uncertainty.forked`)."""
        return type(self), (self.what, self.expected, self.got, self.value)


class FormulaError(InputError):
    """A chemical formula does not follow synth's formula grammar."""


class UnknownSpeciesError(InputError, KeyError):
    """A species name is not in the species database."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ReactionError(InputError):
    """An equation cannot be parsed, or does not balance."""


class DataRangeError(InputError):
    """A temperature lies outside the range a species' data cover: synth never extrapolates."""


class RecipeError(InputError):
    """A recipe file is invalid; the message names file, line, field and the fix."""


class CheckFailed(SynthError):
    """A check that ran on valid input failed (an open element balance, a failed solve)."""

    exit_code = 1


class NotSweepable(InputError):
    """A sweep asks to vary a recipe value that must stay one number (a temperature, a count)."""
