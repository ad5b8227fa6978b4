"""Announcing an upload needs no file and no login, so it is rate-limited: per client address
and for everyone, in a sliding window, with bounded memory; a refusal is a 429 in both
languages that says when to try again."""

from __future__ import annotations

import json

from functions.upload import ratelimit
from functions.upload.api import Service
from functions.upload.ratelimit import Limiter
from functions.upload.signing import LocalSigner
from functions.upload.storage import LocalStorage
from tests.support.clock import FakeClock


def test_one_client_may_announce_up_to_its_share_then_waits_for_the_window_to_move():
    clock = FakeClock(1000)
    limit = Limiter(per_client=3, total=100, window_s=60, clock=clock)
    assert [limit.allow("198.51.100.7") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("203.0.113.9")  # another client is not held back by the first
    assert limit.retry_after("198.51.100.7") == 60
    clock.advance(59)
    assert not limit.allow("198.51.100.7")
    clock.advance(1.5)
    assert limit.allow("198.51.100.7")


def test_many_clients_together_cannot_exceed_the_total():
    limit = Limiter(per_client=5, total=10, window_s=60, clock=FakeClock(0))
    allowed = [limit.allow(f"10.0.{i // 256}.{i % 256}") for i in range(50)]
    assert allowed.count(True) == 10 and allowed[:10] == [True] * 10


def test_memory_holds_a_bounded_number_of_addresses(monkeypatch):
    monkeypatch.setattr(ratelimit, "MAX_CLIENTS", 100)
    limit = Limiter(per_client=1, total=10**6, window_s=60, clock=FakeClock(0))
    for i in range(5000):
        limit.allow(f"client-{i}")
    assert len(limit.clients) == 100


def test_the_api_refuses_a_flood_with_429_saying_when_to_try_again(programs, tmp_path):
    clock = FakeClock(1_720_000_000)
    service = Service(
        LocalStorage(tmp_path, signer=LocalSigner(b"k")),
        programs=lambda day: programs,
        clock=clock,
        limiter=Limiter(per_client=2, total=100, window_s=600, clock=clock),
    )
    body = json.dumps(
        {"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": 1000}
    )
    codes = [service.create_upload(body, client="192.0.2.1")[0] for _ in range(3)]
    assert codes == [201, 201, 429]
    status, refused = service.create_upload(body, client="192.0.2.1")
    assert status == 429 and refused["error"]["code"] == "too-many-requests"
    assert "600 秒后再试" in refused["error"]["message"]["zh"]
    assert "try again in 600 seconds" in refused["error"]["message"]["en"]
    assert len(list(tmp_path.glob("uploads/*/upload.json"))) == 2  # nothing stored for a refusal
