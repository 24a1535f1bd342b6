"""Writes of the e-file: one module per topic, one function per use case."""
