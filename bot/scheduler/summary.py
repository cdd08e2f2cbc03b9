"""What one run of the scheduler did, as one line for the log and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass
class WorkspaceRun:
    """One workspace's part: each feature's report (its ``summary()``) or failure."""

    team: str
    reports: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # feature -> what went wrong
    paused: str | None = None  # Slack refused the token: the reason

    def text(self) -> str:
        parts = [f"{name} {_said(report)}" for name, report in self.reports.items()]
        parts += [f"{name} failed ({error})" for name, error in self.errors.items()]
        if self.paused is not None:
            parts.append(f"paused: Slack refused the token ({self.paused})")
        return f"{_label(self.team)}: " + ("; ".join(parts) or "nothing due")


@dataclass
class TickSummary:
    """Every workspace's run and every workspace skipped, with the reason."""

    now: datetime
    runs: list[WorkspaceRun] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (team, reason)
    errors: list[str] = field(default_factory=list)  # the housekeeping's

    def report(self, team: str, feature: str) -> object | None:
        """The report ``feature``'s tick returned in ``team`` (None: it did not run)."""
        run = next((r for r in self.runs if r.team == team), None)
        return run.reports.get(feature) if run is not None else None

    @property
    def failed(self) -> bool:
        """True when something failed that a retry will not fix by itself this minute."""
        return bool(self.errors) or any(r.errors for r in self.runs)

    def line(self) -> str:
        at = self.now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
        parts = [run.text() for run in self.runs]
        parts += [f"{_label(team)} skipped: {reason}" for team, reason in self.skipped]
        parts += self.errors
        return f"tick {at}: " + (" · ".join(parts) or "nothing due in any workspace")


def _label(team: str) -> str:
    return team or "unassigned workspace"


def _said(report: object) -> str:
    summary = getattr(report, "summary", None)
    if callable(summary):
        text = str(summary())
        head, sep, rest = text.partition(": ")  # "quiz tick 2024-…: 1 due, …"
        return rest if sep and " tick" in head else text
    return "ran"
