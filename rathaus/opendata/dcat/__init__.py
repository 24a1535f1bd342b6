"""The DCAT-AP.de 3.0 catalogue of the town's published datasets, as GovData's DCAT-AP.de
harvester and the Land portals read it: ``/catalog.ttl|.rdf|.jsonld`` paged with Hydra, one
document per dataset, and stable URIs (``/daten/id/<uuid>``) that survive renaming."""
