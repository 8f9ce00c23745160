"""Sub-commands of ``jkncost``: one module each, with ``register(subparsers)``.

A module's ``register`` adds its parser and sets ``handler=function(args) -> int`` as default.
Raise :class:`jkncost.errors.InputError` for bad input; :func:`jkncost.cli.main` turns it into
one line on stderr and exit status 2.
"""
