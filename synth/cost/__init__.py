"""Economics above the route engine: prices with their sources, the cost of a batch and of a kg of product,
and the green metrics (PMI, E-factor, water and energy intensity, CO2e).

The engine knows nothing of prices; everything here reads one evaluated route (:class:`synth.route.Plan`).
"""

from .costing import Cost, Line, cost
from .metrics import Metrics, metrics
from .prices import Price, PriceBook, load_prices

__all__ = ["Cost", "Line", "Metrics", "Price", "PriceBook", "cost", "load_prices", "metrics"]
