"""The topic engines: SymPy in, ``Derivation`` out.  Pure: no printing, no files."""
