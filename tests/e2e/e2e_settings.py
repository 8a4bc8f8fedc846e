"""Settings of the server the browser tests drive: the project's own settings, with a fast password hasher.

The demo command hashes nineteen passwords and every test logs in at least once; PBKDF2 at Django's
default cost would spend most of the suite's time there. Nothing else differs from ``duikou.settings``."""

from duikou.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
