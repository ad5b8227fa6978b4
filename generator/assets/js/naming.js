/* File names as the upload check reads them: policy/naming.py in the browser (canonical,
   naming_regex, parse_name_id, bad_characters), so a tool page accepts the names the check accepts
   (tests/vectors/files/naming.yaml runs every case through both). No dependencies; exposes
   window.FileNaming = {canonical, matches, parseNameId, badCharacters, nameCharacters}; the last is
   the browser tools' own, made of the others. */
(function (root) {
  "use strict";
  // Python's \s and str.strip() on text (str.isspace): not JavaScript's \s, which lacks
  // U+001C-U+001F and U+0085 and adds U+FEFF.
  var WS = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var AROUND_UNDERSCORE = new RegExp(WS + "*_" + WS + "*", "g");
  var EDGES = new RegExp("^" + WS + "+|" + WS + "+$", "g");
  var NAME_ID = new RegExp("^([^_/\\\\]+?)" + WS + "*[_\uff3f]" + WS + "*([0-9]{17}[0-9Xx])(?:\\.[A-Za-z0-9]{1,5})?$");
  // Format characters a person cannot see (policy/naming.py INVISIBLE): never part of a name.
  var INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff";
  // Extensions that name the same format (a photo saved as .jpeg follows a rule written .JPG).
  var ALIASES = [["jpg", "jpeg", "jpe", "jfif"], ["tif", "tiff"], ["htm", "html"]];
  var WINDOWS_REFUSES = "\\/:*?\"<>|";

  function strip(text) { return text.replace(EDGES, ""); }
  function escape(text) { return text.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&"); }

  /* NFKC (full-width digits, letters and ＿ become plain ones) and no spaces around "_". */
  function canonical(filename) {
    return String(filename).normalize("NFKC").replace(AROUND_UNDERSCORE, "_");
  }

  /* '{name}_{id_number}.JPG' -> a RegExp for canonical() names; extension case and aliases are
     not held against anyone. Capture groups in the order of the placeholders. */
  function regex(pattern) {
    var p = String(pattern), dot = p.lastIndexOf("."), stem = p, ext = "";
    if (dot >= 0 && p.slice(dot + 1).indexOf("{") < 0) {
      stem = p.slice(0, dot);
      ext = p.slice(dot + 1).toLowerCase();
    }
    var out = stem.split(/(\{name\}|\{id_number\})/).map(function (piece) {
      if (piece === "{name}") return "([^_/\\\\" + INVISIBLE + "]+)";
      if (piece === "{id_number}") return "([0-9]{17}[0-9Xx])";
      return escape(piece);
    }).join("");
    if (ext) {
      var same = [ext];
      for (var i = 0; i < ALIASES.length; i++) if (ALIASES[i].indexOf(ext) >= 0) { same = ALIASES[i]; break; }
      out += "\\.(?:" + same.map(escape).join("|") + ")";
    }
    return new RegExp("^" + out + "$", "i");
  }

  /* Whether a file name follows a naming rule, as the upload check judges it. */
  function matches(pattern, filename) { return regex(pattern).test(canonical(filename)); }

  /* {name: '张三', id: '1101…'} from '张三_1101….jpg'; null when the name is not of that shape. */
  function parseNameId(basename) {
    var m = NAME_ID.exec(strip(canonical(basename)));
    return m ? { name: strip(m[1]), id: m[2].toUpperCase() } : null;
  }

  /* The characters Windows cannot extract: \ / : * ? " < > |, control characters and a final dot
     or space; each once, in order of appearance (a final dot or space last); [] when fine. */
  function badCharacters(filename) {
    var s = String(filename), out = [];
    function add(c) { if (out.indexOf(c) < 0) out.push(c); }
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      if (WINDOWS_REFUSES.indexOf(c) >= 0 || c < " ") add(c);
    }
    var last = s.slice(-1);
    if (last === "." || last === " ") add(last);
    return out;
  }

  /* The characters of a person's name that spoil the names made from it (name_IDnumber.jpg, a
     folder name_IDnumber): what reads as _ / or \ to the upload check (＿ and ／ too, by NFKC:
     the name could not be told from the ID number) and what Windows cannot extract. A final dot
     or space is fine: it is not final in those names. Each once, as typed; [] when fine. */
  var HIDDEN = new RegExp("[" + INVISIBLE + "]");
  function nameCharacters(name) {
    var s = String(name), bad = badCharacters(s + "_"), out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      if ((bad.indexOf(c) >= 0 || /[_\/\\]/.test(c.normalize("NFKC")) || HIDDEN.test(c)) && out.indexOf(c) < 0) out.push(c);
    }
    return out;
  }
  /* A character as a message shows it: itself, or its code point when it cannot be seen
     (a control or an invisible format character such as U+200B or U+202E). */
  function shown(c) {
    return c < " " || HIDDEN.test(c) ? "U+" + ("000" + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4) : c;
  }

  root.FileNaming = {
    canonical: canonical, matches: matches, parseNameId: parseNameId, badCharacters: badCharacters,
    nameCharacters: nameCharacters, shown: shown
  };
})(typeof window !== "undefined" ? window : this);
