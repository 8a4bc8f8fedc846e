"""The records the full-text search covers and the text each gives the index (see ``registry.py``).
A record's services call ``search_index_update``/``search_index_remove`` after each write;
``manage.py search_reindex`` rebuilds the index of existing rows."""

from __future__ import annotations

from duikou.events.models import Event
from duikou.parks.models import Park
from duikou.projects.models import Project
from duikou.reforms.models import ReformPractice
from duikou.talent.models import Expert

from .registry import Document, register


def project_document(project: Project) -> Document:
    """Title; description, host organisation, investors, industry, location, park and national code."""
    parts = [project.description, project.host_organisation.name,
             *(organisation.name for organisation in project.investors.all()),
             project.industry.name, project.location.name, project.park.name if project.park_id else "",
             project.national_code]
    return Document(title=project.title, text="\n".join(part for part in parts if part), pairing_id=project.pairing_id)


register(
    key="project",
    model=Project,
    url_name="projects:project_detail",
    document=project_document,
    queryset=lambda: Project.objects.select_related("host_organisation", "industry", "location", "park")
    .prefetch_related("investors"),
)


def park_document(park: Park) -> Document:
    """Name; description, kind, partner park, operator, settled enterprises, host and partner regions."""
    parts = [park.description, park.get_kind_display(), park.partner_park, park.operator.name if park.operator_id else "",
             *(organisation.name for organisation in park.enterprises.all()), park.host_region.name,
             park.partner_region.name]
    return Document(title=park.name, text="\n".join(str(part) for part in parts if part), pairing_id=park.pairing_id)


register(
    key="park",
    model=Park,
    url_name="parks:park_detail",
    document=park_document,
    queryset=lambda: Park.objects.select_related("operator", "host_region", "partner_region")
    .prefetch_related("enterprises"),
)


def event_document(event: Event) -> Document:
    """Title; kind, place, description, participating organisations and the agreements signed. The leaders
    attending are left out: people are not searched for. The pairing when the event has only one."""
    pairings = list(event.pairings.all())
    parts = [event.get_kind_display(), event.place, event.description,
             *(organisation.name for organisation in event.organisations.all()),
             *(outcome.title for outcome in event.outcomes.all())]
    return Document(title=event.title, text="\n".join(str(part) for part in parts if part),
                    pairing_id=pairings[0].pk if len(pairings) == 1 else None)


register(
    key="event",
    model=Event,
    url_name="events:event_detail",
    document=event_document,
    queryset=lambda: Event.objects.prefetch_related("pairings", "organisations", "outcomes"),
)


def expert_document(expert: Expert) -> Document:
    """Name; field of expertise, industry, affiliation, region and the forms of support. Never the contact or
    the biography (personal data shown to fewer people than the expert's name)."""
    parts = [expert.get_title_category_display(), expert.field_of_expertise,
             expert.industry.name if expert.industry_id else "", expert.affiliation, expert.region.name,
             *(form.label for form in expert.support_forms)]
    return Document(title=expert.name, text="\n".join(str(part) for part in parts if part))


register(
    key="expert",
    model=Expert,
    url_name="talent:expert_detail",
    document=expert_document,
    queryset=lambda: Expert.objects.select_related("industry", "region"),
)


def practice_document(practice: ReformPractice) -> Document:
    """Title; description, origin, key task, source document and tags."""
    parts = [practice.description, practice.origin.name, practice.key_task.title, practice.source_document,
             practice.tags]
    return Document(title=practice.title, text="\n".join(str(part) for part in parts if part))


register(
    key="reform_practice",
    model=ReformPractice,
    url_name="reforms:practice_detail",
    document=practice_document,
    queryset=lambda: ReformPractice.objects.select_related("origin", "key_task"),
)
