"""No personal data reaches an anonymous client: walk every endpoint of the OpenAPI schema (the whole API,
not only this app) without logging in, and every one that answers shows no personal field and no name."""

import datetime

from duikou.core.testing import OrganisationFactory, anonymous_api_answers, pairing

from ..models import Secondment
from .factories import PERSON, TRAINEE, secondment, trainee, training

PERSONAL_WORDS = (*Secondment.personal_fields, PERSON, "副处长（挂职）", "1979", TRAINEE, "副局长")


def test_no_public_endpoint_or_page_shows_personal_data(client, db):
    record = secondment(pairing("230000", "440000"), birth_year=1979,
                        home=OrganisationFactory(region_id="230000"), host=OrganisationFactory(region_id="440000"),
                        start=datetime.date(2026, 1, 1))
    listed = trainee(training(pairing("230000", "440000")))
    answered = anonymous_api_answers(client)
    for path, text in answered.items():
        for word in PERSONAL_WORDS:
            assert word not in text, (path, word)
    assert "/api/v1/regions/" in answered
    for path in ("/api/v1/secondments/", f"/api/v1/secondments/{record.pk}/", "/api/v1/trainees/",
                 f"/api/v1/trainees/{listed.pk}/", "/api/v1/trainings/"):
        assert path not in answered and client.get(path).status_code in (401, 403)
    page = client.get("/").content.decode()
    assert PERSON not in page and TRAINEE not in page
