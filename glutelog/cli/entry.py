"""The ``glutelog`` command: the fast dispatcher first, the Typer app for everything else."""

from __future__ import annotations

import gc
import os
import sys

# Set when the Typer app ran: only the fast path may end without the interpreter's teardown.
_used_typer = False


def script() -> None:
    """The installed ``glutelog`` command: :func:`main`, then exit with its code.

    After a command of the fast path everything glutelog opened is closed, so the process ends
    with ``os._exit`` once stdout and stderr are flushed: the interpreter's teardown (freeing
    every module and object one by one, which the system reclaims at once anyway) would cost
    about a tenth of an everyday command's time. After the Typer app, which may leave handlers
    of its own to run at exit, the exit is the usual one."""
    code = main()
    if _used_typer:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass  # what was printed was flushed as it was written (errors.deliver)
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run glutelog with ``argv`` (default: the command line) and return the exit code."""
    global _used_typer
    # Imports make many objects and no garbage, while the collector's passes over them cost
    # about 4% of an everyday command's start-up. The command itself runs with it again
    # (dispatch.run), and so does the Typer app.
    gc.disable()
    args = _leading_db(sys.argv[1:] if argv is None else list(argv))
    from glutelog import errors

    errors.guard_standard_streams()

    from glutelog.output import render

    # Decided once, here: colour only on a terminal (see render.color_wanted).
    render.use_color(render.color_wanted())

    from glutelog.parsing import usable_local_zone

    zone_note = usable_local_zone()
    if zone_note is not None:
        sys.stderr.write(f"glutelog: {zone_note}\n")
    try:
        from glutelog.cli import dispatch

        args = dispatch.help_words(args)
        # A shell asking what Tab should offer: only the Typer app answers that.
        code = _complete(args) if "_GLUTELOG_COMPLETE" in os.environ else dispatch.run(args)
        if code is None:
            _used_typer = True
            gc.enable()
            from glutelog.cli.typer_app import run_cli

            key = dispatch.help_key(args)
            code = run_cli(args) if key is None else _help(args, key, run_cli)
    except KeyboardInterrupt as exc:
        code = errors.emit(exc)
    except BrokenPipeError:
        # The reader went away (e.g. `glutelog --help | head -1`): quietly, as errors.PIPE says.
        code = errors.reader_gone()
    except OSError as exc:
        # Only printing is left outside the actions (help, --version): its output was lost.
        code = errors.output_lost(exc, "")
    return code


def _complete(args: list[str]) -> int:
    """Answer a shell's completion request (Typer's protocol). Never through the help cache,
    whose key it would share (the scripts call plain `glutelog`), and never a traceback in the
    middle of someone's typing: a request the shell mangled offers nothing."""
    from glutelog.cli import completion
    from glutelog.cli.typer_app import run_cli

    global _used_typer
    _used_typer = True
    gc.enable()
    try:
        completion.register()
        return run_cli(args)
    except Exception:  # noqa: BLE001 - completion offers nothing rather than fail
        return 1


def _help(args: list[str], key: str, run_cli) -> int:
    """Let Typer render a help text, print it, and keep it for the fast path."""
    import contextlib
    import io

    from glutelog.cli import dispatch

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = run_cli(args)
    text = buffer.getvalue()
    sys.stdout.write(text)
    sys.stdout.flush()
    if code == 0 and text:
        dispatch.remember_help(key, text)
    return code


def _leading_db(args: list[str]) -> list[str]:
    """``glutelog --db FILE COMMAND ...``: a --db before the command counts for whatever command
    follows, as if given after it (through $GLUTELOG_DB, which an explicit --db after the command
    still overrides). An empty value is left for the Typer app to refuse."""
    import os

    while args:
        if args[0] == "--db" and len(args) > 1 and args[1]:
            os.environ["GLUTELOG_DB"], args = args[1], args[2:]
        elif args[0].startswith("--db=") and len(args[0]) > 5:
            os.environ["GLUTELOG_DB"], args = args[0][5:], args[1:]
        else:
            break
    return args
