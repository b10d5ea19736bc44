"""The Python API for notebooks: explain() by command name, and the Jupyter reprs."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sympy as sp
import typer

import symtutor
from symtutor import explain
from symtutor.api import commands
from symtutor.cli.main import app
from symtutor.errors import UsageError

sys.path.insert(0, str(Path(__file__).parent))
from test_mathjax import (environments_balanced, latex_fragments, markdown_fragments,  # noqa: E402
                          mathjax_available, typeset)

x = sp.Symbol("x")


def test_explain_dispatches_by_command_name():
    assert explain("diff", "sin(x**2)").answer == 2 * x * sp.cos(x**2)
    assert explain("integrate", "sin(x)", lower="-pi", upper="pi").answer == 0
    assert explain("limit", "sin(x)/x", "0").answer == 1
    assert explain("det", "[[2, 1], [1, 2]]").answer == 3
    assert explain("cross-entropy", "[1/2, 1/2]", "[1/2, 1/2]", base="2").answer == 1
    assert explain("expect", "{1: 1/2, 3: 1/2}").answer == 2
    assert explain("bayes", prior="1/2", likelihood="1", false_positive="0").answer == 1


def test_explain_is_the_same_as_the_explain_functions():
    a, b = explain("diff", "x^3", at="x=2"), symtutor.explain_diff("x^3", at="x=2")
    assert a.to_json() == b.to_json()


def test_every_solving_command_has_an_explain():
    group = typer.main.get_command(app)
    solving = {name for name, cmd in group.commands.items() if {"fmt", "standalone"} <= {p.name for p in cmd.params}}
    assert solving <= set(commands()), solving - set(commands())


def test_unknown_command_suggests_the_close_one():
    with pytest.raises(UsageError, match="did you mean 'integrate'"):
        explain("integrat", "x")
    assert "explain" in symtutor.__all__


def test_reprs_for_jupyter():
    d = explain("diff", "sin(x**2)")
    markdown, latex = d._repr_markdown_(), d._repr_latex_()
    assert markdown == d.to_markdown() and markdown.startswith("### $")
    assert latex == d.to_latex() and "\\documentclass" not in latex
    assert environments_balanced(latex) and "\\begin{align*}" in latex
    assert str(d) == d.to_text()


@pytest.mark.skipif(mathjax_available() is not None, reason=mathjax_available() or "")
def test_reprs_typeset_in_mathjax():
    d = explain("eigen", "[[2, 1], [1, 2]]")
    fragments = markdown_fragments(d._repr_markdown_()) + latex_fragments(d._repr_latex_())
    assert all(error is None for error in typeset(fragments))
