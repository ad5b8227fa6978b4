/* ID-photo tool: open a photo, crop it to the notice's proportions, resize it (to exactly the
 * notice's pixels where it gives them) and compress it to just under the notice's size limit with
 * the best JPEG quality that fits (and never under its smallest size), warn about a background that
 * is not white, and download it named as the notice requires (asking only for what the name uses).
 *
 * Everything happens on this device: no request is made with the picture (there is no fetch or
 * XHR in this file). The rules come from the page (#photo-data, written by photo-parts.j2 from the
 * program YAML); the ID-number check is idnumber.js (window.IdNumber), file formats formats.js
 * (window.FileFormats) and file names naming.js (window.FileNaming), the same rules as the upload
 * check's; text goes on the page through dom.js (window.PageDom). The background test uses the
 * regions and thresholds of functions/upload/photo.py (tests/vectors/files/photo-border.yaml runs
 * both), so the page warns about what the upload check would report.
 *
 * Phones: WeChat's built-in browser blocks the download, so there the button says how to open the
 * page in the phone's browser; an engine without Blob.prototype.arrayBuffer reads the photo's
 * header through FileReader, and a photo the engine never finishes opening is given up after
 * OPEN_TIMEOUT_MS with what to do, never a spinner for ever; the file name has a copy button.
 */
