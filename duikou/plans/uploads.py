"""Attachments: checked by their content, not their name; size-limited; stored under their SHA-256."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What a signed official document or its annex may be: detected type -> (MIME type, kind shown to users).
ALLOWED = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "doc": ("application/msword", "Word"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "xls": ("application/vnd.ms-excel", "Excel"),
    "png": ("image/png", "PNG"),
    "jpg": ("image/jpeg", "JPEG"),
    "gif": ("image/gif", "GIF"),
    "webp": ("image/webp", "WebP"),
    "tif": ("image/tiff", "TIFF"),
}
EXTENSION_ALIASES = {"jpeg": "jpg", "tiff": "tif"}


def inspect_upload(upload) -> tuple[str, str]:
    """Return (MIME type, SHA-256) of an uploaded file, or raise a ValidationError saying what is wrong."""
    limit = settings.DUIKOU_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError({"file": _("“%(name)s” is %(size).1f MB; the limit is %(limit)s MB.") % {
            "name": upload.name, "size": upload.size / 1024 / 1024, "limit": settings.DUIKOU_MAX_UPLOAD_MB}})
    if upload.size == 0:
        raise ValidationError({"file": _("“%(name)s” is empty.") % {"name": upload.name}})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    if kind is not None and kind.extension == "zip":
        # Office files are zip packages; a header guess may stop at "zip": look inside the whole file.
        kind = filetype.guess(upload.read()) or kind
        upload.seek(0)
    detected = kind.extension if kind else None
    if detected not in ALLOWED:
        what = (kind.mime if kind else _("unknown"))
        raise ValidationError({"file": _(
            "“%(name)s” is not a PDF, Word, Excel or image file: its content is %(what)s. Only those kinds of "
            "file can be attached, whatever the file name says.") % {"name": upload.name, "what": what}},
            code="file_type")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    extension = EXTENSION_ALIASES.get(extension, extension)
    if extension in ALLOWED and ALLOWED[extension][1] != ALLOWED[detected][1]:
        raise ValidationError({"file": _(
            "“%(name)s” is named as %(named)s but its content is %(content)s. Rename it or upload the right "
            "file.") % {"name": upload.name, "named": ALLOWED[extension][1], "content": ALLOWED[detected][1]}},
            code="file_type")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return ALLOWED[detected][0], digest.hexdigest()
