/* Registration status by the reader's own date.
 *
 * The page is static and may be read months after it was built, so "open / closing soon /
 * closed" is computed here from the dates the page already shows. Markup contract:
 *   <span class="period-status" data-start="YYYY-MM-DD" data-end="YYYY-MM-DD"></span>
 * (either date may be absent). Without JavaScript the dates beside it are all a reader needs.
 */
(function () {
  "use strict";
  var SOON_DAYS = 7;
  var TEXT = {
    zh: {
      upcoming: function (d) { return "尚未开始（" + d + " 天后开始）"; },
      open: "进行中",
      soon: function (d) { return d === 0 ? "今天截止" : "即将截止（还剩 " + d + " 天）"; },
      closed: "已截止",
    },
    en: {
      upcoming: function (d) { return "not open yet (opens in " + d + (d === 1 ? " day)" : " days)"); },
      open: "open now",
      soon: function (d) { return d === 0 ? "closes today" : "closing soon (" + d + (d === 1 ? " day left)" : " days left)"); },
      closed: "closed",
    },
  };

  function day(iso) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return p ? Date.UTC(+p[1], +p[2] - 1, +p[3]) : null;
  }

  function today() {
    var n = new Date();
    return Date.UTC(n.getFullYear(), n.getMonth(), n.getDate());
  }

  /* Pure: the state of a period on a given day (all in UTC day numbers). */
  function periodState(start, end, now) {
    var DAY = 86400000;
    if (start !== null && now < start) return { state: "upcoming", days: Math.round((start - now) / DAY) };
    if (end !== null && now > end) return { state: "closed" };
    if (end !== null && (end - now) / DAY <= SOON_DAYS) return { state: "soon", days: Math.round((end - now) / DAY) };
    return { state: "open" };
  }

  function label(lang, s) {
    var t = TEXT[lang] || TEXT.zh;
    var v = t[s.state];
    return typeof v === "function" ? v(s.days) : v;
  }

  function render(root) {
    var lang = (document.documentElement.lang || "zh").slice(0, 2) === "en" ? "en" : "zh";
    var now = today();
    var nodes = (root || document).querySelectorAll(".period-status");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var s = periodState(day(el.getAttribute("data-start")), day(el.getAttribute("data-end")), now);
      el.textContent = label(lang, s);
      el.className = "period-status period-" + s.state;
    }
  }

  window.periodStatus = { periodState: periodState, day: day, render: render };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { render(); });
  } else {
    render();
  }
})();