(function () {
  "use strict";

  var MAX_FILE_BYTES = 40 * 1024 * 1024; // far above any phone photo
  var MAX_PIXELS = 64e6; // refused before decoding, from the file's own header when readable
  var WORK_PIXELS = 16e6; // larger photos are decoded scaled down: plenty for an ID photo
  var HEADER_BYTES = 512 * 1024; // where JPEG and PNG keep their dimensions
  var PREVIEW_MAX = 640; // CSS pixels of the on-screen copy
  var Q_MIN = 30, Q_MAX = 92; // JPEG quality range searched (percent)
  var SHRINK = 0.9, SHRINK_STEPS = 10; // pixel size steps when even Q_MIN is too large
  var Q_TOP = 100, GROW_STEPS = 6; // quality, then pixel size, raised to reach a smallest size
  var MIN_FRAME = 0.1; // smallest crop frame, as a share of the largest
  var DEBOUNCE_MS = 250;
  var OPEN_TIMEOUT_MS = 30000; // an engine that never finishes opening a photo is told so
  var WECHAT = /MicroMessenger/i.test(navigator.userAgent || "");
  // As in functions/upload/photo.py (_white_border): top band and upper sides, 1/12 wide.
  var WHITE_MIN = 200, WHITE_MAX_SPREAD = 40;

  /* The top band and the upper sides of an RGBA picture (a canvas's ImageData), judged as
     _white_border judges them: each region's mean red, green and blue at least WHITE_MIN and
     within WHITE_MAX_SPREAD of each other. A region with no pixels (a picture 1 pixel high has
     no upper half) has means of 0, as Pillow's ImageStat gives: not white. */
  function whiteBorder(px, w, h) {
    var bw = Math.max(1, Math.floor(w / 12)), bh = Math.max(1, Math.floor(h / 12)), half = Math.floor(h / 2);
    var boxes = [[0, 0, w, bh], [0, 0, bw, half], [w - bw, 0, w, half]]; // x0, y0, x1, y1 (excluded)
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i], sum = [0, 0, 0], n = (b[2] - b[0]) * (b[3] - b[1]);
      for (var y = b[1]; y < b[3]; y++) {
        for (var x = b[0], at = (y * w + x) * 4; x < b[2]; x++, at += 4) {
          sum[0] += px[at]; sum[1] += px[at + 1]; sum[2] += px[at + 2];
        }
      }
      var means = sum.map(function (s) { return n ? s / n : 0; });
      var lo = Math.min.apply(null, means), hi = Math.max.apply(null, means);
      if (lo < WHITE_MIN || hi - lo > WHITE_MAX_SPREAD) return false;
    }
    return true;
  }
  window.PhotoBorder = { white: whiteBorder };

  var root = document.getElementById("photo-tool");
  var dataEl = document.getElementById("photo-data");
  if (!root || !dataEl || !window.PageDom || !window.FileFormats || !window.FileNaming) return;
  var setText = window.PageDom.text, N = window.FileNaming;
  var data = JSON.parse(dataEl.textContent);
  var spec = data.spec, S = data.strings;
  var ratio = spec.ratio || spec.width_mm / spec.height_mm;
  // The size aimed under (policy/sizes.py): a limit of 20 KB is aimed under 20 000 bytes, so the
  // photo is under it whether a phone counts a KB as 1 000 or 1 024 bytes.
  var AIM = data.aim_bytes || spec.max_bytes;

  function $(id) { return document.getElementById(id); }
  var el = {
    form: $("pt-form"), file: $("pt-file"), fileError: $("pt-file-error"), crop: $("pt-crop-body"),
    cropEmpty: $("pt-crop-empty"), copy: $("pt-copy"), copied: $("pt-copied"), wechat: $("pt-wechat"),
    stage: $("pt-stage"), preview: $("pt-preview"), frame: $("pt-frame"), handle: $("pt-handle"),
    pos: $("pt-frame-pos"), size: $("pt-size"), name: $("pt-name"), nameError: $("pt-name-error"),
    id: $("pt-id"), idError: $("pt-id-error"), out: $("pt-out"), status: $("pt-status"),
    warning: $("pt-warning"), saved: $("pt-saved"), filename: $("pt-filename"), formError: $("pt-form-error")
  };

  var image = null; // {source, w, h}
  var crop = null; // {x, y, w} in source pixels; height is w / ratio
  var result = null; // {blob, url, w, h, q}
  var run = 0, timer = null, pending = null, drag = null, watchdog = null;

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  /* As generator/render.py's human_bytes: 1 KB = 1024 bytes, one decimal at most. */
  function bytes(n) {
    var units = [["GB", 1 << 30], ["MB", 1 << 20], ["KB", 1 << 10]];
    for (var i = 0; i < units.length; i++) {
      if (n >= units[i][1]) return String(Math.round((n / units[i][1]) * 10) / 10) + " " + units[i][0];
    }
    return n + " B";
  }

  function setState(state) { root.setAttribute("data-state", state); }

  // --- opening a photo ---------------------------------------------------------------------

  /* Width and height from a JPEG's SOF or a PNG's IHDR, without decoding; null if not found.
     `kind` is the file's format by its first bytes (FileFormats.sniff). */
  function headerSize(b, kind) {
    if (kind === "png" && b.length > 24) {
      var v = new DataView(b.buffer, b.byteOffset, b.length);
      return { w: v.getUint32(16), h: v.getUint32(20) };
    }
    if (kind !== "jpeg" || b.length < 4) return null;
    var i = 2;
    while (i + 9 < b.length) { // every step moves forward: bounded by the bytes read
      if (b[i] !== 0xff) return null;
      var m = b[i + 1];
      if (m === 0xff) { i += 1; continue; }
      if (m === 0x01 || (m >= 0xd0 && m <= 0xd8)) { i += 2; continue; }
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
        return { h: (b[i + 5] << 8) | b[i + 6], w: (b[i + 7] << 8) | b[i + 8] };
      }
      var len = (b[i + 2] << 8) | b[i + 3];
      if (len < 2) return null;
      i += 2 + len;
    }
    return null;
  }

  /* The first n bytes: Blob.prototype.arrayBuffer, else FileReader (Android WebView < 76, iOS
     Safari < 14); {oldEngine: true} when neither exists. */
  function head(file, n) {
    var part = file.slice(0, n);
    if (typeof part.arrayBuffer === "function") {
      return part.arrayBuffer().then(function (b) { return new Uint8Array(b); });
    }
    return new Promise(function (resolve, reject) {
      if (typeof FileReader !== "function") return reject({ message: S.old_engine });
      var reader = new FileReader();
      reader.onload = function () { resolve(new Uint8Array(reader.result)); };
      reader.onerror = function () { reject(new Error("decode")); };
      reader.readAsArrayBuffer(part);
    });
  }

  function decode(file, size) {
    var opts = { imageOrientation: "from-image" };
    if (size && size.w * size.h > WORK_PIXELS) {
      opts.resizeWidth = Math.max(1, Math.floor(size.w * Math.sqrt(WORK_PIXELS / (size.w * size.h))));
      opts.resizeQuality = "high";
    }
    var viaImage = function () {
      return new Promise(function (resolve, reject) {
        var url = URL.createObjectURL(file);
        var img = new Image();
        img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
        img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
        img.src = url;
      });
    };
    if (!window.createImageBitmap) return viaImage();
    // Safari opens HEIC through <img> but not always through createImageBitmap.
    return createImageBitmap(file, opts).catch(viaImage);
  }

  function openFile(file) {
    var mine = ++run;
    clearResult();
    el.fileError.textContent = "";
    if (!file) return;
    performance.mark("photo-chosen");
    if (file.size > MAX_FILE_BYTES) {
      return fail(fmt(S.file_too_large, { size: bytes(file.size), limit: bytes(MAX_FILE_BYTES) }));
    }
    setState("opening");
    setText(el.status, S.opening);
    clearTimeout(watchdog);
    watchdog = setTimeout(function () { // still opening: this engine will not, say what to do
      if (mine === run && root.getAttribute("data-state") === "opening") fail(S.open_timeout);
    }, OPEN_TIMEOUT_MS);
    Promise.resolve().then(function () { return head(file, HEADER_BYTES); }).then(function (bytes) {
      var size = headerSize(bytes, window.FileFormats.sniff(bytes, file.name));
      if (size && size.w * size.h > MAX_PIXELS) {
        throw { message: fmt(S.too_many_pixels, size) };
      }
      return decode(file, size);
    }).then(function (source) {
      if (mine !== run) return;
      var w = source.naturalWidth || source.width, h = source.naturalHeight || source.height;
      if (!w || !h) throw new Error("decode");
      if (w * h > MAX_PIXELS) throw { message: fmt(S.too_many_pixels, { w: w, h: h }) };
      clearTimeout(watchdog);
      if (image && image.source.close) image.source.close();
      image = { source: source, w: w, h: h };
      showPreview();
      resetCrop();
      processSoon(0);
    }).catch(function (e) {
      if (mine === run) fail(e && e.message && e.message !== "decode" ? e.message : S.not_image);
    });
  }

  function fail(message) {
    clearTimeout(watchdog);
    image = null;
    crop = null;
    el.crop.hidden = true;
    el.cropEmpty.hidden = false;
    setText(el.fileError, message);
    setText(el.status, S.waiting);
    setState("error");
  }

  function showPreview() {
    var scale = Math.min(1, PREVIEW_MAX / image.w);
    var c = el.preview;
    c.width = Math.max(1, Math.round(image.w * scale));
    c.height = Math.max(1, Math.round(image.h * scale));
    var ctx = c.getContext("2d");
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(image.source, 0, 0, c.width, c.height);
    el.crop.hidden = false;
    el.cropEmpty.hidden = true;
  }

  // --- the crop frame ----------------------------------------------------------------------

  function maxWidth() { return Math.min(image.w, image.h * ratio); }

  function setCrop(x, y, w) {
    var wMax = maxWidth();
    w = Math.min(wMax, Math.max(wMax * MIN_FRAME, w));
    var h = w / ratio;
    crop = {
      x: Math.min(image.w - w, Math.max(0, x)),
      y: Math.min(image.h - h, Math.max(0, y)),
      w: w
    };
    drawFrame();
  }

  function resetCrop() {
    var w = maxWidth();
    setCrop((image.w - w) / 2, (image.h - w / ratio) / 2, w);
  }

  function resizeAroundCentre(w) {
    var cx = crop.x + crop.w / 2, cy = crop.y + crop.w / ratio / 2;
    var wMax = maxWidth();
    w = Math.min(wMax, Math.max(wMax * MIN_FRAME, w));
    setCrop(cx - w / 2, cy - w / ratio / 2, w);
  }

  function pct(v, of) { return Math.round((v / of) * 1000) / 10; }

  function drawFrame() {
    var f = el.frame.style;
    f.left = pct(crop.x, image.w) + "%";
    f.top = pct(crop.y, image.h) + "%";
    f.width = pct(crop.w, image.w) + "%";
    f.height = pct(crop.w / ratio, image.h) + "%";
    el.size.value = String(Math.round((crop.w / maxWidth()) * 100));
    el.pos.textContent = fmt(S.frame_pos, {
      x: Math.round(pct(crop.x, image.w)), y: Math.round(pct(crop.y, image.h)),
      w: Math.round(pct(crop.w, image.w))
    });
  }

  el.frame.addEventListener("keydown", function (e) {
    if (!crop) return;
    var big = e.shiftKey ? 10 : 1;
    var dx = image.w / 100 * big, dy = image.h / 100 * big;
    var k = e.key;
    if (k === "ArrowLeft") setCrop(crop.x - dx, crop.y, crop.w);
    else if (k === "ArrowRight") setCrop(crop.x + dx, crop.y, crop.w);
    else if (k === "ArrowUp") setCrop(crop.x, crop.y - dy, crop.w);
    else if (k === "ArrowDown") setCrop(crop.x, crop.y + dy, crop.w);
    else if (k === "+" || k === "=") resizeAroundCentre(crop.w * (1 + 0.05 * big));
    else if (k === "-" || k === "_") resizeAroundCentre(crop.w / (1 + 0.05 * big));
    else return;
    e.preventDefault();
    processSoon();
  });

  el.size.addEventListener("input", function () {
    if (!crop) return;
    resizeAroundCentre(maxWidth() * Number(el.size.value) / 100);
    processSoon();
  });

  el.frame.addEventListener("pointerdown", function (e) {
    if (!crop || e.button > 0) return;
    e.preventDefault();
    el.frame.focus();
    el.frame.setPointerCapture(e.pointerId);
    drag = {
      resize: e.target === el.handle,
      x: e.clientX, y: e.clientY,
      start: { x: crop.x, y: crop.y, w: crop.w },
      scale: image.w / el.stage.getBoundingClientRect().width
    };
  });

  el.frame.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = (e.clientX - drag.x) * drag.scale, dy = (e.clientY - drag.y) * drag.scale;
    var s = drag.start;
    if (!drag.resize) return setCrop(s.x + dx, s.y + dy, s.w);
    // Resize from the lower right corner; the upper left corner stays put.
    var w = Math.max(s.w + dx, s.w + dy * ratio);
    w = Math.min(w, image.w - s.x, (image.h - s.y) * ratio);
    setCrop(s.x, s.y, w);
  });

  function endDrag() {
    if (!drag) return;
    drag = null;
    processSoon();
  }
  el.frame.addEventListener("pointerup", endDrag);
  el.frame.addEventListener("pointercancel", endDrag);

  // --- making the photo --------------------------------------------------------------------

  function processSoon(delay) {
    var mine = ++run;
    clearTimeout(timer);
    setState("working");
    setText(el.status, S.working);
    pending = new Promise(function (resolve) {
      timer = setTimeout(function () {
        make(mine).then(resolve, function () { resolve(); });
      }, delay === undefined ? DEBOUNCE_MS : delay);
    });
  }

  function draw(w, h) {
    var c = document.createElement("canvas");
    c.width = w;
    c.height = h;
    var ctx = c.getContext("2d");
    ctx.fillStyle = "#fff"; // transparent PNG areas become white, not black
    ctx.fillRect(0, 0, w, h);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(image.source, crop.x, crop.y, crop.w, crop.w / ratio, 0, 0, w, h);
    return c;
  }

  function encode(canvas, q) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (b) { return b ? resolve(b) : reject(new Error("encode")); },
        "image/jpeg", q / 100);
    });
  }

  /* The highest whole-number quality whose JPEG fits the limit, or null if Q_MIN does not fit. */
  function bestFit(canvas, limit) {
    return encode(canvas, Q_MAX).then(function (top) {
      if (top.size <= limit) return { blob: top, q: Q_MAX };
      return encode(canvas, Q_MIN).then(function (low) {
        if (low.size > limit) return null;
        var lo = { blob: low, q: Q_MIN }, hi = Q_MAX;
        function step() { // halves the range each time: at most 7 encodes
          if (hi - lo.q <= 1) return lo;
          var mid = Math.floor((lo.q + hi) / 2);
          return encode(canvas, mid).then(function (b) {
            if (b.size <= limit) lo = { blob: b, q: mid };
            else hi = mid;
            return step();
          });
        }
        return step();
      });
    });
  }

  /* The notice's bounds: the best fit under the limit, else raised in quality to the smallest
     size. {fit: {blob, q}} | {over: true} (Q_MIN is over the limit) | {under: size} (even
     Q_TOP is under the smallest size) | {gap: size} (no quality lands between the bounds). */
  function fitBetween(canvas, least, most) {
    return bestFit(canvas, most).then(function (fit) {
      if (!fit) return { over: true };
      if (!least || fit.blob.size >= least) return { fit: fit };
      if (fit.q < Q_MAX) return { gap: fit.blob.size }; // one step up is already over the limit
      return encode(canvas, Q_TOP).then(function (top) {
        if (top.size < least) return { under: top.size };
        var lo = fit.q, hi = { blob: top, q: Q_TOP };
        function step() { // the lowest quality that reaches the smallest size
          if (hi.q - lo <= 1) return hi.blob.size <= most ? { fit: hi } : { gap: hi.blob.size };
          var mid = Math.floor((lo + hi.q) / 2);
          return encode(canvas, mid).then(function (b) {
            if (b.size >= least) hi = { blob: b, q: mid };
            else lo = mid;
            return step();
          });
        }
        return step();
      });
    });
  }

  function make(mine) {
    if (!image || mine !== run) return Promise.resolve();
    var w = spec.width_px, h = spec.height_px, steps = 0, grown = 0;
    var canvas = draw(w, h);
    var white = whiteBorder(canvas.getContext("2d").getImageData(0, 0, w, h).data, w, h);
    function stop(message) { // no photo to download: not even one made from an earlier crop
      clearResult();
      setState("error");
      setText(el.status, message);
    }
    function resize(scale) {
      w = Math.max(1, Math.round(spec.width_px * scale));
      h = Math.max(1, Math.round(w / ratio));
      canvas = draw(w, h);
      return attempt();
    }
    function attempt() {
      return fitBetween(canvas, spec.min_bytes, AIM).then(function (r) {
        if (mine !== run) return;
        if (r.fit) return done(r.fit, w, h, steps > 0, grown > 0, white);
        if (r.over) {
          // Pixels the notice gives are never changed; otherwise smaller, in the same proportions.
          if (spec.exact_px) return stop(fmt(S.cannot_fit_exact, { w: w, h: h, limit: bytes(spec.max_bytes) }));
          if (steps >= SHRINK_STEPS || grown) return stop(fmt(S.cannot_fit, { w: w, h: h, limit: bytes(spec.max_bytes) }));
          steps += 1;
          return resize(Math.pow(SHRINK, steps));
        }
        // Under the smallest size even at the top quality: more pixels, where they are ours to set.
        if (r.under !== undefined && !spec.exact_px && !steps && grown < GROW_STEPS) {
          grown += 1;
          return resize(Math.pow(1 / SHRINK, grown));
        }
        return stop(fmt(S.too_small, { size: bytes(r.under || r.gap), least: bytes(spec.min_bytes) }));
      });
    }
    return attempt();
  }

  function clearResult() {
    if (result) URL.revokeObjectURL(result.url);
    result = null;
    el.out.hidden = true;
    el.out.removeAttribute("src");
    el.warning.textContent = "";
    el.saved.textContent = "";
    el.wechat.hidden = true;
    el.wechat.textContent = "";
    setText(el.status, S.waiting);
  }

  function done(fit, w, h, shrunk, grown, white) {
    if (result) URL.revokeObjectURL(result.url);
    result = { blob: fit.blob, url: URL.createObjectURL(fit.blob), w: w, h: h, q: fit.q };
    el.out.src = result.url;
    el.out.width = w;
    el.out.height = h;
    el.out.hidden = false;
    var text = fmt(spec.min_bytes ? S.done_range : S.done, {
      size: bytes(fit.blob.size), least: spec.min_bytes ? bytes(spec.min_bytes) : "",
      limit: bytes(spec.max_bytes), w: w, h: h, q: fit.q
    });
    var word = data.background_word;
    if (shrunk) text += " " + S.shrunk;
    if (grown) text += " " + S.grown;
    if (spec.background === "white" && white) text += " " + fmt(S.background_ok, { background: word });
    setText(el.status, text);
    setText(el.warning, spec.background === "white" && !white ? fmt(S.background, { background: word }) : "");
    root.setAttribute("data-background", spec.background === "white" ? (white ? "white" : "not-white") : "unchecked");
    setState("ready");
    performance.mark("photo-ready");
  }

  // --- name, ID number and download --------------------------------------------------------

  function cleanId(v) { return String(v || "").normalize("NFKC").replace(/[\s\-]+/g, "").toUpperCase(); }

  /* The notice's pattern filled in (the ID number's X in upper case), or, where the notice sets
     no naming rule, the name the upload check recognises the photo by. */
  function fileName() {
    if (!spec.pattern) return spec.file_name;
    var name = (el.name && el.name.value.trim()) || S.name_word;
    var id = (el.id && cleanId(el.id.value)) || S.id_word;
    return spec.pattern.replace("{name}", name).replace("{id_number}", id);
  }

  function showName() { setText(el.filename, fileName()); setText(el.copied, ""); }

  function mark(input, errorEl, message) {
    setText(errorEl, message || "");
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return !message;
  }

  /* The name as the upload check reads it (full-width ＿ and ／ count as _ and /): nothing that
     would cut it from the ID number or that Windows cannot extract (FileNaming.nameCharacters). */
  function nameProblem() {
    var v = el.name.value.trim();
    if (!v) return S.name_missing;
    return N.nameCharacters(v).length ? S.name_bad : "";
  }

  function idProblem() {
    var v = cleanId(el.id.value);
    if (!v) return S.id_missing;
    var p = window.IdNumber.problem(v);
    if (!p) return "";
    return { shape: S.id_shape, date: S.id_date, "check-digit": S.id_check }[p.code] || p[data.lang];
  }

  // Checked while typing, never on blur: a message appearing as the reader clicks the button
  // below would move the button away from under the pointer and swallow the click.
  if (el.name) {
    el.name.addEventListener("input", function () {
      showName();
      if (el.nameError.textContent) mark(el.name, el.nameError, nameProblem());
    });
  }
  if (el.id) {
    el.id.addEventListener("input", function () {
      showName();
      if (el.idError.textContent || cleanId(el.id.value).length >= 18) {
        mark(el.id, el.idError, idProblem());
      }
    });
  }

  el.file.addEventListener("change", function () { openFile(el.file.files && el.file.files[0]); });

  el.form.addEventListener("submit", function (e) {
    e.preventDefault();
    el.formError.textContent = "";
    var okName = !el.name || mark(el.name, el.nameError, nameProblem());
    var okId = !el.id || mark(el.id, el.idError, idProblem());
    if (!okName || !okId) {
      setText(el.formError, S.fix_first);
      (okName ? el.id : el.name).focus();
      return;
    }
    if (!image) {
      setText(el.formError, S.no_photo);
      el.file.focus();
      return;
    }
    Promise.resolve(pending).then(function () {
      if (!result) { // the photo could not be made to fit: the status says why
        setText(el.formError, root.getAttribute("data-state") === "error" ? el.status.textContent : S.not_ready);
        return;
      }
      var name = fileName();
      if (WECHAT) return wechatNote(name);
      var a = document.createElement("a");
      a.href = result.url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setText(el.saved, fmt(S.downloaded, { file: name }));
    });
  });

  /* WeChat's built-in browser blocks downloads of files a page makes: how to open the page in the
     phone's browser, its link to copy, and a plain link to try anyway. */
  function wechatNote(name) {
    var box = el.wechat, link = document.createElement("button"), again = document.createElement("a");
    box.textContent = "";
    box.appendChild(document.createElement("p"));
    setText(box.firstChild, S.wechat);
    link.type = "button";
    link.className = "pt-copy";
    setText(link, S.wechat_copy_link);
    link.addEventListener("click", function () {
      window.PageDom.copy(location.href, function (ok) { setText(link, ok ? S.copied : S.copy_failed); });
    });
    again.href = result.url;
    again.download = name;
    setText(again, S.wechat_try);
    [link, again].forEach(function (n) { var p = document.createElement("p"); p.appendChild(n); box.appendChild(p); });
    box.hidden = false;
  }

  el.copy.addEventListener("click", function () {
    window.PageDom.copy(fileName(), function (ok) { setText(el.copied, ok ? S.copied : S.copy_failed); });
  });

  showName();
  root.hidden = false;
  setState("empty");
})();
