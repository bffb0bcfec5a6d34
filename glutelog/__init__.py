"""glutelog: plan and log a glute and piriformis routine on a local SQLite file."""

__version__ = "0.1.0"
