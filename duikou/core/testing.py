"""Test support shared by every app: the personas, factories, and the generic role × action matrix.

A later issue inherits the matrix by declaring data: subclass ``ScopeMatrix``, build the objects in an
``objects`` fixture (a dict of short keys), and state for each persona which keys it may view, add,
change and delete. The mixin checks the queryset, the API and the pages against that table."""

from __future__ import annotations

import datetime

import factory
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse
from factory.django import DjangoModelFactory

from duikou.accounts.models import Organisation, RoleGrant, User
from duikou.core.roles import Role
from duikou.regions.models import Agreement, Pairing, PolicyDocument

PASSWORD = "Test-Password-2017!"

# name: (role, region of the role, region of the organisation)
PERSONAS = {
    "liaoning": (Role.COORDINATOR, "210000"),
    "liaoning_reporter": (Role.REPORTER, "210000"),
    "jiangsu": (Role.COORDINATOR, "320000"),
    "jilin": (Role.COORDINATOR, "220000"),
    "shenyang": (Role.COORDINATOR, "210100"),
    "ndrc": (Role.NATIONAL_ADMIN, None),
    "cod": (Role.NATIONAL_REVIEWER, None),
    "security": (Role.SECURITY_ADMIN, None),
    "auditor": (Role.AUDIT_ADMIN, None),
    "sysadmin": (Role.SYSTEM_ADMIN, None),
    "public": (None, None),
}
ACTIONS = ("view", "add", "change", "delete")

class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organisation.Kind.GOVERNMENT
    region_id = "210000"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    must_change_password = False
    password = factory.django.Password(PASSWORD)


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"测试协议{n}")
    kind = Agreement.Kind.COOPERATION
    signed_on = datetime.date(2018, 1, 1)


def make_persona(name: str):
    role, region = PERSONAS[name]
    if role is None:
        return AnonymousUser()
    if region:
        org = OrganisationFactory(name=f"{name}协调办公室", region_id=region)
    else:
        org = OrganisationFactory(name=f"{name}中央单位", kind=Organisation.Kind.CENTRAL, region_id=None)
    user = UserFactory(username=name, organisation=org)
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


def pairing(northeast: str, east: str) -> Pairing:
    """One of the pairings loaded by the migrations (or a new city pair for tests)."""
    found = Pairing.objects.filter(northeast_id=northeast, east_id=east).first()
    if found:
        return found
    return Pairing.objects.create(
        northeast_id=northeast, east_id=east, tier=Pairing.Tier.CITY, status=Pairing.Status.FORMAL,
        established_on=datetime.date(2018, 1, 1), source_document=PolicyDocument.objects.get(number="国办发〔2017〕22号"),
    )


# --- the matrix -------------------------------------------------------------------------------------


