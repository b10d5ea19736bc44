"""Pictures of a derivation (``--plot FILE.png|.svg``): the tangent line, the signed area,
the limit, the critical points.

A plot is drawn from a finished ``Derivation``: the function comes from its ``problem``
dict, the number shown (slope, area, limit, critical points) is its ``answer``.  The only
computing done here is sampling functions numerically to draw them; nothing is solved,
differentiated or integrated.  Titles and labels are matplotlib mathtext.

matplotlib is an optional extra (``pip install 'symtutor[plot]'``); without it ``--plot``
fails with one line saying so.  Figures are built with ``matplotlib.figure.Figure`` (no
pyplot, no GUI backend, no global state).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable

import sympy as sp

from symtutor.errors import UsageError
from symtutor.render.notation import latex_math

SUFFIXES = (".png", ".svg", ".pdf")
SAMPLES = 801
POSITIVE, NEGATIVE = "#2b7bba", "#d6452f"  # shading of the signed area
LEFT, RIGHT = "#2b7bba", "#e08214"  # the two sides of a limit
MARKERS = {  # critical point type -> (marker, colour)
    "local minimum": ("o", "#1a9850"),
    "local maximum": ("^", "#d73027"),
    "saddle point": ("X", "#7b3294"),
    "inconclusive": ("s", "#636363"),
}
MISSING = "plotting needs matplotlib: pip install 'symtutor[plot]' (or pip install matplotlib)"


# --- entry points ----------------------------------------------------------------------------


def check_path(path: str | None) -> None:
    """A usable output file name, or a UsageError naming the way out."""
    if path is None:
        return
    if Path(path).suffix.lower() not in SUFFIXES:
        raise UsageError(f"--plot {path!r}: give a file name ending in .png or .svg (or .pdf)")


def plotted(solve: Callable[[str], Any], path: str | None, inputs: list[str]) -> Callable[[str], Any]:
    """``solve``, which also saves the derivation's picture to ``path`` (when given).

    The picture is drawn inside the bounded worker, after the derivation, so the time
    limit covers it too.  One picture per run: ``--plot`` with several inputs is refused.
    """
    if path is None:
        return solve

    def solve_and_plot(text: str):
        check_path(path)
        if len(inputs) > 1:
            raise UsageError("--plot draws one problem: give one expression, not - with several lines")
        derivation = solve(text)
        save(derivation, path)
        return derivation

    return solve_and_plot


def save(derivation, path: str) -> str:
    """Draw ``derivation`` and write it to ``path`` (.png, .svg or .pdf); returns the path."""
    check_path(path)
    figure = figure_for(derivation)
    try:
        figure.savefig(path, dpi=150, bbox_inches="tight")
    except OSError as exc:
        raise UsageError(f"cannot write the plot to {path!r}: {exc.strerror or exc}") from None
    return path


def figure_for(derivation):
    """The matplotlib Figure for ``derivation`` (by its task)."""
    painter = PAINTERS.get(derivation.task)
    if painter is None:
        raise UsageError(f"--plot draws diff, integrate (with --from/--to), limit and critical, not {derivation.task}")
    figure = new_figure()
    painter(derivation, figure)
    return figure


def new_figure(width: float = 7.0, height: float = 4.6):
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise UsageError(MISSING) from None
    return Figure(figsize=(width, height), layout="constrained")


# --- sampling ------------------------------------------------------------------------------------


def sampler(expr, variables) -> Callable:
    """A numpy function for ``expr``: NaN where it is undefined or not real."""
    import numpy as np

    variables = list(variables) if isinstance(variables, (list, tuple)) else [variables]
    numeric = {"sigmoid": lambda z: 1 / (1 + np.exp(-z))}
    try:
        raw = sp.lambdify(variables, expr, modules=[numeric, "numpy"])
    except Exception:  # noqa: BLE001 - a function numpy cannot express: evaluate point by point
        raw = None

    def pointwise(*arrays):
        flat = np.broadcast_arrays(*[np.asarray(a, dtype=float) for a in arrays])
        out = np.full(flat[0].shape, np.nan)
        for index in np.ndindex(out.shape):
            try:
                value = complex(expr.evalf(15, subs={v: float(a[index]) for v, a in zip(variables, flat)}))
            except (TypeError, ValueError, ZeroDivisionError):
                continue
            if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)):
                out[index] = value.real
        return out

    def f(*arrays):
        if raw is None:
            return pointwise(*arrays)
        with np.errstate(all="ignore"):
            try:
                values = np.asarray(raw(*[np.asarray(a, dtype=complex) for a in arrays]), dtype=complex)
            except Exception:  # noqa: BLE001 - e.g. a function with no complex numpy version
                return pointwise(*arrays)
        shape = np.broadcast(*[np.asarray(a) for a in arrays]).shape
        values = np.broadcast_to(values, shape)
        real = np.where(np.abs(values.imag) <= 1e-9 * np.maximum(1.0, np.abs(values.real)), values.real, np.nan)
        return np.where(np.isfinite(real), real, np.nan)

    return f


def number(value) -> float | None:
    """``value`` as a finite float, or None (infinite, complex, symbolic)."""
    try:
        z = complex(sp.N(value))
    except (TypeError, ValueError):
        return None
    if abs(z.imag) > 1e-12 * max(1.0, abs(z.real)) or not math.isfinite(z.real):
        return None
    return z.real


def y_window(values, *must_show: float) -> tuple[float, float]:
    """A y-range that shows the bulk of ``values`` and the points in ``must_show``,
    ignoring blow-ups near poles (5th-95th percentile, widened)."""
    import numpy as np

    finite = values[np.isfinite(values)]
    extra = [v for v in must_show if v is not None and math.isfinite(v)]
    if finite.size == 0 and not extra:
        return -1.0, 1.0
    lo, hi = (np.percentile(finite, [4, 96]) if finite.size else (min(extra), max(extra)))
    lo, hi = min([lo, *extra]), max([hi, *extra])
    span = hi - lo
    if span < 1e-9:
        span = max(1.0, abs(hi))
    return lo - 0.15 * span, hi + 0.15 * span


def mathtext(expr, fallback: Callable[[], str] | None = None) -> str:
    """``expr`` as mathtext (``$...$``), or plain Unicode when mathtext cannot show it."""
    from symtutor.render.notation import unicode_math

    tex = latex_math(expr) if not isinstance(expr, str) else expr
    tex = tex.replace(r"\limits", "").replace(r"\,", r"\ ").replace(r"\operatorname", r"\mathrm")
    if valid_mathtext(f"${tex}$"):
        return f"${tex}$"
    return fallback() if fallback else unicode_math(expr)


def valid_mathtext(text: str) -> bool:
    try:
        from matplotlib.mathtext import MathTextParser

        MathTextParser("path").parse(text)
        return True
    except Exception:  # noqa: BLE001 - any parse failure means: not showable as mathtext
        return False


def _one_variable(derivation) -> tuple[Any, sp.Symbol]:
    expr, var = derivation.problem.get("expr"), derivation.problem.get("var")
    if not isinstance(expr, sp.Expr) or not isinstance(var, sp.Symbol):
        raise UsageError("--plot needs a function of one variable")
    others = expr.free_symbols - {var}
    if others:
        names = ", ".join(sorted(str(s) for s in others))
        raise UsageError(f"--plot needs a function of {var} alone; {names} has no value (substitute a number)")
    return expr, var


# --- diff: the function and its tangent ---------------------------------------------------------


def paint_tangent(derivation, figure) -> None:
    """f, and at --at the tangent line y = f(a) + f'(a)(x - a) (slope = the answer);
    without --at, f and its derivative (the answer) on one set of axes."""
    import numpy as np

    expr, var = _one_variable(derivation)
    at = derivation.problem.get("at") or {}
    order = int(derivation.problem.get("order", 1))
    axes = figure.add_subplot()
    f = sampler(expr, var)
    a = number(at[var]) if var in at else None
    if a is not None:
        half = max(2.0, 0.6 * abs(a))
        xs = np.linspace(a - half, a + half, SAMPLES)
    else:
        xs = np.linspace(-5, 5, SAMPLES)
    ys = f(xs)
    axes.plot(xs, ys, color=POSITIVE, lw=2, gid="function", label=mathtext(sp.Eq(sp.Function("f")(var), expr, evaluate=False)))
    shown = [ys]
    fa = None
    if a is not None:
        fa = float(f(np.array([a]))[0]) if np.isfinite(f(np.array([a]))[0]) else None
        slope = number(derivation.answer)
        if order == 1 and fa is not None and slope is not None:
            tangent = fa + slope * (xs - a)
            axes.plot(xs, tangent, color=RIGHT, lw=1.6, ls="--", gid="tangent",
                      label=f"tangent at ${latex_math(var)} = {latex_math(at[var])}$, slope ${latex_math(derivation.answer)}$")
            shown.append(tangent)
        if fa is not None:
            axes.plot([a], [fa], "o", color="black", zorder=5, gid="point-of-tangency")
            axes.annotate(f"$({latex_math(at[var])},\\ {_short(fa)})$", (a, fa), textcoords="offset points",
                          xytext=(8, -14))
    else:
        derivative = derivation.answer
        if isinstance(derivative, sp.Expr) and derivative.free_symbols <= {var}:
            dys = sampler(derivative, var)(xs)
            prime = "'" * order if order <= 3 else f"^{{({order})}}"
            label = f"f{prime}({latex_math(var)}) = {latex_math(derivative)}"
            axes.plot(xs, dys, color=RIGHT, lw=1.6, ls="--", gid="derivative", label=mathtext(label, fallback=lambda: "derivative"))
            shown.append(dys)
    axes.set_ylim(*y_window(np.concatenate(shown), fa))
    _finish(axes, var, derivation)


def _short(value: float) -> str:
    return f"{value:.4g}"


# --- integrate: the signed area -----------------------------------------------------------------


def paint_area(derivation, figure) -> None:
    """The curve over [a, b] with the area above the axis in one colour and below in
    another; the value in the title is the answer.  Infinite bounds are cut to a window."""
    import numpy as np

    problem = derivation.problem
    if "from" not in problem or "to" not in problem:
        raise UsageError("--plot shows a definite integral: give bounds with --from and --to")
    expr, var = _one_variable(derivation)
    lower, upper = problem["from"], problem["to"]
    a, b = number(lower), number(upper)
    if a is None and b is None:
        a, b = -6.0, 6.0
    elif a is None:
        a = b - 10.0
    elif b is None:
        b = a + 10.0
    flipped = a > b
    lo, hi = min(a, b), max(a, b)
    pad = 0.12 * (hi - lo)
    f = sampler(expr, var)
    xs = np.linspace(lo - pad, hi + pad, SAMPLES)
    ys = f(xs)
    inside = np.linspace(lo, hi, SAMPLES)
    yi = f(inside)
    axes = figure.add_subplot()
    axes.axhline(0, color="black", lw=0.8)
    axes.plot(xs, ys, color="black", lw=1.8, gid="function", label=mathtext(sp.Eq(sp.Function("f")(var), expr, evaluate=False)))
    filled = np.where(np.isfinite(yi), yi, 0.0)
    if (filled > 0).any():
        axes.fill_between(inside, filled, 0, where=filled >= 0, interpolate=True, color=POSITIVE, alpha=0.4, gid="positive-area",
                          label="positive area" if not flipped else "positive part (counts negatively: b < a)")
    if (filled < 0).any():
        axes.fill_between(inside, filled, 0, where=filled <= 0, interpolate=True, color=NEGATIVE, alpha=0.4, gid="negative-area",
                          label="negative area" if not flipped else "negative part (counts positively: b < a)")
    for bound, value in ((lower, a), (upper, b)):
        if number(bound) is not None:
            axes.axvline(value, color="gray", lw=0.8, ls=":")
    if number(lower) is None or number(upper) is None:
        axes.text(0.99, 0.02, "window of an improper integral: the area continues to infinity",
                  transform=axes.transAxes, ha="right", va="bottom", fontsize=8, color="gray")
    axes.set_ylim(*y_window(np.concatenate([ys, [0.0]])))
    _finish(axes, var, derivation)


# --- limit: the function near the point -----------------------------------------------------------


def paint_limit(derivation, figure) -> None:
    """Both sides of the point in two colours (only the chosen side for a one-sided limit),
    the limit as a dashed line and an open circle (a hole: the function need not be
    defined there), the value f(a) as a filled dot when it exists and differs."""
    import numpy as np

    expr, var = _one_variable(derivation)
    point, side = derivation.problem.get("point"), derivation.problem.get("side", "both")
    limit_value = number(derivation.answer)
    f = sampler(expr, var)
    axes = figure.add_subplot()
    p = number(point)
    shown = []
    if p is None:  # x -> +oo or -oo
        sign = 1 if point == sp.oo else -1
        xs = sign * np.geomspace(0.1, 60, SAMPLES)
        ys = f(xs)
        axes.plot(xs, ys, color=RIGHT if sign > 0 else LEFT, lw=2,
                  label=f"${latex_math(var)} \\to {latex_math(point)}$")
        shown.append(ys)
    else:
        half = max(1.0, 0.5 * abs(p))
        t = 1 - np.geomspace(1e-4, 1, SAMPLES)[::-1]  # dense near the point
        sides = {"left": p - half * (1 - t), "right": p + half * (1 - t)}
        for name, colour in (("left", LEFT), ("right", RIGHT)):
            xs = np.sort(sides[name])
            ys = _break_jumps(xs, f(xs))
            chosen = side in ("both", name)
            axes.plot(xs, ys, color=colour if chosen else "lightgray", lw=2 if chosen else 1.2, gid=f"{name}-side",
                      label=f"from the {name}" if chosen else f"{name} side (not used)")
            shown.append(ys)
            end = ys[-1] if name == "left" else ys[0]  # the sample nearest the point
            if chosen and np.isfinite(end) and (limit_value is None or abs(end - limit_value) > 1e-3):
                axes.plot([p], [end], "o", markersize=8, markerfacecolor="white", markeredgecolor=colour,
                          markeredgewidth=1.6, zorder=7, gid=f"{name}-end")  # where this side is heading
        axes.axvline(p, color="gray", lw=0.8, ls=":")
        fp = f(np.array([p]))[0]
        if np.isfinite(fp) and (limit_value is None or abs(fp - limit_value) > 1e-9 * max(1.0, abs(fp))):
            axes.plot([p], [fp], "o", color="black", zorder=6, gid="value-at-point", label=f"$f({latex_math(point)})$")
            shown.append(np.array([fp]))
    if limit_value is not None:
        axes.axhline(limit_value, color="black", lw=0.9, ls="--", gid="limit-line", label=f"limit ${latex_math(derivation.answer)}$")
        if p is not None:
            axes.plot([p], [limit_value], "o", markersize=9, markerfacecolor="white", markeredgecolor="black",
                      markeredgewidth=1.6, zorder=7, gid="limit-hole")
    elif derivation.answer in (sp.oo, -sp.oo):
        axes.annotate(f"${latex_math(derivation.answer)}$", xy=(0.5, 0.97 if derivation.answer == sp.oo else 0.03),
                      xycoords="axes fraction", ha="center", va="top" if derivation.answer == sp.oo else "bottom")
    # The window comes from evenly spaced samples: the dense ones near a pole would stretch it.
    if p is None:
        even = f(sign * np.linspace(0.1, 60, SAMPLES))
    else:
        even = f(np.linspace(p - half, p + half, SAMPLES))
    axes.set_ylim(*y_window(even, limit_value, *[float(v[0]) for v in shown if v.size == 1]))
    _finish(axes, var, derivation)


def _break_jumps(xs, ys):
    """NaN at a jump so that a pole is not joined by a vertical line."""
    import numpy as np

    ys = ys.copy()
    finite = ys[np.isfinite(ys)]
    if finite.size < 3:
        return ys
    scale = np.percentile(np.abs(finite), 90) or 1.0
    jumps = np.abs(np.diff(ys)) > 20 * scale
    ys[1:][jumps] = np.nan
    return ys


# --- critical: a contour plot --------------------------------------------------------------------


def paint_critical(derivation, figure) -> None:
    """Contours of f(x, y) around its critical points, each marked by its type."""
    import numpy as np

    expr, variables = derivation.problem.get("expr"), tuple(derivation.problem.get("vars") or ())
    if len(variables) != 2:
        raise UsageError(f"--plot draws a contour plot of a function of two variables, not {len(variables)}")
    if expr.free_symbols - set(variables):
        raise UsageError("--plot needs a function of the two variables alone (substitute numbers for the rest)")
    x, y = variables
    points = []
    for point, kind in (derivation.answer or {}).items():
        coords = [number(c) for c in (point if isinstance(point, (tuple, list, sp.Tuple)) else (point,))]
        if len(coords) == 2 and None not in coords:
            points.append((coords[0], coords[1], str(kind)))
    if points:
        xs_, ys_ = [p[0] for p in points], [p[1] for p in points]
        cx, cy = (min(xs_) + max(xs_)) / 2, (min(ys_) + max(ys_)) / 2
        half = max(1.5, 0.75 * max(max(xs_) - min(xs_), max(ys_) - min(ys_)))
    else:
        cx, cy, half = 0.0, 0.0, 3.0
    grid_x, grid_y = np.meshgrid(np.linspace(cx - half, cx + half, 241), np.linspace(cy - half, cy + half, 241))
    values = sampler(expr, [x, y])(grid_x, grid_y)
    axes = figure.add_subplot()
    finite = values[np.isfinite(values)]
    if finite.size:
        lo, hi = np.percentile(finite, [2, 98])
        levels = np.linspace(lo, hi, 25) if hi > lo else 10
        filled = axes.contourf(grid_x, grid_y, np.clip(values, lo, hi), levels=levels, cmap="viridis", alpha=0.85)
        axes.contour(grid_x, grid_y, values, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
        figure.colorbar(filled, ax=axes, label=mathtext(sp.Function("f")(x, y)))
    seen = set()
    for index, (px, py, kind) in enumerate(points, 1):
        marker, colour = MARKERS.get(kind, MARKERS["inconclusive"])
        axes.plot([px], [py], marker=marker, color=colour, markersize=11, markeredgecolor="white",
                  markeredgewidth=1.2, ls="none", label=kind if kind not in seen else None, zorder=5,
                  gid=f"critical-{index}-" + kind.replace(" ", "-"))
        seen.add(kind)
    axes.set_aspect("equal")
    axes.set_xlabel(f"${latex_math(x)}$")
    axes.set_ylabel(f"${latex_math(y)}$")
    axes.set_title(mathtext(sp.Eq(sp.Function("f")(x, y), expr, evaluate=False)) + "\ncritical points by type")
    if points:
        axes.legend(loc="best", framealpha=0.9)


# --- shared ----------------------------------------------------------------------------------------


def _finish(axes, var, derivation) -> None:
    from symtutor.render.outline import answer_statement

    axes.set_xlabel(f"${latex_math(var)}$")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="best", fontsize=9, framealpha=0.9)
    if derivation.answer is sp.nan:  # e.g. a two-sided limit whose sides disagree
        axes.set_title(mathtext(derivation.statement) + " does not exist")
    elif isinstance(answer_statement(derivation), tuple):
        axes.set_title(mathtext(derivation.statement))
    else:
        axes.set_title(mathtext(answer_statement(derivation)))


PAINTERS = {"diff": paint_tangent, "integrate": paint_area, "limit": paint_limit, "critical": paint_critical}
