"""The signed POST form of `S3Storage.upload_form`, on an S3 that enforces POST policies.

moto accepts any form; LocalStack's S3 checks a policy's expiry and every condition as S3 does
(it does not verify the signature itself: the local server's signer tests cover that). The
function still re-checks key and size when a bundle lands, for stores that enforce nothing.
"""

from __future__ import annotations

import secrets
import time

import pytest
import requests

SIZE = 4096


@pytest.fixture(scope="module")
def s3(localstack):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=localstack,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


@pytest.fixture(scope="module")
def storage(localstack, s3):
    from functions.upload.storage import S3Storage

    bucket = "policy-proof-" + secrets.token_hex(4)
    s3.create_bucket(Bucket=bucket)
    # As deployed (template.yaml): versioned, so a second post of one form shows as a version.
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return S3Storage(bucket, client=s3, sse="AES256")


def new_key() -> str:
    return f"uploads/{secrets.token_hex(20)}/bundle"


def post(form: dict, body: bytes, **change) -> requests.Response:
    """The browser's multipart POST: the form's fields in order, then the file."""
    fields = dict(form["fields"])
    for name, value in change.items():
        name = name.replace("_", "-")
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    return requests.post(form["url"], data=fields, files={"file": ("bundle.zip", body)}, timeout=60)


def error_code(r: requests.Response) -> str:
    start, end = r.text.find("<Code>"), r.text.find("</Code>")
    return r.text[start + 6 : end] if start >= 0 else r.text[:80]


def absent(s3, storage, key: str) -> bool:
    listed = s3.list_object_versions(Bucket=storage.bucket, Prefix=key)
    return not listed.get("Versions") and not listed.get("DeleteMarkers")


def test_an_upload_of_the_declared_size_is_accepted(s3, storage, record):
    key = new_key()
    r = post(storage.upload_form(key, SIZE, 900), secrets.token_bytes(SIZE))
    record("declared size", f"{r.status_code} (stored, {SIZE} bytes)")
    assert r.status_code == 204, r.text
    head = s3.head_object(Bucket=storage.bucket, Key=key)
    assert head["ContentLength"] == SIZE
    assert head["ServerSideEncryption"] == "AES256"


def test_one_byte_more_is_refused(s3, storage, record):
    key = new_key()
    r = post(storage.upload_form(key, SIZE, 900), secrets.token_bytes(SIZE + 1))
    record("one byte more", f"{r.status_code} {error_code(r)}")
    assert r.status_code == 400 and error_code(r) == "EntityTooLarge"
    assert absent(s3, storage, key)


def test_an_empty_file_is_refused(s3, storage, record):
    key = new_key()
    r = post(storage.upload_form(key, SIZE, 900), b"")
    record("empty file", f"{r.status_code} {error_code(r)}")
    assert r.status_code == 400 and error_code(r) == "EntityTooSmall"
    assert absent(s3, storage, key)


def test_another_key_is_refused(s3, storage, record):
    key, other = new_key(), new_key()
    r = post(storage.upload_form(key, SIZE, 900), b"x" * 10, key=other)
    record("another key", f"{r.status_code} {error_code(r)}")
    assert r.status_code == 403 and error_code(r) == "AccessDenied"
    assert "Policy Condition failed" in r.text
    assert absent(s3, storage, other) and absent(s3, storage, key)


def test_a_form_without_its_encryption_field_is_refused(s3, storage, record):
    key = new_key()
    form = storage.upload_form(key, SIZE, 900)
    r = post(form, b"x" * 10, x_amz_server_side_encryption=None)
    record("no encryption field", f"{r.status_code} {error_code(r)}")
    assert r.status_code == 403 and error_code(r) == "AccessDenied"
    assert absent(s3, storage, key)


def test_an_expired_form_is_refused(s3, storage, record):
    key = new_key()
    form = storage.upload_form(key, SIZE, 1)
    time.sleep(2.5)  # the policy's expiration is to the second
    r = post(form, b"x" * 10)
    record("expired form", f"{r.status_code} {error_code(r)} (1 s form, posted 2.5 s later)")
    assert r.status_code == 403 and "Policy expired" in r.text
    assert absent(s3, storage, key)


def test_the_same_form_posted_twice_is_accepted_twice(s3, storage, record):
    """What S3 does: a form is a permission until it expires, not a ticket used once. The
    second file replaces the first; that is why the function judges a landed bundle by its ETag
    and judges it again when another one lands under the same key."""
    key = new_key()
    form = storage.upload_form(key, SIZE, 900)
    first = post(form, b"first bundle")
    second = post(form, b"second bundle, same form")
    assert (first.status_code, second.status_code) == (204, 204)
    versions = s3.list_object_versions(Bucket=storage.bucket, Prefix=key)["Versions"]
    etags = [v["ETag"] for v in sorted(versions, key=lambda v: v["LastModified"])]
    assert len(versions) == 2 and etags[0] != etags[1]
    current = s3.get_object(Bucket=storage.bucket, Key=key)
    assert current["Body"].read() == b"second bundle, same form"
    record(
        "same form twice",
        f"{first.status_code}, then {second.status_code}: both stored, the second replaces the "
        "first (2 versions, 2 ETags) - single use is the function's job, by ETag",
    )
