"""Writes of petitions: sending (``submission``), the e-file (``efile``), the staff's
handling (``handling``) and the list of addressees (``addressees``)."""
