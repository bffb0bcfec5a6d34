"""What each command does, one module per family; the command line calls these and prints
what they return.

Every command function takes the values as typed (strings), checks them, talks to the store and
returns the text to print; errors are ``glutelog.errors`` exceptions, which the command line
turns into one line and an exit code. ``function("done")`` finds a command's function and
imports only its own module, so `done` never loads the code of `report`.
"""

# The module of each command function, by family.
MODULES = {
    "done": "entries",
    "sore": "entries",
    "undo": "entries",
    "rm": "entries",
    "edit": "entries",
    "flag": "entries",
    "plan": "views",
    "report": "views",
    "history": "views",
    "status": "views",
    "export": "data",
    "import_file": "data",
    "backup_db": "data",
    "check": "data",
    "config": "config",
    "rules": "config",
    "where": "config",
    "exercises": "exercises",
    "show_exercise": "exercises",
    "sync": "sync",
}


def function(name: str):
    """The function behind a command: ``function("done")(db=..., exercise="bridge", ...)``."""
    # __import__ rather than importlib: it is already loaded, so finding costs nothing.
    module = __import__(f"glutelog.commands.{MODULES[name]}", fromlist=[name])
    return getattr(module, name)
