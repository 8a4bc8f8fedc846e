"""Unified social credit codes (GB 32100): the error says which position fails and why."""

import pytest
from django.core.exceptions import ValidationError

from duikou.accounts.validators import UnifiedSocialCreditCodeValidator, uscc_check_character

VALID = "91350100M000100Y43"  # the worked example of GB 32100-2015
validate = UnifiedSocialCreditCodeValidator()


def test_a_valid_code_passes():
    validate(VALID)
    assert uscc_check_character(VALID[:17]) == "3"


def test_a_wrong_check_character_names_position_18_and_the_expected_character():
    with pytest.raises(ValidationError) as exc:
        validate(VALID[:17] + "4")
    message = exc.value.messages[0]
    assert "18" in message and "“3”" in message and "“4”" in message


def test_a_forbidden_letter_names_its_position():
    with pytest.raises(ValidationError) as exc:
        validate("91350100I000100Y43")
    assert "9" in exc.value.messages[0] and "“I”" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["", "9135010", VALID + "0"])
def test_a_wrong_length_is_refused(value):
    with pytest.raises(ValidationError) as exc:
        validate(value)
    assert exc.value.code == "uscc_length"


@pytest.mark.django_db
def test_an_enterprise_needs_its_code_and_the_api_reports_the_field(client):
    from duikou.core.testing import make_persona

    client.force_login(make_persona("liaoning"))
    response = client.post("/api/v1/organisations/", {"name": "某企业", "kind": "enterprise", "region": "210000",
                                                       "uscc": VALID[:17] + "4"}, content_type="application/json")
    assert response.status_code == 400
    assert "18" in response.json()["uscc"][0]
    response = client.post("/api/v1/organisations/", {"name": "某企业", "kind": "enterprise", "region": "210000"},
                           content_type="application/json")
    assert response.status_code == 400 and "uscc" in response.json()
    response = client.post("/api/v1/organisations/", {"name": "某企业", "kind": "enterprise", "region": "210000",
                                                       "uscc": VALID}, content_type="application/json")
    assert response.status_code == 201, response.json()
