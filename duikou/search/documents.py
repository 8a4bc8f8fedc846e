"""The records the full-text search covers and the text each gives the index (see ``registry.py``).
A record's services call ``search_index_update``/``search_index_remove`` after each write;
``manage.py search_reindex`` rebuilds the index of existing rows."""

from __future__ import annotations

from duikou.parks.models import Park
from duikou.projects.models import Project

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
