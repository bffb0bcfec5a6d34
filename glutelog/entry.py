"""The ``glutelog`` command: the fast dispatcher first, the Typer app for everything else."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run glutelog with ``argv`` (default: the command line) and return the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    from glutelog.parsing import usable_local_zone

    zone_note = usable_local_zone()
    if zone_note is not None:
        sys.stderr.write(f"glutelog: {zone_note}\n")
    try:
        from glutelog import dispatch

        code = dispatch.run(args)
        if code is None:
            from glutelog.cli import run_cli

            key = dispatch.help_key(args)
            code = run_cli(args) if key is None else _help(args, key, run_cli)
    except KeyboardInterrupt as exc:
        from glutelog import errors

        code = errors.emit(exc)
    except BrokenPipeError:
        # The reader went away (e.g. `glutelog history | head`): not worth a traceback. Point
        # stdout at /dev/null so the interpreter's final flush does not fail again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    return code


def _help(args: list[str], key: str, run_cli) -> int:
    """Let Typer render a help text, print it, and keep it for the fast path."""
    import contextlib
    import io

    from glutelog import dispatch

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = run_cli(args)
    text = buffer.getvalue()
    sys.stdout.write(text)
    if code == 0 and text:
        dispatch.remember_help(key, text)
    return code
