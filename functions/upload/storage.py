"""Object storage behind one small interface: S3-compatible (boto3) or a local folder.

Keys are chosen by the function (under the random upload id only). Reports are written with
create-only semantics so that a repeated object-created event leaves exactly one report.
"""

from __future__ import annotations

import os
import pathlib
import re
import secrets
import shutil
import time

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,500}$")


class StorageError(Exception):
    """Storage could not be reached or refused the request; the API answers 503."""


def _check_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key.split("/") or "//" in key:
        raise ValueError(f"refusing storage key {key!r}")
    return key


class LocalStorage:
    """A folder; writes go to a private temp file first and appear whole (os.replace / os.link)."""

    kind = "local"

    def __init__(self, root: str | os.PathLike, signer=None, form_url: str = "/storage/upload"):
        self.root = pathlib.Path(root).resolve()
        self.tmp = self.root / ".tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.signer = signer
        self.form_url = form_url

    def path(self, key: str) -> pathlib.Path:
        return self.root / _check_key(key)

    def temp_file(self):
        """An open binary file in the same filesystem, for streaming an upload before adopting it."""
        name = self.tmp / f"{secrets.token_hex(12)}.part"
        return open(name, "xb")  # noqa: SIM115 - the caller owns and closes it

    def sweep_temp(self, max_age_s: float = 86400) -> int:
        """Removes temp files a killed process left (never visible under a key); returns the count.

        Only old ones: a live upload into the same folder from another process keeps its file.
        """

        cutoff, removed = time.time() - max_age_s, 0
        for part in self.tmp.glob("*.part"):
            try:
                if part.stat().st_mtime < cutoff:
                    part.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed

    def adopt(self, temp_path: str | os.PathLike, key: str, exclusive: bool = False) -> bool:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        if exclusive:
            try:
                os.link(temp_path, target)  # atomic create-if-absent
            except FileExistsError:
                return False
            finally:
                os.unlink(temp_path)
            return True
        os.replace(temp_path, target)
        return True

    def put(self, key: str, data: bytes, exclusive: bool = False) -> bool:
        try:
            with self.temp_file() as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            return self.adopt(fh.name, key, exclusive)
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    def size(self, key: str) -> int | None:
        found = self.stat(key)
        return None if found is None else found["size"]

    def stat(self, key: str) -> dict | None:
        """{"size": bytes, "landed": Unix seconds, "etag": str, "version": None}, or None if
        absent. Bundles are created once (exclusive), so inode and time name the object."""
        try:
            st = self.path(key).stat()
        except FileNotFoundError:
            return None
        etag = f"{st.st_ino:x}-{st.st_mtime_ns:x}"
        return {"size": st.st_size, "landed": st.st_mtime, "etag": etag, "version": None}

    def download(self, key: str, dst_path: str, version: str | None = None) -> dict:
        """Copies the object; returns {"etag", "version"} of what was copied."""
        found = self.stat(key)
        shutil.copyfile(self.path(key), dst_path)
        return {"etag": found["etag"] if found else None, "version": None}

    def local_path(self, key: str) -> str:
        return str(self.path(key))

    def upload_form(self, key: str, max_size: int, expires_in: int, base_url: str = "") -> dict:
        return self.signer.form(base_url + self.form_url, key, max_size, expires_in)

    def list_keys(self, prefix: str = "") -> list[str]:
        base = self.root
        out = []
        for p in base.rglob("*"):
            if p.is_file() and ".tmp" not in p.relative_to(base).parts:
                rel = p.relative_to(base).as_posix()
                if rel.startswith(prefix):
                    out.append(rel)
        return sorted(out)

    def list_folders(self, prefix: str, token: str | None = None, limit: int = 1000):
        """One page of the names just below `prefix` (e.g. upload ids under "uploads/"), sorted,
        and the token for the next page (None at the end): callers bound how many pages they read."""
        base = self.path(prefix.rstrip("/"))
        try:
            names = sorted(
                e.name for e in os.scandir(base) if e.is_dir() and not e.name.startswith(".")
            )
        except FileNotFoundError:
            return [], None
        except OSError as exc:
            raise StorageError(str(exc)) from exc
        if token:
            names = [n for n in names if n > token]
        page = names[: max(1, int(limit))]
        return page, (page[-1] if len(names) > len(page) else None)


