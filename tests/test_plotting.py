"""--plot: the figure's artists carry the mathematics of the derivation (not just a file)."""
from __future__ import annotations

import sys

import numpy as np
import pytest
from typer.testing import CliRunner

pytest.importorskip("matplotlib", reason="plots need matplotlib (pip install 'symtutor[plot]')")

from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from symtutor import explain_critical, explain_diff, explain_integral, explain_limit  # noqa: E402
from symtutor import plotting  # noqa: E402
from symtutor.cli.main import app  # noqa: E402
from symtutor.errors import UsageError  # noqa: E402

runner = CliRunner()


def artists(figure, gid):
    return [a for ax in figure.axes for a in ax.get_children() if a.get_gid() == gid]


def only(figure, gid):
    found = artists(figure, gid)
    assert len(found) == 1, f"{gid}: {found}"
    return found[0]


def test_tangent_line_has_the_derived_slope_through_the_point():
    figure = plotting.figure_for(explain_diff("x**3 - 3*x", at="x=2"))
    tangent = only(figure, "tangent")
    xs, ys = tangent.get_xdata(), tangent.get_ydata()
    assert np.allclose(np.diff(ys) / np.diff(xs), 9)  # slope = the answer f'(2) = 9
    assert np.isclose(np.interp(2, xs, ys), 2)  # through (2, f(2)) = (2, 2)
    point = only(figure, "point-of-tangency")
    assert (point.get_xdata()[0], point.get_ydata()[0]) == (2, 2)
    curve = only(figure, "function")
    assert np.allclose(curve.get_ydata(), curve.get_xdata() ** 3 - 3 * curve.get_xdata(), equal_nan=True)
    title = figure.axes[0].get_title()
    assert title.startswith("$") and "= 9$" in title  # mathtext
    assert "tangent at $x = 2$, slope $9$" in [t.get_text() for t in figure.axes[0].get_legend().get_texts()]


def test_derivative_without_a_point_draws_f_and_f_prime():
    figure = plotting.figure_for(explain_diff("sin(x)"))
    prime = only(figure, "derivative")
    assert np.allclose(prime.get_ydata(), np.cos(prime.get_xdata()))
    assert not artists(figure, "tangent")


def test_signed_area_positive_and_negative_parts_in_two_colours():
    figure = plotting.figure_for(explain_integral("sin(x)", lower="-pi", upper="pi"))
    positive, negative = only(figure, "positive-area"), only(figure, "negative-area")
    assert isinstance(positive, PolyCollection) and isinstance(negative, PolyCollection)
    assert to_hex(positive.get_facecolor()[0]) == plotting.POSITIVE
    assert to_hex(negative.get_facecolor()[0]) == plotting.NEGATIVE
    pos_x = np.concatenate([p.vertices[:, 0] for p in positive.get_paths()])
    neg_x = np.concatenate([p.vertices[:, 0] for p in negative.get_paths()])
    assert pos_x.min() >= -1e-6 and np.isclose(pos_x.max(), np.pi)  # sin > 0 on (0, pi)
    assert np.isclose(neg_x.min(), -np.pi) and neg_x.max() <= 1e-6
    assert "\\int" in figure.axes[0].get_title() and figure.axes[0].get_title().endswith("= 0$")


def test_only_positive_area_when_the_curve_stays_above():
    figure = plotting.figure_for(explain_integral("x^2", lower="0", upper="1"))
    assert artists(figure, "positive-area") and not artists(figure, "negative-area")


def test_improper_integral_is_drawn_over_a_window():
    figure = plotting.figure_for(explain_integral("exp(-x)", lower="0", upper="oo"))
    assert artists(figure, "positive-area")
    assert any("continues to infinity" in t.get_text() for t in figure.axes[0].texts)


def test_limit_with_a_hole():
    figure = plotting.figure_for(explain_limit("(x^2 - 4)/(x - 2)", "2"))
    hole = only(figure, "limit-hole")
    assert (hole.get_xdata()[0], hole.get_ydata()[0]) == (2, 4)
    assert hole.get_markerfacecolor() == "white"  # open circle: f(2) is undefined
    assert np.allclose(only(figure, "limit-line").get_ydata(), 4)
    assert artists(figure, "left-side") and artists(figure, "right-side")
    assert not artists(figure, "value-at-point")


