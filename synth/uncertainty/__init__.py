"""How sure: Monte Carlo uncertainty and global sensitivity of a route over its uncertain values.

Needs the optional extra ``synth[uncertainty]`` (scipy and SALib); a Dask cluster needs
``synth[cluster]``. Above the route engine and the costs: it evaluates them, they know nothing of it.
"""

from .analysis import UncertaintyResult, uncertainty
from .parameters import Uncertain, uncertain

__all__ = ["Uncertain", "UncertaintyResult", "uncertain", "uncertainty"]
