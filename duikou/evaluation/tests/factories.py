from decimal import Decimal

from ..models import Dimension, Framework, Indicator


def framework(
    *, code="TEST", name="测试评估指标体系", status=Framework.Status.DRAFT, version_number=1, **values
):
    """A framework saved directly (no service, no audit)."""
    return Framework.objects.create(
        code=code, name=name, status=status, version_number=version_number, **values
    )


def dimension(framework_obj, *, name="项目与投资", order=1):
    return Dimension.objects.create(framework=framework_obj, name=name, order=order)


def indicator(
    dimension_obj, *, code="1.1", weight="100", query="projects_started", source="computed", **values
):
    values = {
        "name": "新开工项目数",
        "unit": "个",
        "direction": "higher",
        "normalisation": "relative",
        **values,
    }
    return Indicator.objects.create(
        framework=dimension_obj.framework,
        dimension=dimension_obj,
        code=code,
        weight=Decimal(weight),
        query=query,
        source=source,
        **values,
    )


def complete_framework(*, code="TEST", status=Framework.Status.DRAFT, version_number=1):
    """A framework with one dimension and one indicator weighing 100."""
    record = framework(code=code, status=status, version_number=version_number)
    indicator(dimension(record))
    return record


def published_and_draft():
    return {
        "pub": complete_framework(code="PUB", status=Framework.Status.PUBLISHED),
        "draft": complete_framework(code="DRAFT"),
    }
