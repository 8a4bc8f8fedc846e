"""Demo organisations and the demo accounts named after their region in pinyin (issue #2, item 9)."""

from django.conf import settings

from duikou.core.roles import Role

from .models import Organisation, RoleGrant, User
from .validators import uscc_check_character

CENTRAL = [
    # username, organisation, role, full name
    ("ndrc", "国家发展和改革委员会 东北振兴司", Role.NATIONAL_ADMIN, "国家发展改革委 演示用户"),
    ("cod", "中共中央组织部 干部二局", Role.NATIONAL_REVIEWER, "中央组织部 演示用户"),
    ("auditor", "国家发展和改革委员会 信息中心", Role.AUDIT_ADMIN, "审计管理员（演示）"),
    ("security", "国家发展和改革委员会 信息中心", Role.SECURITY_ADMIN, "安全管理员（演示）"),
    ("sysadmin", "国家发展和改革委员会 信息中心", Role.SYSTEM_ADMIN, "系统管理员（演示）"),
]

REGIONAL = [
    # username, region, coordination office
    ("liaoning", "210000", "辽宁省发展和改革委员会（对口合作办公室）"),
    ("jiangsu", "320000", "江苏省发展和改革委员会（对口合作办公室）"),
    ("jilin", "220000", "吉林省发展和改革委员会（对口合作办公室）"),
    ("zhejiang", "330000", "浙江省发展和改革委员会（对口合作办公室）"),
    ("heilongjiang", "230000", "黑龙江省发展和改革委员会（对口合作办公室）"),
    ("guangdong", "440000", "广东省发展和改革委员会（对口合作办公室）"),
    ("shenyang", "210100", "沈阳市发展和改革委员会（对口合作办公室）"),
    ("beijing", "110000", "北京市发展和改革委员会（对口合作办公室）"),
    ("dalian", "210200", "大连市发展和改革委员会（对口合作办公室）"),
    ("shanghai", "310000", "上海市发展和改革委员会（对口合作办公室）"),
    ("changchun", "220100", "长春市发展和改革委员会（对口合作办公室）"),
    ("tianjin", "120000", "天津市发展和改革委员会（对口合作办公室）"),
    ("harbin", "230100", "哈尔滨市发展和改革委员会（对口合作办公室）"),
    ("shenzhen", "440300", "深圳市发展和改革委员会（对口合作办公室）"),
]

OTHERS = [
    # name, kind, region
    ("沈阳—北京对口合作示范园（演示）", Organisation.Kind.PARK, "210100"),
    ("大连—上海合作产业园（演示）", Organisation.Kind.PARK, "210200"),
    ("哈尔滨—深圳产业园区（演示）", Organisation.Kind.PARK, "230100"),
    ("江苏演示装备制造有限公司", Organisation.Kind.ENTERPRISE, "320500"),
    ("浙江演示绿色食品有限公司", Organisation.Kind.ENTERPRISE, "330100"),
    ("广东演示新材料股份有限公司", Organisation.Kind.ENTERPRISE, "440100"),
    ("深圳演示智能装备有限公司", Organisation.Kind.ENTERPRISE, "440300"),
    ("吉林演示农产品加工有限公司", Organisation.Kind.ENTERPRISE, "220200"),
    ("浙江大学（演示）", Organisation.Kind.UNIVERSITY, "330100"),
    ("江苏省委党校（演示培训机构）", Organisation.Kind.TRAINING, "320100"),
]


REPORTERS = [
    # username, organisation (a park or an enterprise of OTHERS), region, full name: they report progress
    ("hspark", "哈尔滨—深圳产业园区（演示）", "230100", "深哈产业园区 统计员（演示）"),
]


def demo_uscc(region_code: str, serial: int) -> str:
    """A well-formed code for a demo enterprise: 9 (industry & commerce) 1 (company), the region, a serial."""
    body = f"91{region_code}{serial:09d}"
    return body + uscc_check_character(body)


def load(*, stdout):
    offices = {}
    for username, name, role, full_name in CENTRAL:
        org, _ = Organisation.objects.get_or_create(
            name=name, region=None, defaults={"kind": Organisation.Kind.CENTRAL, "is_demo": True})
        _account(username, org, role, None, full_name)
    for username, region, name in REGIONAL:
        org, _ = Organisation.objects.get_or_create(
            name=name, region_id=region,
            defaults={"kind": Organisation.Kind.GOVERNMENT, "is_demo": True, "contact_name": "联络员（演示）"})
        offices[region] = org
        _account(username, org, Role.COORDINATOR, region, f"{name.split('（')[0]} 协调员（演示）")
    for serial, (name, kind, region) in enumerate(OTHERS, start=1):
        Organisation.objects.get_or_create(
            name=name, region_id=region,
            defaults={"kind": kind, "is_demo": True,
                      "uscc": demo_uscc(region, serial) if kind == Organisation.Kind.ENTERPRISE else ""})
    for username, name, region, full_name in REPORTERS:
        _account(username, Organisation.objects.get(name=name, region_id=region), Role.REPORTER, region, full_name)
    stdout.write(f"  accounts: {Organisation.objects.filter(is_demo=True).count()} demo organisations, "
                 f"{User.objects.filter(is_demo=True).count()} demo accounts")


def _account(username, organisation, role, region, full_name):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"organisation": organisation, "full_name": full_name, "is_demo": True,
                  "must_change_password": False, "email": f"{username}@demo.duikou.invalid"},
    )
    if created:
        user.set_password(settings.DUIKOU_DEMO_PASSWORD)
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(user=user, role=role, defaults={"region_id": region})
    return user
