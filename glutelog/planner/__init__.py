"""The planner: today's routine from the catalog, the history, the settings and any warning
signs. Pure functions of their inputs and ``today``: no clock, no database."""
