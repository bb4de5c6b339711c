"""Crafting Dash callback requests as anyone can: a POST to `/_dash-update-component` with any
values for a callback's inputs and states, built from the app's callback map (the same JSON
body the browser sends, see dashboard/bench)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from dashboard.bench.callbacks import (
    UPDATE,
    body,
    page_body,
)
from dashboard.bench.callbacks import server_callbacks as _server_callbacks


def server_callbacks(app) -> dict[str, dict]:
    """The callbacks of `app` that run on the server."""
    return _server_callbacks(app.callback_map)


def post(client, key: str, spec: dict, value: Callable[[Any, str], Any]):
    return client.post(
        UPDATE, data=json.dumps(body(key, spec, value)), content_type="application/json"
    )


def page(client, pathname: str, search: str = ""):
    """The page content for a URL, as Dash's pages router answers it (JSON)."""
    return client.post(UPDATE, data=json.dumps(page_body(pathname, search)),
                       content_type="application/json")  # fmt: skip


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
