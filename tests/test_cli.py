"""The command line: exit codes, status, rejects export, configuration errors."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from pipelines import sample
from pipelines.__main__ import main
from tests.conftest import dir_args, run
from tests.landing_files import write_table

PROJECT = Path(__file__).resolve().parent.parent


def _cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_run_publishes_and_status_shows_it(settings):
    dirs = dir_args(settings)
    done = _cli("run", *dirs)
    assert done.returncode == 0, done.stderr
    assert "step=validate_parcours status=done" in done.stderr  # plain lines when not a terminal
    shown = _cli("status", *dirs)
    assert shown.returncode == 0
    assert "Served build: " in shown.stdout and "data as of 24/11/2026" in shown.stdout
    assert "published" in shown.stdout


def test_missing_configuration_exits_with_2(tmp_path):
    env = {"PATH": "/usr/bin:/bin"}
    done = _cli("run", env=env)
    assert done.returncode == 2
    assert "COPILOTE_LANDING_DIR" in done.stderr
    missing = _cli("run", "--landing", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_bad_threshold_is_a_configuration_error(settings, monkeypatch, capsys):
    monkeypatch.setenv("COPILOTE_MAX_QUARANTINE_SHARE", "cinq pour cent")
    code = main(["run", *dir_args(settings)])
    assert code == 2
    assert "COPILOTE_MAX_QUARANTINE_SHARE" in capsys.readouterr().err


def test_rejects_export_for_the_source_owner(settings, landing_dir, tmp_path, capsys):
    tables = sample.tables()
    tables["solutions"][0]["status"] = "terminee"
    write_table(landing_dir / sample.SAMPLE_DAY, "solutions", tables["solutions"])
    failed = run(settings)
    assert failed.exit_code == 1
    out = tmp_path / "rejets.csv"
    code = main(
        [
            "rejects",
            "--run",
            failed.run_id,
            "--out",
            str(out),
            *dir_args(settings),
        ]
    )
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:4] == ["livraison", "fichier", "table", "ligne"]
    assert rows[1] == [
        sample.SAMPLE_DAY,
        "solutions.csv",
        "solutions",
        "2",
        "SOL01",
        "status",
        "unknown_code",
        "code hors de la liste autorisée",
        "terminee",
    ]
    assert (
        main(
            [
                "rejects",
                "--run",
                "nope",
                "--out",
                str(out),
                *dir_args(settings),
            ]
        )
        == 1
    )


def test_publish_command_refuses_an_unknown_build(settings, published, capsys):
    code = main(
        [
            "publish",
            "--build",
            "20000101T000000Z-000000",
            *dir_args(settings),
        ]
    )
    assert code == 1
    assert "no kept build" in capsys.readouterr().err
