"""Shared fixtures for the upload function's tests: program data, a moto S3 server, a local server."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import sys
import threading
import time

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import upload_factory  # noqa: E402

# The shared contract when it is beside the repo; otherwise the copy kept with these tests.
_SHARED = REPO.parent / "shared" / "contracts" / "bundle-report.schema.json"
SCHEMA = json.loads(
    (_SHARED if _SHARED.exists() else HERE / "contract" / _SHARED.name).read_text("utf-8")
)


@pytest.fixture(scope="session")
def programs():
    from functions.upload import programs as loader

    return loader.load()


@pytest.fixture(scope="session")
def factory():
    return upload_factory


@pytest.fixture(scope="session")
def report_schema():
    return SCHEMA


@pytest.fixture(scope="session")
def moto_endpoint():
    """A real S3 API over HTTP on 127.0.0.1 (moto server mode), on a free port."""
    from moto.server import ThreadedMotoServer

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(endpoint: str, name: str) -> str:
    import boto3

    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return name


@pytest.fixture
def bucket(moto_endpoint, request):
    return new_bucket(moto_endpoint, "uploads-" + str(abs(hash(request.node.nodeid)) % 10**10))


@contextlib.contextmanager
def running_local_server(root: pathlib.Path, clock=time.time):
    """The real local server (site + API + form endpoint) on a free port, its storage folder
    under root; clock() gives the service's Unix seconds."""
    from functions.upload.server import make_server

    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>home</title><p>首页</p>", "utf-8")
    httpd, app = make_server(port=0, site=str(site), storage_dir=str(root / "store"), clock=clock)
    # shutdown() returns once serve_forever next looks (every 0.5 s by default)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield {"url": f"http://{host}:{port}", "app": app, "root": root / "store", "site": site}
    finally:
        httpd.shutdown()
        httpd.server_close()
        app.pool.shutdown(wait=True)


@pytest.fixture
def local_server(tmp_path):
    """The real local server (site + API + form endpoint) on a free port, with its storage folder."""
    with running_local_server(tmp_path) as server:
        yield server


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    """Each storage backend in turn: the local folder and S3 on the moto server."""
    from functions.upload.storage import LocalStorage, S3Storage

    if request.param == "local":
        return LocalStorage(tmp_path)
    return S3Storage(
        request.getfixturevalue("bucket"), endpoint_url=request.getfixturevalue("moto_endpoint")
    )
