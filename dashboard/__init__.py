"""The Dash app: reads the served build read-only through `queries.py` (see app.py)."""
