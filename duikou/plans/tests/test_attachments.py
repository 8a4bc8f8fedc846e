"""Attachments: PDF, Word, Excel and images only, checked by content and not by name; size-limited;
stored with a checksum; downloads scoped and audited."""

import hashlib
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duikou.core.models import AuditEntry

from ..models import PlanAttachment
from .factories import PlanFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("对口合作框架协议")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def plan(db):
    return PlanFactory()


def upload(client, plan, name, content):
    return client.post(f"/api/v1/plans/{plan.pk}/attachments/", {"file": SimpleUploadedFile(name, content)})


def test_pdf_and_word_are_stored_with_their_checksum(personas, client, plan):
    client.force_login(personas["liaoning"])
    for name, content, mime in (("批复.pdf", PDF, "application/pdf"),
                                ("协议.docx", word_file(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")):
        response = upload(client, plan, name, content)
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["content_type"] == mime and body["sha256"] == hashlib.sha256(content).hexdigest()
        assert body["size"] == len(content) and body["original_name"] == name
    assert PlanAttachment.objects.filter(plan=plan).count() == 2


def test_an_executable_renamed_to_pdf_is_refused(personas, client, plan):
    client.force_login(personas["liaoning"])
    response = upload(client, plan, "批复.pdf", ELF)
    assert response.status_code == 400
    assert "批复.pdf" in response.json()["file"][0]
    assert not PlanAttachment.objects.exists()


def test_a_word_file_named_pdf_and_plain_text_are_refused(personas, client, plan):
    client.force_login(personas["liaoning"])
    assert upload(client, plan, "批复.pdf", word_file()).status_code == 400
    assert upload(client, plan, "说明.txt", "纯文本".encode()).status_code == 400
    assert upload(client, plan, "空.pdf", b"").status_code == 400
    assert not PlanAttachment.objects.exists()


def test_the_size_limit(personas, client, plan, settings):
    settings.DUIKOU_MAX_UPLOAD_MB = 1
    client.force_login(personas["liaoning"])
    response = upload(client, plan, "大.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400 and "1 MB" in response.json()["file"][0]
    assert not PlanAttachment.objects.exists()


def test_the_upload_page_shows_the_error_and_keeps_nothing(personas, client, plan):
    client.force_login(personas["liaoning"])
    response = client.post(reverse("plans:attachment_upload", args=[plan.pk]),
                           {"file": SimpleUploadedFile("setup.pdf", ELF)})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not PlanAttachment.objects.exists()


def test_downloads_are_scoped_audited_and_checked(personas, client, plan):
    client.force_login(personas["jiangsu"])
    attachment_id = upload(client, plan, "批复.pdf", PDF).json()["id"]
    url = reverse("plans:attachment_download", args=[attachment_id])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="download", object_id=str(attachment_id), actor=personas["jiangsu"]).exists()
    api = client.get(f"/api/v1/plan-attachments/{attachment_id}/download/")
    assert api.status_code == 200
    client.force_login(personas["jilin"])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/plan-attachments/{attachment_id}/download/").status_code == 404
    assert AuditEntry.objects.filter(action="download").count() == 2
    # A file altered on disk is refused, not served.
    attachment = PlanAttachment.objects.get(pk=attachment_id)
    with open(attachment.file.path, "ab") as handle:
        handle.write(b"tampered")
    client.force_login(personas["jiangsu"])
    response = client.get(url, follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert AuditEntry.objects.filter(action="download").count() == 2
