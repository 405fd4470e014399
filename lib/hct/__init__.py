"""Shared code of the Hik-Connect for Teams skill pack (kept free of heavy imports)."""
