"""Who reads the dashboards' facts (STYLE convention 4).

A fact is a figure of its pairing: read by the national roles and by the coordinators and reporters of the
pairing's sides, like the records it counts. Nobody writes facts by hand: only ``services.figures_refresh``
rebuilds them. The refreshes themselves (``Refresh``: when, how long, by whom) are the national roles' to read;
the dashboard shows everyone else only the time of the last one."""

from __future__ import annotations

from duikou.core.roles import Role
from duikou.core.scoping import OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}


class FigureQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ}


class RefreshQuerySet(ScopedQuerySet):
    access = {"view": NATIONAL_READ}
