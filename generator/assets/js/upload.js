/* The upload page, and the upload client the bundle builder reuses (window.BundleUpload).
 * Flow (contract §3): POST {api}uploads → multipart POST of upload.fields + file to upload.url
 * (XMLHttpRequest, for upload progress) → poll GET {api}uploads/{id} until accepted or rejected.
 * Everything policy-specific (limits, kinds) comes from the page's #tools-data JSON; the wording
 * from the language's rules/tools-<lang>.js (window.ToolsWords), shared by every tool page. The
 * upload page also needs formats.js (window.FileFormats): a file that is plainly no ZIP archive
 * is refused before it is sent, judged by its content as the upload check judges it.
 * The route to the office (#tools-data route, from submission.route) decides the words: only when
 * this site's upload is the application (route.submits) does a button say it sends and a verdict
 * say the office received it; otherwise the upload is a check, and an accepted verdict says what
 * to do next (e-mail the ZIP to the address, with the file name and a mailto: link, and so on).
 * Shared with the builder: the route's next steps, copy buttons, WeChat detection and reading a
 * file on engines without Blob.prototype.arrayBuffer (FileReader). */
(function () {
  "use strict";
  var node = document.getElementById("tools-data");
  if (!node || !window.ToolsWords || !window.PageDom) return;
  var D = JSON.parse(node.textContent);
  var S = window.ToolsWords.strings, LANG = D.lang;
  var POLL_MS = 500, POLL_MAX = 240;

  function fmt(template, slots) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(slots, k) ? String(slots[k]) : m;
    });
  }
  function size(n) {
    var units = [["GB", 1 << 30], ["MB", 1 << 20], ["KB", 1 << 10]];
    for (var i = 0; i < units.length; i++) {
      if (n >= units[i][1]) return Math.round((n / units[i][1]) * 10) / 10 + " " + units[i][0];
    }
    return n + " B";
  }
  var el = window.PageDom.el, setText = window.PageDom.text;
  function message(obj) {
    return obj ? (obj[LANG] || obj.zh || "") : "";
  }
  var R = D.route || { how: [] };

  /* WeChat's built-in browser (it blocks downloads of files a page makes). */
  var WECHAT = /MicroMessenger/i.test(navigator.userAgent || "");

  /* A file's bytes (or its first n): Blob.prototype.arrayBuffer where the engine has it, else
     FileReader (Android WebView < 76, iOS Safari < 14). Rejects with {oldEngine: true} when
     neither can read it. */
  function bytes(blob, n) {
    var part = n ? blob.slice(0, n) : blob;
    if (typeof part.arrayBuffer === "function") {
      return part.arrayBuffer().then(function (b) { return new Uint8Array(b); });
    }
    return new Promise(function (resolve, reject) {
      if (typeof FileReader !== "function") return reject({ oldEngine: true });
      var reader = new FileReader();
      reader.onload = function () { resolve(new Uint8Array(reader.result)); };
      reader.onerror = function () { reject(reader.error || new Error("read")); };
      reader.readAsArrayBuffer(part);
    });
  }

  var copy = window.PageDom.copy;

  /* "label: value [Copy]" — a name or address the candidate must type elsewhere, large enough to
     read (.copy-text, at least 14 px) with a button that copies it and says so. */
  function copyRow(label, value, note) {
    var said = el("span", { "class": "copy-said", role: "status" });
    var button = el("button", { type: "button", "class": "copy", "aria-label": fmt(S.copy_what, { what: label }),
      text: S.copy, on: { click: function () {
        copy(value, function (ok) { setText(said, ok ? S.copied : S.copy_failed); });
      } } });
    return el("p", { "class": "copy-row" }, [label + (LANG === "zh" ? "：" : ": "),
      el("code", { "class": "copy-text", text: value }), " ", button, " ", said,
      note ? el("small", { text: " " + note }) : null]);
  }

  /* What to do after an accepted check, by the route: its sentences, then for e-mail the file to
     attach, the address and subject (each with a copy button) and a mailto: link; for a system
     its link. ctx: {file: the ZIP's name, who: the candidate's or the organisation's name}. */
  function nextSteps(ctx) {
    ctx = ctx || {};
    var box = el("div", { "class": "next-steps", "data-route": R.kind || "none" });
    box.appendChild(el("ul", {}, R.how.map(function (line) { return el("li", { text: line }); })));
    if (R.kind === "email") {
      if (ctx.file) box.appendChild(copyRow(S.attach_file, ctx.file));
      box.appendChild(copyRow(S.address_label, R.address));
      var subject = R.mail_subject ? fmt(R.mail_subject, { who: ctx.who || String(ctx.file || "").replace(/\.zip$/i, "") }) : "";
      if (subject) box.appendChild(copyRow(S.subject_label, subject, S.subject_ours));
      var href = "mailto:" + R.address + "?subject=" + encodeURIComponent(subject) +
        "&body=" + encodeURIComponent(fmt(R.mail_body || "", { file: ctx.file || "" }));
      box.appendChild(el("p", {}, [el("a", { "class": "mail-link", href: href, text: fmt(S.write_email, { address: R.address }) })]));
    }
    if (R.kind === "system" && R.url) {
      box.appendChild(el("p", {}, [el("a", { href: R.url, rel: "noopener", text: R.name || R.url })]));
    }
    return box;
  }

  function request(method, url, body) {
    return fetch(url, {
      method: method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().then(function (json) { return { status: r.status, json: json }; },
        function () { return { status: r.status, json: null }; });
    });
  }

  function post(url, fields, file, onProgress) {
    return new Promise(function (resolve, reject) {
      var form = new FormData();
      Object.keys(fields).forEach(function (k) { form.append(k, fields[k]); });
      form.append("file", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) onProgress(Math.min(100, Math.floor((e.loaded / e.total) * 100)));
      };
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300) { onProgress(100); resolve(); }
        else reject(new Error("storage " + xhr.status));
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(form);
    });
  }

  function poll(id) {
    var tries = 0;
    return new Promise(function (resolve, reject) {
      (function again() {
        request("GET", D.api + "uploads/" + encodeURIComponent(id)).then(function (r) {
          if (r.status === 200 && r.json && r.json.status !== "pending") return resolve(r.json);
          if (r.status !== 200 && r.status !== 503) return reject(new Error("status " + r.status));
          if (++tries >= POLL_MAX) return reject(new Error("timeout"));
          setTimeout(again, POLL_MS);
        }, reject);
      })();
    });
  }

  /* send(file, kind, hooks) → Promise of {id, status, report}; hooks.progress(percent), hooks.phase(name).
     A refusal by the API rejects with {apiError: {code, message}}. */
  function send(file, kind, hooks) {
    hooks = hooks || {};
    var progress = hooks.progress || function () {}, phase = hooks.phase || function () {};
    phase("creating");
    return request("POST", D.api + "uploads", {
      program: D.program, kind: kind, filename: file.name, size: file.size
    }).then(function (r) {
      if (r.status !== 201) {
        var err = new Error("api");
        err.apiError = (r.json && r.json.error) || null;
        throw err;
      }
      phase("uploading");
      return post(r.json.upload.url, r.json.upload.fields, file, progress).then(function () {
        phase("checking");
        return poll(r.json.id);
      });
    });
  }

  /* The verdict as DOM: summary line, problems (message in the page's language, path), notes. */
  /* ctx: {file, who} for the next steps (nextSteps); ctx.after: a node put after them (the
     builder's save button). */
  function verdict(result, ctx) {
    ctx = ctx || {};
    var report = result.report || {};
    var problems = report.problems || [];
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    var warnings = problems.filter(function (p) { return p.severity !== "error"; });
    var ok = result.status === "accepted";
    var box = el("div", { "class": "verdict", "data-status": result.status, "data-route": R.kind || "none" });
    var headline = ok ? (R.submits ? fmt(S.accepted_this_site, { receiver: R.receiver }) : S.checked)
      : fmt(R.submits ? S.rejected : S.rejected_check, { count: errors.length });
    box.appendChild(el("p", { "class": ok ? "good" : "bad" }, [el("strong", { text: headline })]));
    if (ok && R.submits) box.appendChild(copyRow(fmt(S.reference_this_site, { receiver: R.receiver }), result.id));
    if (ok && !R.submits) {
      var found = report.candidates || [];
      if (!ctx.who && found.length === 1) ctx.who = found[0].name;
      box.appendChild(nextSteps(ctx));
      if (ctx.after) box.appendChild(ctx.after);
    }
    function list(title, items, cls) {
      if (!items.length) return;
      box.appendChild(el("p", { text: fmt(title, { count: items.length }) }));
      box.appendChild(el("ul", { "class": "problems " + cls }, items.map(function (p) {
        return el("li", { "data-code": p.code }, [
          el("span", { text: message(p.message) }),
          el("br"),
          el("small", {}, [S.where + " ", el("span", { "class": "path", text: p.path || S.whole_archive })])
        ]);
      })));
    }
    if (errors.length) box.appendChild(el("p", { text: S.how_to_fix }));
    list(S.errors, errors, "bad");
    list(S.warnings, warnings, "warn");
    var notes = report.notes || [];
    if (notes.length) {
      box.appendChild(el("p", { text: S.notes }));
      box.appendChild(el("ul", { "class": "notes" }, notes.map(function (n) {
        return el("li", { "data-code": n.code || "", text: message(n.message) });
      })));
    }
    // Each candidate in its own <bdi>: a right-to-left override inside one name (U+202E) then
    // turns that name only, never the names after it or the sentence around them.
    var people = (report.candidates || []).map(function (c) {
      return el("bdi", { "class": "candidate", dir: "auto", text: String(c.name) + (c.id_number_masked ? " (" + c.id_number_masked + ")" : "") });
    });
    if (people.length) {
      var slot = String(S.candidates).split("{list}");
      var kids = [slot[0]];
      people.forEach(function (p, i) {
        if (i) kids.push(LANG === "zh" ? "、" : ", ");
        kids.push(p);
      });
      kids.push(slot.slice(1).join(""));
      box.appendChild(el("p", { "class": "candidates" }, kids));
    }
    if (!(ok && R.submits)) {
      box.appendChild(el("p", { "class": "reference", text: fmt(R.submits ? S.reference : S.check_reference, { id: result.id }) }));
    }
    return box;
  }

  function failure(err) {
    if (err && err.apiError) return message(err.apiError.message) || S.network;
    if (err && err.message === "timeout") return S.timeout;
    return S.network;
  }

  /* One progress bar + live verdict region, shared by the upload page and the builder. */
  function run(file, kind, ui, ctx) {
    ui.verdict.textContent = "";
    ui.progress.hidden = false;
    var bar = ui.progress.querySelector("[role=progressbar]");
    var fill = bar.querySelector("span");
    var text = ui.progress.querySelector(".progress-text");
    function setProgress(p) {
      bar.setAttribute("aria-valuenow", String(p));
      fill.style.width = p + "%";
      setText(text, fmt(S.uploading, { percent: p }));
    }
    setProgress(0);
    return send(file, kind, {
      progress: setProgress,
      phase: function (name) {
        if (name === "creating") setText(text, S.creating);
        if (name === "checking") setText(text, S.checking);
      }
    }).then(function (result) {
      ui.verdict.appendChild(verdict(result, ctx || { file: file.name }));
      return result;
    }, function (err) {
      ui.verdict.appendChild(el("p", { "class": "bad", "data-error": (err.apiError || {}).code || err.message, text: failure(err) }));
    });
  }

  window.BundleUpload = { send: send, run: run, verdict: verdict, size: size, fmt: fmt, bytes: bytes,
    copyRow: copyRow, copy: copy, nextSteps: nextSteps, wechat: WECHAT, route: R };

  // The file names beside the tool (upload-rules.j2) that a candidate packing by hand types: a
  // copy button each.
  Array.prototype.forEach.call(document.querySelectorAll(".tool-rules .copy-name"), function (span) {
    var name = span.getAttribute("data-copy");
    var button = el("button", { type: "button", "class": "copy", text: S.copy, "aria-label": fmt(S.copy_what, { what: name }) });
    button.addEventListener("click", function () {
      copy(name, function (ok) { setText(button, ok ? S.copied : S.copy_failed); });
    });
    span.appendChild(button);
  });

  // --- the upload page ---------------------------------------------------------------------
  var app = document.getElementById("upload-app");
  if (!app || !window.FileFormats) return;
  var FF = window.FileFormats;
  var form = document.getElementById("upload-form");
  var input = document.getElementById("upload-file");
  var hint = document.getElementById("upload-file-hint");
  var button = document.getElementById("upload-send");
  var ui = { progress: document.getElementById("upload-progress"), verdict: document.getElementById("upload-verdict") };
  function kind() {
    var checked = form.querySelector("input[name=kind]:checked") || form.querySelector("input[name=kind]");
    return checked.value;
  }
  function showLimit() {
    var limit = D.max_bytes[kind()];
    setText(hint, limit ? fmt(S.file_hint, { size: size(limit) }) : "");
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (r) {
    r.addEventListener("change", showLimit);
  });
  showLimit();
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    ui.verdict.textContent = "";
    var file = input.files && input.files[0];
    if (!file) {
      ui.verdict.appendChild(el("p", { "class": "bad", text: S.choose_first }));
      input.focus();
      return;
    }
    var limit = D.max_bytes[kind()];
    if (limit && file.size > limit) {
      ui.verdict.appendChild(el("p", { "class": "bad", text: fmt(S.too_large, { size: size(file.size), limit: size(limit) }) }));
      return;
    }
    button.disabled = true;
    bytes(file, 2048).then(function (head) {
      var refused = notZip(head, file.name);
      if (!refused) return run(file, kind(), ui);
      ui.verdict.appendChild(el("p", { "class": "bad", "data-error": "not-zip", text: refused }));
    }, function () {
      return run(file, kind(), ui); // unreadable here: the upload check says what it is
    }).then(function () { button.disabled = false; });
  });
  /* What the upload check would refuse the file for, said before sending it: another archive
     format (RAR, 7z) or a format that is no archive at all (a JPG, a PDF…). A file that starts as
     a zip, or that nothing recognises, is sent: the upload check decides. */
  function notZip(head, name) {
    var found = FF.sniff(head, name);
    if (!found || (head[0] === 0x50 && head[1] === 0x4b)) return null; // "PK": a zip of some kind
    var archive = found === "rar" || found === "7z";
    return fmt(archive ? S.not_zip_archive : S.not_zip, { file: name, found: FF.label(found) });
  }
  app.hidden = false;
})();
