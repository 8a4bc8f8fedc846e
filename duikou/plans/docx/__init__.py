"""Word templates of plans (``plan.docx``) and the script that builds them (``build_templates.py``)."""
