"""Writes of the defect reporter, one module per area: reporting, the staff workflow,
the questionnaire and the town's settings."""
