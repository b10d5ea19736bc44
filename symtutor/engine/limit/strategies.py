"""Which strategies answer which form, in the order a teacher tries them."""
from __future__ import annotations

from symtutor.engine.limit import algebra, growth, lhopital, standard
from symtutor.engine.limit import forms as F

BY_FORM = {
    F.ZERO_OVER_ZERO: (
        algebra.factor_and_cancel,
        algebra.change_of_variable_for_roots,
        algebra.multiply_by_conjugate,
        algebra.sum_to_product,
        standard.standard_limits,
        algebra.combine_logarithms,
        algebra.factor_numerator,
        lhopital.lhopital,
        growth.series_expansion,
    ),
    F.INF_OVER_INF: (
        algebra.combine_exponentials,
        algebra.reciprocal_variable,
        algebra.divide_by_dominant_power,
        algebra.factor_dominant_term,
        algebra.divide_by_dominant_term,
        growth.growth_rates,
        algebra.reflect,
        lhopital.lhopital,
        growth.series_expansion,
    ),
    F.ZERO_TIMES_INF: (
        standard.standard_limits,
        algebra.combine_exponentials,
        algebra.reciprocal_variable,
        algebra.reflect,
        algebra.hyperbolic_as_exponentials,
        lhopital.product_to_quotient,
        algebra.pull_out_exponentials,
        growth.series_expansion,
    ),
    F.INF_MINUS_INF: (
        algebra.common_denominator,
        algebra.multiply_by_conjugate,
        algebra.factor_dominant_term,
        algebra.pull_out_exponentials,
        algebra.hyperbolic_as_exponentials,
        algebra.reflect,
        growth.series_expansion,
    ),
    F.ONE_TO_INF: (
        standard.e_limit,
        lhopital.exp_log,
        growth.series_expansion,
    ),
    F.ZERO_TO_ZERO: (lhopital.exp_log,),
    F.INF_TO_ZERO: (lhopital.exp_log,),
    F.ZERO_TIMES_BOUNDED: (growth.squeeze,),
}

WHEN_UNKNOWN = (
    algebra.hyperbolic_as_exponentials,
    algebra.combine_exponentials,
    algebra.factor_expression,
    growth.squeeze,
    algebra.reciprocal_variable,
    algebra.reflect,
    algebra.simplify_expression,
    growth.series_expansion,
)


def install(solver) -> None:
    solver.strategies = BY_FORM
    solver.unknown_strategies = WHEN_UNKNOWN
