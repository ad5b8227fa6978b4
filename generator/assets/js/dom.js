/* The one DOM builder our page scripts share (self-check, upload, bundle builder, photo tool).
 * Text they put on a page not in Chinese has its runs of Chinese characters (document numbers,
 * clause numbers, file and folder names, the notice's own words) wrapped in <span lang="zh-CN">,
 * as the generator does for the built HTML, so screen readers switch voice (WCAG 3.1.2).
 * Exposes window.PageDom = { el, text, copy }. */
(function () {
  "use strict";
  // The generator's own pattern (generator/render.py _HAN): CJK with the punctuation and digits
  // that sit between characters of one quoted phrase.
  var CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2e80-\u2fdf\uf900-\ufaff";
  var HAN = new RegExp("[" + CJK + "]+(?:[\\s\u00b7\\-/_0-9A-Za-z.\u3014\u3015()\uff08\uff09]*[" + CJK + "]+)*", "g");
  var PLAIN_ONLY = { OPTION: true, TEXTAREA: true, TITLE: true, SCRIPT: true, STYLE: true };
  var pageLang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
  var chinesePage = pageLang.indexOf("zh") === 0;

  /* Append text to node, Chinese runs tagged on pages in another language. */
  function appendText(node, text) {
    text = text === null || text === undefined ? "" : String(text);
    if (chinesePage || PLAIN_ONLY[node.nodeName]) {
      node.appendChild(document.createTextNode(text));
      return;
    }
    HAN.lastIndex = 0;
    var at = 0, match;
    while ((match = HAN.exec(text)) !== null) { // each match advances: bounded by the text
      if (match.index > at) node.appendChild(document.createTextNode(text.slice(at, match.index)));
      var span = document.createElement("span");
      span.setAttribute("lang", "zh-CN");
      span.textContent = match[0];
      node.appendChild(span);
      at = match.index + match[0].length;
    }
    if (at < text.length) node.appendChild(document.createTextNode(text.slice(at)));
  }

  /* Replace node's content with text (what `node.textContent = text` did). */
  function text(node, value) {
    node.textContent = "";
    appendText(node, value);
    return node;
  }

  /* el("p", { text: "…", "class": "x", on: { click: f } }, [child, "text", …]) */
  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") appendText(node, v);
      else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
      else node.setAttribute(k, v === true ? "" : v);
    });
    (kids || []).forEach(function (kid) {
      if (kid === null || kid === undefined || kid === false || kid === "") return;
      if (typeof kid === "string") appendText(node, kid);
      else node.appendChild(kid);
    });
    return node;
  }

  /* Text to the clipboard: the Clipboard API, else a selected textarea and execCommand;
     done(ok) either way. Shared by the photo tool, the upload page and the builder. */
  function copy(value, done) {
    function fallback() {
      var area = el("textarea", { readonly: true, "aria-hidden": "true", tabindex: "-1",
        style: "position:fixed;top:0;left:0;width:1px;height:1px;opacity:0" });
      area.value = value;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(function () { done(true); }, fallback);
    } else fallback();
  }

  window.PageDom = { el: el, text: text, copy: copy };
})();
