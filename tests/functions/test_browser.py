"""A real browser can use the local server's API from a page on the same origin: create the upload,
post the signed form with FormData, poll the verdict (what the site's upload page will do)."""

from __future__ import annotations

import pytest

PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>upload probe</title>
<label for="f">Bundle</label><input id="f" type="file">
<script>
async function upload(program, kind) {
  const file = document.getElementById('f').files[0];
  const created = await fetch('/api/uploads', {method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({program, kind, filename: file.name, size: file.size})});
  const c = await created.json();
  if (created.status !== 201) return {created: created.status, error: c.error};
  const form = new FormData();
  for (const [k, v] of Object.entries(c.upload.fields)) form.append(k, v);
  form.append('file', file);
  const posted = await fetch(c.upload.url, {method: 'POST', body: form});
  for (let i = 0; i < 600; i++) {
    const s = await (await fetch('/api/uploads/' + c.id)).json();
    if (s.status !== 'pending') return {created: 201, posted: posted.status, status: s};
    await new Promise(r => setTimeout(r, 50));
  }
  return {created: 201, posted: posted.status, status: 'timeout'};
}
</script></html>"""


@pytest.mark.timeout(120)
def test_a_browser_page_uploads_a_bundle_and_reads_the_verdict(
    browser, local_server, factory, programs, tmp_path
):
    (local_server["site"] / "probe.html").write_text(PAGE, "utf-8")
    blob = factory.zip_bytes(factory.individual_files(programs["wushen-2024"]))
    bundle = tmp_path / "张三的报名材料.zip"
    bundle.write_bytes(blob)
    page = browser.new_page()
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(local_server["url"]) else outside.append(r.url),
    )
    page.goto(local_server["url"] + "/probe.html")
    page.set_input_files("#f", str(bundle))
    result = page.evaluate("upload('wushen-2024', 'individual')")
    assert result["created"] == 201 and result["posted"] == 204
    assert result["status"]["status"] == "accepted", result
    assert result["status"]["report"]["size"] == len(blob)
    assert outside == []
    page.close()


@pytest.mark.timeout(120)
def test_a_browser_sees_the_bilingual_error_for_a_file_over_the_limit(
    browser, local_server, tmp_path, programs
):
    (local_server["site"] / "probe.html").write_text(PAGE, "utf-8")
    limit = programs["wushen-2024"]["upload"]["max_bytes"]["individual"]
    big = tmp_path / "big.zip"
    with open(big, "wb") as fh:
        fh.truncate(limit + 1)  # sparse: the browser only reports its size to the API
    page = browser.new_page()
    page.goto(local_server["url"] + "/probe.html")
    page.set_input_files("#f", str(big))
    result = page.evaluate("upload('wushen-2024', 'individual')")
    assert result["created"] == 400
    assert result["error"]["code"] == "upload-too-large"
    assert "MB" in result["error"]["message"]["zh"] and "MB" in result["error"]["message"]["en"]
    page.close()
