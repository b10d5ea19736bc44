"""The ``symtutor`` command: one Typer app, commands registered from small modules."""
from __future__ import annotations

import os
import pkgutil
import sys
from importlib import import_module

import typer

from symtutor import __version__
from symtutor.errors import ExitStatus, SymtutorError

_NOT_COMMANDS = {"main", "common"}


def command_modules() -> list[str]:
    """Every module in symtutor.cli that adds commands (each defines ``register(app)``)."""
    import symtutor.cli as package

    return sorted(f"symtutor.cli.{m.name}" for m in pkgutil.iter_modules(package.__path__)
                  if m.name not in _NOT_COMMANDS and not m.name.startswith("_"))

app = typer.Typer(
    name="symtutor",
    help="An offline tutor for the mathematics of machine learning: every step named, shown and checked.\n\n"
    "Examples:\n\n"
    "  symtutor diff \"sin(x^2)\"\n\n"
    "  symtutor diff \"x^3 - 3x\" --at x=2 --format markdown",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"symtutor {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                      help="Show the version and exit.")) -> None:
    """symtutor: derivations a teacher would write on the board, checked by the computer."""


for _name in command_modules():
    import_module(_name).register(app)


def option_names(command) -> set[str]:
    """Every option string (``--at``, ``-f``…) of a click command and its subcommands."""
    names = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    for sub in getattr(command, "commands", {}).values():
        names |= option_names(sub)
    return names


def app_for(argv: list[str]) -> tuple[typer.Typer, list[str], str]:
    """The app to run ``argv`` with, the arguments it takes, and its program name.

    When ``argv`` names one plain command, an app holding that command alone: Typer builds
    a parser for every registered command, which costs more start-up time than the work
    of a small problem.  Help, completion and groups go through the whole app.
    """
    if argv and not argv[0].startswith("-") and "_SYMTUTOR_COMPLETE" not in os.environ:
        for info in app.registered_commands:
            if info.name == argv[0]:
                single = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                                     context_settings={"help_option_names": ["-h", "--help"]})
                single.registered_commands.append(info)
                return single, argv[1:], f"symtutor {argv[0]}"
    return app, argv, "symtutor"


def protect_leading_minus(argv: list[str], target: typer.Typer | None = None) -> list[str]:
    """Mark arguments like ``-x**2`` as expressions, not options, with a leading space.

    An argument is an option when it is ``--name`` / ``--name=value`` or starts with a
    known short flag (``-f``, ``-fjson``); anything else that begins with ``-`` (``-x^2``,
    ``-pi``, ``-1``) is mathematics, which the parser reads with surrounding space ignored.
    """
    if not any(a.startswith("-") and a != "-" for a in argv):
        return argv
    known = option_names(typer.main.get_command(target or app))
    out = []
    for arg in argv:
        is_option = arg == "-" or arg == "--" or (arg.startswith("--") and arg[2:3].isalpha()) \
            or arg[:2] in known
        out.append(arg if not arg.startswith("-") or is_option else " " + arg)
    return out


def run() -> None:
    """Entry point: run the app; every error becomes one line on stderr and its exit code."""
    from symtutor.cli.common import report_error

    try:
        target, args, prog_name = app_for(sys.argv[1:])
        status = target(args=protect_leading_minus(args, target), prog_name=prog_name, standalone_mode=False)
    except SymtutorError as exc:
        report_error(exc)
        sys.exit(int(exc.exit_status))
    except typer.TyperException as exc:  # usage errors from the command-line parser
        if type(exc).__name__ == "NoArgsIsHelpError":
            print(exc.format_message())
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        message = exc.format_message().strip().replace("\n", " ")
        sys.stderr.write(f"symtutor: error: {message}{hint}\n")
        sys.exit(int(ExitStatus.BAD_INPUT))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("symtutor: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(status if isinstance(status, int) else 0)
