"""Invented figures of the demo town's open-data catalogue (see ``tables``)."""
