"""matplotlib for every plot synth draws (sweep, uncertainty, Gantt chart, campaign): the one place that imports
it and turns a finished figure into bytes.

matplotlib is an optional extra (``pip install "synth[plot]"``), imported only when a plot is asked for.
"""

from __future__ import annotations

import io

from ..errors import InputError


def require():
    """matplotlib's pyplot (drawing off-screen), or a clear error that names the extra to install."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError('--plot needs matplotlib: pip install "synth[plot]" (or pip install matplotlib)') from None
    return plt


def png_bytes(fig, dpi: int) -> bytes:
    """A finished figure as PNG bytes, laid out tight and closed, without the software tag (so the same inputs
    give the same bytes whatever matplotlib drew them)."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()
