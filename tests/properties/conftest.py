"""Property tests reuse the upload tests' fixtures (program data, bundle factory)."""

from tests.functions.conftest import factory, programs  # noqa: F401 - fixtures, registered by import
