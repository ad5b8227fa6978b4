/* Resident ID numbers (GB 11643-1999) in the browser: the same three checks, codes and wording as
   policy/idnumber.py (tests/vectors/idnumbers), so a number the page accepts is one the upload check accepts.
   No dependencies; exposes window.IdNumber = {valid, problem, mask, normalise, checkDigit}. */
(function (root) {
  "use strict";
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432";
  var SHAPE = /^[1-9]\d{16}[\dX]$/;
  var REASONS = {
    shape: {
      zh: "不是 18 位（17 位数字加一位数字或 X）",
      en: "it is not 17 digits followed by a digit or X"
    },
    date: { zh: "出生日期不存在", en: "the birth date in it does not exist" },
    "check-digit": {
      zh: "最后一位校验码不对，可能有数字输错",
      en: "the last (check) character is wrong: a digit may be mistyped"
    }
  };

  function normalise(id) {
    return String(id == null ? "" : id).trim().toUpperCase();
  }

  function checkDigit(first17) {
    var total = 0;
    for (var i = 0; i < 17; i++) total += Number(first17.charAt(i)) * WEIGHTS[i];
    return CHECK.charAt(total % 11);
  }

  function reason(code) {
    return { code: code, zh: REASONS[code].zh, en: REASONS[code].en };
  }

  /* null when valid, else {code, zh, en}; `today` (a Date) is for tests. */
  function problem(id, today) {
    var n = normalise(id);
    if (!SHAPE.test(n)) return reason("shape");
    var y = Number(n.slice(6, 10)), m = Number(n.slice(10, 12)), d = Number(n.slice(12, 14));
    var born = new Date(Date.UTC(y, m - 1, d));
    if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) {
      return reason("date");
    }
    var now = today || new Date();
    var todayUtc = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    if (y < 1900 || born.getTime() > todayUtc) return reason("date");
    if (checkDigit(n.slice(0, 17)) !== n.charAt(17)) return reason("check-digit");
    return null;
  }

  function valid(id) {
    return problem(id) === null;
  }

  /* First 4 and last 4 kept; short strings fully masked, as in reports and logs. */
  function mask(id) {
    var n = normalise(id);
    if (n.length <= 8) return new Array(n.length + 1).join("*");
    return n.slice(0, 4) + new Array(n.length - 7).join("*") + n.slice(-4);
  }

  root.IdNumber = {
    valid: valid,
    problem: problem,
    mask: mask,
    normalise: normalise,
    checkDigit: checkDigit
  };
})(typeof window !== "undefined" ? window : this);
