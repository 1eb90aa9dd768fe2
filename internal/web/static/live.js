// sitrep live regions. The incident page works without this script; with it,
// the regions (elements whose id starts with "region-") are replaced by the
// HTML the server sends over one EventSource, without a reload. The server
// renders each region once per change for every reader; a board that the
// reader sorted or filtered (data-custom) is instead re-fetched with the
// reader's own query when the board changes.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.EventSource) {
    return;
  }
  var status = document.getElementById("live-status");
  var note = function (text) {
    if (status) {
      status.textContent = text;
    }
  };
  var source = new EventSource(live.getAttribute("data-live"));
  var regions = ["region-header", "region-workstreams", "region-timeline", "region-channel", "region-state"];
  var replace = function (el, html) {
    // Keep a reader's scroll position inside long regions.
    var top = el.scrollTop;
    el.innerHTML = html;
    el.scrollTop = top;
  };
  var refetch = function (el) {
    fetch(el.getAttribute("data-board"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { replace(el, html); })
      .catch(function () { note("Live updates paused: reload the page."); });
  };
  regions.forEach(function (id) {
    source.addEventListener(id, function (e) {
      var el = document.getElementById(id);
      if (!el) {
        return;
      }
      if (el.hasAttribute("data-custom")) {
        refetch(el);
        return;
      }
      replace(el, e.data);
      el.setAttribute("data-seq", e.lastEventId);
    });
  });
  source.addEventListener("signed-out", function () {
    source.close();
    note("Signed out: reload the page to sign in again.");
  });
  source.onopen = function () { note("Live: this page updates by itself."); };
  source.onerror = function () { note("Live updates reconnecting…"); };
})();
