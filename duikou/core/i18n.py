"""Compile and check the translations with Babel (pure Python: no GNU gettext on the machine needed).

    python -m duikou.core.i18n compile   # every duikou/locale/<lang>/LC_MESSAGES/*.po -> .mo
    python -m duikou.core.i18n check     # fail on untranslated or fuzzy entries

Source strings are English; zh_Hans is the default interface language. To collect new strings run
``python manage.py makemessages -l zh_Hans`` (that one needs GNU gettext, a developer tool)."""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def _catalogues():
    yield from sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> int:
    for po_path in _catalogues():
        with po_path.open("rb") as fh:
            catalogue = read_po(fh)
        with po_path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalogue, use_fuzzy=False)
    return 0


def check_all() -> int:
    problems = []
    for po_path in _catalogues():
        with po_path.open("rb") as fh:
            catalogue = read_po(fh)
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            if message.fuzzy:
                problems.append(f"{po_path.relative_to(LOCALE_DIR)}: fuzzy: {message.id!r}")
            elif not all(strings):
                problems.append(f"{po_path.relative_to(LOCALE_DIR)}: untranslated: {message.id!r}")
    for line in problems:
        print(line)
    print(f"{len(problems)} translation problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    sys.exit({"compile": compile_all, "check": check_all}[command]())
