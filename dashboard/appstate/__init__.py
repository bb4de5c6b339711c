"""The app-state database (ARCHITECTURE.md contract 2): what people write through the app —
accounts, login attempts, the audit log; later decisions, actions and meeting snapshots — in its
own SQLite file (`COPILOTE_APP_DB`), apart from the rebuildable warehouse.

- `db`: one connection per thread and file, WAL mode, schema migrations (`migrations/NNNN_*.sql`)
  applied once per process, with a backup of the file before each.
- `users`: accounts, roles and passwords (slow hash, `dashboard.passwords`).
- `attempts`: login attempts, for rate limits per account and address.
- `audit`: one event per data response, export, login and account change; 12 months kept.
"""
