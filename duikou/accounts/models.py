"""Organisations, user accounts and the roles they hold (with the region a regional role covers)."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.core.models import BaseModel
from duikou.core.roles import NATIONAL_ROLES, REGIONAL_ROLES, SEPARATED_ADMIN_ROLES, Role
from duikou.core.scoping import Scope

from .querysets import OrganisationQuerySet, RoleGrantQuerySet, UserManagerScoped
from .validators import UnifiedSocialCreditCodeValidator


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central government body")
        GOVERNMENT = "government", _("Government office")
        DEPARTMENT = "department", _("Government department")
        PARK = "park", _("Park")
        ENTERPRISE = "enterprise", _("Enterprise")
        UNIVERSITY = "university", _("University or research institute")
        TRAINING = "training", _("Training institution")
        ASSOCIATION = "association", _("Association or chamber")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="organisations",
        null=True, blank=True, help_text=_("Empty only for a central government body (seen by national roles)."),
    )
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, blank=True,
        validators=[UnifiedSocialCreditCodeValidator()],
        help_text=_("18 characters (GB 32100); required for enterprises."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["region_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="organisation_unique_uscc"),
            models.UniqueConstraint(fields=["region", "name"], name="organisation_unique_name_in_region"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.uscc = (self.uscc or "").strip().upper()
        if self.kind == self.Kind.CENTRAL and self.region_id:
            raise ValidationError({"region": _("A central government body belongs to no region; leave it empty.")})
        if self.kind != self.Kind.CENTRAL and not self.region_id:
            raise ValidationError({"region": _("Choose the region this organisation belongs to.")})
        if self.kind == self.Kind.ENTERPRISE and not self.uscc:
            raise ValidationError({"uscc": _("An enterprise needs its unified social credit code.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})

    def get_absolute_url(self):
        return reverse("accounts:organisation_detail", args=[self.pk])


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    must_change_password = models.BooleanField(_("must change password at next login"), default=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    failed_login_count = models.PositiveSmallIntegerField(_("failed logins"), default=0, editable=False)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = UserManagerScoped()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())

    @cached_property
    def scope(self) -> Scope:
        grants = list(self.role_grants.values_list("role", "region_id"))
        return Scope.build(
            roles={role for role, _ in grants},
            assigned_codes={region for role, region in grants if region and role in REGIONAL_ROLES},
        )

    def has_role(self, *roles) -> bool:
        return bool(self.scope.roles & set(roles))


class RoleGrant(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("The region a coordinator or reporter works for; empty for national and administrator roles."),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="rolegrant_one_per_role"),
            models.CheckConstraint(
                name="rolegrant_region_iff_regional",
                condition=(Q(role__in=sorted(REGIONAL_ROLES), region__isnull=False)
                           | (~Q(role__in=sorted(REGIONAL_ROLES)) & Q(region__isnull=True))),
            ),
        ]

    def __str__(self):
        region = f" · {self.region}" if self.region_id else ""
        return f"{self.get_role_display()}{region}"

    def clean(self):
        if self.role in REGIONAL_ROLES and not self.region_id:
            raise ValidationError({"region": _("A regional role needs the region it works for.")})
        if self.role not in REGIONAL_ROLES and self.region_id:
            raise ValidationError({"region": _("Only coordinators and reporters carry a region.")})
        if not self.user_id:
            return
        others = set(RoleGrant.objects.filter(user_id=self.user_id).exclude(pk=self.pk).values_list("role", flat=True))
        if self.role in SEPARATED_ADMIN_ROLES and others:
            raise ValidationError({"role": _(
                "The system, security and audit administrators are separated duties: an account holding one of "
                "them holds no other role. Create a separate account.")})
        if others & SEPARATED_ADMIN_ROLES:
            raise ValidationError({"role": _(
                "This account is a system, security or audit administrator and can hold no other role.")})
        if self.role in NATIONAL_ROLES and others & REGIONAL_ROLES or self.role in REGIONAL_ROLES and others & NATIONAL_ROLES:
            raise ValidationError({"role": _("An account is either national or regional, not both.")})
        if self.role in REGIONAL_ROLES:
            other_regions = set(
                RoleGrant.objects.filter(user_id=self.user_id, role__in=REGIONAL_ROLES).exclude(pk=self.pk)
                .values_list("region_id", flat=True)
            )
            if other_regions and other_regions != {self.region_id}:
                raise ValidationError({"region": _("An account works for one region; its roles must name the same region.")})
