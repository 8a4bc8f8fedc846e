from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from .forms import SearchForm
from .models import SearchDocument
from .selectors import search, search_hits


class SearchView(LoginRequiredMixin, ListView):
    """Full-text search over the records the user may see, best hits first; an htmx request gets only
    the results."""

    template_name = "search/search.html"
    partial_template_name = "search/_results.html"
    paginate_by = 20

    def get_queryset(self):
        self.form = SearchForm(self.request.GET or None)
        self.query = ""
        if not self.form.is_valid():
            return SearchDocument.objects.none()
        self.query = self.form.cleaned_data["q"].strip()
        kind = self.form.cleaned_data["kind"]
        return search(user=self.request.user, query=self.query, kinds=[kind] if kind else None)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=self.form, query=self.query, query_without_page=query.urlencode(),
                       hits=search_hits(documents=context["object_list"], query=self.query))
        return context
