"""Shared code of the Hik-Connect for Teams skill pack (kept free of heavy imports)."""

from hct import bootstrap

bootstrap.ensure()  # the pack's packages, or its own .venv, or DEPENDENCY_MISSING (exit 3)
