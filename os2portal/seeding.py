"""Reference and demo data for the whole portal; each app contributes its own part."""

from django.contrib.auth import get_user_model


def database_is_empty() -> bool:
    return not get_user_model().objects.exists()


def seed_demo() -> list[str]:
    """Load reference and demo data idempotently; return a line per step for the log."""
    return []
