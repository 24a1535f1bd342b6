"""Pages of the staff area, one module per screen group."""
