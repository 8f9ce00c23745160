"""The ``jkncost`` command line: ``main`` and one module per sub-command."""

from jkncost.cli.main import main

__all__ = ["main"]
