"""YAML for the tests' recipe variants, through libyaml (PyYAML's C loader and dumper) where it is installed.

The pure-Python ``yaml.safe_load`` and ``yaml.safe_dump`` take about 60 and 35 ms for ampsi.yaml, the C ones
about 6 each; a property test that writes a variant per example spent most of its time there. The data and
the text are the same; synth reads the variant with its own loader (synth.yamlio), as it reads any file.
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(text: str):
    """``yaml.safe_load(text)``."""
    return yaml.load(text, Loader=_LOADER)


def dump(data) -> str:
    """``yaml.safe_dump(data, allow_unicode=True)``."""
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True)
