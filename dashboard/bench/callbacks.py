"""Dash callback requests as the browser sends them, built from the app's callback map: the
JSON body of a POST to `/_dash-update-component` for a callback, given a value for each of its
inputs and states (the load test's users, and the tests' crafted requests)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

UPDATE = "/_dash-update-component"
PAGES_ROUTER = ".._pages_content.children..._pages_store.data.."
FILTER_NAMES = ("periode", "du", "au", "region", "zone", "financeur", "programme", "public")


def server_callbacks(callback_map: dict) -> dict[str, dict]:
    """The callbacks that run on the server (clientside ones have no Python function)."""
    return {key: spec for key, spec in callback_map.items() if "callback" in spec}


def outputs(key: str) -> list[dict] | dict:
    """The body's `outputs` for a callback map key: '..a.b...c.d..' (several) or 'a.b'."""

    def one(text: str) -> dict:
        identifier, prop = text.rsplit(".", 1)
        return {"id": identifier, "property": prop.split("@", 1)[0]}

    if key.startswith(".."):
        return [one(part) for part in key.strip(".").split("...")]
    return one(key)


def _items(spec: list, value: Callable[[Any, str], Any]) -> list:
    items = []
    for entry in spec:
        identifier, prop = entry["id"], entry["property"]
        if identifier.startswith("{"):  # a pattern (ALL): one item per filter control
            pattern = json.loads(identifier)
            concrete = [{**pattern, "name": name} for name in FILTER_NAMES]
            items.append([{"id": c, "property": prop, "value": value(c, prop)} for c in concrete])
        else:
            items.append({"id": identifier, "property": prop, "value": value(identifier, prop)})
    return items


def body(key: str, spec: dict, value: Callable[[Any, str], Any]) -> dict:
    """The request for callback `key` with `value(id, property)` for every input and state."""
    inputs = _items(spec["inputs"], value)
    first = inputs[0][0] if isinstance(inputs[0], list) else inputs[0]
    changed = json.dumps(first["id"]) if isinstance(first["id"], dict) else first["id"]
    return {
        "output": key,
        "outputs": outputs(key),
        "inputs": inputs,
        "state": _items(spec.get("state", []), value),
        "changedPropIds": [f"{changed}.{first['property']}"],
    }


def page_body(pathname: str, search: str) -> dict:
    """Dash's pages router asked for the page at a URL."""
    spec = {"inputs": [{"id": "_pages_location", "property": "pathname"},
                       {"id": "_pages_location", "property": "search"}]}  # fmt: skip
    return body(PAGES_ROUTER, spec, lambda i, p: pathname if p == "pathname" else search)
