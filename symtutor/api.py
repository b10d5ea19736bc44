"""``explain(command, ...)``: one entry point for notebooks, named like the commands.

    >>> from symtutor import explain
    >>> explain("diff", "sin(x**2)").answer
    2*x*cos(x**2)
    >>> explain("integrate", "sin(x)", lower="-pi", upper="pi").answer
    0

Each command name maps to the ``explain_*`` function of the public API (``integrate`` to
``explain_integral``, ``expect`` to ``explain_expectation``, ``cross-entropy`` to
``explain_cross_entropy``, …); arguments are passed through unchanged, so the keyword
names are those of that function (``help(symtutor.explain_diff)``).  A command added to
the API later is found the same way, with no change here.
"""
from __future__ import annotations

import difflib
from typing import Any

from symtutor.errors import UsageError

# command name -> suffix of its explain_* function, where the two differ
ALIASES = {"integrate": "integral", "expect": "expectation"}


def commands() -> list[str]:
    """Every command name ``explain`` accepts."""
    import symtutor

    reverse = {suffix: command for command, suffix in ALIASES.items()}
    names = []
    for public in symtutor._API:
        suffix = public.removeprefix("explain_")
        names.append(reverse.get(suffix, suffix).replace("_", "-"))
    return sorted(names)


def explain(command: str, *args: Any, **kwargs: Any):
    """The Derivation for ``command`` (a command name, e.g. ``"diff"``) applied to ``args``.

    ``explain("diff", "x^3 - 3x", at="x=2")`` is ``explain_diff("x^3 - 3x", at="x=2")``.
    The result shows itself as Markdown in Jupyter (``_repr_markdown_``) and converts
    with ``to_markdown()``, ``to_latex()``, ``to_json()`` and ``to_text()``.
    """
    import symtutor

    key = command.strip().lower().replace("-", "_")
    name = f"explain_{ALIASES.get(key, key)}"
    if name not in symtutor._API:
        close = difflib.get_close_matches(command, commands(), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(commands())
        raise UsageError(f"no command {command!r} ({hint})")
    return getattr(symtutor, name)(*args, **kwargs)
