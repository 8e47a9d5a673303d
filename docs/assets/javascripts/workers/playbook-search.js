/* Search worker wrapper: runs Material's own search worker unchanged, then puts first the
   section whose title is what the reader typed ("the day before", "会前一天").

   Material matches every word as a prefix and ranks rare words high, so "the day before"
   listed "Two days before" first. overrides/main.html loads this file instead of Material's
   worker and passes that worker's file name (`?worker=search.<hash>.min.js`), so nothing
   here names a hashed asset. Messages: 0 setup, 1 ready, 2 query, 3 result. */
"use strict";
(function () {
  var worker = new URL(self.location.href).searchParams.get("worker") || "";
  var query = "";
  var send = self.postMessage.bind(self);
  var gaps = /[\s\u200b\u3000\-、。，．？！；：（）“”《》,.!?;:()"'’]+/g;

  function plain(text) {
    return String(text || "").replace(/<[^>]*>/g, "").replace(gaps, "").toLowerCase();
  }

  /* 2: the title is the query; 1: one holds the other ("day before" in "The day before"). */
  function rank(item, wanted) {
    var title = plain(item.title);
    if (!title || !wanted) return 0;
    if (title === wanted) return 2;
    return title.length > 1 && wanted.length > 1 && (title.indexOf(wanted) >= 0 || wanted.indexOf(title) >= 0) ? 1 : 0;
  }

  function rerank(groups) {
    var wanted = plain(query);
    var scored = groups.map(function (group, order) {
      var best = -1, level = 0;
      group.forEach(function (item, i) {
        var r = rank(item, wanted);
        if (r > level) { level = r; best = i; }
      });
      if (best > 0) {
        var top = Math.max.apply(null, group.map(function (item) { return item.score || 0; }));
        var item = group.splice(best, 1)[0];
        item.score = top;
        group.unshift(item);
      }
      return { group: group, level: level, order: order };
    });
    scored.sort(function (a, b) { return b.level - a.level || a.order - b.order; });
    return scored.map(function (s) { return s.group; });
  }

  addEventListener("message", function (ev) {
    if (ev.data && ev.data.type === 2) query = ev.data.data;
  });
  self.postMessage = function (message) {
    try {
      if (message && message.type === 3 && message.data && Array.isArray(message.data.items)) {
        message.data.items = rerank(message.data.items);
      }
    } catch (e) {
      /* never lose Material's results over a ranking tweak */
    }
    send(message);
  };
  if (/^[\w.-]+\.js$/.test(worker)) importScripts(worker);
})();
