"""Narrow, domain-shaped stores over SQLAlchemy."""
