"""What the participation apps' isolation tests share: core's page walk and refusal check,
and the pages below a process that name an object."""

from rathaus.core.tests.isolation import HOST_B, assert_refused, pages, staff_of_town_b

__all__ = ["HOST_B", "assert_refused", "pages", "process_object_pages", "staff_of_town_b"]


def process_object_pages(namespaces: tuple[str, ...], values: dict) -> dict[str, dict]:
    """The pages below a process that name an object, with their keys from ``values``."""
    return {
        name: {key: values[key] for key in keys | {"process_slug"}}
        for name, keys in pages(namespaces).items()
        if keys - {"process_slug"}
    }
