"""jkncost: hospital costing under Indonesia's national health insurance (JKN)."""

__version__ = "0.1.0"
