import sympy as sp
import pytest


@pytest.fixture
def x():
    return sp.Symbol("x")


@pytest.fixture
def y():
    return sp.Symbol("y")
