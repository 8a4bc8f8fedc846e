"""Who may view, add, change and delete organisations, accounts and role grants."""

import pytest

from duikou.accounts.models import Organisation, RoleGrant, User
from duikou.core.roles import Role
from duikou.core.testing import OrganisationFactory, ScopeMatrix, UserFactory

ORGS = {"ln", "sy", "js", "jl", "zj", "bj", "central"}


class TestOrganisationScope(ScopeMatrix):
    """Own region (a province with its cities) edits; the partner sides of its pairings read; the
    Jilin–Zhejiang pairing's organisations are invisible to Liaoning (404)."""

    model = Organisation
    api_basename = "organisation"
    page_detail = "accounts:organisation_detail"
    page_update = "accounts:organisation_update"
    patch = {"contact_name": "张三"}
    expected = {
        "liaoning": {"view": {"ln", "sy", "js", "bj"}, "add": {"ln", "sy"}, "change": {"ln", "sy"},
                     "delete": {"ln", "sy"}},
        "liaoning_reporter": {"view": {"ln", "sy", "js", "bj"}, "add": {"ln", "sy"}, "change": {"ln", "sy"}},
        "jiangsu": {"view": {"js", "ln", "sy"}, "add": {"js"}, "change": {"js"}, "delete": {"js"}},
        "jilin": {"view": {"jl", "zj"}, "add": {"jl"}, "change": {"jl"}, "delete": {"jl"}},
        "shenyang": {"view": {"sy", "bj"}, "add": {"sy"}, "change": {"sy"}, "delete": {"sy"}},
        "ndrc": {"view": ORGS, "add": ORGS, "change": ORGS, "delete": ORGS},
        "cod": {"view": ORGS},
        "security": {"view": ORGS},
    }

    @pytest.fixture
    def objects(self, db):
        return {
            "ln": OrganisationFactory(region_id="210000"),
            "sy": OrganisationFactory(region_id="210100", kind=Organisation.Kind.PARK),
            "js": OrganisationFactory(region_id="320000"),
            "jl": OrganisationFactory(region_id="220000"),
            "zj": OrganisationFactory(region_id="330000"),
            "bj": OrganisationFactory(region_id="110000"),
            "central": OrganisationFactory(region_id=None, kind=Organisation.Kind.CENTRAL),
        }


USERS = {"u_ln", "u_sy", "u_js", "u_jl", "u_central"}


# Who reads accounts (and their role grants): national roles all, a coordinator its own region's.
ACCOUNT_READERS = {
    "liaoning": {"view": {"u_ln", "u_sy"}},
    "jiangsu": {"view": {"u_js"}},
    "jilin": {"view": {"u_jl"}},
    "shenyang": {"view": {"u_sy"}},
    "ndrc": {"view": USERS},
    "cod": {"view": USERS},
}


def _users():
    return {
        "u_ln": UserFactory(organisation=OrganisationFactory(region_id="210000")),
        "u_sy": UserFactory(organisation=OrganisationFactory(region_id="210100")),
        "u_js": UserFactory(organisation=OrganisationFactory(region_id="320000")),
        "u_jl": UserFactory(organisation=OrganisationFactory(region_id="220000")),
        "u_central": UserFactory(organisation=OrganisationFactory(region_id=None, kind=Organisation.Kind.CENTRAL)),
    }


class TestUserScope(ScopeMatrix):
    """Only the security administrator manages accounts; coordinators read their own region's."""

    model = User
    api_basename = "user"
    page_detail = "accounts:user_detail"
    page_update = "accounts:user_update"
    expected = {
        **ACCOUNT_READERS,
        "security": {"view": USERS, "add": USERS, "change": USERS},
    }

    @pytest.fixture
    def objects(self, db):
        return _users()


class TestRoleGrantScope(ScopeMatrix):
    model = RoleGrant
    expected = {
        **ACCOUNT_READERS,
        "security": {"view": USERS, "add": USERS, "delete": USERS},
    }

    @pytest.fixture
    def objects(self, db):
        grants = {}
        for key, user in _users().items():
            region = user.organisation.region_id
            role = Role.REPORTER if region else Role.NATIONAL_REVIEWER
            grants[key] = RoleGrant.objects.create(user=user, role=role, region_id=region)
        return grants
