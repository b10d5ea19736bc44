"""The ``symtutor`` command: one Typer app, commands registered from small modules."""
from __future__ import annotations

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


def run() -> None:
    """Entry point: run the app; a SymtutorError becomes one line on stderr and its exit code."""
    import click

    from symtutor.cli.common import report_error

    try:
        app(standalone_mode=False)
    except SymtutorError as exc:
        report_error(exc)
        sys.exit(int(exc.exit_status))
    except click.exceptions.NoArgsIsHelpError:
        sys.exit(0)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        sys.stderr.write(f"symtutor: error: {exc.format_message()}{hint}\n")
        sys.exit(int(ExitStatus.BAD_INPUT))
    except click.ClickException as exc:
        sys.stderr.write(f"symtutor: error: {exc.format_message()}\n")
        sys.exit(int(ExitStatus.BAD_INPUT))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        sys.stderr.write("symtutor: interrupted\n")
        sys.exit(130)
    except KeyboardInterrupt:
        sys.stderr.write("symtutor: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
