import datetime

from duikou.regions.models import KeyTask

from ..models import ReformPractice, Replication, ReplicationStatusChange


def practice(origin: str, *, title=None, key_task="1.1", **values) -> ReformPractice:
    """A practice saved directly (no service, no audit)."""
    return ReformPractice.objects.create(
        title=title or f"测试改革举措（{origin}）",
        origin_id=origin,
        key_task=KeyTask.objects.get(code=key_task),
        source_document="测试文件（测试）",
        description="测试举措说明",
        **values,
    )


def replication(
    practice_obj: ReformPractice, region: str, *, status="planned", since=datetime.date(2025, 1, 6), **values
) -> Replication:
    """A replication saved directly, with its pairing derived as the model does and its first history line."""
    record = Replication(practice=practice_obj, region_id=region, status=status, status_since=since, **values)
    record.pairing = record.derive_pairing()
    record.save()
    ReplicationStatusChange.objects.create(replication=record, to_status=status, on=since)
    return record


def four_replications():
    """辽宁 copies 江苏 (paired), 沈阳 copies 北京 (paired), 吉林 copies 浙江 (paired), 辽宁 copies 上海 (no
    pairing: 辽宁 pairs with 江苏, and 上海 with 大连 only)."""
    return {
        "lj": replication(practice("320000"), "210000"),
        "sb": replication(practice("110000"), "210100"),
        "jz": replication(practice("330000"), "220000"),
        "ls": replication(practice("310000"), "210000"),
    }
