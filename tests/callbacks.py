"""Crafting Dash callback requests as anyone can: a POST to `/_dash-update-component` with any
values for a callback's inputs and states, built from the app's callback map (the same JSON
body the browser sends, see dashboard/bench)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

UPDATE = "/_dash-update-component"
FILTER_NAMES = ("periode", "du", "au", "region", "zone", "financeur", "programme", "public")


def server_callbacks(app) -> dict[str, dict]:
    """The callbacks that run on the server (clientside ones have no Python function)."""
    return {key: spec for key, spec in app.callback_map.items() if "callback" in spec}


def outputs(key: str) -> list[dict] | dict:
    """The body's `outputs` for a callback map key: '..a.b...c.d..' (several) or 'a.b'."""

    def one(text: str) -> dict:
        identifier, prop = text.rsplit(".", 1)
        return {"id": identifier, "property": prop.split("@", 1)[0]}

    if key.startswith(".."):
        return [one(part) for part in key.strip(".").split("...")]
    return one(key)


def _items(spec: dict, value: Callable[[Any, str], Any]) -> list:
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
    changed = f"{json.dumps(first['id']) if isinstance(first['id'], dict) else first['id']}"
    return {
        "output": key,
        "outputs": outputs(key),
        "inputs": inputs,
        "state": _items(spec.get("state", []), value),
        "changedPropIds": [f"{changed}.{first['property']}"],
    }


def post(client, key: str, spec: dict, value: Callable[[Any, str], Any]):
    return client.post(
        UPDATE, data=json.dumps(body(key, spec, value)), content_type="application/json"
    )


def page(client, pathname: str, search: str = ""):
    """The page content for a URL, as Dash's pages router answers it (JSON)."""
    return post(
        client,
        ".._pages_content.children..._pages_store.data..",
        {
            "inputs": [
                {"id": "_pages_location", "property": "pathname"},
                {"id": "_pages_location", "property": "search"},
            ]
        },
        lambda i, p: pathname if p == "pathname" else search,
    )


def texts(tree: Any) -> list[str]:
    """Every string in a JSON answer (component children, props, options)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return found


def by_id(tree: Any, identifier: str) -> dict | None:
    """The component with that id in a JSON answer."""
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == identifier:
            return tree
        for value in tree.values():
            found = by_id(value, identifier)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for value in tree:
            found = by_id(value, identifier)
            if found is not None:
                return found
    return None
