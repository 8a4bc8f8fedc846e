"""Form rendering: a field with an error is marked red; the others are not marked green, because a form
refused for one field does not make the other fields right (a figure questioned elsewhere, say)."""

from django_bootstrap5.renderers import FieldRenderer


class QuietFieldRenderer(FieldRenderer):
    def get_server_side_validation_classes(self):
        return "is-invalid" if self.field_errors else ""
