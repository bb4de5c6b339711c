"""`python -m dashboard.bench`: the dashboard against a large build (issue 5).

Record, then replay. The real app (gunicorn, as `make serve` runs it) serves a build of N
parcours; headless Chromium opens each page's typical URLs (`cases.CASES`), performs the listed
interactions and records every callback request the page fires (`browser`). A fresh child
process then replays each recorded request through Flask's test client and splits its server
time into query, build, serialisation and the rest (`replay`). The first load of each page is
timed in the browser until every chart has drawn. `report` writes the tables.
"""
