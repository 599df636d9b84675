/* kg page behaviour. Every text from the graph is set with textContent or passed to
 * vis-network as a plain string (shown as text): nothing from the data is parsed as HTML.
 * `network`, `nodes` and `edges` stay page globals, as in pyvis's own pages. */
"use strict";
window.kgStartMs = performance.now();  // page parsed, vis-network loaded: our part starts
var data = JSON.parse(document.getElementById("kg-data").textContent);
var nodes = new vis.DataSet(data.nodes);
var edges = new vis.DataSet(data.edges);
var network = null;

(function () {
  var byNode = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var byEdge = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var docName = new Map(data.documents.map(function (d) { return [d.id, d.name]; }));
  var state = {
    types: new Set(data.types.map(function (t) { return t.name; })),
    categories: new Set(["positive", "negative", "hedged"]),
    doc: "",
  };
  var dimmed = false;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function nodeVisible(n) {
    return state.types.has(n.type) && (state.doc === "" || n.docs.indexOf(state.doc) >= 0);
  }
  function edgeVisible(e) {
    return state.categories.has(e.category) && (state.doc === "" || e.doc === state.doc) &&
      nodeVisible(byNode.get(e.from)) && nodeVisible(byNode.get(e.to));
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });
  function refresh() { clearHighlight(); nodeView.refresh(); edgeView.refresh(); }

  var container = document.getElementById("kg-network");
  network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  window.kgDrawn = false;
  network.once("afterDrawing", function () {
    window.kgDrawn = true;
    window.kgFirstDrawMs = performance.now();
  });
  if (data.physics && data.nodes.length) {  // an empty network never stabilises
    // Bounded stabilisation, then physics off: the graph stops moving and stays responsive.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      window.kgStable = true;
    });
  } else {
    window.kgStable = true;
  }

  /* ---- neighbourhood highlight ---- */
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var near = new Set(network.getConnectedEdges(id));
    nodes.update(nodeView.getIds().map(function (n) {
      return { id: n, opacity: keep.has(n) ? 1 : 0.15 };
    }));
    edges.update(edgeView.getIds().map(function (e) {
      var c = byEdge.get(e).color;
      return { id: e, color: { color: c.color, highlight: c.highlight, hover: c.hover,
        inherit: false, opacity: near.has(e) ? 1 : 0.12 } };
    }));
    dimmed = true;
  }
  function clearHighlight() {
    if (!dimmed) { return; }
    dimmed = false;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: 1 }; }));
    // vis-network deep-merges colour options, so the opacity must be reset explicitly
    edges.update(data.edges.map(function (e) {
      return { id: e.id, color: Object.assign({}, e.color, { opacity: 1 }) };
    }));
  }

  /* ---- side panel ---- */
  var details = document.getElementById("kg-details");
  function row(dl, term, value) {
    dl.appendChild(el("dt", term));
    var dd = el("dd", value);
    dd.dir = "auto";
    dl.appendChild(dd);
    return dd;
  }
  function showNode(id) {
    var n = byNode.get(id);
    details.replaceChildren();
    var h = el("h2", n.fullLabel);
    h.dir = "auto";
    details.appendChild(h);
    var dl = el("dl");
    row(dl, "Type", n.type);
    if (n.alt.length) { row(dl, "Also called", n.alt.join("\n")); }
    row(dl, "Documents", n.docs.map(function (d) { return docName.get(d) || d; }).join("\n") || "none");
    row(dl, "Relations", String(n.degree));
    row(dl, "PageRank", n.rank.toFixed(6));
    row(dl, "IRI", n.id);
    details.appendChild(dl);
    var links = network.getConnectedEdges(id).slice(0, 30);
    if (links.length) {
      details.appendChild(el("dt", "Connected relations"));
      var ul = el("ul");
      links.forEach(function (eid) {
        var e = byEdge.get(eid);
        var li = el("li", byNode.get(e.from).fullLabel + " \u2192 " + e.label + " \u2192 " +
          byNode.get(e.to).fullLabel);
        li.dir = "auto";
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
  }
  function showEdge(id) {
    var e = byEdge.get(id);
    details.replaceChildren();
    details.appendChild(el("h2", e.label));
    var dl = el("dl");
    row(dl, "Relation", e.relation);
    row(dl, "From", byNode.get(e.from).fullLabel);
    row(dl, "To", byNode.get(e.to).fullLabel);
    row(dl, "Polarity", e.polarity === "negative" ? "negative (the text denies it)" : "positive");
    row(dl, "Modality", e.modality || "none (stated as fact)");
    if (e.role) { row(dl, "Kind", "role (affiliation)"); }
    dl.appendChild(el("dt", "Evidence"));
    var q = el("blockquote", e.evidence);
    q.dir = "auto";
    q.className = "kg-evidence";
    dl.appendChild(q);
    row(dl, "Document", e.doc ? (docName.get(e.doc) || e.doc) : "unknown");
    row(dl, "Statement", e.id);
    details.appendChild(dl);
  }
  function showHint() {
    details.replaceChildren(el("p", "Click an entity or a relation to see its details.", "kg-hint"));
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      clearHighlight();
      showEdge(params.edges[0]);
    } else {
      clearHighlight();
      showHint();
    }
  });

  /* ---- search ---- */
  var list = document.getElementById("kg-search-list");
  var seen = new Set();
  data.nodes.forEach(function (n) {
    [n.fullLabel].concat(n.alt).forEach(function (name) {
      if (seen.has(name)) { return; }
      seen.add(name);
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  });
  var status = document.getElementById("kg-search-status");
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var names = function (n) { return [n.fullLabel].concat(n.alt).map(function (s) { return s.toLowerCase(); }); };
    var exact = data.nodes.filter(function (n) { return names(n).indexOf(q) >= 0; });
    var hits = exact.length ? exact : data.nodes.filter(function (n) {
      return names(n).some(function (s) { return s.indexOf(q) >= 0; });
    });
    hits.sort(function (a, b) { return b.size - a.size || (a.id < b.id ? -1 : 1); });
    return hits.length ? hits[0] : null;
  }
  function focusNode(n) {
    if (!nodeVisible(n)) {  // a filtered-out match: widen the filters so it can be shown
      state.types.add(n.type);
      state.doc = "";
      syncFilters();
      refresh();
    }
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.4, animation: false });
    highlight(n.id);
    showNode(n.id);
  }
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("kg-search").value;
    var n = find(query);
    if (n) {
      status.textContent = "Found: " + n.fullLabel;
      focusNode(n);
    } else {
      status.textContent = query.trim() ? "No entity matches \u201c" + query.trim() + "\u201d" : "";
    }
  });

  /* ---- legend and filters ---- */
  var typeBoxes = new Map();
  function checkbox(li, checked, onChange) {
    var label = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); refresh(); });
    label.appendChild(box);
    li.forEach(function (child) { label.appendChild(child); });
    var item = el("li");
    item.appendChild(label);
    return [item, box];
  }
  var typeList = document.getElementById("kg-types");
  data.types.forEach(function (t) {
    var glyph = el("span", t.glyph, "kg-glyph");
    glyph.style.color = t.color;
    var parts = checkbox([glyph, el("span", t.name + " "), el("span", "(" + t.count + ")", "kg-count")],
      true, function (on) { if (on) { state.types.add(t.name); } else { state.types.delete(t.name); } });
    typeBoxes.set(t.name, parts[1]);
    typeList.appendChild(parts[0]);
  });
  var counts = { positive: 0, negative: 0, hedged: 0, role: 0 };
  data.edges.forEach(function (e) {
    counts[e.category] += 1;
    if (e.role) { counts.role += 1; }
  });
  var kinds = [
    ["positive", "stated", "solid"], ["negative", "negated (\u201cnot \u2026\u201d)", "dashed"],
    ["hedged", "hedged (would, may, reported \u2026)", "dotted"],
  ];
  var catList = document.getElementById("kg-categories");
  kinds.forEach(function (k) {
    var line = el("span", null, "kg-line");
    line.style.borderTop = "3px " + k[2] + " " + data.edgeStyles[k[0]];
    var parts = checkbox([line, el("span", k[1] + " "), el("span", "(" + counts[k[0]] + ")", "kg-count")],
      true, function (on) {
        if (on) { state.categories.add(k[0]); } else { state.categories.delete(k[0]); }
      });
    catList.appendChild(parts[0]);
  });
  var roleLine = el("span", null, "kg-line");
  roleLine.style.borderTop = "3px solid " + data.edgeStyles.role;
  var roleItem = el("li");
  roleItem.append(roleLine, el("span", "role (works for, president of \u2026) "),
    el("span", "(" + counts.role + ")", "kg-count"));
  catList.appendChild(roleItem);

  var docSelect = document.getElementById("kg-document");
  data.documents.forEach(function (d) {
    var option = el("option", d.name);
    option.value = d.id;
    docSelect.appendChild(option);
  });
  docSelect.addEventListener("change", function () { state.doc = docSelect.value; refresh(); });
  function syncFilters() {
    typeBoxes.forEach(function (box, name) { box.checked = state.types.has(name); });
    docSelect.value = state.doc;
  }
})();
