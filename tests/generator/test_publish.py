"""Publishing to an S3-compatible bucket, over HTTP to a real S3-protocol server (moto)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import publish
from policy.programs import DATA_DIR
from tests.support.s3server import moto_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def endpoint():
    with moto_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint, request):
    s3 = publish.client(endpoint)
    name = "site-" + request.node.name.replace("_", "-")[:40].strip("-").lower()
    s3.create_bucket(Bucket=name)
    return s3, name


def make_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    return root


SITE = {
    "index.html": "<html lang=zh-CN>首页</html>",
    "en/index.html": "<html lang=en>Home</html>",
    "assets/stylesheets/main.6f8fc17f.min.css": "body{}",
    "rules/programs.json": "{}",
    "en/updates.xml": "<feed xmlns='http://www.w3.org/2005/Atom'/>",
}


def run_publish(site: Path, endpoint: str, bucket: str, *extra: str, data: Path | None = None):
    cmd = [sys.executable, "-m", "generator"]
    if data:
        cmd += ["--data", str(data)]
    cmd += ["publish", "--bucket", bucket, "--endpoint-url", endpoint, "--site", str(site), *extra]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_a_first_publish_uploads_every_file_with_type_and_cache(tmp_path, bucket):
    s3, name = bucket
    site = make_site(tmp_path / "site", SITE)
    plan = publish.publish(site, s3, name)
    assert sorted(plan.upload) == sorted(SITE)
    page = s3.get_object(Bucket=name, Key="index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "no-cache"
    assert page["Body"].read().decode() == SITE["index.html"]
    css = s3.head_object(Bucket=name, Key="assets/stylesheets/main.6f8fc17f.min.css")
    assert css["ContentType"] == "text/css; charset=utf-8"
    assert "immutable" in css["CacheControl"]
    data = s3.head_object(Bucket=name, Key="rules/programs.json")
    assert data["ContentType"] == "application/json; charset=utf-8"
    assert "max-age=300" in data["CacheControl"]
    feed = s3.head_object(Bucket=name, Key="en/updates.xml")
    assert feed["ContentType"] == "application/atom+xml; charset=utf-8"


def test_republishing_an_unchanged_site_uploads_nothing(tmp_path, bucket):
    s3, name = bucket
    site = make_site(tmp_path / "site", SITE)
    publish.publish(site, s3, name)
    plan = publish.publish(site, s3, name)
    assert plan.upload == [] and plan.delete == []
    assert len(plan.unchanged) == len(SITE)


def test_a_change_uploads_only_the_changed_page(tmp_path, bucket):
    s3, name = bucket
    site = make_site(tmp_path / "site", SITE)
    publish.publish(site, s3, name)
    (site / "en/index.html").write_text("<html lang=en>Home, updated</html>", encoding="utf-8")
    plan = publish.publish(site, s3, name)
    assert plan.upload == ["en/index.html"]
    body = s3.get_object(Bucket=name, Key="en/index.html")["Body"].read().decode()
    assert "updated" in body


def test_a_removed_page_is_deleted_from_the_bucket(tmp_path, bucket):
    s3, name = bucket
    site = make_site(tmp_path / "site", {**SITE, "old/index.html": "<html>old</html>"})
    publish.publish(site, s3, name)
    (site / "old/index.html").unlink()
    plan = publish.publish(site, s3, name)
    assert plan.delete == ["old/index.html"]
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]}
    assert "old/index.html" not in keys and "index.html" in keys


def test_pages_are_uploaded_after_their_assets(tmp_path, bucket):
    s3, name = bucket
    site = make_site(tmp_path / "site", SITE)
    plan = publish.publish(site, s3, name, dry_run=True)
    html_at = [i for i, p in enumerate(plan.upload) if p.endswith(".html")]
    other_at = [i for i, p in enumerate(plan.upload) if not p.endswith(".html")]
    assert max(other_at) < min(html_at)


def test_a_prefix_keeps_the_site_under_it(tmp_path, bucket):
    s3, name = bucket
    site = make_site(tmp_path / "site", SITE)
    publish.publish(site, s3, name, "preview/")
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]}
    assert "preview/index.html" in keys and "index.html" not in keys


def test_the_publish_command_dry_run_prints_the_plan_and_changes_nothing(
    tmp_path, bucket, endpoint
):
    s3, name = bucket
    site = make_site(tmp_path / "site", SITE)
    r = run_publish(site, endpoint, name, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert f"upload: {len(SITE)}" in r.stdout and "+ index.html" in r.stdout
    assert s3.list_objects_v2(Bucket=name).get("KeyCount", 0) == 0


def test_the_publish_command_refuses_invalid_data(tmp_path, bucket, endpoint):
    s3, name = bucket
    site = make_site(tmp_path / "site", SITE)
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    f = data / "huian-2024.yaml"
    f.write_text(f.read_text("utf-8").replace("amount_cny: 1380", "amount_cny: lots"), "utf-8")
    r = run_publish(site, endpoint, name, data=data)
    assert r.returncode == 1
    assert "huian-2024.yaml:" in r.stderr and "wrong-type" in r.stderr
    assert s3.list_objects_v2(Bucket=name).get("KeyCount", 0) == 0


def test_an_unreachable_bucket_gives_a_message_not_a_traceback(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    from tests.support.s3server import free_port

    r = run_publish(site, f"http://127.0.0.1:{free_port()}", "nowhere")
    assert r.returncode == 1
    assert "bucket unreachable" in r.stderr and "Traceback" not in r.stderr
