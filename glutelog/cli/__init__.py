"""The command line: the entry point, the fast dispatcher for everyday commands, the Typer
app for everything else, and shell completion."""
