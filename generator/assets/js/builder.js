/* The bundle builder: pick each material, check it at once (type by content, size, naming, ID
 * number), then pack one ZIP in the browser with the layout the program's packaging describes —
 * download it, or send it through the upload API (upload.js) and show the verdict.
 * Needs idnumber.js (window.IdNumber), fflate (window.fflate), upload.js (window.BundleUpload)
 * the page's #tools-data JSON (every rule, from the program YAML) and the language's wording
 * (rules/tools-<lang>.js, window.ToolsWords); dom.js (window.PageDom) builds the DOM. */
(function () {
  "use strict";
  var node = document.getElementById("tools-data");
  var app = document.getElementById("builder-app");
  if (!node || !app || !window.IdNumber || !window.fflate || !window.BundleUpload) return;
  if (!window.ToolsWords || !window.PageDom) return;
  var D = JSON.parse(node.textContent);
  var S = window.ToolsWords.strings, LANG = D.lang, ID = window.IdNumber, F = window.fflate, U = window.BundleUpload;
  var fmt = U.fmt, size = U.size;
  var HEAD = 2048, MAX_CANDIDATES = 500, MAX_FILES = 20;
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
  function required(m) { return chosen ? chosen.indexOf(m.id) >= 0 : !m.condition; }

  var el = window.PageDom.el, setText = window.PageDom.text;
  var uid = 0;
  function newId(prefix) { uid += 1; return prefix + "-" + uid; }

  // --- file checks (the same sniffing as functions/upload/formats.py) ---------------------
  function startsWith(head, bytes) {
    for (var i = 0; i < bytes.length; i++) if (head[i] !== bytes[i]) return false;
    return head.length >= bytes.length;
  }
  function sniff(head, name) {
    var ext = (name.match(/\.([^.]+)$/) || ["", ""])[1].toLowerCase();
    if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpeg";
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
    var text = String.fromCharCode.apply(null, head.subarray(0, 1024));
    if (text.indexOf("%PDF-") >= 0) return "pdf";
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
      if (ext === "xlsx" || ext === "docx") return ext;
      return "zip";
    }
    if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ext === "doc" ? "doc" : "xls";
    return null;
  }
  function parseNameId(fileName) {
    var m = /^([^_/\\]+?)\s*[_＿]\s*([0-9]{17}[0-9Xx])(?:\.[A-Za-z0-9]{1,5})?$/.exec(fileName.trim());
    return m ? { name: m[1].trim(), id: m[2].toUpperCase() } : null;
  }
  function upper(list) { return list.map(function (f) { return f.toUpperCase(); }).join(" / "); }

  function inspect(file, m, person) {
    return file.slice(0, HEAD).arrayBuffer().then(function (buf) {
      var out = { file: file, fmt: null, errors: [], warnings: [] };
      if (file.size === 0) { out.errors.push(fmt(S.file_empty, { file: file.name })); return out; }
      out.fmt = sniff(new Uint8Array(buf), file.name);
      if (m.formats.length && m.formats.indexOf(out.fmt) < 0) {
        out.errors.push(fmt(S.file_type, {
          file: file.name, found: out.fmt ? out.fmt.toUpperCase() : S.file_unknown_type, allowed: upper(m.formats)
        }));
      }
      if (m.max_bytes && file.size > m.max_bytes) {
        out.errors.push(fmt(S.file_size, { file: file.name, size: size(file.size), limit: size(m.max_bytes) }));
      }
      var own = m.photo ? parseNameId(file.name) : null;
      if (own && person && (own.id !== ID.normalise(person.id) || own.name !== person.name.trim())) {
        out.warnings.push(fmt(S.photo_name_differs, { file: file.name, other: own.name + "_" + ID.mask(own.id) }));
      }
      return out;
    });
  }

  // --- names and layout ---------------------------------------------------------------------
  function outName(m, person, index, fmtWord) {
    if (m.pattern) return m.pattern.replace("{name}", person.name.trim()).replace("{id_number}", ID.normalise(person.id));
    var ext = D.extensions[fmtWord] || fmtWord || "bin";
    return m.keyword + (index ? "-" + (index + 1) : "") + "." + ext;
  }
  function folderOf(person) { return person.name.trim() + "_" + ID.normalise(person.id); }
  function nameProblem(name) { return !name.trim() || /[_/\\]/.test(name) ? S.name_bad : null; }

  // --- state and rendering -------------------------------------------------------------------
  var mode = D.kinds[0] === "group" && D.kinds.length === 1 ? "group" : "individual";
  var people = [];
  var rosterOwn = null;
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
    return D.materials.filter(function (m) { return shown(m) && !(mode === "group" && m.id === rosterId); });
  }

  function personBlock(person, index) {
    var box = el("fieldset", { "class": "person", "data-index": String(index) });
    box.appendChild(el("legend", { text: mode === "group" ? fmt(S.candidate_n, { n: index + 1 }) : S.person_legend }));
    function field(key, label, check) {
      var id = newId("b-" + key), msg = newId("b-msg");
      var input = el("input", { type: "text", id: id, name: key, autocomplete: "off", "aria-describedby": msg,
        inputmode: key === "id" ? "text" : null, maxlength: key === "id" ? "18" : "40" });
      input.value = person[key];
      var note = el("span", { id: msg, "class": "bad", "data-for": key });
      function update() {
        person[key] = input.value;
        var problem = check(input.value);
        setText(note, input.value && problem ? problem : "");
        input.setAttribute("aria-invalid", input.value && problem ? "true" : "false");
        recheckPhotos(person);
      }
      input.addEventListener("change", update);
      input.addEventListener("blur", update);
      box.appendChild(el("p", {}, [el("label", { "for": id, text: label }), el("br"), input, el("br"), note]));
    }
    field("name", S.name_label, nameProblem);
    field("id", S.id_label, function (v) {
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
    var input = el("input", { type: "file", id: id, "data-material": m.id, multiple: m.pattern ? null : true,
      "aria-describedby": id + "-rule" });
    var results = el("ul", { "class": "file-results", "data-material": m.id });
    var rule = [m.rule];
    if (m.max_bytes) rule.push(fmt(S.max_size, { size: size(m.max_bytes) }));
    rule.push(fmt(S.formats, { formats: upper(m.formats) }));
    if (!required(m) && m.condition) rule.push(fmt(S.needed_when, { condition: m.condition }));
    if (mode === "group" && photoFolder && m.id === photoFolder.material) rule.push(fmt(S.group_photo_note, { folder: photoFolder.folder }));
    var box = el("div", { "class": "material", "data-material": m.id }, [
      el("label", { "for": id }, [el("strong", { text: fmt(S.pick, { material: m.name }) }),
        required(m) ? null : " " + S.optional]),
      el("br"), input,
      el("p", { id: id + "-rule", "class": "rule", text: rule.join(" ") }),
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

  function problems() {
    var out = [];
    if (!people.length) out.push(S.no_candidates);
    var ids = {};
    people.forEach(function (person, index) {
      var who = mode === "group" ? fmt(S.candidate_n, { n: index + 1 }) + (LANG === "zh" ? "：" : ": ") : "";
      var nameBad = nameProblem(person.name);
      if (nameBad) out.push(who + nameBad);
      var idBad = ID.problem(person.id);
      if (idBad) out.push(who + fmt(S.id_bad, { reason: idBad[LANG] }));
      else if (ids[ID.normalise(person.id)]) out.push(who + S.duplicate_id);
      ids[ID.normalise(person.id)] = true;
      var missing = materialsFor().filter(function (m) {
        return required(m) && !(person.files[m.id] || []).length;
      }).map(function (m) { return m.name; });
      if (missing.length) out.push(who + fmt(S.still_missing, { list: missing.join(SEP) }));
      var broken = materialsFor().some(function (m) {
        return (person.files[m.id] || []).some(function (c) { return c.errors.length; });
      });
      if (broken) out.push(who + S.fix_first);
    });
    return out;
  }

  function summarise() {
    var list = problems();
    status.textContent = "";
    status.appendChild(list.length
      ? el("ul", { "class": "bad" }, list.map(function (t) { return el("li", { text: t }); }))
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

  function bytesOf(file) { return file.arrayBuffer().then(function (b) { return new Uint8Array(b); }); }

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
      return bytesOf(entries[p]).catch(function () {
        throw new Error(fmt(S.file_unreadable, { file: entries[p].name }));
      });
    })).then(function (datas) {
      var files = {};
      paths.forEach(function (p, i) {
        var stored = /\.(jpe?g|png|zip|xlsx|docx)$/i.test(p);
        files[p] = [datas[i], { level: stored ? 0 : 6 }];
      });
      var zipped = F.zipSync(files);
      var base = mode === "group" ? (org.value.trim().replace(/[\\/:*?"<>|]/g, "") || S.group_mode) : people[0].name.trim();
      return new File([zipped], base + ".zip", { type: "application/zip" });
    });
  }

  function ready() {
    var list = summarise();
    if (list.length) {
      var first = app.querySelector("[aria-invalid=true]") || status;
      if (first.focus) first.focus();
      return false;
    }
    return true;
  }

  var built = el("p", { "class": "built" });
  function failed(err) {
    status.textContent = "";
    status.appendChild(el("p", { "class": "bad", text: err.message }));
  }
  function download() {
    if (!ready()) return;
    build().then(function (file) {
      var url = URL.createObjectURL(file);
      var a = el("a", { href: url, download: file.name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      setText(built, fmt(S.archive_ready, { name: file.name, size: size(file.size) }));
    }, failed);
  }
  function submit() {
    if (!ready()) return;
    build().then(function (file) {
      setText(built, fmt(S.archive_ready, { name: file.name, size: size(file.size) }));
      return U.run(file, mode, { progress: progress, verdict: verdictBox });
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
  people.push(newPerson());
  [live, intro, modeBox, orgBox, groupBox, peopleBox, addButton, status,
    el("p", {}, [
      el("button", { type: "button", id: "b-download", text: S.download, on: { click: download } }),
      el("button", { type: "button", id: "b-submit", "class": "primary", text: S.submit, on: { click: submit } })
    ]),
    el("p", { text: S.nothing_sent }), built, progress, verdictBox,
    D.links.upload ? el("p", {}, [el("a", { href: D.links.upload, text: S.upload_title })]) : null
  ].forEach(function (n) { if (n) app.appendChild(n); });
  render();
  app.hidden = false;
})();
