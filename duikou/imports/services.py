"""Imports, in three steps, each a service (STYLE convention 2), used by the pages and the API alike:

1. ``import_batch_create``: check the file (size, type by content, columns) and keep its non-blank rows;
   then preview it.
2. ``import_batch_preview``: run every row through the real services inside one transaction that is
   always rolled back, a savepoint per row so one bad row does not stop the others from being checked.
   The preview therefore validates exactly as the commit will (STYLE convention 3): same services, same
   ``full_clean()``, same scoping, rows seeing the rows before them.
3. ``import_batch_commit``: the same run in one transaction, kept only if no row failed: all or nothing.
   A process killed midway leaves nothing, since nothing is committed before the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duikou.core.models import AuditAction
from duikou.core.services import audit_record
from duikou.projects.services import NeedsConfirmation

from .files import check_upload, read_rows
from .kinds import CREATED, UNCHANGED, UPDATED, Applied, ImportKind, RowError, get_kind
from .models import ImportBatch
from .specs import CellError, Money, is_blank

RESULTS_KEPT = 1000  # rows whose outcome (record and changed columns) is kept for the page and the API


@dataclass
class Outcome:
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    summary: Counter = field(default_factory=Counter)
    results: list[list] = field(default_factory=list)

    @property
    def unconfirmed(self) -> int:
        return sum(1 for warning in self.warnings if not warning["confirmed"])


class _Columns:
    """The header and letter a kind's column has in this batch's sheet (or the template's header)."""

    def __init__(self, kind: ImportKind, batch: ImportBatch):
        self.kind = kind
        self.found: dict[str, tuple[str, str]] = {}
        for key, _scale, header, letter in batch.columns:
            self.found.setdefault(key, (header, letter))

    def of(self, key: str | None) -> tuple[str, str]:
        if key is None:
            return "", ""
        if key in self.found:
            return self.found[key]
        column = self.kind.column(key)
        return (column.header if column else ""), ""

    def of_field(self, name: str) -> tuple[str, str]:
        if name == NON_FIELD_ERRORS:
            return "", ""
        column = self.kind.column_for_field(name)
        return self.of(column.key) if column else ("", "")


def _issue(number: int, where: tuple[str, str], message: str, **extra) -> dict:
    return {"row": number, "column": where[0], "letter": where[1], "message": str(message), **extra}


def _validation_issues(number: int, exc: ValidationError, columns: _Columns) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [_issue(number, columns.of_field(name), message)
                for name, errors in exc.error_dict.items() for message in ValidationError(errors).messages]
    return [_issue(number, ("", ""), message) for message in exc.messages]


def _read(kind: ImportKind, batch: ImportBatch, columns: _Columns):
    """Each stored row read by the kind's readers: (row number, values by column key, issues)."""
    spec = {column.key: column for column in kind.columns}
    positions = [(index, spec[key], scale, header, letter)
                 for index, (key, scale, header, letter) in enumerate(batch.columns)]
    present = {key for key, *_rest in batch.columns}
    for raw in batch.rows:
        number, cells = raw[0], raw[1:]
        values, issues, filled, unreadable = {}, [], {}, set()
        for index, column, scale, header, letter in positions:
            cell = cells[index]
            if is_blank(cell):
                values.setdefault(column.key, column.reader.empty)
                continue
            try:
                reader = column.reader
                value = reader.read(cell, scale) if isinstance(reader, Money) else reader.read(cell)
            except CellError as exc:
                issues.append(_issue(number, (header, letter), str(exc)))
                unreadable.add(column.key)
                continue
            if column.key in filled and filled[column.key][0] != value:
                first_header = filled[column.key][1]
                issues.append(_issue(number, (header, letter), _(
                    "“%(first)s” says %(a)s and “%(second)s” says %(b)s (10,000 yuan): fill in one of them.") % {
                    "first": first_header, "a": filled[column.key][0], "second": header, "b": value}))
                continue
            values[column.key] = value
            filled[column.key] = (value, header)
        for column in kind.columns:
            if column.required and column.key in present and column.key not in unreadable and \
                    values.get(column.key) in (None, "", ()):
                issues.append(_issue(number, columns.of(column.key), _(
                    "“%(header)s” is empty: every row needs it.") % {"header": columns.of(column.key)[0]}))
        yield number, values, issues


def _run(*, batch: ImportBatch, user, commit: bool, confirm_all: bool) -> Outcome:
    """Every row through the kind's service, one savepoint each; kept only when committing without errors."""
    kind = get_kind(batch.kind)
    columns = _Columns(kind, batch)
    outcome = Outcome()
    rows = list(_read(kind, batch, columns))
    with transaction.atomic():
        lookups = kind.lookups(user=user, rows=[values for _n, values, issues in rows])
        seen: dict = {}
        for number, values, issues in rows:
            if not issues:
                issues = [_issue(number, columns.of(key), message) for key, message in kind.resolve(values, lookups)]
            if not issues:
                issues = [_issue(number, columns.of(key), message) for key, message in kind.check(values)]
            key = kind.row_key(values) if not issues else None
            if key is not None:
                if key in seen:
                    issues = [_issue(number, ("", ""), _("This row is about the same record as row %(row)s: keep one "
                                                         "row per record.") % {"row": seen[key]})]
                else:
                    seen[key] = number
            if issues:
                outcome.errors.extend(issues)
                continue
            try:
                record = kind.unchanged(values=values, lookups=lookups)
            except RowError as exc:
                outcome.errors.append(_issue(number, columns.of(exc.column), exc.message))
                continue
            if record is not None:
                outcome.summary[UNCHANGED] += 1
                continue
            confirm = confirm_all or bool(values.get("confirm"))
            applied = _apply(kind=kind, user=user, number=number, values=values, lookups=lookups, columns=columns,
                             outcome=outcome, confirm=confirm if commit else False, confirmed=confirm, commit=commit)
            if applied is None:
                continue
            outcome.summary[applied.action] += 1
            if len(outcome.results) < RESULTS_KEPT:
                record = applied.record
                outcome.results.append([number, applied.action, kind.result_project(record), str(record)[:200],
                                        record.get_absolute_url(), [columns.of(key)[0] for key in applied.changed],
                                        record.pk])
        if not commit or outcome.errors or outcome.unconfirmed:
            transaction.set_rollback(True)
    return outcome


def _apply(*, kind, user, number, values, lookups, columns, outcome, confirm, confirmed, commit) -> Applied | None:
    """One row in its own savepoint; its errors and warnings go into ``outcome``. In a preview questioned
    figures are collected as warnings, then the row is applied as if confirmed, so the rows after it see it."""
    try:
        with transaction.atomic():
            return kind.apply(user=user, values=values, lookups=lookups, confirm=confirm)
    except NeedsConfirmation as exc:
        outcome.warnings.extend(
            _issue(number, columns.of(kind.warning_columns.get(code)), message, code=code, confirmed=confirmed)
            for code, message in exc.warnings.items())
        if commit:
            return None
        return _apply(kind=kind, user=user, number=number, values=values, lookups=lookups, columns=columns,
                      outcome=outcome, confirm=True, confirmed=confirmed, commit=True)
    except RowError as exc:
        outcome.errors.append(_issue(number, columns.of(exc.column), exc.message))
    except ValidationError as exc:
        outcome.errors.extend(_validation_issues(number, exc, columns))
    except PermissionDenied as exc:
        outcome.errors.append(_issue(number, columns.of(kind.permission_column),
                                     str(exc) or _("You may not change this record.")))
    except DatabaseError as exc:  # a constraint the validation could not foresee (a concurrent write)
        outcome.errors.append(_issue(number, ("", ""), _("The database refused this row (%(error)s): preview the "
                                                         "file again.") % {"error": exc.__class__.__name__}))
    return None


def _store(batch: ImportBatch, outcome: Outcome, *, status: str) -> None:
    batch.errors, batch.warnings = outcome.errors, outcome.warnings
    batch.summary = {key: outcome.summary.get(key, 0) for key in (CREATED, UPDATED, UNCHANGED)}
    batch.results = outcome.results
    batch.status = status


# --- the three steps ---------------------------------------------------------------------------------------


def import_batch_create(*, user, kind: str, upload) -> ImportBatch:
    """Check and read an uploaded workbook, keep its rows and preview them. A file that cannot be imported
    at all (type, size, columns) raises a ValidationError under ``file`` and keeps nothing."""
    if kind not in ImportBatch.Kind.values:
        raise ValidationError({"kind": _("“%(kind)s” is not a kind of import.") % {"kind": kind}})
    spec = get_kind(kind)
    if not spec.may_import(user):
        raise PermissionDenied(_("You may not import %(kind)s.") % {"kind": spec.label})
    digest = check_upload(upload)
    sheet = read_rows(upload, spec)
    batch = ImportBatch(
        kind=kind, user=user, organisation_id=getattr(user, "organisation_id", None), file_name=upload.name[:255],
        file_size=upload.size, sha256=digest, sheet=sheet.sheet[:100], columns=[list(c) for c in sheet.columns.found],
        ignored_columns=sheet.columns.ignored, rows=sheet.rows, row_count=len(sheet.rows))
    if not ImportBatch.objects.allows(user, "add", batch):
        raise PermissionDenied(_("You may not import files."))
    batch.full_clean()
    batch.save()
    return import_batch_preview(user=user, batch=batch)


def import_batch_preview(*, user, batch: ImportBatch) -> ImportBatch:
    """Check every row as the commit will, and write nothing; keep the errors, warnings and counts."""
    _require_owner(user, batch)
    if batch.status == ImportBatch.Status.COMMITTED:
        raise ValidationError(_("This import has been committed already."))
    outcome = _run(batch=batch, user=user, commit=False, confirm_all=False)
    _store(batch, outcome, status=ImportBatch.Status.PREVIEWED)
    batch.previewed_at = timezone.now()
    batch.save(update_fields=["errors", "warnings", "summary", "results", "status", "previewed_at", "updated_at"])
    return batch


def import_batch_commit(*, user, batch: ImportBatch, confirm_warnings: bool = False) -> ImportBatch:
    """Write every row, or none. Refused while the preview shows errors or unconfirmed warnings; rows that
    fail now (the records changed since the preview) leave the batch failed, with their errors."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        _require_owner(user, batch)
        if batch.status == ImportBatch.Status.COMMITTED:
            raise ValidationError(_("This import has been committed already."), code="committed")
        if batch.status != ImportBatch.Status.PREVIEWED:
            raise ValidationError(_("Preview the file again before committing it."), code="not_previewed")
        if batch.errors:
            raise ValidationError(ngettext("%(n)s error in the file: correct the row and upload it again; nothing was "
                                           "written.",
                                           "%(n)s errors in the file: correct the rows and upload it again; nothing was "
                                           "written.", len(batch.errors)) % {"n": len(batch.errors)}, code="errors")
        if batch.unconfirmed_warnings and not confirm_warnings:
            raise ValidationError(ngettext("%(n)s figure is questioned: check it and confirm it to commit.",
                                           "%(n)s figures are questioned: check them and confirm them to commit.",
                                           batch.unconfirmed_warnings) % {"n": batch.unconfirmed_warnings},
                                  code="needs_confirmation")
        outcome = _run(batch=batch, user=user, commit=True, confirm_all=confirm_warnings)
        if outcome.errors or outcome.unconfirmed:
            _store(batch, outcome, status=ImportBatch.Status.FAILED)
            batch.save(update_fields=["errors", "warnings", "summary", "results", "status", "updated_at"])
            return batch
        _store(batch, outcome, status=ImportBatch.Status.COMMITTED)
        batch.confirm_warnings, batch.committed_at = confirm_warnings, timezone.now()
        batch.version += 1
        batch.save(update_fields=["errors", "warnings", "summary", "results", "status", "confirm_warnings",
                                  "committed_at", "version", "updated_at"])
        audit_record(action=AuditAction.WORKFLOW, user=user, instance=batch, changes={
            "status": [ImportBatch.Status.PREVIEWED, ImportBatch.Status.COMMITTED], "kind": [None, batch.kind],
            "file": [None, batch.file_name], "sha256": [None, batch.sha256], "rows": [None, batch.row_count],
            **{key: [None, value] for key, value in batch.summary.items()}})
    return batch


def _require_owner(user, batch: ImportBatch) -> None:
    if batch.user_id != user.pk:
        raise PermissionDenied(_("Only the person who uploaded the file previews and commits it."))
