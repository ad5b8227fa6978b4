/* What a file is, judged by its content rather than its name: policy/formats.py in the browser,
   so a tool page refuses what the upload check refuses (tests/vectors/files/sniff.yaml runs every
   case through both). No dependencies; exposes window.FileFormats = {sniff, label, allowedLabel}. */
(function (root) {
  "use strict";
  var NAMES = { jpeg: "JPG", png: "PNG", pdf: "PDF", xlsx: "XLSX", xls: "XLS", docx: "DOCX", doc: "DOC" };
  var OLE = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
  var OTHERS = [["GIF8", "gif"], ["BM", "bmp"], ["RIFF", "webp"], ["II*\x00", "tiff"], ["MM\x00*", "tiff"],
    ["Rar!", "rar"], ["7z\xbc\xaf", "7z"]];
  var HEIF = ["heic", "heix", "mif1", "msf1"];

  /* The first `n` bytes as a string of code units 0-255 (a Uint8Array or a plain array). */
  function text(bytes, n) {
    var out = "", end = Math.min(bytes.length, n);
    for (var i = 0; i < end; i++) out += String.fromCharCode(bytes[i]);
    return out;
  }

  /* As Python's posixpath.splitext, lower-cased and without the dot: "" for ".xlsx" or "a.b/c". */
  function extension(name) {
    var base = String(name || "");
    base = base.slice(base.lastIndexOf("/") + 1);
    var dot = base.lastIndexOf(".");
    return dot > 0 && /[^.]/.test(base.slice(0, dot)) ? base.slice(dot + 1).toLowerCase() : "";
  }

  var MAX_MEMBERS = 2000, TAIL = 65557;
  var PARTS = [["word/", "docx"], ["xl/", "xlsx"], ["ppt/", "pptx"]];

  function u16(b, at) { return b[at] | (b[at + 1] << 8); }
  function u32(b, at) { return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 16777216; }
  function sig(b, at, s) {
    for (var i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
    return at + s.length <= b.length;
  }
  function utf8(b, from, to) {
    return new TextDecoder("utf-8").decode(Uint8Array.from(Array.prototype.slice.call(b, from, to)));
  }

  /* Entry names from the local headers at the start, as far as they can be followed (a header
     whose sizes come after its data, flag bit 3, ends the walk). */
  function localNames(b) {
    var names = [], at = 0;
    while (names.length < MAX_MEMBERS && at + 30 <= b.length && sig(b, at, "PK\x03\x04")) {
      var flags = u16(b, at + 6), size = u32(b, at + 18), nameLen = u16(b, at + 26), extraLen = u16(b, at + 28);
      var end = at + 30 + nameLen;
      if (end > b.length) break;
      names.push(utf8(b, at + 30, end));
      if (flags & 8) break;
      at = end + extraLen + size;
    }
    return names;
  }

  /* Entry names from the central directory when the bytes are the whole zip; null otherwise. */
  function centralNames(b) {
    var at = -1;
    for (var i = b.length - 22; i >= Math.max(0, b.length - TAIL); i--) {
      if (sig(b, i, "PK\x05\x06")) { at = i; break; }
    }
    if (at < 0) return null;
    var count = u16(b, at + 10), cdSize = u32(b, at + 12), cdOffset = u32(b, at + 16), start = at - cdSize;
    if (start < 0 || cdOffset + cdSize !== at) return null;
    var names = [], pos = start;
    while (names.length < Math.min(count, MAX_MEMBERS) && sig(b, pos, "PK\x01\x02") && pos + 46 <= at) {
      var nameLen = u16(b, pos + 28), extraLen = u16(b, pos + 30), commentLen = u16(b, pos + 32);
      names.push(utf8(b, pos + 46, pos + 46 + nameLen));
      pos += 46 + nameLen + extraLen + commentLen;
    }
    return names;
  }

  /* One of the YAML's format words (jpeg, png, pdf, xlsx, xls, docx, doc), another label (pptx,
     zip, gif, heic…), or null. A zip is told by its entries' names (parts under word/, xl/, ppt/),
     whatever its name; only when they show no Office part is the extension asked (a file cut
     short, a .xlsm). OLE containers are told apart by the extension. */
  function sniff(bytes, name) {
    var ext = extension(name), head = text(bytes, 1024);
    function starts(sig) { return head.slice(0, sig.length) === sig; }
    if (starts("\xff\xd8\xff")) return "jpeg";
    if (starts("\x89PNG\r\n\x1a\n")) return "png";
    if (starts("%PDF-")) return "pdf";
    if (starts("PK\x03\x04")) {
      var members = centralNames(bytes), complete = members !== null;
      if (!complete) members = localNames(bytes);
      for (var p = 0; p < PARTS.length; p++) {
        for (var m = 0; m < members.length; m++) if (members[m].indexOf(PARTS[p][0]) === 0) return PARTS[p][1];
      }
      var office = ["xlsx", "xlsm", "docx", "docm"].indexOf(ext) >= 0;
      if (members.indexOf("[Content_Types].xml") >= 0 || (office && !complete)) {
        return ext.indexOf("doc") === 0 ? "docx" : "xlsx";
      }
      return "zip";
    }
    if (starts(OLE)) return ext === "xls" || ext === "doc" ? ext : "xls";
    for (var i = 0; i < OTHERS.length; i++) if (starts(OTHERS[i][0])) return OTHERS[i][1];
    if (head.length >= 12 && head.slice(4, 8) === "ftyp") return HEIF.indexOf(head.slice(8, 12)) >= 0 ? "heic" : "mp4";
    // A PDF header after a little junk (within the first 1 024 bytes), only once every leading
    // signature is ruled out: an archive that merely holds a PDF is an archive.
    return head.indexOf("%PDF-") >= 0 ? "pdf" : null;
  }

  /* As the upload check writes a format: JPG, PDF, ZIP…; "?" for none. */
  function label(fmt) {
    if (!fmt) return "?";
    return Object.prototype.hasOwnProperty.call(NAMES, fmt) ? NAMES[fmt] : fmt.toUpperCase();
  }
  function allowedLabel(list) { return list.map(label).join(" / "); }

  root.FileFormats = { sniff: sniff, label: label, allowedLabel: allowedLabel };
})(typeof window !== "undefined" ? window : this);
