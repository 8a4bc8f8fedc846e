"""Reads for reform practices and replications: the scoped lists with what a row shows joined, the question
the platform must answer ("which of 广东's practices has 黑龙江 replicated, and since when"), and the
yearly figures by pairing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear

from duikou.core.scoping import ALL

from .models import ReformPractice, Replication, ReplicationStatus, ReplicationStatusChange

PRACTICE_RELATED = ("origin", "key_task")
REPLICATION_RELATED = (
    "practice__origin",
    "practice__key_task",
    "region",
    "pairing__northeast",
    "pairing__east",
)


def practice_list(*, user, queryset=None):
    """The practices the user may view, each with ``replication_count``: the replications of it the user
    may see (so the figure never reveals records outside its scope)."""
    queryset = ReformPractice.objects.all() if queryset is None else queryset
    if Replication.objects.reach(user, "view") == ALL:
        condition = Q()
    else:
        condition = Q(replications__in=Replication.objects.for_user(user, "view").values("pk"))
    return (
        queryset.for_user(user, "view")
        .select_related(*PRACTICE_RELATED)
        .annotate(replication_count=Count("replications", filter=condition, distinct=True))
        .order_by("-created_at", "-id")
    )


def replication_list(*, user, queryset=None):
    queryset = Replication.objects.all() if queryset is None else queryset
    return queryset.for_user(user, "view").select_related(*REPLICATION_RELATED)


def practice_replications(*, user, practice: ReformPractice):
    """The replications of one practice the user may see, oldest status first."""
    return (
        Replication.objects.for_user(user, "view")
        .filter(practice=practice)
        .select_related("region", "pairing__northeast", "pairing__east")
        .order_by("status_since", "id")
    )


def replication_history(*, replication: Replication):
    """The replication's status changes, in the order they happened."""
    return replication.status_changes.select_related("user").order_by("on", "id")


def replications_of(*, user, origin_code: str, region_code: str, status: str | None = None):
    """Which of ``origin_code``'s practices has ``region_code`` replicated, and since when: the replications
    the user may see of practices from that origin (a province covers its cities) in that region (likewise),
    optionally at one ``status``, each with ``status_since`` and its history prefetched, earliest first.
    Goes through ``ReplicationFilterSet`` (the list page's and the API's filters); an unknown code or one
    on the wrong side is refused (``ValidationError``), never ignored."""
    from .filtersets import ReplicationFilterSet

    data = {"origin": origin_code, "region": region_code}
    if status:
        data["status"] = status
    filterset = ReplicationFilterSet(data, queryset=replication_list(user=user))
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.get_json_data())
    history = Prefetch(
        "status_changes", queryset=ReplicationStatusChange.objects.select_related("user").order_by("on", "id")
    )
    return filterset.qs.prefetch_related(history).order_by("status_since", "id")


def replication_figures_by_pairing_year(*, pairing_ids=None) -> list[dict]:
    """Rows ``{"pairing_id", "year", "replicated"}``: how many replications reached "replicated" in each
    year, by pairing, from the status history (a replication that reached it twice in one year counts
    once). Counting basis: the date of the change to "replicated"; replications of no pairing are left out.
    One aggregate query; unscoped (for the figures of the pairings the caller already chose)."""
    changes = ReplicationStatusChange.objects.filter(
        to_status=ReplicationStatus.REPLICATED, replication__pairing__isnull=False
    )
    if pairing_ids is not None:
        changes = changes.filter(replication__pairing__in=list(pairing_ids))
    rows = (
        changes.annotate(year=ExtractYear("on"))
        .values("replication__pairing", "year")
        .annotate(replicated=Count("replication", distinct=True))
        .order_by("replication__pairing", "year")
    )
    return [
        {"pairing_id": row["replication__pairing"], "year": row["year"], "replicated": row["replicated"]}
        for row in rows
    ]
