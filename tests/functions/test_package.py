"""The Lambda code folder carries everything the function needs, the shared policy package
included, and nothing checks a bundle against data that validate would refuse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from functions.upload import package
from policy.errors import DataError


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return package.build(str(tmp_path_factory.mktemp("lambda") / "code"))


def test_the_package_holds_the_function_the_policy_package_and_the_data(built):
    names = {p.name for p in (package.pathlib.Path(built)).iterdir()}
    assert {"functions", "policy", "data", "requirements.txt"} <= names
    data = {p.name for p in (package.pathlib.Path(built) / "data").iterdir()}
    assert {"wushen-2024.yaml", "wushen-2024.notice.txt", "huian-2024.yaml"} <= data
    pins = (package.pathlib.Path(built) / "requirements.txt").read_text("utf-8").split()
    assert any(p.startswith("python-stdnum==") for p in pins)
    assert not (package.pathlib.Path(built) / "generator").exists()


def test_the_packaged_function_checks_a_bundle_with_its_own_code(
    built, tmp_path, factory, programs
):
    bundle = tmp_path / "b.zip"
    bundle.write_bytes(factory.zip_bytes(factory.individual_files(programs["huian-2024"])))
    env = {**os.environ, "PYTHONPATH": built}
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import functions, policy; print(functions.__file__, policy.__file__)",
        ],
        cwd=built,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.count(built) == 2, where
    done = subprocess.run(
        [sys.executable, "-m", "functions.upload", "check", "--program", "huian-2024", str(bundle)],
        cwd=built,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accepted"] is True


def test_invalid_program_data_is_refused_before_anything_is_packaged(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(package.REPO / "data", repo / "data")
    broken = repo / "data" / "huian-2024.yaml"
    broken.write_text(
        broken.read_text("utf-8").replace("amount_cny: 1380", "amount_cny: lots"), "utf-8"
    )
    monkeypatch.setattr(package, "REPO", repo)
    with pytest.raises(DataError) as e:
        package.build(str(tmp_path / "out"))
    assert "wrong-type" in str(e.value)
    assert not (tmp_path / "out").exists()