def test_limit_that_does_not_exist_shows_both_one_sided_ends():
    figure = plotting.figure_for(explain_limit("|x|/x", "0"))
    assert only(figure, "left-end").get_ydata()[0] == pytest.approx(-1)
    assert only(figure, "right-end").get_ydata()[0] == pytest.approx(1)
    assert figure.axes[0].get_title().endswith("does not exist")


def test_one_sided_limit_greys_out_the_other_side():
    figure = plotting.figure_for(explain_limit("1/x", "0", side="right"))
    assert only(figure, "left-side").get_color() == "lightgray"
    assert only(figure, "right-side").get_color() == plotting.RIGHT
    assert "\\frac{1}{x}" in figure.axes[0].get_title()


def test_critical_points_marked_by_type_on_contours():
    figure = plotting.figure_for(explain_critical("x**3 - 3*x + y**2"))
    axes = figure.axes[0]
    minimum, saddle = only(figure, "critical-1-local-minimum"), only(figure, "critical-2-saddle-point")
    assert (minimum.get_xdata()[0], minimum.get_ydata()[0]) == (1, 0) and minimum.get_marker() == "o"
    assert (saddle.get_xdata()[0], saddle.get_ydata()[0]) == (-1, 0) and saddle.get_marker() == "X"
    assert {t.get_text() for t in axes.get_legend().get_texts()} == {"local minimum", "saddle point"}
    assert any(type(c).__name__ == "QuadContourSet" or "Contour" in type(c).__name__ for c in axes.get_children())
    lo, hi = axes.get_xlim()
    assert lo < -1 and hi > 1


def test_svg_and_png_files(tmp_path):
    svg = tmp_path / "area.svg"
    plotting.save(explain_integral("x^2 - 1", lower="-2", upper="2"), str(svg))
    text = svg.read_text()
    assert 'id="positive-area' in text and 'id="negative-area' in text and 'id="function' in text
    png = tmp_path / "t.png"
    plotting.save(explain_diff("x**2", at="x=1"), str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_what_cannot_be_plotted_is_a_usage_error():
    with pytest.raises(UsageError, match="--from and --to"):
        plotting.figure_for(explain_integral("x*exp(x)"))
    with pytest.raises(UsageError, match="two variables"):
        plotting.figure_for(explain_critical("x^2 + y^2 + z^2"))
    with pytest.raises(UsageError, match="y has no value"):
        plotting.figure_for(explain_diff("x^2 y", wrt="x"))
    with pytest.raises(UsageError, match=".png or .svg"):
        plotting.check_path("plot.gif")


def test_missing_matplotlib_is_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(UsageError, match=r"pip install 'symtutor\[plot\]'"):
        plotting.figure_for(explain_diff("x^2", at="x=1"))
    result = runner.invoke(app, ["diff", "x^2", "--at", "x=1", "--plot", str(tmp_path / "t.png")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "symtutor[plot]" in result.stderr


def test_cli_plot_options(tmp_path):
    target = tmp_path / "tangent.svg"
    result = runner.invoke(app, ["diff", "x^3 - 3x", "--at", "x=2", "--plot", str(target), "--no-steps"])
    assert result.exit_code == 0, result.output
    assert "= 9" in result.stdout and 'id="tangent' in target.read_text()
    for argv in (["integrate", "sin(x)", "--from", "-pi", "--to", "pi"], ["limit", "sin(x)/x", "--to", "0"],
                 ["critical", "x^4 + y^4 - 4x y"]):
        out = tmp_path / f"{argv[0]}.png"
        assert runner.invoke(app, [*argv, "--plot", str(out), "--no-steps"]).exit_code == 0
        assert out.stat().st_size > 10_000
    bad = runner.invoke(app, ["limit", "sin(x)/x", "--to", "0", "--plot", str(tmp_path / "x.gif")])
    assert bad.exit_code == 2 and ".png or .svg" in bad.stderr
    many = runner.invoke(app, ["diff", "-", "--plot", str(tmp_path / "m.png")], input="x^2\nx^3\n")
    assert many.exit_code == 2 and "--plot draws one problem" in many.stderr
