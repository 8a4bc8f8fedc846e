import pytest


@pytest.mark.django_db
def test_the_public_root_introduces_the_programme(client):
    body = client.get("/").content.decode()
    for text in ("辽宁省", "江苏省", "哈尔滨市", "深圳市", "民营经济发展", "多层次合作体系建设"):
        assert text in body


@pytest.mark.django_db
def test_the_public_root_is_english_on_request(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert 'lang="en"' in body and "Liaoning" in body
