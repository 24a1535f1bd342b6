"""The OpenAPI 3.1 description of the Action API at ``/api/3/openapi.json``, generated
from the action table (``registry``): each action's parameters, its result schema and its
help text, so the description cannot drift from what the API does."""

from django.utils.translation import gettext as _

from .registry import actions, list_of, ref

NULLABLE_STRING = {"type": ["string", "null"]}
STRING = {"type": "string"}
TIMESTAMP = {
    "type": ["string", "null"],
    "description": "ISO 8601 in UTC, without offset (CKAN's convention).",
}
EXTRAS = list_of(
    {
        "type": "object",
        "properties": {"key": STRING, "value": STRING},
        "required": ["key", "value"],
    }
)


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
    }


SCHEMAS = {
    "Tag": _object(
        {
            "id": STRING,
            "name": STRING,
            "display_name": STRING,
            "state": STRING,
            "vocabulary_id": NULLABLE_STRING,
        }
    ),
    "License": _object(
        {
            "id": STRING,
            "title": STRING,
            "url": STRING,
            "status": STRING,
            "od_conformance": STRING,
            "osd_conformance": STRING,
            "is_okd_compliant": {"type": "boolean"},
        }
    ),
    "OrganizationSummary": _object(
        {
            "id": STRING,
            "name": STRING,
            "title": STRING,
            "type": {"const": "organization"},
            "description": STRING,
            "image_url": STRING,
            "created": TIMESTAMP,
            "is_organization": {"const": True},
            "approval_status": STRING,
            "state": STRING,
        }
    ),
    "GroupSummary": _object(
        {
            "id": STRING,
            "name": STRING,
            "title": STRING,
            "display_name": STRING,
            "description": STRING,
            "image_display_url": STRING,
        }
    ),
    "Resource": _object(
        {
            "id": STRING,
            "package_id": STRING,
            "name": STRING,
            "description": STRING,
            "format": STRING,
            "mimetype": NULLABLE_STRING,
            "url": {"type": "string", "description": "Absolute; an upload's download address."},
            "url_type": {"enum": ["upload", None]},
            "size": {"type": ["integer", "null"]},
            "created": TIMESTAMP,
            "last_modified": TIMESTAMP,
            "datastore_active": {"type": "boolean"},
            "position": {"type": "integer"},
            "state": STRING,
            "schema": {"type": "object", "description": "Frictionless Table Schema."},
        },
        required=[
            "id",
            "package_id",
            "name",
            "description",
            "format",
            "mimetype",
            "url",
            "url_type",
            "size",
            "created",
            "last_modified",
            "datastore_active",
            "position",
            "state",
        ],
    ),
    "Package": _object(
        {
            "id": STRING,
            "name": STRING,
            "title": STRING,
            "notes": STRING,
            "type": {"const": "dataset"},
            "state": {"enum": ["active", "draft"]},
            "private": {"type": "boolean"},
            "license_id": STRING,
            "license_title": STRING,
            "license_url": STRING,
            "isopen": {"type": "boolean"},
            "url": STRING,
            "version": STRING,
            "author": STRING,
            "author_email": STRING,
            "maintainer": STRING,
            "maintainer_email": STRING,
            "metadata_created": TIMESTAMP,
            "metadata_modified": TIMESTAMP,
            "owner_org": STRING,
            "organization": ref("OrganizationSummary"),
            "groups": list_of(ref("GroupSummary")),
            "tags": list_of(ref("Tag")),
            "num_tags": {"type": "integer"},
            "resources": list_of(ref("Resource")),
            "num_resources": {"type": "integer"},
            "extras": EXTRAS,
        }
    ),
    "Organization": {
        "allOf": [
            ref("OrganizationSummary"),
            _object(
                {
                    "display_name": STRING,
                    "package_count": {"type": "integer"},
                    "packages": list_of(ref("Package")),
                },
                required=["display_name", "package_count"],
            ),
        ]
    },
    "Group": {
        "allOf": [
            ref("GroupSummary"),
            _object(
                {
                    "type": {"const": "group"},
                    "package_count": {"type": "integer"},
                    "extras": EXTRAS,
                    "packages": list_of(ref("Package")),
                },
                required=["type", "package_count", "extras"],
            ),
        ]
    },
    "Status": _object(
        {
            "site_title": STRING,
            "site_url": STRING,
            "ckan_version": STRING,
            "locale_default": STRING,
            "extensions": list_of(STRING),
        }
    ),
    "FacetItem": _object({"name": STRING, "display_name": STRING, "count": {"type": "integer"}}),
    "PackageSearchResult": _object(
        {
            "count": {"type": "integer"},
            "sort": STRING,
            "results": list_of(ref("Package")),
            "facets": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                },
            },
            "search_facets": {
                "type": "object",
                "additionalProperties": _object(
                    {"title": STRING, "items": list_of(ref("FacetItem"))}
                ),
            },
        }
    ),
    "DatastoreField": _object({"id": STRING, "type": STRING}),
    "DatastoreSearchResult": _object(
        {
            "resource_id": STRING,
            "fields": list_of(ref("DatastoreField")),
            "records": list_of({"type": "object"}),
            "total": {"type": ["integer", "null"]},
            "limit": {"type": "integer"},
            "_links": _object({"start": STRING, "next": STRING, "prev": STRING}, ["start", "next"]),
        },
        required=["resource_id", "fields", "records", "limit", "_links"],
    ),
    "DatastoreSqlResult": _object(
        {
            "sql": STRING,
            "fields": list_of(ref("DatastoreField")),
            "records": list_of({"type": "object"}),
        }
    ),
    "Error": {
        "type": "object",
        "properties": {
            "__type": {
                "enum": [
                    "Not Found Error",
                    "Validation Error",
                    "Authorization Error",
                    "Search Query Error",
                    "Internal Server Error",
                ]
            },
            "message": STRING,
        },
        "required": ["__type"],
        "additionalProperties": {
            "description": "Validation Error: the messages of each field.",
        },
    },
    "ErrorEnvelope": _object(
        {"help": STRING, "success": {"const": False}, "error": ref("Error")},
    ),
    "BadRequest": {
        "type": "string",
        "description": "CKAN answers requests it cannot read with a bare JSON string.",
        "examples": ["Bad request - Action name not known: package_shw"],
    },
}


