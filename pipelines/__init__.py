"""Nightly pipeline: landing deliveries → validated, audited, atomically published DuckDB builds."""