class ScopeMatrix:
    """Declare ``model``, an ``objects`` fixture and ``expected``; optionally the API basename, the page
    URL names and a ``patch`` payload. ``expected[persona][action]`` is the set of object keys allowed;
    a persona or action left out allows nothing."""

    model = None
    expected: dict[str, dict[str, set]] = {}
    api_basename: str | None = None
    api_lookup: str = "pk"
    page_detail: str | None = None
    page_update: str | None = None
    page_lookup: str = "pk"
    patch: dict | None = None
    public_view = False  # the API serves it without login
    public_page = False  # the detail page is public too (otherwise the back office asks to log in)

    @pytest.fixture
    def objects(self):  # pragma: no cover - each matrix declares its own
        raise NotImplementedError

    def allowed(self, persona, action) -> set:
        return set(self.expected.get(persona, {}).get(action, set()))

    def model_reach(self, persona, action) -> bool:
        return bool(self.allowed(persona, action))

    # 1. the queryset and the single-object check agree with the table ------------------------------
    def test_queryset(self, persona, objects, db):
        user = make_persona(persona)
        for action in ACTIONS:
            allowed = self.allowed(persona, action)
            for key, obj in objects.items():
                if action == "add":
                    got = self.model.objects.allows(user, "add", obj)
                else:
                    got = self.model.objects.for_user(user, action).filter(pk=obj.pk).exists()
                    if action != "view":
                        assert self.model.objects.allows(user, action, obj) == got, (persona, action, key, "allows≠for_user")
                assert got == (key in allowed), f"{persona} {action} {key}: expected {key in allowed}, got {got}"

    # 2. the API: detail, list, change, delete -------------------------------------------------------
    def test_api(self, persona, objects, client, db):
        user = make_persona(persona)
        if user.is_authenticated:
            client.force_login(user)
        visible = self.allowed(persona, "view")
        list_url = reverse(f"api:{self.api_basename}-list")
        response = client.get(list_url, {"page_size": 500})
        if not user.is_authenticated and not self.public_view:
            assert response.status_code in (401, 403)
        else:
            assert response.status_code == 200
            body = response.json()
            rows = body["results"] if isinstance(body, dict) and "results" in body else body
            listed = {str(row.get(self.api_lookup, row.get("id"))) for row in rows}
            for key, obj in objects.items():
                assert (str(getattr(obj, self.api_lookup)) in listed) == (key in visible), (persona, "list", key)
        for key, obj in objects.items():
            url = reverse(f"api:{self.api_basename}-detail", args=[getattr(obj, self.api_lookup)])
            response = client.get(url)
            if key in visible:
                assert response.status_code == 200, (persona, "view", key, response.status_code)
            elif not user.is_authenticated and not self.public_view:
                assert response.status_code in (401, 403), (persona, "view", key)
            else:
                assert response.status_code == 404, (persona, "view", key, response.status_code)
            if self.patch is None:
                continue
            payload = {**self.patch, "version": getattr(obj, "version", 1)}
            response = client.patch(url, payload, content_type="application/json")
            self._assert_write(response, persona, "change", key, user)
            if response.status_code == 200:
                obj.refresh_from_db()

    def _assert_write(self, response, persona, action, key, user):
        status = response.status_code
        if key in self.allowed(persona, action):
            assert status == 200, (persona, action, key, status, getattr(response, "data", None))
        elif not user.is_authenticated:
            assert status in (401, 403), (persona, action, key, status)
        elif status == 405:
            assert not any(self.allowed(p, action) for p in PERSONAS), "405 but someone may write"
        elif not self.model_reach(persona, action):
            assert status in (403, 404), (persona, action, key, status)
        elif key in self.allowed(persona, "view"):
            assert status == 403, (persona, action, key, status)
        else:
            assert status == 404, (persona, action, key, status)

    # 3. the pages: detail and edit -----------------------------------------------------------------
    def test_pages(self, persona, objects, client, db):
        user = make_persona(persona)
        if user.is_authenticated:
            client.force_login(user)
        for key, obj in objects.items():
            lookup = getattr(obj, self.page_lookup)
            response = client.get(reverse(self.page_detail, args=[lookup]))
            if not user.is_authenticated and not self.public_page:
                assert response.status_code == 302, (persona, key)
                continue
            expected = 200 if key in self.allowed(persona, "view") else 404
            assert response.status_code == expected, (persona, "page view", key, response.status_code)
            if not self.page_update or not user.is_authenticated:
                continue
            try:
                url = reverse(self.page_update, args=[lookup])
            except NoReverseMatch:  # pragma: no cover
                continue
            response = client.get(url)
            if key in self.allowed(persona, "change"):
                expected = 200
            elif key in self.allowed(persona, "view"):
                expected = 403
            else:
                expected = 404
            assert response.status_code == expected, (persona, "page edit", key, response.status_code)


def anonymous_api_answers(client) -> dict[str, str]:
    """Every list endpoint of the OpenAPI schema (the whole API) fetched without logging in: the text of each
    one that answers (200); those that ask for a login (401, 403) are left out, and any other answer fails.
    For the tests that no personal data reaches an anonymous client."""
    from django.core.cache import cache
    from drf_spectacular.generators import SchemaGenerator

    cache.clear()  # the anonymous throttle counts in the cache
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path]
    assert len(paths) > 10, paths
    answers = {}
    for path in paths:
        response = client.get(path)
        if response.status_code in (401, 403):
            continue
        assert response.status_code == 200, (path, response.status_code)
        answers[path] = response.content.decode()
    return answers
