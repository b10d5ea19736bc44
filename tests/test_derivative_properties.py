"""Property: random expressions built from the supported functions differentiate with
every step verified and the answer equal to SymPy's."""
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symtutor.engine.derivatives import explain_derivative
from symtutor.functions import sigmoid

x = sp.Symbol("x")

UNARY = [sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.sqrt, sp.atan, sp.sinh, sp.cosh, sp.tanh, sigmoid,
         sp.asinh, lambda e: e**2, lambda e: e**3, lambda e: 1 / e]
leaves = st.one_of(st.just(x), st.integers(1, 5).map(sp.Integer), st.just(2 * x + 1))


def combine(children):
    unary = st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0](t[1]))
    binary = st.tuples(st.sampled_from([sp.Add, sp.Mul, lambda a, b: a / b]), children, children).map(
        lambda t: t[0](t[1], t[2]))
    return st.one_of(unary, binary)


expressions = st.recursive(leaves, combine, max_leaves=5).filter(
    lambda e: e.has(x) and e.is_finite is not False and not e.has(sp.zoo, sp.nan))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_random_expressions_differentiate_verified(expr):
    derivation = explain_derivative(expr, x)
    assert derivation.verified, (expr, derivation.checks)
    assert derivation.complete
