"""Fault tests reuse the upload tests' fixtures (program data, bundle factory, local server, moto)."""

from tests.functions.conftest import (  # noqa: F401 - fixtures, registered by import
    bucket,
    factory,
    local_server,
    moto_endpoint,
    programs,
)
