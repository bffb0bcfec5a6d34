"""The database and the files glutelog writes: opening, schema migrations, queries, export
and import, and whole-or-nothing file writes."""
