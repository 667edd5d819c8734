"""Two schemas with one name would share one entry of the OpenAPI document: the second silently
replaces the first, and the docs describe one operation with another's fields."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from ninja import Schema

import msj.api.routers


def test_schema_names_are_unique_or_the_same_schema() -> None:
    by_name: dict[str, dict[str, type[Schema]]] = defaultdict(dict)
    for module_info in pkgutil.iter_modules(msj.api.routers.__path__):
        module = importlib.import_module(f"msj.api.routers.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                by_name[value.__name__][module.__name__] = value
    clashes = {
        name: sorted(classes)
        for name, classes in by_name.items()
        if len({str(c.model_json_schema()) for c in classes.values()}) > 1
    }
    assert not clashes, f"schemas sharing a name but not their fields: {clashes}"
