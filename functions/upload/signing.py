"""Signed upload forms for the local backend, made and checked the way S3 makes and checks them.

The form is an S3-style POST policy signed with AWS Signature Version 4 (HMAC-SHA256 over the
base64 policy with a date/region/service-scoped key). The local server verifies its own forms with
the same rules S3 applies: signature, expiry, exact key, content-length-range.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_EXPIRES = 900  # 15 minutes, contract §3
REGION = "local"
SERVICE = "s3"


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


class FormError(Exception):
    """Why a posted form is refused; `code` mirrors S3's error codes."""

    def __init__(self, code: str, reason: str, status: int = 403):
        super().__init__(reason)
        self.code, self.reason, self.status = code, reason, status


class LocalSigner:
    def __init__(self, secret: bytes | None = None, access_key: str = "local"):
        self.secret = secret or secrets.token_bytes(32)
        self.access_key = access_key

    def _signing_key(self, day: str) -> bytes:
        k = _hmac(b"AWS4" + self.secret, day)
        k = _hmac(k, REGION)
        k = _hmac(k, SERVICE)
        return _hmac(k, "aws4_request")

    def form(
        self,
        url: str,
        key: str,
        max_size: int,
        expires_in: int,
        now: dt.datetime | None = None,
        extra: dict | None = None,
    ) -> dict:
        expires_in = min(int(expires_in), MAX_EXPIRES)
        now = now or dt.datetime.now(dt.UTC)
        day = now.strftime("%Y%m%d")
        amz_date = now.strftime("%Y%m%dT%H%M%SZ")
        credential = f"{self.access_key}/{day}/{REGION}/{SERVICE}/aws4_request"
        fields = {
            "key": key,
            **(extra or {}),
            "x-amz-algorithm": ALGORITHM,
            "x-amz-credential": credential,
            "x-amz-date": amz_date,
        }
        expiration = (now + dt.timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        conditions = [{k: v} for k, v in fields.items()]
        conditions.append(["content-length-range", 1, int(max_size)])
        policy = base64.b64encode(
            json.dumps({"expiration": expiration, "conditions": conditions}).encode()
        ).decode()
        fields["policy"] = policy
        fields["x-amz-signature"] = hmac.new(
            self._signing_key(day), policy.encode(), hashlib.sha256
        ).hexdigest()
        return {"method": "POST", "url": url, "fields": fields}

    def verify(self, fields: dict, now: dt.datetime | None = None) -> tuple[str, int]:
        """(key, max size) when the form is genuine and in date; raises FormError otherwise."""
        now = now or dt.datetime.now(dt.UTC)
        policy_b64 = fields.get("policy", "")
        credential = fields.get("x-amz-credential", "")
        parts = credential.split("/")
        if fields.get("x-amz-algorithm") != ALGORITHM or len(parts) != 5:
            raise FormError("InvalidArgument", "unsupported or missing signature fields", 400)
        expected = hmac.new(
            self._signing_key(parts[1]), policy_b64.encode(), hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(expected, str(fields.get("x-amz-signature", ""))):
            raise FormError("SignatureDoesNotMatch", "the form's signature does not match")
        try:
            policy = json.loads(base64.b64decode(policy_b64, validate=True))
            expiration = dt.datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%S.000Z")
        except (ValueError, KeyError, TypeError):
            raise FormError("InvalidPolicyDocument", "the policy cannot be read", 400) from None
        if now.replace(tzinfo=None) >= expiration:
            raise FormError("AccessDenied", "the upload form has expired")
        max_size = None
        for cond in policy.get("conditions", []):
            if isinstance(cond, list) and cond[:1] == ["content-length-range"]:
                max_size = int(cond[2])
            elif isinstance(cond, dict):
                for name, value in cond.items():
                    if fields.get(name) != value:
                        raise FormError(
                            "AccessDenied",
                            f"policy condition failed: {name} must be exactly as signed",
                        )
        extra = (
            set(fields)
            - {"policy", "x-amz-signature", "file"}
            - {n for c in policy.get("conditions", []) if isinstance(c, dict) for n in c}
        )
        if extra:
            raise FormError("AccessDenied", f"fields not in the policy: {', '.join(sorted(extra))}")
        if max_size is None:
            raise FormError("InvalidPolicyDocument", "the policy has no size range", 400)
        return fields["key"], max_size
