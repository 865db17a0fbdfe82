import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The default hasher is deliberately slow; tests need no protection against brute force.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