def _schema(kind: str, param) -> dict:
    schema = {
        "string": {"type": "string"},
        "integer": {"type": "integer"},
        "boolean": {"type": "boolean"},
        "json_list": list_of(STRING),
        "name_list": {"oneOf": [list_of(STRING), STRING]},
        "json_object": {"type": "object"},
        "list": {"type": "array"},
        "object": {"type": "object"},
        "file": {"type": "string", "format": "binary"},
        "any": {},
    }[kind]
    if param.minimum is not None:
        schema["minimum"] = param.minimum
    if param.maximum is not None:
        schema["description"] = f"{param.description} Larger values count as {param.maximum}."
    else:
        schema["description"] = param.description
    if param.default not in (None, "", []):
        schema["default"] = param.default
    return schema


def _query_parameter(param) -> dict:
    parameter = {"name": param.name, "in": "query", "required": param.required}
    if param.kind in {"json_list", "json_object"}:
        # JSON text in the query string, e.g. facet.field=["tags"]
        parameter["content"] = {"application/json": {"schema": _schema(param.kind, param)}}
    elif param.kind == "name_list":
        parameter["schema"] = {"type": "string", "description": param.description}
    else:
        parameter["schema"] = _schema(param.kind, param)
    return parameter


def _body(params) -> dict:
    schema = {
        "type": "object",
        "properties": {param.name: _schema(param.kind, param) for param in params},
    }
    required = [param.name for param in params if param.required]
    if required:
        schema["required"] = required
    content = {"application/json": {"schema": schema}}
    if any(param.kind == "file" for param in params):
        content["multipart/form-data"] = {"schema": schema}
    return {"required": bool(required), "content": content}


def _responses(item) -> dict:
    envelope = _object(
        {
            "help": {"type": "string", "description": "The address of help_show for the action."},
            "success": {"const": True},
            "result": item.result,
        }
    )
    error = {"content": {"application/json": {"schema": ref("ErrorEnvelope")}}}
    return {
        "200": {"description": "Success", "content": {"application/json": {"schema": envelope}}},
        "400": {
            "description": "Bad request (unreadable data, wrong method) or Search Query Error",
            "content": {
                "application/json": {"schema": {"oneOf": [ref("BadRequest"), ref("ErrorEnvelope")]}}
            },
        },
        "403": {"description": "Authorization Error", **error},
        "404": {"description": "Not Found Error", **error},
        "409": {"description": "Validation Error", **error},
    }


def describe(request) -> dict:
    paths = {}
    for item in actions().values():
        security = [{"apiToken": []}] if not item.side_effect_free else [{}, {"apiToken": []}]
        common = {
            "summary": item.summary,
            "description": item.doc,
            "tags": ["read" if item.side_effect_free else "write"],
            "security": security,
            "responses": _responses(item),
        }
        operations = {
            "post": {
                **common,
                "operationId": f"{item.name}_post",
                "requestBody": _body(item.params),
            }
        }
        if item.side_effect_free:
            operations["get"] = {
                **common,
                "operationId": item.name,
                "parameters": [_query_parameter(param) for param in item.params if param.in_query],
            }
        paths[f"/api/3/action/{item.name}"] = operations
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("CKAN Action API of %(town)s") % {"town": request.town.name},
            "version": "3",
            "description": _(
                "CKAN-compatible Action API of the open-data portal. Every action also "
                "answers under /api/action/<name>. Reading actions take GET (query string) "
                "or POST (JSON); writing actions take POST with a data steward's API token."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "tags": [
            {"name": "read", "description": _("Open to everyone; published datasets only.")},
            {"name": "write", "description": _("For data stewards' API tokens.")},
        ],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "apiToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": _(
                        "A staff API token: 'Authorization: <token>', 'Authorization: Bearer "
                        "<token>' or the header X-CKAN-API-Key."
                    ),
                }
            },
        },
    }
