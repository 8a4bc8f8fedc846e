import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ImportBatch


class ImportBatchFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ImportBatch.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ImportBatch.Status.choices)

    class Meta:
        model = ImportBatch
        fields = ["kind", "status"]
