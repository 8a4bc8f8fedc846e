"""Demo funding: for the Harbin–Shenzhen key project and enclave, money from several sources committed
and partly in place, through the real service; the Dalian project's loans fully in place."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duikou.accounts.models import User
from duikou.parks.models import Park
from duikou.projects.models import Project

from . import services
from .models import FundingEntry

# (target title, user, source, stage, 万元, months ago, document number)
ENTRIES = [
    ("哈深产业园智能装备制造基地（演示）", "harbin", "central_budget", "committed", "12000", 10, "发改投资〔2025〕88号（演示）"),
    ("哈深产业园智能装备制造基地（演示）", "harbin", "central_budget", "in_place", "6000", 6, "哈财建〔2025〕12号（演示）"),
    ("哈深产业园智能装备制造基地（演示）", "harbin", "bank_loan", "committed", "150000", 9, "国开黑分授〔2025〕5号（演示）"),
    ("哈深产业园智能装备制造基地（演示）", "harbin", "bank_loan", "in_place", "60000", 4, ""),
    ("哈深产业园智能装备制造基地（演示）", "shenzhen", "own_funds", "committed", "120000", 9, "投资协议（演示）"),
    ("哈深产业园智能装备制造基地（演示）", "shenzhen", "own_funds", "in_place", "85000", 2, ""),
    ("哈深产业园智能装备制造基地（演示）", "harbin", "industry_fund", "planned", "20000", 1, ""),
    ("深圳（哈尔滨）产业园区（演示）", "harbin", "central_budget", "committed", "8000", 12, "发改振兴〔2025〕21号（演示）"),
    ("深圳（哈尔滨）产业园区（演示）", "harbin", "central_budget", "in_place", "8000", 8, ""),
    ("深圳（哈尔滨）产业园区（演示）", "shenzhen", "social_capital", "committed", "30000", 7, "PPP合同（演示）"),
    ("深圳（哈尔滨）产业园区（演示）", "shenzhen", "social_capital", "in_place", "12000", 3, ""),
    ("大连—上海冷链物流园（演示）", "dalian", "bank_loan", "committed", "40000", 11, "交行大连授〔2025〕3号（演示）"),
    ("大连—上海冷链物流园（演示）", "dalian", "bank_loan", "in_place", "40000", 5, ""),
]


@transaction.atomic
def load(*, stdout):
    if FundingEntry.objects.exists():
        stdout.write(f"  funding: {FundingEntry.objects.count()} entries (kept)")
        return
    today = timezone.localdate()
    for title, username, source, stage, amount, months_ago, document in ENTRIES:
        project = Project.objects.filter(title=title).first()
        target = {"project": project} if project else {"park": Park.objects.get(name=title)}
        services.funding_entry_create(user=User.objects.get(username=username), data={
            **target, "source": source, "stage": stage, "amount": Decimal(amount),
            "on": today - datetime.timedelta(days=30 * months_ago), "document_number": document})
    stdout.write(f"  funding: {FundingEntry.objects.count()} entries")