class S3Storage:
    """Any S3-compatible store: AWS S3, MinIO, Ceph, Aliyun OSS (endpoint_url) — boto3 imported lazily."""

    kind = "s3"

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        sse: str | None = "AES256",
        addressing_style: str | None = None,
        client=None,
    ):
        self.bucket = bucket
        self.sse = sse or None
        if client is None:
            import boto3
            from botocore.config import Config

            style = addressing_style or ("path" if endpoint_url else "auto")
            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region or os.environ.get("AWS_REGION", "us-east-1"),
                # SigV4 always: boto3 signs presigned POSTs with SigV2 otherwise (us-east-1 and any
                # custom endpoint), which modern stores refuse.
                config=Config(
                    signature_version="s3v4",
                    s3={"addressing_style": style},
                    retries={"max_attempts": 3, "mode": "standard"},
                    connect_timeout=5,
                    read_timeout=30,
                ),
            )
        self.client = client

    def _errors(self):
        from botocore.exceptions import BotoCoreError, ClientError

        return BotoCoreError, ClientError

    def put(self, key: str, data: bytes, exclusive: bool = False) -> bool:
        boto_error, client_error = self._errors()
        args = {
            "Bucket": self.bucket,
            "Key": _check_key(key),
            "Body": data,
            "ContentType": "application/json",
        }
        if self.sse:
            args["ServerSideEncryption"] = self.sse
        if exclusive:
            args["IfNoneMatch"] = "*"
        try:
            self.client.put_object(**args)
        except client_error as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if exclusive and (
                code in ("PreconditionFailed", "ConditionalRequestConflict") or status in (409, 412)
            ):
                return False
            raise StorageError(code or str(exc)) from exc
        except boto_error as exc:
            raise StorageError(str(exc)) from exc
        return True

    def _read(self, read):
        """read() of one object, None where it does not exist; any other failure a StorageError."""
        boto_error, client_error = self._errors()
        try:
            return read()
        except client_error as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None
            raise StorageError(str(exc)) from exc
        except boto_error as exc:
            raise StorageError(str(exc)) from exc

    def get(self, key: str) -> bytes | None:
        key = _check_key(key)
        return self._read(
            lambda: self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        )

    def size(self, key: str) -> int | None:
        found = self.stat(key)
        return None if found is None else found["size"]

    def stat(self, key: str) -> dict | None:
        """{"size": bytes, "landed": Unix seconds when it was stored}, or None if absent."""
        key = _check_key(key)
        head = self._read(lambda: self.client.head_object(Bucket=self.bucket, Key=key))
        if head is None:
            return None
        return {
            "size": head["ContentLength"],
            "landed": head["LastModified"].timestamp(),
            "etag": str(head.get("ETag", "")).strip('"') or None,
            "version": head.get("VersionId"),
        }

    def download(self, key: str, dst_path: str, version: str | None = None) -> dict:
        """Copies the object (that version, where the bucket keeps versions); returns
        {"etag", "version"} of exactly what was copied."""
        boto_error, client_error = self._errors()
        args = {"Bucket": self.bucket, "Key": _check_key(key)}
        if version:
            args["VersionId"] = version
        try:
            got = self.client.get_object(**args)
            with open(dst_path, "wb") as out:
                for chunk in got["Body"].iter_chunks(1 << 20):
                    out.write(chunk)
        except (client_error, boto_error) as exc:
            raise StorageError(str(exc)) from exc
        return {
            "etag": str(got.get("ETag", "")).strip('"') or None,
            "version": got.get("VersionId"),
        }

    def local_path(self, key: str) -> None:
        return None

    def upload_form(self, key: str, max_size: int, expires_in: int, base_url: str = "") -> dict:
        fields, conditions = {}, [["content-length-range", 1, int(max_size)]]
        if self.sse:
            fields["x-amz-server-side-encryption"] = self.sse
            conditions.append({"x-amz-server-side-encryption": self.sse})
        boto_error, client_error = self._errors()
        try:
            post = self.client.generate_presigned_post(
                Bucket=self.bucket,
                Key=_check_key(key),
                Fields=fields,
                Conditions=conditions,
                ExpiresIn=min(int(expires_in), 900),
            )
        except (client_error, boto_error) as exc:
            raise StorageError(str(exc)) from exc
        return {"method": "POST", "url": post["url"], "fields": post["fields"]}

    def list_keys(self, prefix: str = "") -> list[str]:
        out = []
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        ):
            out.extend(o["Key"] for o in page.get("Contents", []))
        return out

    def list_folders(self, prefix: str, token: str | None = None, limit: int = 1000):
        """One page of the names just below `prefix` (S3 common prefixes), and the continuation
        token for the next page (None at the end)."""
        boto_error, client_error = self._errors()
        args = {
            "Bucket": self.bucket,
            "Prefix": prefix,
            "Delimiter": "/",
            "MaxKeys": max(1, min(int(limit), 1000)),
        }
        if token:
            args["ContinuationToken"] = token
        try:
            page = self.client.list_objects_v2(**args)
        except (client_error, boto_error) as exc:
            raise StorageError(str(exc)) from exc
        names = [p["Prefix"][len(prefix) :].rstrip("/") for p in page.get("CommonPrefixes", [])]
        return names, (page.get("NextContinuationToken") if page.get("IsTruncated") else None)
