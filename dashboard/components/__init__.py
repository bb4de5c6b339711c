"""Pure builders: data → dbc/html trees, no queries, no callbacks."""
