"""Put the built site into an S3-compatible bucket, changing only what changed.

Readers must never see a page whose assets are gone, so the order is: new and changed
assets, then pages, then the manifest, and only then stale objects are removed. A manifest
of content hashes kept in the bucket makes a republish of an unchanged site upload nothing
without a HEAD request per object.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from policy.sitefiles import cache_control, content_type

MANIFEST = ".publish-manifest.json"


@dataclass
class Plan:
    upload: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)

    def as_text(self) -> str:
        lines = [
            f"上传 / upload: {len(self.upload)}, 不变 / unchanged: {len(self.unchanged)}, "
            f"删除 / delete: {len(self.delete)}"
        ]
        lines += [f"  + {p}" for p in self.upload]
        lines += [f"  - {p}" for p in self.delete]
        return "\n".join(lines)


def local_files(site: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file of the built site."""
    out = {}
    for file in sorted(site.rglob("*")):
        if file.is_file():
            out[file.relative_to(site).as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return out


def make_plan(local: dict[str, str], remote_keys: set[str], manifest: dict[str, str]) -> Plan:
    plan = Plan(hashes=local)
    for path, digest in local.items():
        if path in remote_keys and manifest.get(path) == digest:
            plan.unchanged.append(path)
        else:
            plan.upload.append(path)
    # Pages last among uploads: their assets are then already in place.
    plan.upload.sort(key=lambda p: (p.endswith(".html"), p))
    plan.delete = sorted(remote_keys - set(local) - {MANIFEST})
    return plan


def remote_state(s3, bucket: str, prefix: str) -> tuple[set[str], dict[str, str]]:
    keys: set[str] = set()
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            keys.add(obj["Key"][len(prefix) :])
    manifest: dict[str, str] = {}
    if MANIFEST in keys:
        body = s3.get_object(Bucket=bucket, Key=prefix + MANIFEST)["Body"].read()
        try:
            manifest = json.loads(body)
        except ValueError:
            manifest = {}  # a damaged manifest only costs a full upload
    return keys - {MANIFEST}, manifest


def publish(site: Path, s3, bucket: str, prefix: str = "", *, dry_run: bool = False) -> Plan:
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    keys, manifest = remote_state(s3, bucket, prefix)
    plan = make_plan(local_files(site), keys, manifest)
    if dry_run:
        return plan
    for path in plan.upload:
        s3.put_object(
            Bucket=bucket,
            Key=prefix + path,
            Body=(site / path).read_bytes(),
            ContentType=content_type(path),
            CacheControl=cache_control(path),
            Metadata={"sha256": plan.hashes[path]},
        )
    s3.put_object(
        Bucket=bucket,
        Key=prefix + MANIFEST,
        Body=json.dumps(plan.hashes, indent=0).encode(),
        ContentType="application/json; charset=utf-8",
        CacheControl="no-store",
    )
    for start in range(0, len(plan.delete), 1000):
        batch = plan.delete[start : start + 1000]
        s3.delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": prefix + p} for p in batch], "Quiet": True},
        )
    return plan


def client(endpoint_url: str | None = None):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        config=Config(signature_version="s3v4", retries={"max_attempts": 3, "mode": "standard"}),
    )
