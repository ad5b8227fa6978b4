"""The SAM template: cfn-lint passes, and the bucket is private, encrypted and expiring."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]


TEMPLATE = REPO / "functions" / "template.yaml"


class _Loader(yaml.SafeLoader):
    pass


def _tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_mapping(node, deep=True)}


_Loader.add_multi_constructor("!", _tag)


def load():
    return yaml.load(TEMPLATE.read_text("utf-8"), Loader=_Loader)  # noqa: S506 - SafeLoader subclass


def test_cfn_lint_passes_on_the_template():
    cfn_lint = pathlib.Path(sys.executable).parent / "cfn-lint"
    out = subprocess.run(
        [str(cfn_lint), str(TEMPLATE)], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_bucket_blocks_public_access_and_is_encrypted():
    bucket = load()["Resources"]["UploadBucket"]["Properties"]
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")


def test_lifecycle_expiry_and_cors_origin_come_from_parameters():
    t = load()
    bucket = t["Resources"]["UploadBucket"]["Properties"]
    assert bucket["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == {"Ref": "ExpiryDays"}
    assert bucket["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"] == [{"Ref": "SiteOrigin"}]
    api = t["Resources"]["UploadApi"]["Properties"]
    assert api["CorsConfiguration"]["AllowOrigins"] == [{"Ref": "SiteOrigin"}]


def test_the_function_is_notified_when_a_bundle_lands():
    fn = load()["Resources"]["UploadFunction"]["Properties"]
    event = fn["Events"]["BundleLanded"]
    assert event["Type"] == "S3" and event["Properties"]["Events"] == "s3:ObjectCreated:*"
    assert fn["Handler"] == "functions.upload.handler.lambda_handler"
    assert {e["Properties"]["Path"] for e in fn["Events"].values() if e["Type"] == "HttpApi"} == {
        "/api/uploads",
        "/api/uploads/{id}",
    }
