"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the defect reporter as a
standard API for city apps and regional portals.

The standard's words map onto our models: a *service* is a ``DefectCategory`` (its
``code`` is the ``service_code``), a service definition's *attributes* are the category's
``CategoryAttribute`` questions, a *service request* is a public ``DefectReport`` (its
``number`` is the ``service_request_id``), and ``api_key`` belongs to an
``Open311Client`` approved by staff. Modules: ``encoding`` (XML and JSON as the
specification writes them, errors, dates), ``params`` (arguments), ``reads`` (the GET
methods), ``clients`` (keys), ``posting`` (POST Service Request), ``views``.
"""
