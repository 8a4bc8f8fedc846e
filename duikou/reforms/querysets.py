"""Who sees and keeps reform practices and their replications (STYLE convention 4).

A reform practice (改革创新举措) is a shared catalogue: every back-office user with a regional or national
business role reads all of them; the coordinators of the origin region (a province covers its cities) and
the NDRC office keep them.

A replication (复制推广) belongs to the northeastern region that replicates the practice, and to the pairing
derived from it: its coordinators keep it (as do the eastern side's coordinators of that pairing, a joint
record), its partners read it (``PAIRED``: the eastern partner sees all of its northeastern partner's
replications, paired or not), the national roles read all and the NDRC office keeps all."""

from __future__ import annotations

from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, PAIRED, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

CATALOGUE_READ = {**NATIONAL_READ, Role.COORDINATOR: ALL, Role.REPORTER: ALL}
KEEPERS = {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN}
REPLICATION_READ = {**NATIONAL_READ, Role.COORDINATOR: PAIRED, Role.REPORTER: PAIRED}


class ReformPracticeQuerySet(ScopedQuerySet):
    region_field = "origin"
    access = {"view": CATALOGUE_READ, "add": KEEPERS, "change": KEEPERS, "delete": KEEPERS}


class ReplicationQuerySet(ScopedQuerySet):
    region_field = "region"
    pairing_field = "pairing"
    access = {"view": REPLICATION_READ, "add": KEEPERS, "change": KEEPERS, "delete": KEEPERS}


class ReplicationStatusChangeQuerySet(ScopedQuerySet):
    """The status history is read with its replication; only ``replication_set_status`` writes it."""

    region_field = "replication__region"
    pairing_field = "replication__pairing"
    access = {"view": REPLICATION_READ}
