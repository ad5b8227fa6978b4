"""The signed upload form itself: what S3 (or the local server) will enforce is what we signed."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from functions.upload.signing import FormError, LocalSigner
from functions.upload.storage import S3Storage

KEY = "uploads/" + "a" * 40 + "/bundle"


def policy_of(form: dict) -> dict:
    return json.loads(base64.b64decode(form["fields"]["policy"]))


def expiry_of(policy: dict) -> dt.datetime:
    text = policy["expiration"].replace(".000Z", "Z")
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


@pytest.fixture
def s3_form(moto_endpoint, bucket):
    return S3Storage(bucket, endpoint_url=moto_endpoint).upload_form(KEY, 12345, 900)


@pytest.fixture
def local_form():
    return LocalSigner(b"secret").form("http://127.0.0.1/storage/upload", KEY, 12345, 900)


@pytest.fixture(params=["s3", "local"])
def form(request):
    return request.getfixturevalue(f"{request.param}_form")


def test_the_policy_pins_the_exact_key(form):
    conditions = policy_of(form)["conditions"]
    assert {"key": KEY} in conditions
    assert form["fields"]["key"] == KEY
    assert not any(isinstance(c, list) and c[0] == "starts-with" for c in conditions)


def test_the_policy_allows_one_byte_up_to_the_declared_size(form):
    ranges = [
        c
        for c in policy_of(form)["conditions"]
        if isinstance(c, list) and c[0] == "content-length-range"
    ]
    assert ranges == [["content-length-range", 1, 12345]]


def test_the_form_expires_within_fifteen_minutes(form):
    left = expiry_of(policy_of(form)) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=14) < left <= dt.timedelta(minutes=15)


def test_the_form_is_signed_with_sigv4_not_sigv2(form):
    fields = form["fields"]
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert fields["x-amz-credential"].endswith("/s3/aws4_request")
    assert len(fields["x-amz-signature"]) == 64
    assert "AWSAccessKeyId" not in fields and "signature" not in fields
    assert {"x-amz-algorithm": "AWS4-HMAC-SHA256"} in policy_of(form)["conditions"]


def test_a_longer_expiry_than_fifteen_minutes_is_cut_to_fifteen(moto_endpoint, bucket):
    for form in (
        S3Storage(bucket, endpoint_url=moto_endpoint).upload_form(KEY, 1, 86400),
        LocalSigner().form("u", KEY, 1, 86400),
    ):
        left = expiry_of(policy_of(form)) - dt.datetime.now(dt.UTC)
        assert left <= dt.timedelta(minutes=15)


def test_s3_forms_request_server_side_encryption(s3_form):
    assert s3_form["fields"]["x-amz-server-side-encryption"] == "AES256"
    assert {"x-amz-server-side-encryption": "AES256"} in policy_of(s3_form)["conditions"]


def test_the_local_signer_accepts_its_own_form():
    signer = LocalSigner(b"secret")
    form = signer.form("u", KEY, 99, 900)
    assert signer.verify(form["fields"]) == (KEY, 99)


def test_the_local_signer_refuses_an_expired_form():
    signer = LocalSigner(b"secret")
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    form = signer.form("u", KEY, 99, 900, now=old)
    with pytest.raises(FormError) as err:
        signer.verify(form["fields"])
    assert err.value.code == "AccessDenied" and "expired" in err.value.reason


def test_the_local_signer_refuses_a_changed_key_or_policy_or_signature():
    signer = LocalSigner(b"secret")
    fields = signer.form("u", KEY, 99, 900)["fields"]
    other_policy = signer.form("u", KEY, 10**9, 900)["fields"]["policy"]
    for change in (
        {"key": "uploads/" + "b" * 40 + "/bundle"},
        {"policy": other_policy},
        {"x-amz-signature": "0" * 64},
        {"extra": "field"},
    ):
        with pytest.raises(FormError):
            signer.verify({**fields, **change})


def test_a_form_signed_with_another_secret_is_refused():
    fields = LocalSigner(b"one").form("u", KEY, 99, 900)["fields"]
    with pytest.raises(FormError) as err:
        LocalSigner(b"two").verify(fields)
    assert err.value.code == "SignatureDoesNotMatch"
