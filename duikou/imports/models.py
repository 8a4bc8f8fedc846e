"""An Excel import (issue #4, item 6): the rows read from one uploaded workbook, checked by the same services
as the pages and the API (a preview that writes nothing), then committed all at once or not at all."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.core.models import BaseModel

from .querysets import ImportBatchQuerySet


class ImportBatch(BaseModel):
    class Kind(models.TextChoices):
        PROJECTS = "projects", _("Projects")
        PROJECT_REPORTS = "project_reports", _("Monthly progress reports")
        FUNDING = "funding", _("Funding ledger")
        PARK_FIGURES = "park_figures", _("Monthly park figures")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        PREVIEWED = "previewed", _("Previewed")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
                             related_name="import_batches")
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    # The columns found, in the order the rows store their values: [key, scale, header, column letter].
    columns = models.JSONField(_("columns"), default=list, blank=True, editable=False)
    ignored_columns = models.JSONField(_("columns not read"), default=list, blank=True, editable=False)
    # The non-blank rows as read: [row number as Excel shows it, value, value, …] (values as in the cells).
    rows = models.JSONField(_("rows"), default=list, blank=True, editable=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    errors = models.JSONField(_("errors"), default=list, blank=True, editable=False,
                              help_text=_("Each as {row, column, letter, message}."))
    warnings = models.JSONField(_("warnings"), default=list, blank=True, editable=False,
                                help_text=_("Questioned figures, each as {row, column, letter, message, confirmed}."))
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False,
                               help_text=_("How many rows create, update or leave unchanged a record."))
    results = models.JSONField(_("records"), default=list, blank=True, editable=False,
                               help_text=_("Each row's outcome: [row, action, project id, label, link, changed columns, "
                                          "record id]."))
    confirm_warnings = models.BooleanField(_("questioned figures confirmed"), default=False)
    previewed_at = models.DateTimeField(_("previewed at"), null=True, blank=True)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("Excel import")
        verbose_name_plural = _("Excel imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="imports_batch_user_recent")]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("imports:batch_detail", args=[self.pk])

    @property
    def unconfirmed_warnings(self) -> int:
        return sum(1 for warning in self.warnings if not warning.get("confirmed"))

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.PREVIEWED and not self.errors
