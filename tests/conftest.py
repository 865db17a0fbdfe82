import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The default hasher is deliberately slow; tests need no protection against brute force.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Pages are built afresh in every test, so that query counts measure the views; the
    # page cache's own tests turn it on.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _danish_active():
    # A request under /en/ leaves English active in the test thread; start every test in
    # Danish, the portal's default, whatever an earlier test did.
    from django.utils import translation

    translation.activate("da")
    yield
    translation.activate("da")
