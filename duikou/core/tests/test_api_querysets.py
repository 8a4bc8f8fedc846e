"""A viewset's class-level queryset is a template, never a cache: a row written after the first request is in
the next answer. (A scoping that reaches everything returns the queryset itself; without a fresh copy per
request, its first results would be served for the life of the process.)"""

import pytest
from django.urls import reverse

from duikou.regions.models import Goal, PolicyDocument


@pytest.mark.django_db
def test_a_public_catalogue_lists_a_row_added_after_the_first_request(client):
    url = reverse("api:goal-list")
    before = [row["code"] for row in client.get(url).json()]
    Goal.objects.create(
        code="2030-1",
        title="新的工作目标",
        target_year=2030,
        text="新的目标表述。",
        document=PolicyDocument.objects.get(number="国办发〔2017〕22号"),
    )
    after = [row["code"] for row in client.get(url).json()]
    assert after == [*before, "2030-1"]
