"""Limits with steps, split into small modules (see ``symtutor.engine.limits`` for the entry point).

numeric   values approaching the point (mpmath intervals): evidence and signs
forms     the limit laws as a calculator; names the indeterminate form
problem   the problem x -> a (side), written forms
solver    the driver: laws first, else the form's strategies in a teacher's order
algebra   factor/cancel, conjugate, common denominator, dominant power/term, changes of variable
standard  standard limits with u = ... explicit, and (1 + u)^(1/u) -> e
lhopital  L'Hopital (0/0, oo/oo only), 0·oo -> quotient, powers -> e^(ln ...)
growth    growth rates at infinity, squeeze theorem, series expansion
check     verification: SymPy's limit, the numerical approach, every step
"""
