"""Turning plans, entries and results into text for a terminal, and JSON for scripts."""
