"""The step model: what every engine returns and every renderer consumes.

A ``Derivation`` holds a tree of ``Step`` objects.  Pure data: no printing, no maths.

A step's ``text`` is one sentence for a human.  Mathematics inside the sentence is
written as ``{name}`` placeholders whose values live in ``math``; each renderer fills
them in with its own notation (Unicode, LaTeX, SymPy strings), so the engine never
decides how an expression looks.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

CAS_RULE = "cas"


@dataclass
class Step:
    """One move of a derivation: ``before`` becomes ``after`` by ``rule``."""

    rule: str
    text: str
    title: str = ""
    before: Any = None
    after: Any = None
    substeps: list["Step"] = field(default_factory=list)
    math: dict[str, Any] = field(default_factory=dict)
    facts: list[Any] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when neither this step nor any step under it is a ``cas`` jump."""
        return self.rule != CAS_RULE and all(s.complete for s in self.substeps)

    @property
    def heading(self) -> str:
        """The rule's human name: ``title``, else the rule name made readable."""
        return self.title or self.rule.replace("_", " ").capitalize()

    def walk(self) -> Iterator["Step"]:
        """This step and every step below it, depth first."""
        yield self
        for sub in self.substeps:
            yield from sub.walk()

    def sentence(self, show: Callable[[Any], str]) -> str:
        """``text`` with each ``{name}`` replaced by ``show(math[name])``."""
        return fill_template(self.text, self.math, show)


@dataclass
class Derivation:
    """A worked problem: the steps from ``statement`` to ``answer``."""

    task: str
    input: str
    problem: dict[str, Any]
    statement: Any
    steps: list[Step]
    answer: Any
    verified: bool = False
    checks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when no step anywhere is an unexplained ``cas`` jump."""
        return all(s.complete for s in self.steps)

    def walk(self) -> Iterator[Step]:
        for step in self.steps:
            yield from step.walk()

    # Conveniences for notebooks and scripts; the renderers do the work.
    def to_text(self) -> str:
        from symtutor.render import render

        return render(self, "text")

    def to_markdown(self) -> str:
        from symtutor.render import render

        return render(self, "markdown")

    def to_latex(self) -> str:
        from symtutor.render import render

        return render(self, "latex")

    def to_json(self) -> str:
        from symtutor.render import render

        return render(self, "json")

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        """The LaTeX fragment: what nbconvert puts in a PDF (Jupyter itself shows the Markdown)."""
        return self.to_latex()

    def __str__(self) -> str:
        return self.to_text()


def fill_template(text: str, math: dict[str, Any], show: Callable[[Any], str],
                  literal: Callable[[str], str] = str) -> str:
    """Replace ``{name}`` fields of ``text`` by ``show(math[name])`` (prose through ``literal``)."""
    out = []
    for prose, name, _spec, _conv in string.Formatter().parse(text):
        out.append(literal(prose))
        if name is not None:
            out.append(show(math[name]))
    return "".join(out)
