"""Batch progress on stderr: a rich bar on a terminal, plain lines in a log, a summary."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from infokit.batch import Outcome, Report
from infokit.results import Status


class BatchProgress:
    def __init__(self, console: Console, *, quiet: bool) -> None:
        self.console = console
        self.quiet = quiet
        self.done = 0
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.total: int | None = None

    def __enter__(self) -> BatchProgress:
        if not self.quiet and self.console.is_terminal:
            self.bar = Progress(
                TextColumn("[bold]building"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("batch", total=None, failed=0)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def start(self, total: int) -> None:
        """The number of organizations, known once the sources are read."""
        self.total = total
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, total=total)

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        name = outcome.organization or str(outcome.source)
        if self.bar is not None and self.task is not None:
            failed = self.bar.tasks[0].fields["failed"] + (outcome.status == Status.FAILED)
            self.bar.update(self.task, completed=self.done, failed=failed)
            if outcome.status == Status.FAILED:
                self.bar.console.print(f"[red]failed[/] {escape(name)}: {escape(outcome.reason)}")
        elif not self.quiet:
            detail = f": {outcome.reason}" if outcome.status == Status.FAILED else ""
            count = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
            self.console.print(
                f"[{count}] {outcome.status.value} {name}{detail}", markup=False, highlight=False
            )

    @staticmethod
    def summary(console: Console, report: Report) -> None:
        count = len(report.outcomes)
        table = Table(
            title=f"infokit batch: {count} organization{'' if count == 1 else 's'} in {report.seconds:.1f} s"
            + (" (interrupted)" if report.interrupted else "")
        )
        table.add_column("status")
        table.add_column("count", justify="right")
        for status, style in ((Status.BUILT, "green"), (Status.UP_TO_DATE, "cyan"), (Status.FAILED, "red")):
            table.add_row(f"[{style}]{status.value}[/]", str(report.count(status)))
        console.print(table)
        failed = [o for o in report.outcomes if o.status == Status.FAILED]
        if failed:
            reasons = Table(show_header=True, title="failures")
            reasons.add_column("source")
            reasons.add_column("first line of the error")
            for outcome in failed:
                label = f"{outcome.source}" + (f" row {outcome.row}" if outcome.row else "")
                reasons.add_row(
                    escape(label), escape(outcome.reason.splitlines()[0] if outcome.reason else "")
                )
            console.print(reasons)
