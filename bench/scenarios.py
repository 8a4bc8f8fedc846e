"""The timed scenarios. Each names a page or an API endpoint, the account that opens it, and the bare SQL
that fetches the same rows: the yardstick the page is measured against.

A later issue adds its own with the decorator, next to the others::

    @scenario(name="project list page", url="/work/projects/", username=NATIONAL_ADMIN, model=Project,
              detail="projects:project_detail")
    def project_list(*, user: User) -> list[Statement]:
        return [Statement(sql=PROJECT_ROWS), Statement(sql="SELECT COUNT(*) FROM projects_project")]

The function returns the statements to time (prepared outside the timing): the first one's rows start with
the primary key, the last one is the ``COUNT(*)``. A page (``detail`` given) must link to each of those rows;
an API list must return exactly those ids, in that order, and the same count. See bench/README.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Model
from django.http import HttpResponse
from django.urls import reverse

from duikou.accounts.models import Organisation, User
from duikou.regions.models import Pairing

from . import BenchError
from .generate import LIAONING_COORDINATOR, NATIONAL_ADMIN


class ScenarioCheckFailed(BenchError):
    pass


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Sequence = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str
    username: str
    model: type[Model]  # its rows in the database are reported next to the timings
    bare: Callable[..., list[Statement]]
    detail: str | None = None  # URL name of a row's page: set for HTML pages, None for API lists
    headers: dict[str, str] = field(default_factory=dict)

    def check(self, *, response: HttpResponse, ids: list, count: int) -> None:
        """Fail loudly unless the response shows the rows the bare SQL fetched."""
        if self.detail is None:
            data = response.json()
            shown = [item["id"] for item in data["results"]]
            if shown != ids or data["count"] != count:
                raise ScenarioCheckFailed(
                    f"{self.name}: the API returned {data['count']} rows {shown[:5]}…, the bare SQL {count} rows "
                    f"{ids[:5]}…: the two do not fetch the same rows.")
            return
        html = response.content.decode()
        missing = [pk for pk in ids if f'href="{reverse(self.detail, args=[pk])}"' not in html]
        if missing:
            raise ScenarioCheckFailed(f"{self.name}: the page does not link to rows {missing[:5]} that the bare SQL "
                                      "fetched: the two do not fetch the same rows.")


SCENARIOS: list[Scenario] = []
JSON = {"accept": "application/json"}


def scenario(*, name: str, url: str, username: str, model: type[Model], detail: str | None = None,
             headers: dict[str, str] | None = None) -> Callable:
    """Register the decorated function as the bare SQL of a new scenario."""

    def register(bare: Callable[..., list[Statement]]) -> Callable[..., list[Statement]]:
        if any(existing.name == name for existing in SCENARIOS):
            raise ValueError(f"Two benchmark scenarios are called {name!r}.")
        SCENARIOS.append(Scenario(name=name, url=url, username=username, model=model, bare=bare, detail=detail,
                                  headers=headers or {}))
        return bare

    return register


# --- pairings ------------------------------------------------------------------------------------------

PAIRING_FROM = """
FROM regions_pairing p
JOIN regions_region ne ON ne.code = p.northeast_id
LEFT JOIN regions_region e ON e.code = p.east_id
JOIN regions_policydocument d ON d.id = p.source_document_id"""
PAIRING_ORDER = "ORDER BY p.tier DESC, p.northeast_id, p.east_id LIMIT 50"
PAIRING_COUNT = Statement(sql="SELECT COUNT(*) FROM regions_pairing")


@scenario(name="pairing list page", url="/work/pairings/", username=NATIONAL_ADMIN, model=Pairing,
          detail="regions:pairing_detail")
def pairing_list_page(*, user: User) -> list[Statement]:
    rows = f"""
SELECT p.id, p.tier, p.status, p.established_on, ne.code, ne.name, e.code, e.name, d.number, pne.name, pe.name
{PAIRING_FROM}
LEFT JOIN regions_pairing pp ON pp.id = p.parent_id
LEFT JOIN regions_region pne ON pne.code = pp.northeast_id
LEFT JOIN regions_region pe ON pe.code = pp.east_id
{PAIRING_ORDER}"""
    return [Statement(sql=rows), PAIRING_COUNT]


@scenario(name="api pairings", url="/api/v1/pairings/", username=NATIONAL_ADMIN, model=Pairing, headers=JSON)
def pairing_list_api(*, user: User) -> list[Statement]:
    rows = f"""
SELECT p.id, p.northeast_id, ne.name, p.east_id, e.name, p.tier, p.status, p.established_on, p.source_document_id,
       d.number, p.parent_id, p.note, p.version
{PAIRING_FROM}
{PAIRING_ORDER}"""
    return [Statement(sql=rows), PAIRING_COUNT]


# --- organisations -------------------------------------------------------------------------------------

ORGANISATION_PAGE_COLUMNS = "o.id, o.name, o.kind, o.uscc, o.contact_name, r.name, r.name_en"
ORGANISATION_API_COLUMNS = ("o.id, o.name, o.name_en, o.kind, o.region_id, r.name, o.uscc, o.parent_id, o.address, "
                            "o.contact_name, o.contact_phone, o.created_at, o.updated_at, o.version")


def organisation_statements(*, columns: str, region_codes: Sequence[str] | None) -> list[Statement]:
    """The first 50 organisations in the model's order, and their count; only those of ``region_codes``
    when given (the regions a scoped user sees)."""
    where, params = "", ()
    if region_codes is not None:
        where, params = f"WHERE o.region_id IN ({', '.join(['%s'] * len(region_codes))})", tuple(region_codes)
    rows = f"""
SELECT {columns}
FROM accounts_organisation o LEFT JOIN regions_region r ON r.code = o.region_id
{where}
ORDER BY o.region_id, o.name, o.id LIMIT 50"""
    return [Statement(sql=rows, params=params),
            Statement(sql=f"SELECT COUNT(*) FROM accounts_organisation o {where}", params=params)]


def visible_region_codes(*, user: User) -> list[str]:
    """A coordinator sees its own regions' organisations and those of its pairings' partner regions."""
    return sorted(user.scope.region_codes | user.scope.partner_codes)


@scenario(name="organisation list page", url="/work/organisations/", username=NATIONAL_ADMIN,
          model=Organisation, detail="accounts:organisation_detail")
def organisation_list_page(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_PAGE_COLUMNS, region_codes=None)


@scenario(name="organisation list page (liaoning)", url="/work/organisations/", username=LIAONING_COORDINATOR,
          model=Organisation, detail="accounts:organisation_detail")
def organisation_list_page_scoped(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_PAGE_COLUMNS, region_codes=visible_region_codes(user=user))


@scenario(name="api organisations", url="/api/v1/organisations/", username=NATIONAL_ADMIN, model=Organisation,
          headers=JSON)
def organisation_list_api(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_API_COLUMNS, region_codes=None)


@scenario(name="api organisations (liaoning)", url="/api/v1/organisations/", username=LIAONING_COORDINATOR,
          model=Organisation, headers=JSON)
def organisation_list_api_scoped(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_API_COLUMNS, region_codes=visible_region_codes(user=user))
