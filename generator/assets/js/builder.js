/* The bundle builder: pick each material, check it at once (type by content, size, naming, ID
 * number), then pack one ZIP in the browser with the layout the program's packaging describes —
 * download it, or send it through the upload API (upload.js) and show the verdict.
 * Needs idnumber.js (window.IdNumber), formats.js (window.FileFormats) and naming.js
 * (window.FileNaming) — the upload check's own rules, in the browser —, fflate (window.fflate),
 * upload.js (window.BundleUpload), the page's #tools-data JSON (every rule, from the program YAML) and the language's wording
 * (rules/tools-<lang>.js, window.ToolsWords); dom.js (window.PageDom) builds the DOM.
 *
 * The route to the office (#tools-data route): the buttons and verdict say whether the site sends
 * the bundle (route.submits) or only checks it, and what to do next. On phones: nothing in red
 * before any input, the ID number checked as it is typed, file inputs with `accept`, a PDF made
 * on the device from one or two photos where a material must be PDF (a minimal PDF writer: one A4
 * page, each photo a JPEG drawn by the canvas and embedded as is, DCTDecode — every PDF library
 * measured was several times the page's whole budget, see bench/tools.py), WeChat's built-in
 * browser told how to save the ZIP (it blocks downloads), and engines without
 * Blob.prototype.arrayBuffer read files through FileReader (BundleUpload.bytes). */
