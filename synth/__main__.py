"""``python -m synth`` runs the command line."""

from synth.cli.app import main

main()
