"""Model fields shared by the domain apps."""

import html
import re

import nh3
from django.db import models

# What a plan's sections may contain: paragraphs, emphasis, lists, headings and simple tables. Everything
# else (scripts, styles, event handlers, links to javascript:) is removed on validation, whatever the
# source: the form, the API or an import.
SAFE_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ol", "ul", "li", "h3", "h4", "blockquote",
             "table", "thead", "tbody", "tr", "th", "td"}
SAFE_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def sanitize_html(value: str) -> str:
    """Clean HTML down to the safe tags. Text typed without any tag (a plain textarea, an import) keeps its
    paragraphs: each non-empty line becomes a paragraph."""
    if not value:
        return value
    if not TAG.search(value):
        return "".join(f"<p>{html.escape(line.strip(), quote=False)}</p>" for line in value.splitlines() if line.strip())
    return nh3.clean(value, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, link_rel=None)


class SafeHTMLField(models.TextField):
    """Rich but safe text: a restricted set of HTML tags, cleaned by ``full_clean()``."""

    def to_python(self, value):
        value = super().to_python(value)
        return sanitize_html(value) if isinstance(value, str) else value
