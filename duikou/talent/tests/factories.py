import datetime

from duikou.core.testing import OrganisationFactory

from ..models import Engagement, Expert

NAME = "测试专家甲"
PHONE = "13900001111"
EMAIL = "expert-secret@example.invalid"


def expert(region="320000", *, name=NAME, public=False, **values):
    """An expert saved directly (no service, no audit); ``public`` gives it a recorded consent."""
    values = {"title_category": Expert.Title.PROFESSOR, "field_of_expertise": "新材料", "affiliation": "测试大学",
              "offers_consulting": True, "contact_phone": PHONE, "contact_email": EMAIL, "biography": "测试简介",
              **values}
    if public:
        values.update(public_profile=True, consent_recorded_at=datetime.date(2026, 1, 5),
                      consent_evidence="档案室 2026-001")
    record = Expert(region_id=region, name=name, **values)
    record.full_clean()
    record.save()
    return record


def engagement(expert_obj, organisation=None, *, region="210000", start=datetime.date(2026, 3, 1), **values):
    """An engagement saved directly after ``full_clean`` (which derives the pairing)."""
    organisation = organisation or OrganisationFactory(region_id=region)
    record = Engagement(expert=expert_obj, organisation=organisation, start=start,
                        support_form=values.pop("support_form", "consulting"), **values)
    record.full_clean()
    record.save()
    return record


def experts_for_matrix():
    return {"ln": expert("210000", name="辽宁专家"), "js": expert("320000", name="江苏专家"),
            "zj": expert("330000", name="浙江专家"), "bj": expert("110000", name="北京专家"),
            "gdpub": expert("440000", name="广东公开专家", public=True)}


def engagements_for_matrix():
    return {"ln_js": engagement(expert("320000"), region="210000"),
            "sy_bj": engagement(expert("110000"), region="210100"),
            "jl_other": engagement(expert("510000"), region="220000")}
