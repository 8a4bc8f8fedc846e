"""Build ``round.docx``, the Word template of an evaluation round's report (GB/T 9704-2012 layout).

It reuses the page, styles, fonts and page numbers of the plans' template (``duikou/plans/docx/
build_templates.py``): the same A4 page, 22 × 28 grid, 仿宋 body, 黑体 / 楷体 headings and 小标宋 title. The
shipped ``round.docx`` next to this script is its output; regenerate it after changing this script:

    .venv/bin/python duikou/evaluation/docx/build_templates.py

``duikou.evaluation.documents.round_docx`` fills it with docxtpl. What the tags can use: ``title``,
``title_lines``, ``document_number``, ``intro``, ``h`` (headings and column headers), ``rows`` (each
``rank``, ``pairing``, ``dimensions``, ``total``, ``outcome``), ``note``, ``commended`` and ``rectified``
(pairing names with their assessments), ``assessments`` (each ``pairing``, ``text``). A ``round.docx`` in
``settings.DUIKOU_DOCUMENT_TEMPLATE_DIR`` replaces it."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build_round_template(path: Path) -> Path:
    import docx

    from duikou.plans.docx import build_templates as plan

    document = docx.Document()
    plan.drop_cruft(document)
    plan.build_settings(document)
    plan.build_styles(document)
    plan.build_font_table(document)
    plan.build_section(document)
    body = document.element.body
    for child in list(body):
        if child.tag != plan.qn("w:sectPr"):
            body.remove(child)
    para, tag = plan.para, plan.tag
    title_rpr = plan.rpr(east_asia=plan.XIAOBIAOSONG, size_pt=22, latin=plan.XIAOBIAOSONG)
    tag(document, "{%p if document_number %}")
    para(document, "{{ document_number }}", "发文字号")
    tag(document, "{%p endif %}")
    para(document, "{{ title_lines }}", "公文标题", direct=title_rpr)
    para(document)
    para(document, "{{ intro }}", "公文正文")
    para(document, "{{ h.results }}", "一级标题")
    head, text, number = "表格表头", "表格文字", "表格数字"
    plan.table(
        document,
        [14, 46, 54, 18, 24],
        [
            [
                ("{{ h.rank }}", head),
                ("{{ h.pairing }}", head),
                ("{{ h.dimensions }}", head),
                ("{{ h.total }}", head),
                ("{{ h.outcome }}", head),
            ],
            [("{%tr for row in rows %}", text)],
            [
                ("{{ row.rank }}", number),
                ("{{ row.pairing }}", text),
                ("{{ row.dimensions }}", text),
                ("{{ row.total }}", number),
                ("{{ row.outcome }}", number),
            ],
            [("{%tr endfor %}", text)],
        ],
    )
    para(document, "{{ note }}", "表注")
    para(document, "{{ h.commended }}", "一级标题")
    tag(document, "{%p for item in commended %}")
    para(document, "{{ item.pairing }}：{{ item.text }}", "公文正文")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if not commended %}")
    para(document, "{{ h.none }}", "公文正文")
    tag(document, "{%p endif %}")
    para(document, "{{ h.rectified }}", "一级标题")
    tag(document, "{%p for item in rectified %}")
    para(document, "{{ item.pairing }}：{{ item.text }}", "公文正文")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if not rectified %}")
    para(document, "{{ h.none }}", "公文正文")
    tag(document, "{%p endif %}")
    para(document, "{{ h.assessments }}", "一级标题")
    tag(document, "{%p for item in assessments %}")
    para(document, "{{ item.pairing }}", "二级标题")
    para(document, "{{ item.text }}", "公文正文")
    tag(document, "{%p endfor %}")
    properties = document.core_properties
    properties.title, properties.subject, properties.author = "{{ title }}", "", "Duikou"
    properties.comments, properties.keywords, properties.language = "", "", "zh-CN"
    properties.last_modified_by, properties.revision = "Duikou", 1
    document.save(path)
    return path


if __name__ == "__main__":  # pragma: no cover - run by hand
    import os

    import django

    sys.path.insert(0, str(HERE.parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duikou.settings")
    django.setup()
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "round.docx"
    print(build_round_template(target))
