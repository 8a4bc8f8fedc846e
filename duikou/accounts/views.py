from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .filtersets import OrganisationFilterSet, UserFilterSet
from .forms import LoginForm, OrganisationForm, PasswordChangeForm, RoleGrantForm, UserForm
from .models import Organisation, RoleGrant, User

# --- login, logout, password ---------------------------------------------------------------------------


class LoginView(FormView):
    template_name = "accounts/login.html"
    form_class = LoginForm

    def form_valid(self, form):
        try:
            services.user_login(request=self.request, username=form.cleaned_data["username"],
                                password=form.cleaned_data["password"])
        except services.LoginFailed as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()},
                                                       require_https=self.request.is_secure()):
            return redirect(target)
        return redirect("core:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.GET.get("next", "")
        return context


class LogoutView(View):
    def post(self, request):
        services.user_logout(request=request)
        messages.info(request, _("You have logged out."))
        return redirect("portal:home")


class PasswordChangeView(LoginRequiredMixin, FormView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        try:
            services.user_change_password(user=self.request.user, old_password=form.cleaned_data["old_password"],
                                          new_password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error("new_password1", exc)
            return self.form_invalid(form)
        from django.contrib.auth import update_session_auth_hash

        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect("core:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["required"] = self.request.user.must_change_password and not self.request.user.is_demo
        return context


# --- organisations -----------------------------------------------------------------------------------


class OrganisationListView(ScopedListView):
    model = Organisation
    filterset_class = OrganisationFilterSet
    select_related = ("region",)
    partial_template_name = "accounts/_organisation_table.html"
    create_url_name = "accounts:organisation_create"


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    select_related = ("region__parent", "parent")
    template_name = "accounts/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["users"] = User.objects.for_user(self.request.user, "view").filter(organisation=self.object)
        context["children"] = Organisation.objects.for_user(self.request.user, "view").filter(parent=self.object)
        return context


class OrganisationCreateView(ServiceFormView):
    model = Organisation
    form_class = OrganisationForm

    def perform(self, form):
        return services.organisation_create(user=self.request.user, data=form.service_data())


class OrganisationUpdateView(ServiceFormView):
    model = Organisation
    form_class = OrganisationForm
    action = "change"

    def perform(self, form):
        return services.organisation_update(user=self.request.user, organisation=self.object,
                                            data=form.service_data(),
                                            expected_version=form.cleaned_data.get("version"))


class OrganisationDeleteView(ServiceDeleteView):
    model = Organisation
    success_url_name = "accounts:organisation_list"

    def perform_delete(self, obj):
        services.organisation_delete(user=self.request.user, organisation=obj)


# --- users (the security administrator manages them) ----------------------------------------------------


class UserListView(ScopedListView):
    model = User
    filterset_class = UserFilterSet
    select_related = ("organisation__region",)
    prefetch_related = ("role_grants__region",)
    partial_template_name = "accounts/_user_table.html"
    create_url_name = "accounts:user_create"

    def get_queryset(self):
        return super().get_queryset().distinct()


class UserDetailView(ScopedDetailView):
    model = User
    select_related = ("organisation__region",)
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grants"] = self.object.role_grants.select_related("region")
        context["grant_form"] = RoleGrantForm()
        return context


class UserCreateView(ServiceFormView):
    model = User
    form_class = UserForm

    def perform(self, form):
        user, password = services.user_create(actor=self.request.user, data=form.service_data())
        messages.warning(self.request, _("One-time password for %(username)s: %(password)s — hand it over in "
                                         "person; it must be changed at first login.")
                         % {"username": user.username, "password": password})
        return user


class UserUpdateView(ServiceFormView):
    model = User
    form_class = UserForm
    action = "change"

    def perform(self, form):
        data = form.service_data()
        data.pop("username", None)
        return services.user_update(actor=self.request.user, user=self.object, data=data,
                                    expected_version=form.cleaned_data.get("version"))


class UserActionMixin(LoginRequiredMixin):
    def get_account(self):
        account = User.objects.for_user(self.request.user, "view").filter(pk=self.kwargs["pk"]).first()
        if account is None:
            raise Http404
        if not User.objects.allows(self.request.user, "change", account):
            raise PermissionDenied
        return account


class UserResetPasswordView(UserActionMixin, View):
    def post(self, request, pk):
        account = self.get_account()
        password = services.user_reset_password(actor=request.user, user=account)
        messages.warning(request, _("One-time password for %(username)s: %(password)s — it must be changed at "
                                    "first login.") % {"username": account.username, "password": password})
        return redirect(account.get_absolute_url())


class RoleGrantCreateView(UserActionMixin, View):
    def post(self, request, pk):
        account = self.get_account()
        form = RoleGrantForm(request.POST)
        if form.is_valid():
            try:
                services.role_grant(actor=request.user, user=account, role=form.cleaned_data["role"],
                                    region=form.cleaned_data["region"])
                messages.success(request, _("Role granted."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Choose a role."))
        return redirect(account.get_absolute_url())


class RoleGrantDeleteView(UserActionMixin, View):
    def post(self, request, pk, grant_pk):
        account = self.get_account()
        grant = RoleGrant.objects.for_user(request.user, "delete").filter(user=account, pk=grant_pk).first()
        if grant is None:
            raise Http404
        services.role_revoke(actor=request.user, grant=grant)
        messages.success(request, _("Role revoked."))
        return redirect(account.get_absolute_url())
