// The model page: reads the model card as JSON and builds every element with textContent, so
// nothing a model or a request holds is ever parsed as HTML.
"use strict";
(function () {
  let token = null;
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const params = new URLSearchParams(location.search);

  async function call(path, options) {
    options = options || {};
    options.headers = Object.assign({}, options.headers || {});
    if (token) options.headers["Authorization"] = "Bearer " + token;
    const response = await fetch(path, options);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (response.status === 401) {
      $("token-box").hidden = false;
      throw new Error(body && body.error ? body.error : "a bearer token is needed");
    }
    if (!response.ok) throw new Error(body && body.error ? body.error : "HTTP " + response.status);
    return body;
  }

  function status(text, isError) {
    const s = $("status");
    s.textContent = text || "";
    s.className = isError ? "error" : "muted";
    s.hidden = !text;
  }

  function field(input) {
    const wrap = el("div", null, "field");
    const label = el("label", input.name);
    const id = "in-" + input.name;
    label.htmlFor = id;
    let control;
    if (input.kind === "boolean") {
      control = el("select");
      for (const v of ["", "true", "false"]) {
        const o = el("option", v === "" ? "(missing)" : v);
        o.value = v;
        control.appendChild(o);
      }
    } else if (input.categories) {
      control = el("select");
      const missing = el("option", "(missing)");
      missing.value = "";
      control.appendChild(missing);
      for (const c of input.categories) {
        const o = el("option", c);
        o.value = c;
        control.appendChild(o);
      }
      if (input.categories.length > 0) control.value = input.categories[0];
    } else {
      control = el("input");
      control.type = "text";
      control.placeholder = input.kind === "date" ? "2024-05-31" : "missing becomes " + input.missing_becomes;
      if (input.kind === "numeric" && input.missing_becomes !== undefined) control.value = String(input.missing_becomes);
    }
    control.id = id;
    control.name = input.name;
    control.dataset.kind = input.kind;
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function row(card) {
    const values = {};
    for (const input of card.inputs) {
      const v = $("in-" + input.name).value.trim();
      if (v === "") { values[input.name] = null; continue; }
      if (input.kind === "numeric" && !isNaN(Number(v))) values[input.name] = Number(v);
      else values[input.name] = v;
    }
    return values;
  }

  function showPrediction(p, card) {
    const out = $("result");
    out.textContent = "";
    if (p.probabilities) {
      out.appendChild(el("div", "Predicted " + card.target + ": " + p.label, "label"));
      const table = el("table");
      table.id = "probabilities";
      const head = el("tr");
      head.appendChild(el("th", "Class"));
      head.appendChild(el("th", "Probability"));
      head.appendChild(el("th", ""));
      table.appendChild(head);
      for (const [label, prob] of Object.entries(p.probabilities)) {
        const tr = el("tr");
        tr.dataset.label = label;
        tr.appendChild(el("td", label));
        const value = el("td", prob.toFixed(4), "probability");
        tr.appendChild(value);
        const barCell = el("td");
        const bar = el("div", null, "bar");
        const fill = el("span");
        fill.style.width = Math.round(prob * 100) + "%";
        bar.appendChild(fill);
        barCell.appendChild(bar);
        tr.appendChild(barCell);
        table.appendChild(tr);
      }
      out.appendChild(table);
    } else {
      out.appendChild(el("div", "Predicted " + card.target + ": " + p.value, "label"));
    }
  }

  function flat(prefix, value, into) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) flat(prefix ? prefix + "." + k : k, v, into);
    } else {
      into.push([prefix, Array.isArray(value) ? value.join(", ") : value]);
    }
  }

  function render(card) {
    document.title = card.name + " · Neurite";
    $("title").textContent = card.name;
    $("subtitle").textContent = card.summary + " · version " + card.version + " · " + card.file + " · loaded " + card.loaded_at;
    const fields = $("fields");
    fields.textContent = "";
    for (const input of card.inputs) fields.appendChild(field(input));
    const body = $("inputs").querySelector("tbody");
    body.textContent = "";
    for (const input of card.inputs) {
      const tr = el("tr");
      tr.appendChild(el("td", input.name));
      tr.appendChild(el("td", input.kind));
      let values = "";
      if (input.categories) {
        values = input.categories.join(", ");
        if (input.categories_total > input.categories.length) values += ", … (" + input.categories_total + " in all)";
      } else if (input.missing_becomes !== undefined) {
        values = "missing becomes " + input.missing_becomes;
      }
      tr.appendChild(el("td", values, "chips"));
      body.appendChild(tr);
    }
    $("output").textContent = card.task === "classification"
      ? "'" + card.target + "', one of " + card.classes.length + " classes: " + card.classes.join(", ")
      : "'" + card.target + "', a number (regression)";
    const training = $("training").querySelector("tbody");
    training.textContent = "";
    const pairs = [];
    flat("", card.training, pairs);
    for (const [k, v] of pairs) {
      const tr = el("tr");
      tr.appendChild(el("td", k));
      tr.appendChild(el("td", typeof v === "number" ? (Number.isInteger(v) ? v : v.toFixed(4)) : v));
      training.appendChild(tr);
    }
    if (pairs.length === 0) training.appendChild(el("tr")).appendChild(el("td", "No training summary was saved with this model."));
    const plots = $("plots");
    plots.textContent = "";
    for (const src of card.plots) {
      const img = el("img");
      img.alt = "training plot";
      // Images cannot carry the token header: fetch them and show the bytes.
      call.raw(src).then((url) => { img.src = url; });
      plots.appendChild(img);
    }
    $("card").hidden = false;
  }

  call.raw = async function (path) {
    const response = await fetch(path, { headers: token ? { Authorization: "Bearer " + token } : {} });
    return URL.createObjectURL(await response.blob());
  };

  async function load() {
    try {
      const list = await call("models");
      const nav = $("models");
      nav.textContent = "";
      const name = params.get("model") || list.models[0].name;
      if (list.models.length > 1) {
        for (const m of list.models) {
          const a = el("a", m.name);
          a.href = "?model=" + encodeURIComponent(m.name);
          nav.appendChild(a);
        }
      }
      const card = await call("models/" + encodeURIComponent(name) + "/card");
      render(card);
      status("");
      $("form").onsubmit = async (event) => {
        event.preventDefault();
        $("result").textContent = "Scoring…";
        try {
          const answer = await call("models/" + encodeURIComponent(name) + "/predict", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ rows: [row(card)] }),
          });
          showPrediction(answer.predictions[0], card);
        } catch (e) {
          $("result").textContent = "";
          $("result").appendChild(el("p", e.message, "error"));
        }
      };
    } catch (e) {
      status(e.message, true);
    }
  }

  $("token-use").onclick = () => {
    token = $("token").value.trim();
    $("token-box").hidden = true;
    load();
  };
  load();
})();
