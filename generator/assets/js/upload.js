/* The upload page, and the upload client the bundle builder reuses (window.BundleUpload).
 * Flow (contract §3): POST {api}uploads → multipart POST of upload.fields + file to upload.url
 * (XMLHttpRequest, for upload progress) → poll GET {api}uploads/{id} until accepted or rejected.
 * Everything policy-specific (limits, kinds) comes from the page's #tools-data JSON; the wording
 * from the language's rules/tools-<lang>.js (window.ToolsWords), shared by every tool page. */
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
  function verdict(result) {
    var report = result.report || {};
    var problems = report.problems || [];
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    var warnings = problems.filter(function (p) { return p.severity !== "error"; });
    var ok = result.status === "accepted";
    var box = el("div", { "class": "verdict", "data-status": result.status });
    box.appendChild(el("p", { "class": ok ? "good" : "bad" }, [
      el("strong", { text: ok ? S.accepted : fmt(S.rejected, { count: errors.length }) })
    ]));
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
    var people = (report.candidates || []).map(function (c) {
      return c.name + (c.id_number_masked ? " (" + c.id_number_masked + ")" : "");
    });
    if (people.length) box.appendChild(el("p", { text: fmt(S.candidates, { list: people.join(LANG === "zh" ? "、" : ", ") }) }));
    box.appendChild(el("p", { text: fmt(S.reference, { id: result.id }) }));
    return box;
  }

  function failure(err) {
    if (err && err.apiError) return message(err.apiError.message) || S.network;
    if (err && err.message === "timeout") return S.timeout;
    return S.network;
  }

  /* One progress bar + live verdict region, shared by the upload page and the builder. */
  function run(file, kind, ui) {
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
      ui.verdict.appendChild(verdict(result));
      return result;
    }, function (err) {
      ui.verdict.appendChild(el("p", { "class": "bad", "data-error": (err.apiError || {}).code || err.message, text: failure(err) }));
    });
  }

  window.BundleUpload = { send: send, run: run, verdict: verdict, size: size, fmt: fmt };

  // --- the upload page ---------------------------------------------------------------------
  var app = document.getElementById("upload-app");
  if (!app) return;
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
    run(file, kind(), ui).then(function () { button.disabled = false; });
  });
  app.hidden = false;
})();
