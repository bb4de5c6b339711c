"""The Dash app: reads the served build read-only through the `queries` package (see app.py)."""
