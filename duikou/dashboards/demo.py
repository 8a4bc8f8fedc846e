"""The demo's dashboards: nothing of their own to add, only the figures rebuilt from the demo records loaded by
the apps before this one (INSTALLED_APPS order), so the demo dashboard is alive from the start. Idempotent: a
second run rebuilds them again."""

from __future__ import annotations

from .models import Refresh
from .services import figures_refresh


def load(*, stdout) -> None:
    refresh = figures_refresh(trigger=Refresh.Trigger.JOB)
    stdout.write(f"Dashboards: {refresh.rows} figure(s) refreshed.")
