"""The Dash app (next issue): reads the served build read-only through `queries.py`."""