(function () {
  "use strict";
  var node = document.getElementById("tools-data");
  var app = document.getElementById("builder-app");
  var wait = document.getElementById("builder-wait"); // the room kept for the app (no shift)
  if (wait) wait.parentNode.removeChild(wait);
  if (!node || !app || !window.IdNumber || !window.fflate || !window.BundleUpload) return;
  if (!window.ToolsWords || !window.PageDom || !window.FileFormats || !window.FileNaming) return;
  var D = JSON.parse(node.textContent);
  var S = window.ToolsWords.strings, LANG = D.lang, ID = window.IdNumber, F = window.fflate, U = window.BundleUpload;
  var fmt = U.fmt, size = U.size, FF = window.FileFormats, N = window.FileNaming;
  if (typeof Promise === "undefined") { // nothing below could run: say what to do instead
    app.appendChild(window.PageDom.el("p", { "class": "bad", text: S.old_engine }));
    app.hidden = false;
    return;
  }
  var HEAD = 2048, MAX_CANDIDATES = 500, MAX_FILES = 20;
  var R = U.route, WECHAT = U.wechat;
  // Extensions and types a material's file input offers (accept): phones then show fitting files.
  var ACCEPT = { pdf: ".pdf,application/pdf", jpeg: ".jpg,.jpeg,image/jpeg", png: ".png,image/png",
    xlsx: ".xlsx", xls: ".xls", docx: ".docx", doc: ".doc" };
  var SEP = LANG === "zh" ? "、" : ", ";
  var byId = {};
  D.materials.forEach(function (m) { byId[m.id] = m; });
  var G = D.group;
  var rosterId = G && G.roster ? G.roster.material : null;
  var photoFolder = G && G.photo_folder ? G.photo_folder : null;

  // --- which materials: the self-check's list (#materials=a,b) or all of them -------------
  var chosen = (function () {
    var raw = new URLSearchParams(location.hash.replace(/^#/, "").slice(0, 2000)).get("materials");
    if (raw === null) return null;
    return raw.split(",").filter(function (id) { return Object.prototype.hasOwnProperty.call(byId, id); });
  })();
  function shown(m) { return chosen ? chosen.indexOf(m.id) >= 0 : true; }
  // Needed by everyone unless its own condition, a level or a qualifying condition says otherwise.
  function required(m) { return chosen ? chosen.indexOf(m.id) >= 0 : !m.conditional; }
  // A material handed in on paper only gets no file picker: it is listed under "bring on paper".
  function asFile(m) { return m.submit !== "paper"; }

  var el = window.PageDom.el, setText = window.PageDom.text;
  var uid = 0;
  function newId(prefix) { uid += 1; return prefix + "-" + uid; }

  // --- file checks: formats (FileFormats.sniff) and names (FileNaming) as the upload check -----
  /* 31200 -> "31 200", as the upload check's messages write byte counts. */
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " "); }

  function inspect(file, m, person) {
    return U.bytes(file, HEAD).then(function (head) {
      var out = { file: file, fmt: null, errors: [], warnings: [] };
      if (file.size === 0) { out.errors.push(fmt(S.file_empty, { file: file.name })); return out; }
      out.fmt = FF.sniff(head, file.name);
      if (m.formats.length && m.formats.indexOf(out.fmt) < 0) {
        var photo = out.fmt === "jpeg" || out.fmt === "png";
        out.errors.push(fmt(photo && m.formats.length === 1 && m.formats[0] === "pdf" ? S.file_photo_for_pdf : S.file_type, {
          file: file.name, found: out.fmt ? FF.label(out.fmt) : S.file_unknown_type, allowed: FF.allowedLabel(m.formats)
        }));
      }
      if (m.max_bytes && file.size > m.max_bytes) {
        out.errors.push(fmt(S.file_size, { file: file.name, size: size(file.size), limit: size(m.max_bytes) }));
      }
      if (m.min_bytes && file.size < m.min_bytes) {
        out.errors.push(fmt(m.photo ? S.file_small_photo : S.file_small, {
          file: file.name, bytes: grouped(file.size), least_bytes: grouped(m.min_bytes), least: size(m.min_bytes)
        }));
      }
      var own = m.photo ? N.parseNameId(file.name) : null;
      var idOnly = m.photo && !own ? /^([0-9]{17}[0-9Xx])(?:\.[A-Za-z0-9]{1,5})?$/.exec(N.canonical(file.name).trim()) : null;
      if (idOnly) own = { name: null, id: idOnly[1].toUpperCase() }; // named {id_number}.jpg
      if (own && person && (own.id !== ID.normalise(person.id) || (own.name !== null && own.name !== person.name.trim()))) {
        out.warnings.push(fmt(S.photo_name_differs, { file: file.name, other: (own.name ? own.name + "_" : "") + ID.mask(own.id) }));
      }
      return out;
    }, function (err) { // not readable here: an engine too old, or a file gone since it was chosen
      return { file: file, fmt: null, warnings: [],
        errors: [err && err.oldEngine ? S.old_engine : fmt(S.file_unreadable, { file: file.name })] };
    });
  }

  // --- names and layout ---------------------------------------------------------------------
  /* The name the upload check expects; ID.normalise writes the check character X in upper case. */
  function outName(m, person, index, fmtWord) {
    if (m.pattern) return m.pattern.replace("{name}", person.name.trim()).replace("{id_number}", ID.normalise(person.id));
    var ext = D.extensions[fmtWord] || fmtWord || "bin";
    return m.keyword + (index ? "-" + (index + 1) : "") + "." + ext;
  }
  /* An ID number as people paste or type it (full-width digits from a Chinese keyboard, groups
     of digits with spaces or hyphens) read as the plain 18 characters. */
  function typed(value) { return String(value).normalize("NFKC").replace(/[\s\-]+/g, ""); }
  function folderOf(person) { return person.name.trim() + "_" + ID.normalise(person.id); }
  /* The name goes into file and folder names: none of what would cut it from the ID number or
     what Windows cannot extract (FileNaming.nameCharacters), named in the message. */
  function nameProblem(name) {
    if (!name.trim()) return S.name_bad;
    var bad = N.nameCharacters(name.trim()).map(function (c) {
      var shown = N.shown(c);
      return LANG === "zh" ? "“" + shown + "”" : "'" + shown + "'";
    });
    return bad.length ? fmt(S.name_characters, { chars: bad.join(SEP) }) : null;
  }

  // --- state and rendering -------------------------------------------------------------------
  var mode = D.kinds[0] === "group" && D.kinds.length === 1 ? "group" : "individual";
  var people = [];
  var rosterOwn = null;
  var attempted = false; // until the candidate asks for the ZIP, what is left to do is not red
  var live = el("div", { "class": "sr-only", role: "status", "aria-live": "polite",
    style: "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)" });
  var peopleBox = el("div", { "class": "people" });
  var status = el("div", { "class": "builder-status", role: "status", "aria-live": "polite" });
  var progress = el("div", { hidden: true }, [
    el("p", { id: "builder-progress-label", text: S.progress_label }),
    el("div", { "class": "bar", role: "progressbar", "aria-labelledby": "builder-progress-label",
      "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0" }, [el("span")]),
    el("p", { "class": "progress-text" })
  ]);
  var verdictBox = el("div", { "class": "builder-verdict", role: "status", "aria-live": "polite" });

  function materialsFor() {
    return D.materials.filter(function (m) { return asFile(m) && shown(m) && !(mode === "group" && m.id === rosterId); });
  }

  /* Materials handed in on paper (only, or as well as a file): what the paper form must be. */
  function paperBox() {
    var list = D.materials.filter(function (m) { return m.paper && shown(m); });
    if (!list.length) return null;
    return el("section", { "class": "paper-list", "aria-labelledby": "b-paper-title" }, [
      el("h3", { id: "b-paper-title", text: S.paper_title }),
      el("p", { text: S.paper_intro }),
      el("ul", {}, list.map(function (m) {
        var text = [m.paper + (LANG === "zh" ? "。" : "."), m.rule];
        if (!required(m) && (m.only || m.condition)) text.push(m.only || fmt(S.needed_when, { condition: m.condition }));
        if (asFile(m)) text.push(S.paper_also);
        return el("li", { "data-material": m.id }, [el("strong", { text: m.name }), " " + text.join(" ")]);
      }))
    ]);
  }

  function personBlock(person, index) {
    var box = el("fieldset", { "class": "person", "data-index": String(index) });
    box.appendChild(el("legend", { text: mode === "group" ? fmt(S.candidate_n, { n: index + 1 }) : S.person_legend }));
    function field(key, label, check) {
      var id = newId("b-" + key), msg = newId("b-msg");
      var input = el("input", { type: "text", id: id, name: key, autocomplete: "off", "aria-describedby": msg,
        inputmode: key === "id" ? "text" : null, maxlength: key === "id" ? "30" : "40" });
      input.value = person[key];
      if (key === "id") { input.setAttribute("autocapitalize", "characters"); input.setAttribute("spellcheck", "false"); }
      var note = el("span", { id: msg, "class": "bad", "data-for": key });
      function show() {
        if (key === "id") { // as pasted or typed: full-width digits, spaces, hyphens
          var plain = typed(input.value);
          if (plain !== input.value && /^[0-9Xx]{18}$/.test(plain)) input.value = plain;
        }
        person[key] = input.value;
        var problem = check(input.value);
        setText(note, input.value && problem ? problem : "");
        input.setAttribute("aria-invalid", input.value && problem ? "true" : "false");
      }
      function update() {
        show();
        recheckPhotos(person);
      }
      input.addEventListener("change", update);
      input.addEventListener("blur", update);
      // As it is typed: once 18 characters are in, once a character that cannot be there is, or
      // while a message is shown (so it goes as soon as the number is right).
      input.addEventListener("input", function () {
        person[key] = input.value;
        var v = input.value.normalize("NFKC").replace(/[\s\-]+/g, "");
        var now = key === "id" ? v.length >= 18 || /[^0-9Xx]/.test(v) : N.nameCharacters(input.value).length > 0;
        if (now || note.textContent) show();
        summarise();
      });
      box.appendChild(el("p", {}, [el("label", { "for": id, text: label }), el("br"), input, el("br"), note]));
    }
    field("name", S.name_label, nameProblem);
    field("id", S.id_label, function (v) {
      v = typed(v);
      var p = ID.problem(v);
      if (p) return fmt(S.id_bad, { reason: p[LANG] });
      var twice = people.some(function (o) { return o !== person && ID.normalise(o.id) === ID.normalise(v); });
      return twice ? S.duplicate_id : null;
    });
    materialsFor().forEach(function (m) { box.appendChild(materialBlock(person, m)); });
    if (mode === "group" && people.length > 1) {
      box.appendChild(el("button", { type: "button", text: S.remove_candidate, on: { click: function () {
        people.splice(people.indexOf(person), 1);
        render();
      } } }));
    }
    return box;
  }

  function materialBlock(person, m) {
    var id = newId("b-file");
    var accept = m.formats.map(function (f) { return ACCEPT[f]; }).filter(Boolean).join(",");
    var input = el("input", { type: "file", id: id, "data-material": m.id, multiple: m.pattern ? null : true,
      accept: accept || null, "aria-describedby": id + "-rule" });
    var results = el("ul", { "class": "file-results", "data-material": m.id });
    var rule = [m.rule];
    if (m.min_bytes) rule.push(fmt(S.min_size, { size: size(m.min_bytes) }));
    if (m.max_bytes) rule.push(fmt(S.max_size, { size: size(m.max_bytes) }));
    rule.push(fmt(S.formats, { formats: FF.allowedLabel(m.formats) }));
    if (m.uppercase_x) rule.push(S.naming_upper_x);
    if (!required(m) && m.only) rule.push(m.only);
    else if (!required(m) && m.condition) rule.push(fmt(S.needed_when, { condition: m.condition }));
    if (mode === "group" && photoFolder && m.id === photoFolder.material) rule.push(fmt(S.group_photo_note, { folder: photoFolder.folder }));
    var box = el("div", { "class": "material", "data-material": m.id }, [
      el("label", { "for": id }, [el("strong", { text: fmt(S.pick, { material: m.name }) }),
        required(m) ? null : " " + S.optional]),
      el("br"), input,
      el("p", { id: id + "-rule", "class": "rule", text: rule.join(" ") }),
      m.formats.length === 1 && m.formats[0] === "pdf" ? pdfMaker(person, m, id, input, results) : null,
      results
    ]);
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || [], 0, MAX_FILES);
      Promise.all(files.map(function (f) { return inspect(f, m, person); })).then(function (checked) {
        person.files[m.id] = checked;
        showResults(person, m, results);
        setText(live, results.textContent);
        summarise();
      });
    });
    person.views[m.id] = results;
    showResults(person, m, results);
    return box;
  }

  // --- a PDF from one or two phone photos, on this device -------------------------------------
  var PDF_SIDE = 2000; // longest side of a photo in the PDF, in pixels: about 240 dpi on A4
  var PDF_QUALITY = [0.85, 0.7, 0.55, 0.4]; // tried in turn while the PDF is over the material's limit

  function pdfMaker(person, m, id, mainInput, results) {
    var inputs = [S.pdf_first, S.pdf_second].map(function (label, i) {
      var pid = id + "-photo" + (i + 1);
      return [el("label", { "for": pid, text: label }),
        el("input", { type: "file", id: pid, accept: "image/*", "data-pdf-photo": String(i + 1) })];
    });
    var said = el("p", { "class": "pdf-status", role: "status" });
    var button = el("button", { type: "button", "class": "pdf-make", text: S.pdf_make });
    button.addEventListener("click", function () {
      var files = inputs.map(function (pair) { return pair[1].files && pair[1].files[0]; }).filter(Boolean);
      if (!files.length) { said.className = "pdf-status bad"; setText(said, S.pdf_no_photo); return; }
      button.disabled = true;
      said.className = "pdf-status";
      setText(said, S.pdf_working);
      photosToPdf(files, m.max_bytes).then(function (pdf) {
        var made = named([pdf], m.keyword + ".pdf", "application/pdf");
        return inspect(made, m, person).then(function (checked) {
          mainInput.value = "";
          person.files[m.id] = [checked];
          showResults(person, m, results);
          setText(said, fmt(files.length === 1 ? S.pdf_done_one : S.pdf_done, { count: files.length, size: size(made.size) }));
          summarise();
        });
      }).catch(function (err) {
        said.className = "pdf-status bad";
        setText(said, err && err.oldEngine ? S.old_engine : fmt(S.pdf_bad_photo, { file: (err && err.file) || "" }));
      }).then(function () { button.disabled = false; });
    });
    // Folded away behind one button: most candidates have the PDF already.
    var body = el("div", { id: id + "-pdf", hidden: true }, inputs.map(function (pair) { return el("p", {}, pair); })
      .concat([el("p", {}, [button]), said]));
    var open = el("button", { type: "button", "class": "pdf-open", "aria-expanded": "false", "aria-controls": id + "-pdf",
      text: S.pdf_offer });
    open.addEventListener("click", function () {
      body.hidden = !body.hidden;
      open.setAttribute("aria-expanded", body.hidden ? "false" : "true");
    });
    return el("div", { "class": "pdf-maker", "data-material": m.id }, [open, body]);
  }

  /* A File where the engine can make one, else a Blob carrying the name (older engines). */
  function named(parts, name, type) {
    try { return new File(parts, name, { type: type }); } catch (e) {
      var blob = new Blob(parts, { type: type });
      blob.name = name;
      return blob;
    }
  }

  /* The photo upright (EXIF orientation applied), as createImageBitmap or an <img> decodes it. */
  function decodePhoto(file) {
    function viaImage() {
      return new Promise(function (resolve, reject) {
        var url = URL.createObjectURL(file), img = new Image();
        img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
        img.onerror = function () { URL.revokeObjectURL(url); reject({ file: file.name }); };
        img.src = url;
      });
    }
    if (!window.createImageBitmap) return viaImage();
    return createImageBitmap(file, { imageOrientation: "from-image" }).catch(viaImage);
  }

  function canvasJpeg(canvas, quality) {
    if (!canvas.toBlob) { // old engines: the data URL's base64
      var b64 = canvas.toDataURL("image/jpeg", quality).split(",")[1], bin = atob(b64);
      var out = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return Promise.resolve(out);
    }
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (b) { return b ? resolve(b) : reject(new Error("encode")); }, "image/jpeg", quality);
    }).then(function (b) { return U.bytes(b); });
  }

  /* Photos -> one A4 PDF (a Blob), each photo scaled to at most PDF_SIDE pixels and re-encoded as
     JPEG (which also drops the camera's EXIF data); lower qualities while over `limit`. */
  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }
  function photosToPdf(files, limit) {
    mark("pdf-start");
    return Promise.all(files.map(function (f) {
      return decodePhoto(f).then(function (img) {
        var w = img.naturalWidth || img.width, h = img.naturalHeight || img.height;
        if (!w || !h) throw { file: f.name };
        var scale = Math.min(1, PDF_SIDE / Math.max(w, h));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(w * scale));
        canvas.height = Math.max(1, Math.round(h * scale));
        var ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        if (img.close) img.close();
        return canvas;
      });
    })).then(function (canvases) {
      function attempt(step) {
        return Promise.all(canvases.map(function (c) { return canvasJpeg(c, PDF_QUALITY[step]); })).then(function (jpegs) {
          var pdf = pdfOf(jpegs.map(function (bytes, i) { return { bytes: bytes, w: canvases[i].width, h: canvases[i].height }; }));
          if (limit && pdf.size > limit && step + 1 < PDF_QUALITY.length) return attempt(step + 1);
          mark("pdf-ready");
          return pdf;
        });
      }
      return attempt(0);
    });
  }

  /* A minimal PDF 1.4: one A4 page, the JPEGs stacked top to bottom, each centred in an equal
     share of the page within 1 cm margins, embedded as DCTDecode images (no re-compression). */
  function pdfOf(images) {
    var W = 595.28, H = 841.89, M = 28.35;
    var slot = (H - M * (images.length + 1)) / images.length;
    var n2 = function (v) { return v.toFixed(2); };
    var draw = images.map(function (im, i) {
      var s = Math.min((W - 2 * M) / im.w, slot / im.h), w = im.w * s, h = im.h * s;
      var y = H - M - i * (slot + M) - (slot + h) / 2;
      return "q " + n2(w) + " 0 0 " + n2(h) + " " + n2((W - w) / 2) + " " + n2(y) + " cm /Im" + i + " Do Q";
    }).join("\n");
    var xobjects = images.map(function (im, i) { return "/Im" + i + " " + (5 + i) + " 0 R"; }).join(" ");
    var objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + W + " " + H + "] /Resources << /XObject << " + xobjects +
        " >> /ProcSet [/PDF /ImageC] >> /Contents 4 0 R >>",
      ["<< /Length " + draw.length + " >>", draw]
    ].concat(images.map(function (im) {
      return ["<< /Type /XObject /Subtype /Image /Width " + im.w + " /Height " + im.h +
        " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length " + im.bytes.length + " >>", im.bytes];
    }));
    var parts = [], at = 0, offsets = [];
    function put(x) { // a string (ASCII) or bytes
      var b = x;
      if (typeof x === "string") { b = new Uint8Array(x.length); for (var i = 0; i < x.length; i++) b[i] = x.charCodeAt(i) & 255; }
      parts.push(b);
      at += b.length;
    }
    put("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
    objects.forEach(function (o, i) {
      offsets.push(at);
      put((i + 1) + " 0 obj\n");
      if (typeof o === "string") put(o + "\n");
      else { put(o[0] + "\nstream\n"); put(o[1]); put("\nendstream\n"); }
      put("endobj\n");
    });
    var xref = at;
    put("xref\n0 " + (objects.length + 1) + "\n0000000000 65535 f \n" + offsets.map(function (o) {
      return ("000000000" + o).slice(-10) + " 00000 n \n";
    }).join(""));
    put("trailer\n<< /Size " + (objects.length + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
    return new Blob(parts, { type: "application/pdf" });
  }

  function showResults(person, m, results) {
    results.textContent = "";
    (person.files[m.id] || []).forEach(function (c, i) {
      c.errors.forEach(function (e) { results.appendChild(el("li", { "class": "bad", text: e })); });
      c.warnings.forEach(function (w) { results.appendChild(el("li", { "class": "warn", text: w })); });
      if (!c.errors.length) {
        var name = personReady(person) || !m.pattern ? outName(m, person, i, c.fmt) : m.pattern_words;
        results.appendChild(el("li", { "class": "good", text: fmt(S.file_ok, { file: c.file.name, name: name }) }));
      }
    });
  }

  function recheckPhotos(person) {
    D.materials.forEach(function (m) {
      var list = person.files[m.id];
      if (!m.photo || !list || !person.views[m.id]) return;
      Promise.all(list.map(function (c) { return inspect(c.file, m, person); })).then(function (checked) {
        person.files[m.id] = checked;
        showResults(person, m, person.views[m.id]);
        summarise();
      });
    });
    summarise();
  }

  function personReady(person) { return !nameProblem(person.name) && ID.valid(person.id); }

  /* What stands between the candidate and the ZIP: [{text, todo}], todo when it is only not done
     yet (an empty field, a file not chosen) rather than wrong. */
  function problems() {
    var out = [];
    function add(text, todo) { out.push({ text: text, todo: todo }); }
    if (!people.length) add(S.no_candidates, true);
    var ids = {};
    people.forEach(function (person, index) {
      var who = mode === "group" ? fmt(S.candidate_n, { n: index + 1 }) + (LANG === "zh" ? "：" : ": ") : "";
      var nameBad = nameProblem(person.name);
      if (nameBad) add(who + nameBad, !person.name.trim());
      var idBad = ID.problem(person.id);
      if (!person.id.trim()) add(who + S.id_missing, true);
      else if (idBad) add(who + fmt(S.id_bad, { reason: idBad[LANG] }), false);
      else if (ids[ID.normalise(person.id)]) add(who + S.duplicate_id, false);
      ids[ID.normalise(person.id)] = true;
      var missing = materialsFor().filter(function (m) {
        return required(m) && !(person.files[m.id] || []).length;
      }).map(function (m) { return m.name; });
      if (missing.length) add(who + fmt(S.still_missing, { list: missing.join(SEP) }), true);
      var broken = materialsFor().some(function (m) {
        return (person.files[m.id] || []).some(function (c) { return c.errors.length; });
      });
      if (broken) add(who + S.fix_first, false);
    });
    return out;
  }

  /* The status: before the candidate asks for the ZIP, what is left is a plain list and only what
     is wrong is red; after, everything left is red. */
  function summarise() {
    var list = problems();
    status.textContent = "";
    status.appendChild(list.length
      ? el("ul", {}, list.map(function (p) {
        return el("li", { "class": attempted || !p.todo ? "bad" : "todo", text: p.text });
      }))
      : el("p", { "class": "good", text: S.ready }));
    return list;
  }

  // --- the archive -----------------------------------------------------------------------------
  function xmlEscape(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  /* A minimal SpreadsheetML workbook (inline strings, so ID numbers stay text), zipped by fflate. */
  function rosterWorkbook(rows) {
    var NS = "http://schemas.openxmlformats.org/";
    var sheet = rows.map(function (row, r) {
      return '<row r="' + (r + 1) + '">' + row.map(function (v, c) {
        return '<c r="' + String.fromCharCode(65 + c) + (r + 1) + '" t="inlineStr"><is><t>' + xmlEscape(v) + "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    var head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
    var parts = {
      "[Content_Types].xml": head + '<Types xmlns="' + NS + 'package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      "_rels/.rels": head + '<Relationships xmlns="' + NS + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + NS + 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      "xl/workbook.xml": head + '<workbook xmlns="' + NS + 'spreadsheetml/2006/main" xmlns:r="' + NS +
        'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      "xl/_rels/workbook.xml.rels": head + '<Relationships xmlns="' + NS + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + NS + 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      "xl/worksheets/sheet1.xml": head + '<worksheet xmlns="' + NS + 'spreadsheetml/2006/main"><sheetData>' + sheet + "</sheetData></worksheet>"
    };
    var files = {};
    Object.keys(parts).forEach(function (k) { files[k] = F.strToU8(parts[k]); });
    return F.zipSync(files, { level: 6 });
  }

  /* Candidates from a filled roster workbook (.xlsx): the header row is found by the YAML's column
     words, as functions/upload/roster.py finds it. Bounded: parts over 16 MB, 20 header rows,
     MAX_CANDIDATES rows. Returns null when no header row is found or the file is not a workbook. */
  function norm(v) { return String(v || "").replace(/[\s*＊:：()（）_\-]/g, "").toLowerCase(); }
  function readRoster(bytes) {
    var parts;
    try {
      parts = F.unzipSync(bytes, { filter: function (f) {
        return f.originalSize < (16 << 20) && (f.name === "xl/sharedStrings.xml" || /^xl\/worksheets\/sheet1\.xml$/.test(f.name));
      } });
    } catch (e) { return null; }
    var sheetXml = parts["xl/worksheets/sheet1.xml"];
    if (!sheetXml) return null;
    var parse = function (u8) { return new DOMParser().parseFromString(F.strFromU8(u8), "application/xml"); };
    var shared = parts["xl/sharedStrings.xml"] ? Array.prototype.map.call(
      parse(parts["xl/sharedStrings.xml"]).getElementsByTagName("si"), function (si) {
        return Array.prototype.map.call(si.getElementsByTagName("t"), function (t) { return t.textContent; }).join("");
      }) : [];
    var rows = Array.prototype.slice.call(parse(sheetXml).getElementsByTagName("row"), 0, MAX_CANDIDATES + 21);
    var nameWords = G.roster.name_words.map(norm), idWords = G.roster.id_words.map(norm);
    var header = null, out = [];
    rows.forEach(function (row, index) {
      var cells = {};
      Array.prototype.forEach.call(row.getElementsByTagName("c"), function (c) {
        var col = (c.getAttribute("r") || "").replace(/\d+/g, "");
        var v = c.getElementsByTagName("v")[0], t = c.getAttribute("t");
        var text = t === "inlineStr" ? c.textContent : v ? v.textContent : "";
        cells[col] = t === "s" ? (shared[Number(text)] || "") : text;
      });
      if (!header) {
        if (index >= 20) return;
        var cols = Object.keys(cells), nameCol = null, idCol = null;
        cols.forEach(function (k) { if (nameCol === null && nameWords.indexOf(norm(cells[k])) >= 0) nameCol = k; });
        cols.forEach(function (k) {
          if (nameCol === null && norm(cells[k]) && nameWords.some(function (w) { return norm(cells[k]).indexOf(w) >= 0; })) nameCol = k;
          if (idCol === null && norm(cells[k]) && idWords.some(function (w) { return w && norm(cells[k]).indexOf(w) >= 0; })) idCol = k;
        });
        if (nameCol !== null && idCol !== null && nameCol !== idCol) header = { name: nameCol, id: idCol };
        return;
      }
      var name = String(cells[header.name] || "").trim(), id = String(cells[header.id] || "").trim();
      if ((name || id) && out.length < MAX_CANDIDATES) out.push({ name: name, id: id });
    });
    return header ? out : null;
  }

  function bytesOf(file) { return U.bytes(file); }

  /* {path: File|Uint8Array} for the chosen mode, as the program's packaging lays it out. */
  function layout() {
    var entries = {};
    people.forEach(function (person) {
      var folder = mode === "group" ? folderOf(person) + "/" : "";
      materialsFor().forEach(function (m) {
        (person.files[m.id] || []).forEach(function (c, i) {
          var name = outName(m, person, i, c.fmt);
          var where = mode === "group" && photoFolder && m.id === photoFolder.material ? photoFolder.folder + "/" : folder;
          entries[where + name] = c.file;
        });
      });
    });
    if (mode === "group" && G.roster) {
      entries[G.roster.file] = rosterOwn || rosterWorkbook([[G.roster.name_column, G.roster.id_column]].concat(
        people.map(function (p) { return [p.name.trim(), ID.normalise(p.id)]; })));
    }
    return entries;
  }

  function build() {
    var entries = layout();
    var paths = Object.keys(entries);
    return Promise.all(paths.map(function (p) {
      if (entries[p] instanceof Uint8Array) return entries[p];
      return bytesOf(entries[p]).catch(function (err) {
        throw new Error(err && err.oldEngine ? S.old_engine : fmt(S.file_unreadable, { file: entries[p].name }));
      });
    })).then(function (datas) {
      var files = {};
      paths.forEach(function (p, i) {
        var stored = /\.(jpe?g|png|zip|xlsx|docx)$/i.test(p);
        files[p] = [datas[i], { level: stored ? 0 : 6 }];
      });
      var zipped = F.zipSync(files);
      var base = mode === "group" ? org.value.trim() : people[0].name.trim();
      var bad = N.badCharacters(base + ".zip"); // what Windows cannot save, dropped from the organisation's name
      base = base.split("").filter(function (c) { return bad.indexOf(c) < 0; }).join("") || S.group_mode;
      return named([zipped], base + ".zip", "application/zip");
    });
  }

  function ready() {
    attempted = true;
    var list = summarise();
    if (list.length) {
      var first = app.querySelector("[aria-invalid=true]") || status;
      if (first.focus) first.focus();
      return false;
    }
    return true;
  }

  var built = el("div", { "class": "built" });
  function failed(err) {
    status.textContent = "";
    status.appendChild(el("p", { "class": "bad", text: err.message }));
  }
  /* WeChat's built-in browser blocks downloads of files a page makes: say how to open the page in
     the phone's browser (or, where this site's upload is the application, that no download is
     needed), with the page's link to copy and a plain link to try anyway. */
  function wechatNote(file) {
    var url = URL.createObjectURL(file);
    return el("div", { "class": "notice-box wechat", role: "note" }, [
      el("p", { text: S.wechat_download }),
      R.submits ? el("p", { text: S.wechat_this_site }) : null,
      el("p", {}, [el("button", { type: "button", "class": "copy", text: S.wechat_copy_link, on: { click: function (e) {
        var b = e.currentTarget;
        U.copy(location.href, function (ok) { setText(b, ok ? S.copied : S.copy_failed); });
      } } })]),
      el("p", {}, [el("a", { href: url, download: file.name, text: S.wechat_try })])
    ]);
  }
  function save(file) {
    if (WECHAT) return wechatNote(file);
    var url = URL.createObjectURL(file);
    var a = el("a", { href: url, download: file.name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    return null;
  }
  function showBuilt(file, extra) {
    built.textContent = "";
    built.appendChild(el("p", { text: fmt(S.archive_ready, { name: file.name, size: size(file.size) }) }));
    if (extra) built.appendChild(extra);
  }
  function download() {
    if (!ready()) return;
    build().then(function (file) { showBuilt(file, save(file)); }, failed);
  }
  /* The verdict's next step needs the ZIP itself (to e-mail it, hand it in…): a button to save it,
     or in WeChat how to. */
  function saveButton(file) {
    var box = el("div", {});
    box.appendChild(el("button", { type: "button", "class": "save-zip", text: S.save_zip, on: { click: function () {
      var note = save(file);
      if (note) box.appendChild(note);
    } } }));
    return box;
  }
  function submit() {
    if (!ready()) return;
    build().then(function (file) {
      showBuilt(file, null);
      var who = mode === "group" ? org.value.trim() : people[0].name.trim();
      return U.run(file, mode, { progress: progress, verdict: verdictBox },
        { file: file.name, who: who, after: R.submits ? null : saveButton(file) });
    }, failed);
  }

  // --- page --------------------------------------------------------------------------------
  var org = el("input", { type: "text", id: "b-org", maxlength: "60" });
  var orgBox = el("p", {}, [el("label", { "for": "b-org", text: S.org_label }), el("br"), org]);
  var rosterInput = el("input", { type: "file", id: "b-roster", accept: ".xlsx" });
  rosterInput.addEventListener("change", function () {
    var f = rosterInput.files && rosterInput.files[0];
    if (!f) { rosterOwn = null; return; }
    bytesOf(f).then(function (b) {
      var found = readRoster(b);
      setText(rosterNote, found ? fmt(S.roster_read, { count: found.length }) : S.roster_bad);
      rosterNote.className = found ? "good" : "bad";
      if (!found) { rosterOwn = null; return; }
      rosterOwn = b;
      if (found.length) {
        people = found.map(function (r) { var p = newPerson(); p.name = r.name; p.id = r.id; return p; });
        render();
      }
    });
  });
  var rosterNote = el("p", { role: "status", "aria-live": "polite" });
  var groupBox = el("div", { "class": "group-extra" });
  if (G && G.roster) {
    groupBox.appendChild(el("p", { text: fmt(S.roster_made, { file: G.roster.file }) }));
    groupBox.appendChild(el("p", {}, [el("label", { "for": "b-roster", text: fmt(S.roster_own, { file: G.roster.file }) }), el("br"), rosterInput]));
    groupBox.appendChild(rosterNote);
  }
  var addButton = el("button", { type: "button", id: "b-add", text: S.add_candidate, on: { click: function () {
    if (people.length >= MAX_CANDIDATES) return;
    people.push(newPerson());
    render();
    var inputs = peopleBox.querySelectorAll("fieldset.person:last-child input[name=name]");
    if (inputs.length) inputs[0].focus();
  } } });

  function newPerson() { return { name: "", id: "", files: {}, views: {} }; }

  function render() {
    peopleBox.textContent = "";
    people.forEach(function (person, i) {
      person.views = {};
      peopleBox.appendChild(personBlock(person, i));
    });
    var group = mode === "group";
    orgBox.hidden = !group;
    groupBox.hidden = !group;
    addButton.hidden = !group;
    summarise();
  }

  var intro = el("p", { text: chosen ? S.from_selfcheck : S.all_materials });
  var paper = paperBox();
  var modeBox = null;
  if (D.kinds.length > 1) {
    modeBox = el("fieldset", {}, [el("legend", { text: S.mode_legend })]);
    D.kinds.forEach(function (kind) {
      var id = "b-mode-" + kind;
      var radio = el("input", { type: "radio", name: "b-mode", id: id, value: kind, checked: kind === mode });
      radio.addEventListener("change", function () {
        mode = kind;
        people = [newPerson()];
        render();
      });
      modeBox.appendChild(el("div", {}, [radio, " ", el("label", { "for": id, text: S["kind_" + kind] })]));
    });
  }
  var routeBox = el("section", { "class": "route-box", "aria-labelledby": "b-route-title", "data-route": R.kind || "none" }, [
    el("h2", { id: "b-route-title", text: S.route_title }),
    el("ul", {}, R.how.map(function (line) { return el("li", { text: line }); })),
    R.kind === "system" && R.url ? el("p", {}, [el("a", { href: R.url, rel: "noopener", text: R.name || R.url })]) : null
  ]);
  people.push(newPerson());
  [live, routeBox, intro, modeBox, orgBox, groupBox, peopleBox, addButton, paper, status,
    el("p", {}, [
      el("button", { type: "button", id: "b-download", text: S.download, on: { click: download } }),
      // Only where this site's upload is the application does the button say it sends.
      el("button", { type: "button", id: "b-submit", "class": "primary", text: R.submits ? S.send : S.submit_check,
        on: { click: submit } })
    ]),
    el("p", { text: S.nothing_sent }), built, progress, verdictBox,
    D.links.upload ? el("p", {}, [el("a", { href: D.links.upload, text: R.submits ? S.upload_title : S.upload_title_check })]) : null
  ].forEach(function (n) { if (n) app.appendChild(n); });
  render();
  app.hidden = false;
})();
