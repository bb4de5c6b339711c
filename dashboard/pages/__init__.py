"""One module per page: `register_page`, `layout(**query)` as a function, its own callbacks.

Dash imports these modules when the app is created (`dashboard.app.create_app`), not before.
"""
