"""Reads for regions, pairings and the catalogue."""

from django.db.models import Count, Prefetch, Q

from duikou.core.roles import NATIONAL_ROLES

from .models import Agreement, KeyTask, KeyTaskGroup, Pairing

# The parent pairing is prefetched rather than joined: a seven-table join cost PostgreSQL about 8 ms of
# planning per page at national scale (bench/), one extra small query costs well under 1 ms.
PAIRING_RELATED = ("northeast", "east", "source_document")
PAIRING_PREFETCH = (Prefetch("parent", queryset=Pairing.objects.select_related("northeast", "east")),)


def pairing_queryset():
    return Pairing.objects.select_related(*PAIRING_RELATED).prefetch_related(*PAIRING_PREFETCH)


def pairing_list_for_home(*, user):
    """The user's own pairings (national roles: all of them), with how many agreements each has."""
    qs = pairing_queryset().annotate(
        agreement_count=Count("agreements", filter=Q(agreements__in=Agreement.objects.for_user(user, "view")))
    )
    return qs.filter(pk__in=pairings_of(user=user).values("pk"))


def catalogue_groups():
    return KeyTaskGroup.objects.select_related("document").prefetch_related(
        Prefetch("tasks", queryset=KeyTask.objects.order_by("code"))
    )


def pairings_of(*, user):
    """The pairings a user works on: all for national roles, otherwise those with a side in its regions.
    Used to narrow every pairing choice (forms, filters, API) the same way."""
    if not getattr(user, "is_authenticated", False):
        return Pairing.objects.none()
    qs = Pairing.objects.select_related("northeast", "east")
    if user.scope.roles & NATIONAL_ROLES:
        return qs
    return qs.filter(pk__in=user.scope.pairing_ids)


def pairing_coordinators(*, pairing: Pairing, side: str | None = None):
    """The coordinators of one side (``northeast`` or ``east``) or both sides of a pairing: those granted
    the side's region or, for a city, its province."""
    from duikou.accounts.selectors import users_with_roles
    from duikou.core.roles import Role

    regions = []
    for name in ([side] if side else ["northeast", "east"]):
        region = getattr(pairing, name)
        if region is not None:
            regions += [region.code] + ([region.parent_id] if region.parent_id else [])
    return users_with_roles(roles=[Role.COORDINATOR], regions=regions)


def side_codes(pairings) -> set[str]:
    """The regions on either side of the pairings (their codes)."""
    return {code for pairing in pairings for code in pairing.sides}


def side_regions(pairings):
    """The regions of the pairings' sides and their cities: where a project or park of them may be."""
    from .models import Region

    codes = side_codes(pairings)
    return Region.objects.filter(Q(code__in=codes) | Q(parent__in=codes))
