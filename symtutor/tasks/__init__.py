"""Text in, Derivation out: the glue between the parser and each engine, one module per
command group.  The CLI and the Python API both call these, so an option means the same
thing in both.  Shared option parsing lives in ``options``.
"""
