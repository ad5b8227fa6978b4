"""Both storage backends: whole writes only, create-only reports, keys kept inside the store."""

from __future__ import annotations

import pytest

from functions.upload.storage import LocalStorage


def test_an_exclusive_write_happens_once_and_keeps_the_first_content(storage):
    assert storage.put("uploads/x/report.json", b"first", exclusive=True) is True
    assert storage.put("uploads/x/report.json", b"second", exclusive=True) is False
    assert storage.get("uploads/x/report.json") == b"first"


def test_a_missing_object_reads_as_none(storage):
    assert storage.get("uploads/nothing/here") is None
    assert storage.size("uploads/nothing/here") is None


def test_keys_that_could_escape_the_store_are_refused(storage):
    for key in ("../outside", "/abs", "uploads/../../x", "uploads//x"):
        with pytest.raises(ValueError):
            storage.put(key, b"x")


def test_local_writes_leave_no_temporary_files_behind(tmp_path):
    store = LocalStorage(tmp_path)
    store.put("uploads/a/bundle", b"1" * 1000)
    store.put("uploads/a/bundle", b"2" * 10)
    store.put("uploads/a/report.json", b"{}", exclusive=True)
    store.put("uploads/a/report.json", b"{}", exclusive=True)
    assert store.get("uploads/a/bundle") == b"2" * 10
    assert list((tmp_path / ".tmp").iterdir()) == []
    assert store.list_keys("uploads/") == ["uploads/a/bundle", "uploads/a/report.json"]
