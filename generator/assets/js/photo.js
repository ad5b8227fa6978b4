/* ID-photo tool: open a photo, crop it to the notice's proportions, resize and compress it to just
 * under the notice's size limit with the best JPEG quality that fits, warn about a background that
 * is not white, and download it named as the notice requires.
 *
 * Everything happens on this device: no request is made with the picture (there is no fetch or
 * XHR in this file). The rules come from the page (#photo-data, written by photo-parts.j2 from the
 * program YAML); the ID-number check is idnumber.js (window.IdNumber), the same as the upload
 * check's; text goes on the page through dom.js (window.PageDom). The background test uses the regions and thresholds of functions/upload/photo.py, so
 * the page warns about what the upload check would report.
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
  var MIN_FRAME = 0.1; // smallest crop frame, as a share of the largest
  var DEBOUNCE_MS = 250;
  // As in functions/upload/photo.py (_white_border): top band and upper sides, 1/12 wide.
  var WHITE_MIN = 200, WHITE_MAX_SPREAD = 40;

  var root = document.getElementById("photo-tool");
  var dataEl = document.getElementById("photo-data");
  if (!root || !dataEl || !window.PageDom) return;
  var setText = window.PageDom.text;
  var data = JSON.parse(dataEl.textContent);
  var spec = data.spec, S = data.strings;
  var ratio = spec.width_mm / spec.height_mm;

  function $(id) { return document.getElementById(id); }
  var el = {
    form: $("pt-form"), file: $("pt-file"), fileError: $("pt-file-error"), crop: $("pt-crop"),
    stage: $("pt-stage"), preview: $("pt-preview"), frame: $("pt-frame"), handle: $("pt-handle"),
    pos: $("pt-frame-pos"), size: $("pt-size"), name: $("pt-name"), nameError: $("pt-name-error"),
    id: $("pt-id"), idError: $("pt-id-error"), out: $("pt-out"), status: $("pt-status"),
    warning: $("pt-warning"), saved: $("pt-saved"), filename: $("pt-filename"), formError: $("pt-form-error")
  };

  var image = null; // {source, w, h}
  var crop = null; // {x, y, w} in source pixels; height is w / ratio
  var result = null; // {blob, url, w, h, q}
  var run = 0, timer = null, pending = null, drag = null;

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

  /* Width and height from a JPEG's SOF or a PNG's IHDR, without decoding; null if not found. */
  function headerSize(b) {
    if (b.length > 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
      var v = new DataView(b.buffer, b.byteOffset, b.length);
      return { w: v.getUint32(16), h: v.getUint32(20) };
    }
    if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
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
    file.slice(0, HEADER_BYTES).arrayBuffer().then(function (buf) {
      var size = headerSize(new Uint8Array(buf));
      if (size && size.w * size.h > MAX_PIXELS) {
        throw { message: fmt(S.too_many_pixels, size) };
      }
      return decode(file, size);
    }).then(function (source) {
      if (mine !== run) return;
      var w = source.naturalWidth || source.width, h = source.naturalHeight || source.height;
      if (!w || !h) throw new Error("decode");
      if (w * h > MAX_PIXELS) throw { message: fmt(S.too_many_pixels, { w: w, h: h }) };
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
    image = null;
    crop = null;
    el.crop.hidden = true;
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

  /* Same regions and thresholds as functions/upload/photo.py's _white_border. */
  function whiteBorder(canvas) {
    var w = canvas.width, h = canvas.height;
    var bw = Math.max(1, Math.floor(w / 12)), bh = Math.max(1, Math.floor(h / 12));
    var half = Math.max(1, Math.floor(h / 2));
    var ctx = canvas.getContext("2d");
    var boxes = [[0, 0, w, bh], [0, 0, bw, half], [w - bw, 0, bw, half]];
    for (var i = 0; i < boxes.length; i++) {
      var px = ctx.getImageData(boxes[i][0], boxes[i][1], boxes[i][2], boxes[i][3]).data;
      var sum = [0, 0, 0], n = px.length / 4;
      for (var j = 0; j < px.length; j += 4) { sum[0] += px[j]; sum[1] += px[j + 1]; sum[2] += px[j + 2]; }
      var means = sum.map(function (s) { return s / n; });
      var lo = Math.min.apply(null, means), hi = Math.max.apply(null, means);
      if (lo < WHITE_MIN || hi - lo > WHITE_MAX_SPREAD) return false;
    }
    return true;
  }

  function make(mine) {
    if (!image || mine !== run) return Promise.resolve();
    var w = spec.width_px, h = spec.height_px, steps = 0;
    var canvas = draw(w, h);
    var white = whiteBorder(canvas);
    function attempt() {
      return bestFit(canvas, spec.max_bytes).then(function (fit) {
        if (mine !== run) return;
        if (fit) return done(fit, w, h, steps > 0, white);
        if (steps >= SHRINK_STEPS) {
          setState("error");
          setText(el.status, fmt(S.cannot_fit, { w: w, h: h, limit: bytes(spec.max_bytes) }));
          return;
        }
        steps += 1;
        w = Math.max(1, Math.round(spec.width_px * Math.pow(SHRINK, steps)));
        h = Math.max(1, Math.round(w / ratio));
        canvas = draw(w, h);
        return attempt();
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
    setText(el.status, S.waiting);
  }

  function done(fit, w, h, shrunk, white) {
    if (result) URL.revokeObjectURL(result.url);
    result = { blob: fit.blob, url: URL.createObjectURL(fit.blob), w: w, h: h, q: fit.q };
    el.out.src = result.url;
    el.out.width = w;
    el.out.height = h;
    el.out.hidden = false;
    var text = fmt(S.done, { size: bytes(fit.blob.size), limit: bytes(spec.max_bytes), w: w, h: h, q: fit.q });
    var word = data.background_word;
    if (shrunk) text += " " + S.shrunk;
    if (spec.background === "white" && white) text += " " + fmt(S.background_ok, { background: word });
    setText(el.status, text);
    setText(el.warning, spec.background === "white" && !white ? fmt(S.background, { background: word }) : "");
    root.setAttribute("data-background", spec.background === "white" ? (white ? "white" : "not-white") : "unchecked");
    setState("ready");
    performance.mark("photo-ready");
  }

  // --- name, ID number and download --------------------------------------------------------

  function cleanId(v) { return String(v || "").replace(/\s+/g, "").toUpperCase(); }

  function fileName() {
    var name = el.name.value.trim() || S.name_word;
    var id = cleanId(el.id.value) || S.id_word;
    return spec.pattern.replace("{name}", name).replace("{id_number}", id);
  }

  function showName() { setText(el.filename, fileName()); }

  function mark(input, errorEl, message) {
    setText(errorEl, message || "");
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return !message;
  }

  function nameProblem() {
    var v = el.name.value.trim();
    if (!v) return S.name_missing;
    if (/[_/\\:*?"<>|\u0000-\u001f]/.test(v)) return S.name_bad;
    return "";
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
  el.name.addEventListener("input", function () {
    showName();
    if (el.nameError.textContent) mark(el.name, el.nameError, nameProblem());
  });
  el.id.addEventListener("input", function () {
    showName();
    if (el.idError.textContent || cleanId(el.id.value).length >= 18) {
      mark(el.id, el.idError, idProblem());
    }
  });

  el.file.addEventListener("change", function () { openFile(el.file.files && el.file.files[0]); });

  el.form.addEventListener("submit", function (e) {
    e.preventDefault();
    el.formError.textContent = "";
    var okName = mark(el.name, el.nameError, nameProblem());
    var okId = mark(el.id, el.idError, idProblem());
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

  showName();
  root.hidden = false;
  setState("empty");
})();
