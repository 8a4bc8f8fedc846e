import factory
from factory.django import DjangoModelFactory

from duikou.core.testing import OrganisationFactory, pairing
from duikou.regions.models import KeyTask

from ..models import Industry, Project, ProjectStageChange


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    pairing = factory.LazyFunction(lambda: pairing("210000", "320000"))
    title = factory.Sequence(lambda n: f"测试合作项目{n}")
    key_task = factory.LazyFunction(lambda: KeyTask.objects.get(code="2.1"))
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="34"))
    location_id = factory.LazyAttribute(lambda o: o.pairing.northeast_id)
    host_organisation = factory.LazyAttribute(lambda o: OrganisationFactory(region_id=o.pairing.northeast_id))
    planned_investment = 10000


def three_projects():
    return {"lj": ProjectFactory(pairing=pairing("210000", "320000")),
            "jz": ProjectFactory(pairing=pairing("220000", "330000")),
            "sb": ProjectFactory(pairing=pairing("210100", "110000"))}


def stage_change(project):
    return ProjectStageChange.objects.create(project=project, to_stage="intention", on="2026-01-05")
