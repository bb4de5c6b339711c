"""Progress per step: a live line on a terminal, plain timestamped lines in a log."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO


@dataclass
class Step:
    label: str
    rows: int | None = None
    note: str = ""


class Reporter:
    def __init__(self, stream: TextIO | None = None, live: bool | None = None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live

    def say(self, message: str) -> None:
        if self.live:
            print(message, file=self.stream, flush=True)
        else:
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            print(f"{stamp} {message}", file=self.stream, flush=True)

    @contextmanager
    def step(self, label: str) -> Iterator[Step]:
        step = Step(label)
        started = time.perf_counter()
        if self.live:
            print(f"  … {label}", end="\r", file=self.stream, flush=True)
        try:
            yield step
        except BaseException:
            self._finish(step, time.perf_counter() - started, failed=True)
            raise
        self._finish(step, time.perf_counter() - started, failed=False)

    def _finish(self, step: Step, seconds: float, failed: bool) -> None:
        rows = f"{step.rows:>12,} rows".replace(",", " ") if step.rows is not None else " " * 17
        note = f"  {step.note}" if step.note else ""
        if self.live:
            mark = "✗" if failed else "✓"
            print(
                f"\033[2K  {mark} {step.label:<34}{rows} {seconds:7.2f} s{note}",
                file=self.stream,
                flush=True,
            )
        else:
            status = "failed" if failed else "done"
            count = f" rows={step.rows}" if step.rows is not None else ""
            self.say(
                f"step={step.label.replace(' ', '_')} status={status}{count} "
                f"seconds={seconds:.2f}{note}"
            )
