"""CKAN's Action API over the open-data catalogue, so that tools made for CKAN portals
work against Rathaus unchanged (see docs/ckan.md)."""
