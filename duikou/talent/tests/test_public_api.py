"""No expert without consent and no contact reaches an anonymous client: walk every list endpoint of the
OpenAPI schema (the whole API) without logging in, the experts' detail endpoints, and the portal's pages."""

import datetime

from duikou.core.testing import OrganisationFactory, anonymous_api_answers

from ..models import Expert
from .factories import engagement, expert

SECRET_NAME = "未同意专家乙"
PUBLIC_NAME = "公开专家丙"
CONTACTS = ("13912345678", "hidden-expert@example.invalid", "13987654321", "public-expert@example.invalid")


def test_no_public_endpoint_or_page_shows_an_unconsented_expert_or_any_contact(client, db):
    hidden = expert("320000", name=SECRET_NAME, contact_phone=CONTACTS[0], contact_email=CONTACTS[1],
                    biography="未公开的简介")
    shown = expert("440000", name=PUBLIC_NAME, public=True, contact_phone=CONTACTS[2], contact_email=CONTACTS[3])
    # consent filed but never dated, profile not public: not shown either
    withdrawn = Expert.objects.create(region_id="330000", name="撤回同意专家丁", title_category="professor",
                                      field_of_expertise="x", offers_consulting=True,
                                      consent_evidence="档案", public_profile=False)
    engagement(hidden, OrganisationFactory(region_id="210000"), start=datetime.date(2026, 1, 1))
    forbidden = (SECRET_NAME, "未公开的简介", "撤回同意专家丁", *CONTACTS, "consent_evidence", "contact_phone")

    answered = anonymous_api_answers(client)
    for path, text in answered.items():
        for word in forbidden:
            assert word not in text, (path, word)
    assert "/api/v1/experts/" in answered and "/api/v1/expert-engagements/" not in answered

    body = client.get("/api/v1/experts/").json()
    assert [row["name"] for row in body["results"]] == [PUBLIC_NAME]
    assert set(body["results"][0]) == {"id", "name", "title_category", "field_of_expertise", "industry",
                                       "affiliation", "region", "offers_consulting", "offers_joint_research",
                                       "offers_part_time", "offers_training", "biography"}
    assert client.get(f"/api/v1/experts/{shown.pk}/").status_code == 200
    for record in (hidden, withdrawn):
        assert client.get(f"/api/v1/experts/{record.pk}/").status_code == 404
        assert client.get(f"/experts/{record.pk}/").status_code == 404
    assert client.get("/api/v1/expert-engagements/").status_code in (401, 403)
    assert client.get(f"/api/v1/experts/?q={SECRET_NAME}").json()["results"] == []

    for path in ("/", "/experts/", f"/experts/{shown.pk}/", f"/experts/?q={PUBLIC_NAME}"):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        for word in forbidden:
            assert word not in page, (path, word)
    assert PUBLIC_NAME in client.get("/experts/").content.decode()
    assert PUBLIC_NAME in client.get(f"/experts/{shown.pk}/").content.decode()
