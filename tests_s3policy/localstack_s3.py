"""LocalStack's S3 alone, in this process: no Docker, bound to 127.0.0.1 only, no network.

Run with the LocalStack tool environment's interpreter (`make test-s3-policy` builds it):

    .venv/tools/localstack/bin/python tests_s3policy/localstack_s3.py PORT DATA_DIR

LocalStack's own runtime (`localstack.runtime.main`, what its container runs) is started here
on the host with only S3 loaded. An audit hook refuses, before anything leaves the machine,
any bind or connect outside the loopback and any name lookup other than localhost, and says so
on stderr as `offline guard: …` (the tests fail on such a line).
"""

from __future__ import annotations

import ipaddress
import os
import runpy
import socket
import sys

_LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain"}


def _loopback(host) -> bool:
    if host in _LOCAL_NAMES:
        return host is not None and host != ""
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> None:
    sys.stderr.write(f"offline guard: refused {what}\n")
    sys.stderr.flush()
    raise OSError(f"offline guard: refused {what}")


def _guard(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.bind", "socket.sendto"):
        sock, address = args[0], args[1]
        if sock.family == socket.AF_UNIX:
            return  # a local file (LocalStack probes /var/run/docker.sock and finds none)
        if not _loopback(address[0]):
            _refuse(f"{event.split('.')[1]} to {address!r}")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is not None and not _loopback(host):
            _refuse(f"lookup of {host!r}")
    elif event in ("socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
        if not _loopback(args[0]):
            _refuse(f"lookup of {args[0]!r}")


def main() -> None:
    port, data = int(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(data, exist_ok=True)
    os.environ.update(
        {
            "GATEWAY_LISTEN": f"127.0.0.1:{port}",  # the only listening socket
            "LOCALSTACK_HOST": f"127.0.0.1:{port}",
            "SERVICES": "s3",
            "EAGER_SERVICE_LOADING": "1",  # S3 ready before the health check says so
            "DNS_ADDRESS": "0",  # no DNS server of its own
            "DISABLE_EVENTS": "1",  # no analytics
            "SKIP_SSL_CERT_DOWNLOAD": "1",  # a self-signed certificate made here, not downloaded
            "GATEWAY_SERVER": "hypercorn",
            "PERSISTENCE": "0",
            "FILESYSTEM_ROOT": data,
            "LOCALSTACK_VOLUME_DIR": os.path.join(data, "volume"),
            "TMPDIR": os.path.join(data, "tmp"),
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
    )
    os.makedirs(os.environ["TMPDIR"], exist_ok=True)
    sys.addaudithook(_guard)
    # LocalStack asks DNS whether s3.<LOCALSTACK_HOST> resolves, for virtual-host URLs; the
    # tests use path-style URLs, so answer "no" without asking.
    from localstack.utils.aws import aws_stack

    aws_stack.CACHE_S3_HOSTNAME_DNS_STATUS = False
    runpy.run_module("localstack.runtime.main", run_name="__main__")


if __name__ == "__main__":
    main()
