"""Unified social credit codes (GB 32100-2015) and the password character-class rule."""

import string

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# GB 32100-2015: 31 characters, without I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


@deconstructible
class UnifiedSocialCreditCodeValidator:
    """Length, alphabet and check character of an 18-character code; the message names the position."""

    def __call__(self, value: str):
        code = (value or "").strip().upper()
        if len(code) != 18:
            raise ValidationError(
                _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)},
                code="uscc_length",
            )
        for position, char in enumerate(code, start=1):
            if char not in USCC_ALPHABET:
                raise ValidationError(
                    _("Character %(pos)d (“%(char)s”) is not allowed in a unified social credit code: "
                      "use digits and capital letters except I, O, Z, S and V.") % {"pos": position, "char": char},
                    code="uscc_character",
                )
        expected = uscc_check_character(code[:17])
        if code[17] != expected:
            raise ValidationError(
                _("The check character (position 18) should be “%(expected)s” but is “%(actual)s”: "
                  "one of the first 17 characters is probably mistyped.") % {"expected": expected, "actual": code[17]},
                code="uscc_check",
            )

    def __eq__(self, other):
        return isinstance(other, UnifiedSocialCreditCodeValidator)


class CharacterClassValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def _classes(self, password: str) -> int:
        checks = (
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isascii() or not c.isalnum() for c in password),
        )
        return sum(checks)

    def validate(self, password, user=None):
        if self._classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_character_classes")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(n)d kind of character: lower-case letters, upper-case letters, "
            "digits, symbols.",
            "Your password must mix at least %(n)d of these kinds of character: lower-case letters, upper-case "
            "letters, digits, symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}
