"""The plant layer: units of equipment, schedules of batches on them, and campaigns with the recycle's lag.

It sits above the route engine: it calls :func:`synth.route.run` and :func:`synth.scaling.scale`, and the
engine knows nothing of it.
"""
