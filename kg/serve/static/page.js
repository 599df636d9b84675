// The query page: pick a shipped query, run it against /sparql, show the answer.
// Every value from the graph is set with textContent: data is never parsed as HTML.
"use strict";
(function () {
  const ENTITY = "https://w3id.org/kg/entity/";
  const queries = JSON.parse(document.getElementById("kg-queries").textContent);
  const editor = document.getElementById("query");
  const form = document.getElementById("query-form");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const params = document.getElementById("params");

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function termCell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri" && term.value.startsWith(ENTITY)) {
      const a = el("a", "entity:" + term.value.slice(ENTITY.length));
      a.href = "/entity?iri=" + encodeURIComponent(term.value);
      a.className = "entity";
      td.appendChild(a);
    } else if (term.type === "uri") {
      td.textContent = "<" + term.value + ">";
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function showTable(json) {
    if (typeof json.boolean === "boolean") {
      results.appendChild(el("p", "ASK: " + json.boolean, "answer"));
      return 1;
    }
    const vars = json.head.vars;
    const rows = json.results.bindings;
    const table = el("table");
    table.id = "result-table";
    const head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", v)); });
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    rows.forEach(function (row) {
      const tr = el("tr");
      vars.forEach(function (v) { tr.appendChild(termCell(row[v])); });
      body.appendChild(tr);
    });
    results.appendChild(table);
    return rows.length;
  }

  // One field per parameter the query's header declares; an empty field leaves it unbound.
  function showParams(query) {
    params.replaceChildren();
    (query ? query.params : []).forEach(function (param) {
      const label = el("label");
      label.appendChild(el("code", "?" + param.name));
      const input = el("input");
      input.name = "$" + param.name;
      input.placeholder = param.description;
      input.dataset.param = param.name;
      label.appendChild(input);
      params.appendChild(label);
    });
  }

  function requestBody() {
    const body = new URLSearchParams({ query: editor.value });
    params.querySelectorAll("input[data-param]").forEach(function (input) {
      if (input.value.trim() !== "") body.append("$" + input.dataset.param, input.value.trim());
    });
    return body;
  }

  async function run(event) {
    event.preventDefault();
    results.replaceChildren();
    status.textContent = "running…";
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: requestBody(),
      });
    } catch (err) {
      status.textContent = "";
      results.appendChild(el("p", "cannot reach the server: " + err, "error"));
      return;
    }
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      status.textContent = "";
      results.appendChild(el("p", response.status + ": " + text, "error"));
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    let count;
    if (type.startsWith("application/sparql-results+json")) {
      count = showTable(JSON.parse(text)) + " row(s)";
    } else {
      results.appendChild(el("pre", text));
      count = "graph";
    }
    const cut = response.headers.get("KG-Truncated") === "true";
    status.textContent = count + " in " + ms + " ms" + (cut ? " (cut at the row limit)" : "");
  }

  function pick(event) {
    const link = event.target.closest("a[data-name]");
    if (!link) return;
    const found = queries.find(function (q) { return q.name === link.dataset.name; });
    if (!found) return;
    event.preventDefault();
    editor.value = found.text;
    showParams(found);
    document.querySelectorAll("#queries a.selected").forEach(function (a) {
      a.classList.remove("selected");
    });
    link.classList.add("selected");
    history.replaceState(null, "", "/?query=" + encodeURIComponent(found.name));
    results.replaceChildren();
    status.textContent = "";
  }

  const selected = document.querySelector("#queries a.selected");
  showParams(selected && queries.find(function (q) { return q.name === selected.dataset.name; }));
  form.addEventListener("submit", run);
  document.getElementById("queries").addEventListener("click", pick);
  window.kgReady = true;
})();
