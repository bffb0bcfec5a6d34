"""What the shell offers when Tab is pressed: exercise names, kinds, sides, schedules, formats,
units, warning signs, settings and their values; and each shell's own script, and its installer.

Each function takes the command's context so far and the word being typed, and returns
(value, description) pairs that start with it. They run only for completion requests, which
``glutelog.cli.entry`` sends to the Typer app; no everyday command imports this module.
"""

from __future__ import annotations

SIDES = [("left", "the left side"), ("right", "the right side"), ("both", "both sides")]


def _starting(pairs, incomplete: str) -> list[tuple[str, str]]:
    typed = (incomplete or "").lower()
    return [(value, help) for value, help in pairs if value.lower().startswith(typed)]


def _db(ctx) -> str | None:
    """The --db given so far, after the command or before it."""
    while ctx is not None:
        if ctx.params.get("db"):
            return ctx.params["db"]
        ctx = ctx.parent
    return None


def exercises(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Every slug and alias, the user's own catalog.toml included, each with its exercise."""
    from glutelog import catalog, paths
    from glutelog.errors import GlutelogError

    try:
        found = catalog.load(paths.db_path(_db(ctx)))
    except GlutelogError:
        return []  # a broken catalog file: nothing to offer, and no error in the middle of a line
    names = sorted(found.names.items(), key=lambda item: (item[0] != item[1], item[0]))
    return _starting(
        [(name, found.exercises[slug]["name"]) for name, slug in names],
        incomplete.replace(" ", "-"),
    )


def kinds(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.catalog import KINDS

    return _starting([(kind, f"{kind} exercises") for kind in KINDS], incomplete)


def sides(incomplete: str) -> list[tuple[str, str]]:
    return _starting(SIDES, incomplete)


def sore_sides(incomplete: str) -> list[tuple[str, str]]:
    return _starting(SIDES[:2], incomplete)


def schedules(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.settings import SCHEDULE_MEANS

    return _starting(list(SCHEDULE_MEANS.items()), incomplete)


def symptoms(ctx, incomplete: str) -> list[tuple[str, str]]:
    """A warning sign; after tingling (or shooting pain...), the exercise it came with."""
    from glutelog.planner import redflags

    typed = ctx.params.get("words") or []
    if typed:
        try:
            tingling = redflags.resolve(" ".join(typed))["slug"] == redflags.TINGLING
        except Exception:  # noqa: BLE001 - half-typed words: offer nothing rather than fail
            return []
        return exercises(ctx, incomplete) if tingling else []
    return _starting(
        [(s["slug"], redflags.label(s["slug"])) for s in redflags.SYMPTOMS], incomplete
    )


def setting_keys(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.settings import KEYS

    return _starting([(key, spec.help) for key, spec in KEYS.items()], incomplete)


def formats(*names: str):
    """A completion of the formats ``names`` (--format of report, history and export)."""
    words = {
        "text": "text for the terminal (the default)",
        "json": "JSON, for programs",
        "csv": "a spreadsheet's rows",
        "markdown": "Markdown, for notes",
    }

    def complete(incomplete: str) -> list[tuple[str, str]]:
        return _starting([(name, words[name]) for name in names], incomplete)

    complete.values = names  # for the test that walks every option
    return complete


def units(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.catalog import UNITS

    return _starting([(unit, f"amounts in {unit}") for unit in UNITS], incomplete)


def routine_blocks(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.catalog import ROUTINE_KEYS

    return _starting([(block, f"the {block} block") for block in ROUTINE_KEYS], incomplete)


def setting_values(ctx, incomplete: str) -> list[tuple[str, str]]:
    """After ``config KEY``, the values KEY takes when it has a fixed set (side, schedule,
    band...); nothing for a free one such as long-run, and nothing after the first word."""
    from glutelog import settings

    if ctx.params.get("value"):
        return []
    key = ctx.params.get("key")
    choices = settings.choices(key) if key in settings.KEYS else None
    if not choices:
        return []
    return _starting([(value, settings.KEYS[key].allowed) for value in choices], incomplete)


SHELLS = ("bash", "zsh", "fish", "powershell")


def shells(incomplete: str) -> list[tuple[str, str]]:
    return _starting([(shell, f"the {shell} script") for shell in SHELLS], incomplete)


# --- the shells' side: each its own script, which asks `glutelog` what Tab should offer ------
# The requests are Typer's (``_GLUTELOG_COMPLETE=complete_bash`` and so on, answered by its
# classes); what is added here: a value that names a file or folder (metavar FILE, PATH or DIR)
# lets the shell offer file names, and any other value never does, so `--kind <Tab>` offers
# kinds or nothing.

FILES = "::files::"  # the bash script's cue to offer file names itself

SCRIPTS = {
    "bash": """\
# glutelog: what Tab offers after `glutelog` in bash (glutelog --show-completion bash)
_glutelog_completion() {
    local IFS=$'\\n'
    local offered
    offered=( $(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" \\
                _GLUTELOG_COMPLETE=complete_bash "$1" 2>/dev/null) )
    if [[ "${offered[0]}" == "::files::" ]]; then
        COMPREPLY=()
        compopt -o default  # a file is wanted: bash offers file names as usual
    else
        COMPREPLY=( "${offered[@]}" )
    fi
    return 0
}
complete -F _glutelog_completion glutelog
""",
    "zsh": """\
#compdef glutelog
# glutelog: what Tab offers after `glutelog` in zsh (glutelog --show-completion zsh).
# It needs zsh's completion system (compinit), which it never turns on or restyles itself.
_glutelog_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _GLUTELOG_COMPLETE=complete_zsh \\
    glutelog 2>/dev/null)
}
if (( $+functions[compdef] )); then
  compdef _glutelog_completion glutelog
fi
""",
    "fish": """\
# glutelog: what Tab offers after `glutelog` in fish (glutelog --show-completion fish)
complete --command glutelog --no-files --arguments "(env _GLUTELOG_COMPLETE=complete_fish \
_TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) glutelog)" \
--condition "env _GLUTELOG_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args \
_TYPER_COMPLETE_ARGS=(commandline -cp) glutelog"
""",
    "powershell": """\
# glutelog: what Tab offers after `glutelog` in PowerShell (glutelog --show-completion powershell)
Register-ArgumentCompleter -Native -CommandName glutelog -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $Env:_GLUTELOG_COMPLETE = "complete_powershell"
    $Env:_TYPER_COMPLETE_ARGS = $commandAst.ToString()
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = $wordToComplete
    glutelog | ForEach-Object {
        $value, $help = $_ -Split ":::"
        [System.Management.Automation.CompletionResult]::new(
            $value, $value, 'ParameterValue', $help)
    }
    $Env:_GLUTELOG_COMPLETE = ""
    $Env:_TYPER_COMPLETE_ARGS = ""
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = ""
}
""",
}

FILE_METAVARS = ("FILE", "PATH", "DIR")


def register() -> None:
    """Answer completion requests with the classes below (before the Typer app runs)."""
    from typer._click.shell_completion import Parameter, add_completion_class
    from typer._click.shell_completion import _resolve_context as resolve_context
    from typer._click.shell_completion import _resolve_incomplete as resolve_incomplete
    from typer._completion_classes import (
        BashComplete,
        FishComplete,
        PowerShellComplete,
        ZshComplete,
    )

    class Knows:
        """Notes whether the word being completed is a file name (``self.files``)."""

        files = False

        def get_completions(self, args, incomplete):
            ctx = resolve_context(self.cli, self.ctx_args, self.prog_name, args)
            obj, incomplete = resolve_incomplete(ctx, args, incomplete)
            self.files = isinstance(obj, Parameter) and obj.metavar in FILE_METAVARS
            return [] if self.files else obj.shell_complete(ctx, incomplete)

    class Bash(Knows, BashComplete):
        def complete(self) -> str:
            found = super().complete()
            return FILES if self.files else found

    def plain(text: str | None) -> str:
        # Typer renders help through rich, which wraps it: each wrapped line then reached
        # fish as a completion of its own. One line, as written, and no rich to import.
        return " ".join((text or "").split())

    class Zsh(Knows, ZshComplete):
        def format_completion(self, item) -> str:
            def escape(text: str) -> str:
                for mark, escaped in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`")):
                    text = text.replace(mark, escaped)
                return text.replace(":", r"\\:")

            value = f'"{escape(item.value)}"'
            return f'{value}:"{escape(plain(item.help))}"' if item.help else value

        def complete(self) -> str:
            found = super().complete()  # "_files" when nothing was found
            return found if self.files or found != "_files" else ""

    class Fish(Knows, FishComplete):
        def format_completion(self, item) -> str:
            return f"{item.value}\t{plain(item.help)}" if item.help else item.value

        def complete(self) -> str:
            import os
            import sys

            args, incomplete = self.get_completion_args()
            shown = [self.format_completion(i) for i in self.get_completions(args, incomplete)]
            if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
                sys.exit(1 if self.files else 0)  # 1: fish offers file names itself
            return "\n".join(shown)

    class PowerShell(Knows, PowerShellComplete):
        def format_completion(self, item) -> str:
            return f"{item.value}:::{plain(item.help) or ' '}"

    for name, cls in (("bash", Bash), ("zsh", Zsh), ("fish", Fish), ("powershell", PowerShell)):
        add_completion_class(cls, name)
    add_completion_class(PowerShell, "pwsh")


def detected_shell() -> str | None:
    """The shell glutelog was started from, when it is one of SHELLS."""
    import os

    try:
        import shellingham

        name = shellingham.detect_shell()[0]
    except Exception:  # noqa: BLE001 - not detected: fall back to $SHELL
        name = os.path.basename(os.environ.get("SHELL", ""))
    name = {"pwsh": "powershell"}.get(name, name)
    return name if name in SHELLS else None


def script(shell: str) -> str:
    return SCRIPTS[shell]


def install(shell: str) -> str:
    """Write ``shell``'s script into glutelog's folder and add one line that loads it to the
    shell's start-up file (none for fish, which loads its completions folder itself); nothing
    else in the person's settings changes. Returns what was done, in words."""
    import os

    from glutelog import paths
    from glutelog.errors import BadInput
    from glutelog.storage import files

    home = os.path.expanduser("~")
    if shell == "powershell":
        raise BadInput(
            "glutelog does not edit a PowerShell profile; add this line to yours ($PROFILE): "
            "glutelog --show-completion powershell | Out-String | Invoke-Expression"
        )
    if shell == "fish":
        config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        target = os.path.join(config, "fish", "completions", "glutelog.fish")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        files.write_file(target, lambda handle: handle.write(SCRIPTS[shell]), replace=True)
        return f"Wrote {target}; fish loads it in new sessions, no start-up file changed"
    target = os.path.join(paths.app_dir(), f"completion.{shell}")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    files.write_file(target, lambda handle: handle.write(SCRIPTS[shell]), replace=True)
    rc = os.path.join(home, ".bashrc" if shell == "bash" else ".zshrc")
    quoted = "'" + target.replace("'", "'\\''") + "'"
    line = f"[ -r {quoted} ] && . {quoted}  # glutelog completion"
    try:
        with open(rc, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        text = ""
    if line in text.splitlines():
        return f"Wrote {target}; {rc} already loads it"
    with open(rc, "a", encoding="utf-8") as handle:
        handle.write(("\n" if text and not text.endswith("\n") else "") + line + "\n")
    return f"Wrote {target} and added one line to {rc} to load it; open a new shell to use it"
