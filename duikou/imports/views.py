"""Excel import pages: choose a kind (download its template, upload a file), see the preview (counts, every
error with its row and column, questioned figures), commit, and follow the links to the records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from duikou.core.exports import XLSX_MIME
from duikou.core.views import ScopedDetailView

from . import services
from .forms import ImportCommitForm, ImportUploadForm
from .kinds import KINDS
from .models import ImportBatch
from .workbooks import template_filename, template_xlsx

ERRORS_SHOWN = 1000


def _importable(user):
    return [kind for kind in KINDS.values() if kind.may_import(user)]


class ImportStartView(LoginRequiredMixin, FormView):
    template_name = "imports/import_start.html"
    form_class = ImportUploadForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _importable(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in KINDS else {}

    def form_valid(self, form):
        try:
            batch = services.import_batch_create(user=self.request.user, kind=form.cleaned_data["kind"],
                                                 upload=form.cleaned_data["file"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error("file", exc)
            return self.form_invalid(form)
        return redirect(batch.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = _importable(self.request.user)
        context["batches"] = (ImportBatch.objects.for_user(self.request.user, "view").filter(user=self.request.user)
                              .defer("rows", "results", "errors", "warnings")[:10])
        return context


class ImportTemplateView(LoginRequiredMixin, View):
    """The kind's .xlsx template, with the user's own drop-down lists."""

    def get(self, request, kind):
        spec = KINDS.get(kind)
        if spec is None:
            raise Http404
        if not spec.may_import(request.user):
            raise PermissionDenied
        response = HttpResponse(template_xlsx(kind=spec, user=request.user), content_type=XLSX_MIME)
        response["Content-Disposition"] = content_disposition_header(True, template_filename(spec))
        return response


class ImportBatchDetailView(ScopedDetailView):
    model = ImportBatch
    template_name = "imports/batch_detail.html"
    context_object_name = "batch"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        context.update(
            kind=KINDS[batch.kind],
            errors=batch.errors[:ERRORS_SHOWN],
            more_errors=max(0, len(batch.errors) - ERRORS_SHOWN),
            error_rows=len({error["row"] for error in batch.errors}),
            is_owner=batch.user_id == self.request.user.pk,
            commit_form=ImportCommitForm(),
            changed=[result for result in batch.results if result[1] == "updated"][:ERRORS_SHOWN],
        )
        return context


class _BatchStepView(LoginRequiredMixin, View):
    def batch(self, request, pk) -> ImportBatch:
        return get_object_or_404(ImportBatch.objects.for_user(request.user, "view"), pk=pk)


class ImportBatchPreviewView(_BatchStepView):
    """POST: check the stored rows again (after the records changed, or a failed commit)."""

    def post(self, request, pk):
        batch = self.batch(request, pk)
        try:
            services.import_batch_preview(user=request.user, batch=batch)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(batch.get_absolute_url())


class ImportBatchCommitView(_BatchStepView):
    def post(self, request, pk):
        batch = self.batch(request, pk)
        form = ImportCommitForm(request.POST)
        form.is_valid()
        try:
            batch = services.import_batch_commit(user=request.user, batch=batch,
                                                 confirm_warnings=form.cleaned_data.get("confirm_warnings", False))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(batch.get_absolute_url())
        if batch.status == ImportBatch.Status.COMMITTED:
            messages.success(request, _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                             % batch.summary)
        else:
            messages.error(request, ngettext(
                "Nothing was written: %(n)s row failed when committing (the records changed since the preview). "
                "See the error below.",
                "Nothing was written: %(n)s rows failed when committing (the records changed since the preview). "
                "See the errors below.", len(batch.errors)) % {"n": len(batch.errors)})
        return redirect(batch.get_absolute_url())
