"""Teaching helpers for the methods notebook: exercises checked when a student fills a value."""
