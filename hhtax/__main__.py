"""`python -m hhtax` runs the command-line interface."""

from hhtax.cli.main import main

main()
