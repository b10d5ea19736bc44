"""The command line: thin wiring from options to parser, engine and renderer."""
