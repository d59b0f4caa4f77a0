// The acumat questionnaire page: asks the rule set's questions, posts the answers to
// /v1/recommend and shows the library's answer. No framework, no build step, no network
// beyond this server. Text from the server is always inserted as text, never as markup.
"use strict";

const HEADLINES = {
  suitable: "You may use an acupressure mat, building up as the plan below says.",
  caution: "You may use a mat only with care: read the findings and answer the open questions.",
  consult: "See a doctor before using an acupressure mat.",
  avoid: "Do not use an acupressure mat.",
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function idFor(field, suffix) {
  return "q-" + field.replace(/\./g, "-") + (suffix ? "-" + suffix : "");
}

function words(name) {
  return name.replace(/_/g, " ");
}

function radio(field, value, text, checked) {
  const input = el("input", { type: "radio", name: field, id: idFor(field, value), value });
  if (checked) input.checked = true;
  return el("label", { for: idFor(field, value) }, input, " " + text);
}

function fieldFor(q) {
  const box = el("fieldset", { "data-field": q.field, "data-kind": q.kind, class: q.safety ? "safety" : "" },
    el("legend", {}, q.question));
  if (q.kind === "yes_no") {
    box.append(radio(q.field, "yes", "Yes"), radio(q.field, "no", "No"),
      radio(q.field, "unset", "Not answered", true));
  } else if (q.kind === "choice") {
    const select = el("select", { id: idFor(q.field), "aria-label": q.question });
    select.append(el("option", { value: "" }, "Not answered"));
    for (const c of q.choices) select.append(el("option", { value: c }, words(c)));
    box.append(select);
  } else if (q.kind === "choices") {
    for (const c of q.choices) {
      const input = el("input", { type: "checkbox", id: idFor(q.field, c), value: c });
      box.append(el("label", { for: idFor(q.field, c) }, input, " " + words(c)));
    }
    const none = el("input", { type: "checkbox", id: idFor(q.field, "none"), value: "" });
    box.append(el("label", { for: idFor(q.field, "none") }, none, " none of these"));
    box.append(el("p", { class: "sources" }, "Tick nothing to leave this question unanswered."));
  } else if (q.kind === "number") {
    const attrs = { type: "number", id: idFor(q.field), inputmode: "numeric", "aria-label": q.question };
    if (q.low !== null) attrs.min = String(q.low);
    if (q.high !== null) attrs.max = String(q.high);
    box.append(el("input", attrs));
    if (q.low !== null && q.high !== null) {
      box.append(el("span", { class: "sources" }, ` ${q.low} to ${q.high}; leave empty if unsure`));
    }
  } else {
    box.append(el("textarea", { id: idFor(q.field), rows: "2", "aria-label": q.question,
      placeholder: "One per line, e.g. Eliquis 5 mg" }));
  }
  return box;
}

function setPath(obj, path, value) {
  const parts = path.split(".");
  let node = obj;
  for (const p of parts.slice(0, -1)) node = node[p] = node[p] || {};
  node[parts[parts.length - 1]] = value;
}

function answers(questions) {
  const profile = {};
  for (const q of questions) {
    let value;
    if (q.kind === "yes_no") {
      const picked = document.querySelector(`input[name="${CSS.escape(q.field)}"]:checked`);
      if (picked && picked.value !== "unset") value = picked.value === "yes";
    } else if (q.kind === "choice") {
      const v = document.getElementById(idFor(q.field)).value;
      if (v) value = v;
    } else if (q.kind === "choices") {
      const ticked = q.choices.filter((c) => document.getElementById(idFor(q.field, c)).checked);
      if (ticked.length || document.getElementById(idFor(q.field, "none")).checked) value = ticked;
    } else if (q.kind === "number") {
      const raw = document.getElementById(idFor(q.field)).value.trim();
      if (raw !== "") value = Number(raw);
    } else {
      const lines = document.getElementById(idFor(q.field)).value.split(/[\n,]/)
        .map((s) => s.trim()).filter(Boolean);
      if (lines.length) value = lines;
    }
    if (value !== undefined) setPath(profile, q.field, value);
  }
  return profile;
}

function show(id, on) {
  document.getElementById(id).hidden = !on;
}

function fill(id, items) {
  const list = document.getElementById(id);
  list.replaceChildren(...items);
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function chart(plan) {
  const weeks = plan.weeks;
  const most = Math.max(plan.target_minutes, ...weeks.map((w) => w.minutes));
  const rowH = 26, labelW = 70, barW = 330, width = labelW + barW + 110;
  const box = document.getElementById("plan-chart");
  box.setAttribute("viewBox", `0 0 ${width} ${weeks.length * rowH + 4}`);
  box.replaceChildren();
  weeks.forEach((w, i) => {
    const y = i * rowH + 2;
    const len = Math.max(2, Math.round((w.minutes / most) * barW));
    box.append(svg("text", { x: 0, y: y + 17 }, `Week ${w.week}`));
    const bar = svg("rect", { class: "bar", x: labelW, y, width: len, height: rowH - 8, "data-minutes": w.minutes });
    bar.append(svg("title", {}, `Week ${w.week}: ${w.minutes} minutes`));
    box.append(bar);
    box.append(svg("text", { x: labelW + len + 6, y: y + 17 }, `${w.minutes} min × ${w.sessions_per_week} days`));
  });
  document.getElementById("plan-caption").textContent =
    `Minutes per session, week by week, building to ${plan.target_minutes} minutes a day ` +
    `(duration reading ${plan.schedule}).`;
}

function render(rec) {
  const verdict = document.getElementById("verdict");
  verdict.className = "verdict " + rec.verdict;
  verdict.textContent = HEADLINES[rec.verdict] + ` (verdict: ${rec.verdict})`;
  fill("ask-list", rec.unanswered.map((u) => {
    const item = el("li", {}, u.question);
    if (u.if_yes_verdict) item.append(` — if yes: ${u.if_yes_verdict}`);
    if (typeof u.if_yes === "string" && u.if_yes) item.append(` (${u.if_yes})`);
    return item;
  }));
  show("ask", rec.unanswered.length > 0);
  fill("findings", rec.findings.filter((f) => f.topic.startsWith("safety") || f.level)
    .map((f) => el("li", {}, el("strong", {}, (f.level || "note") + ": "), f.summary,
      f.detail ? " " + f.detail : "",
      el("span", { class: "sources" }, ` (rule ${f.rule_id}; source ${f.sources.join(", ") || "none"})`))));
  show("findings-box", document.getElementById("findings").children.length > 0);
  if (rec.mat) {
    const m = rec.mat;
    const rows = [["Spike density", m.spike_density], ["Spike length", m.spike_length], ["Size", m.size],
      ["Cover", m.cover], ["Spikes", m.spikes], ["Quality", m.quality]];
    fill("mat", rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }
  show("mat-box", Boolean(rec.mat));
  if (rec.plan) {
    chart(rec.plan);
    const body = document.querySelector("#plan-table tbody");
    body.replaceChildren(...rec.plan.weeks.map((w) =>
      el("tr", {}, el("td", {}, String(w.week)), el("td", {}, String(w.minutes)),
        el("td", {}, String(w.sessions_per_week)))));
    const notes = [rec.plan.position, rec.plan.setting];
    if (rec.plan.stop_signs.length) notes.push("Stop at once on: " + rec.plan.stop_signs.join(", ") + ".");
    fill("plan-notes", notes.map((t) => el("li", {}, t)));
  }
  show("plan-box", Boolean(rec.plan));
  document.getElementById("fingerprint").textContent = rec.rules_fingerprint;
  document.getElementById("version").textContent = rec.acumat_version;
  show("result", true);
  document.getElementById("result").focus();
}

function problemText(p) {
  if (p && Array.isArray(p.errors)) return p.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return (p && (p.detail || p.title)) || "The request failed.";
}

async function main() {
  const fields = document.getElementById("fields");
  const error = document.getElementById("error");
  let questions;
  try {
    const res = await fetch("/v1/questionnaire", { headers: { Accept: "application/json" } });
    questions = await res.json();
    if (!res.ok) throw new Error(problemText(questions));
  } catch (e) {
    error.textContent = "Could not load the questions: " + e.message;
    error.hidden = false;
    return;
  }
  fields.replaceChildren(...questions.map(fieldFor));
  fields.setAttribute("aria-busy", "false");
  for (const q of questions.filter((x) => x.kind === "choices")) {
    const none = document.getElementById(idFor(q.field, "none"));
    none.addEventListener("change", () => {
      if (none.checked) q.choices.forEach((c) => { document.getElementById(idFor(q.field, c)).checked = false; });
    });
    q.choices.forEach((c) => document.getElementById(idFor(q.field, c)).addEventListener("change", (ev) => {
      if (ev.target.checked) none.checked = false;
    }));
  }
  document.getElementById("questions").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    try {
      const res = await fetch("/v1/recommend", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(answers(questions)),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(problemText(body));
      render(body);
    } catch (e) {
      show("result", false);
      error.textContent = "No advice: " + e.message;
      error.hidden = false;
      error.focus();
    }
  });
}

document.addEventListener("DOMContentLoaded", main);
