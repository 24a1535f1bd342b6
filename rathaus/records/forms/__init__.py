"""Forms of the e-file."""
