// wikilink_ext: the sidebar's folders, each loaded when it opens (pages/navigation.py).
// A page names the listings on its path (data-path); each listing is a small script under
// _static/wikilink-nav/ that calls wikilinkNav(id, entries), so it loads from file:// too.
// Entries: [0, docname, href] a note ([0, docname, href, name] when its name is not the
// docname's last part), [1, name, id] a folder, [2, first, last, id] a group.
(function () {
  "use strict";
  var navs = document.querySelectorAll(".wikilink-nav[data-path]");
  if (!navs.length) return;
  var root = navs[0].dataset.root || "";
  var version = navs[0].dataset.version || "";
  var loaded = {};
  var waiting = {};

  window.wikilinkNav = function (id, entries) {
    loaded[id] = entries;
    var callbacks = waiting[id] || [];
    delete waiting[id];
    for (var i = 0; i < callbacks.length; i++) callbacks[i](entries);
  };

  function load(id, done) {
    if (loaded[id]) return done(loaded[id]);
    if (waiting[id]) return waiting[id].push(done);
    waiting[id] = [done];
    var script = document.createElement("script");
    script.src = root + "_static/wikilink-nav/" + encodeURIComponent(id) + ".js?v=" + version;
    script.async = true;
    document.head.appendChild(script);
  }

  function baseName(path) {
    return path.slice(path.lastIndexOf("/") + 1);
  }

  function noteItem(entry, level, page) {
    var li = document.createElement("li");
    li.className = "toctree-l" + level;
    li.dataset.doc = entry[1];
    var a = document.createElement("a");
    a.className = "reference internal";
    a.textContent = entry.length > 3 ? entry[3] : baseName(entry[1]);
    if (entry[1] === page) {
      li.classList.add("current", "active");
      a.classList.add("current");
      a.setAttribute("aria-current", "page");
      a.href = "#";
    } else {
      a.href = root + entry[2];
    }
    li.appendChild(a);
    return li;
  }

  function folderItem(entry, level, page, path) {
    var id = entry[entry.length - 1];
    var li = document.createElement("li");
    li.className = "toctree-l" + level + " wikilink-folder";
    var details = document.createElement("details");
    details.dataset.listing = id;
    var summary = document.createElement("summary");
    summary.className = "wikilink-folder-name";
    summary.textContent = entry[0] === 2 ? entry[1] + " \u2013 " + entry[2] : entry[1];
    var ul = document.createElement("ul");
    ul.className = "nav bd-sidenav";
    details.appendChild(summary);
    details.appendChild(ul);
    li.appendChild(details);
    // a group is a part of its folder: its notes stay at the folder's level
    var inner = entry[0] === 2 ? level : level + 1;
    details.addEventListener("toggle", function () {
      if (details.open) fill(ul, id, inner, page, path);
    });
    if (path.indexOf(id) >= 0) {
      li.classList.add("current");
      details.open = true;
      fill(ul, id, inner, page, path);
    }
    return li;
  }

  function fill(ul, id, level, page, path) {
    if (ul.dataset.filled) return;
    ul.dataset.filled = "1";
    load(id, function (entries) {
      var items = document.createDocumentFragment();
      for (var i = 0; i < entries.length; i++) {
        var entry = entries[i];
        items.appendChild(entry[0] === 0 ? noteItem(entry, level, page) : folderItem(entry, level, page, path));
      }
      ul.textContent = "";
      ul.appendChild(items);
    });
  }

  for (var i = 0; i < navs.length; i++) {
    var nav = navs[i];
    var tree = nav.querySelector("ul.wikilink-tree");
    if (!tree) continue;
    var path = nav.dataset.path ? nav.dataset.path.split(" ") : [];
    var fresh = document.createElement("ul");
    fresh.className = tree.className;
    // the page's own branch stays in place until the top listing has come
    (function (nav, tree, fresh, page, path) {
      load("root", function () {
        fill(fresh, "root", 1, page, path);
        tree.replaceWith(fresh);
      });
    })(nav, tree, fresh, nav.dataset.page, path);
  }
})();
