"""The national investment project code (全国投资项目在线审批监管平台项目代码, GB/T 40058-2021 layout):
24 characters, ``YYYY-RRRRRR-II-TT-NNNNNN``: the year the code was given, the GB/T 2260 code of the region
that gave it, the GB/T 4754 大类 of the project's industry, the kind of procedure (01 审批, 02 核准,
03 备案) and a serial number."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PROJECT_CODE_RE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")
PROCEDURES = {"01", "02", "03"}


def validate_project_code(value: str) -> None:
    value = value or ""
    if len(value) != 24:
        raise ValidationError(
            _("A national investment project code has 24 characters (e.g. 2024-230100-34-03-000123); "
              "this one has %(n)s."), params={"n": len(value)}, code="length")
    match = PROJECT_CODE_RE.match(value)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not laid out as YYYY-RRRRRR-II-TT-NNNNNN (year, region code, industry, procedure, "
              "serial number), digits separated by hyphens."), params={"value": value}, code="layout")
    year, region, industry, procedure, _serial = match.groups()
    if not 2015 <= int(year) <= datetime.date.today().year:
        raise ValidationError(_("The code's year %(year)s is not possible (the platform started in 2015)."),
                              params={"year": year}, code="year")
    from duikou.regions.models import Region

    # The region may be a county, which the registry does not list: its province must exist.
    if not Region.objects.filter(code=f"{region[:2]}0000").exists():
        raise ValidationError(_("The code's region %(region)s is not in any GB/T 2260 province."),
                              params={"region": region}, code="region")
    from .models import Industry

    if not Industry.objects.filter(code=industry, level=Industry.Level.DIVISION).exists():
        raise ValidationError(_("The code's industry %(industry)s is not a GB/T 4754 division (大类)."),
                              params={"industry": industry}, code="industry")
    if procedure not in PROCEDURES:
        raise ValidationError(_("The code's procedure %(procedure)s must be 01 (审批), 02 (核准) or 03 (备案)."),
                              params={"procedure": procedure}, code="procedure")
