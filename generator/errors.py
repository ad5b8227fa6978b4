"""Errors the site generator raises on purpose (policy data errors are policy.errors')."""

from __future__ import annotations


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose: a build, a scaffold, a publish."""
