"""The bundled recipes (YAML files), installed as the resource package ``synth.recipes``."""
