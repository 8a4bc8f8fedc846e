"""Base views of the back office. Scoping happens in ``get_queryset`` (one hook); an htmx request for a list
gets only its table partial; writes go through the app's service and show its errors on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from .filtersets import AuditEntryFilterSet
from .models import AuditEntry
from .services import ConflictError


class ScopedMixin(LoginRequiredMixin):
    model = None
    action = "view"
    select_related: tuple = ()
    prefetch_related: tuple = ()

    def base_queryset(self):
        qs = self.model.objects.for_user(self.request.user, self.action)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def get_queryset(self):
        return self.base_queryset()

    def can(self, action, obj=None) -> bool:
        if obj is None:
            return self.model.objects.may(self.request.user, action)
        return self.model.objects.allows(self.request.user, action, obj)


class ScopedListView(ScopedMixin, ListView):
    filterset_class = None
    paginate_by = 50
    template_name = "core/list.html"
    partial_template_name = None
    create_url_name = None

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.base_queryset(),
                                              request=self.request)
        return self.filterset.qs

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["can_add"] = self.can("add")
        context["create_url_name"] = self.create_url_name
        context["partial_template_name"] = self.partial_template_name
        context["page_title"] = self.model._meta.verbose_name_plural
        context["model_verbose_name"] = self.model._meta.verbose_name
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class ScopedDetailView(ScopedMixin, DetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.can("change", self.object)
        context["can_delete"] = self.can("delete", self.object)
        return context


class ServiceFormView(ScopedMixin, FormView):
    """Create (no object) or update (``self.object``) through a service; the form only collects input.

    Subclasses implement ``perform(form)`` and return the saved instance."""

    template_name = "core/form.html"
    action = "add"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        lookup = self.kwargs.get("pk")
        if lookup is None:
            if not self.can("add"):
                raise PermissionDenied
            return None
        obj = self.model.objects.for_user(self.request.user, "view").filter(pk=lookup).first()
        if obj is None:
            raise Http404
        if not self.can("change", obj):
            raise PermissionDenied
        return obj

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            saved = self.perform(form)
        except ConflictError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(object)s") % {"object": saved})
        return redirect(saved.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["model_verbose_name"] = self.model._meta.verbose_name
        return context


class ServiceDeleteView(ScopedMixin, DetailView):
    """GET asks for confirmation; POST deletes through ``perform_delete`` (the app's service)."""

    template_name = "core/confirm_delete.html"
    success_url_name = None

    def perform_delete(self, obj):
        raise NotImplementedError

    def deleted_url(self, obj) -> str:
        """Where to go after deleting ``obj``: the list named ``success_url_name`` unless overridden."""
        return reverse(self.success_url_name)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if not self.can("delete", obj):
            raise PermissionDenied
        try:
            self.perform_delete(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Deleted: %(object)s") % {"object": obj})
        return redirect(self.deleted_url(obj))


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from duikou.regions.selectors import catalogue_groups, pairing_list_for_home

        context = super().get_context_data(**kwargs)
        context["my_pairings"] = pairing_list_for_home(user=self.request.user)
        context["groups"] = catalogue_groups()
        return context


class AuditEntryListView(ScopedListView):
    """The audit administrator's read-only view of the audit trail (there is no edit or delete anywhere)."""

    model = AuditEntry
    filterset_class = AuditEntryFilterSet

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not AuditEntry.objects.may(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
    partial_template_name = "core/_audit_table.html"


class SystemStatusView(LoginRequiredMixin, TemplateView):
    """The system administrator's page: versions, database, migrations; no business data."""

    template_name = "core/system_status.html"

    def dispatch(self, request, *args, **kwargs):
        from .roles import Role

        if request.user.is_authenticated and Role.SYSTEM_ADMIN not in request.user.scope.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        import sys

        import django
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        context = super().get_context_data(**kwargs)
        executor = MigrationExecutor(connection)
        context.update(
            python=sys.version.split()[0],
            django=django.get_version(),
            database=connection.vendor,
            database_name=connection.settings_dict.get("NAME"),
            pending_migrations=len(executor.migration_plan(executor.loader.graph.leaf_nodes())),
        )
        return context
