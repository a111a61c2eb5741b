// gen4j studio: runs list, run dashboard and explorer. No build step; uPlot draws the curves.
"use strict";

const POLL_MS = 2000;
const view = document.getElementById("view");
const crumbs = document.getElementById("crumbs");
const statusLine = document.getElementById("status");
let stopPolling = () => {};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function say(text, ok) {
  statusLine.textContent = text || "";
  statusLine.className = ok ? "ok" : "";
}

async function api(path) {
  const r = await fetch(path, { credentials: "same-origin" });
  if (!r.ok) throw new Error(await errorText(r));
  return r.json();
}

async function errorText(r) {
  try { return (await r.json()).error || r.statusText; } catch (e) { return r.status + " " + r.statusText; }
}

// A digest of an image's bytes, so a test (and a curious user) can tell one picture from another.
function digest(buffer) {
  const b = new Uint8Array(buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16);
}

// Loads a generated PNG into img; the latest request wins when several overlap.
async function loadImage(img, url, init) {
  const ticket = (img._ticket || 0) + 1;
  img._ticket = ticket;
  img.classList.add("loading");
  say("generating...", true);
  const r = await fetch(url, Object.assign({ credentials: "same-origin" }, init || {}));
  if (img._ticket !== ticket) return;
  img.classList.remove("loading");
  if (!r.ok) { say(await errorText(r)); return; }
  const buf = await r.arrayBuffer();
  if (img._url) URL.revokeObjectURL(img._url);
  img._url = URL.createObjectURL(new Blob([buf], { type: "image/png" }));
  img.dataset.digest = digest(buf);
  img.dataset.url = url;
  img.src = img._url;
  img.classList.remove("hidden");
  if (img._links) { img._links.png.href = img._url; img._links.png.classList.remove("hidden"); }
  say("", true);
}

// "Download: PNG · seeds and settings (JSON)" for a picture; the PNG is the picture shown, the JSON its recipe.
function links(img, name) {
  const png = el("a", { id: img.id + "-png", download: name + ".png", class: "hidden" }, "PNG");
  const json = el("a", { id: img.id + "-json", download: name + ".json", class: "hidden" }, "seeds and settings (JSON)");
  img._links = { png, json };
  return el("p", {}, png, " ", json);
}

function setRecipe(img, url) {
  if (img._links) { img._links.json.href = url; img._links.json.classList.remove("hidden"); }
}

function q(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") u.set(k, v);
  return u.toString();
}

// ------------------------------------------------------------------ runs list

async function showRuns() {
  crumbs.textContent = "";
  const runs = await api("/api/runs");
  const table = el("table", { id: "runs-table" },
    el("tr", {}, el("th", {}, "run"), el("th", {}, "model"), el("th", {}, "data"), el("th", {}, "kimg"),
      el("th", {}, "latest"), el("th", {}, "state"), el("th", {}, "")));
  for (const r of runs) {
    const latest = Object.entries(r.latest || {}).filter(([k]) => k.startsWith("loss")).map(([k, v]) => k + " " + Number(v).toFixed(3)).join(", ");
    table.append(el("tr", { "data-run": r.name },
      el("td", {}, el("a", { href: "#/run/" + encodeURIComponent(r.name), id: "run-" + r.name }, r.name)),
      el("td", {}, r.model), el("td", { class: "muted" }, r.data), el("td", {}, (r.imagesSeen / 1000).toFixed(3)),
      el("td", { class: "muted" }, latest),
      el("td", {}, r.training ? el("span", { class: "badge live" }, "training") : el("span", { class: "badge" }, "idle")),
      el("td", {}, r.checkpoints > 0 ? el("a", { href: "#/explore/" + encodeURIComponent(r.name) }, "explore") : "")));
  }
  view.replaceChildren(el("h1", {}, "Runs"), runs.length ? table : el("p", {}, "No runs in this folder yet: gen4j train --out RUNS/NAME makes one."));
}

// ------------------------------------------------------------------ dashboard

function seriesGroups(lines) {
  const skip = new Set(["imagesSeen", "kimg", "step", "time", "seconds", "elapsed"]);
  const keys = new Set();
  for (const l of lines) for (const [k, v] of Object.entries(l)) if (!skip.has(k) && typeof v === "number") keys.add(k);
  const all = [...keys];
  const losses = all.filter(k => k.startsWith("loss"));
  const speed = all.filter(k => k === "imagesPerSecond");
  const schedule = all.filter(k => k === "res" || k === "alpha" || k === "lr" || k.endsWith("Alpha"));
  const used = new Set([...losses, ...speed, ...schedule]);
  const rest = all.filter(k => !used.has(k));
  return [["losses", losses], ["metrics", rest], ["schedule", schedule], ["speed", speed]].filter(([, ks]) => ks.length);
}

const COLOURS = ["#2f6fde", "#d1495b", "#2a9d8f", "#e9a23b", "#7b4bb7", "#5c677d", "#8ab17d", "#c05299"];

function makeChart(host, title, keys, lines) {
  const data = [lines.map(l => l.kimg)].concat(keys.map(k => lines.map(l => (typeof l[k] === "number" ? l[k] : null))));
  const opts = {
    title, width: 480, height: title === "losses" ? 240 : 160,
    scales: { x: { time: false } },
    axes: [{ label: "kimg" }, {}],
    series: [{ label: "kimg" }].concat(keys.map((k, i) => ({ label: k, stroke: COLOURS[i % COLOURS.length], width: 1.5, spanGaps: true }))),
  };
  return { plot: new uPlot(opts, data, host), keys };
}

async function showRun(name) {
  crumbs.replaceChildren("/ ", el("span", {}, name), " / ", el("a", { href: "#/explore/" + encodeURIComponent(name), id: "to-explorer" }, "explore"));
  const [summary, config, samples] = await Promise.all([
    api("/api/runs/" + encodeURIComponent(name)), api("/api/runs/" + encodeURIComponent(name) + "/config"),
    api("/api/runs/" + encodeURIComponent(name) + "/samples")]);
  const charts = el("div", { class: "panel", id: "charts" }, el("h2", {}, "Curves"));
  const count = el("span", { id: "metrics-count", class: "muted" }, "0");
  const gridImg = el("img", { id: "latest-grid", class: "pixels grid-img", alt: "sample grid" });
  const gridName = el("div", { id: "grid-name", class: "muted" });
  const slider = el("input", { type: "range", id: "grid-slider", min: 0, max: 0, value: 0 });
  const state = el("span", { id: "run-state", class: summary.training ? "badge live" : "badge" }, summary.training ? "training" : "idle");
  view.replaceChildren(
    el("h1", {}, name, " ", state),
    el("p", { class: "muted" }, summary.model + " on " + summary.data + " - ", count, " metrics lines"),
    el("div", { class: "panels" }, charts,
      el("div", { class: "panel" }, el("h2", {}, "Samples"), gridImg, el("div", {}, slider), gridName),
      el("div", { class: "panel" }, el("h2", {}, "Configuration"), el("pre", { id: "config" }, JSON.stringify(config, null, 2)))));

  let grids = samples.grids;
  function showGrid(i) {
    if (!grids.length) { gridName.textContent = "no sample grid yet"; return; }
    slider.max = grids.length - 1;
    slider.value = i;
    gridName.textContent = grids[i];
    gridImg.src = "/api/runs/" + encodeURIComponent(name) + "/samples/" + encodeURIComponent(grids[i]);
  }
  slider.addEventListener("input", () => showGrid(Number(slider.value)));
  showGrid(grids.length - 1);

  let lines = [], next = 0, built = {};
  async function pull() {
    const m = await api("/api/runs/" + encodeURIComponent(name) + "/metrics?from=" + next);
    next = m.next;
    if (m.lines.length) {
      lines = lines.concat(m.lines);
      count.textContent = String(lines.length);
      for (const [title, keys] of seriesGroups(lines)) {
        const c = built[title];
        if (!c || c.keys.join() !== keys.join()) {
          if (c) c.plot.destroy();
          const host = document.getElementById("chart-" + title) || charts.appendChild(el("div", { id: "chart-" + title, class: "chart" }));
          host.replaceChildren();
          built[title] = makeChart(host, title, keys, lines);
        } else {
          c.plot.setData([lines.map(l => l.kimg)].concat(keys.map(k => lines.map(l => (typeof l[k] === "number" ? l[k] : null)))));
        }
      }
      document.getElementById("charts").dataset.points = String(lines.length);
    }
    const s = await api("/api/runs/" + encodeURIComponent(name) + "/samples");
    if (s.grids.length !== grids.length) {
      const atEnd = Number(slider.value) === grids.length - 1 || !grids.length;
      grids = s.grids;
      showGrid(atEnd ? grids.length - 1 : Number(slider.value));
    }
    const r = await api("/api/runs/" + encodeURIComponent(name));
    state.textContent = r.training ? "training" : "idle";
    state.className = r.training ? "badge live" : "badge";
  }
  await pull();
  const timer = setInterval(() => pull().catch(e => say(e.message)), POLL_MS);
  stopPolling = () => clearInterval(timer);
}

// ------------------------------------------------------------------ explorer

const chosenCheckpoint = {};

async function showExplorer(name) {
  const base = "/api/runs/" + encodeURIComponent(name);
  crumbs.replaceChildren("/ ", el("a", { href: "#/run/" + encodeURIComponent(name) }, name), " / explore");
  view.replaceChildren(el("p", { class: "muted" }, "loading the model..."));
  const ckpt = chosenCheckpoint[name] || "";
  const [caps, ckpts] = await Promise.all([api(base + "/capabilities?" + q({ checkpoint: ckpt })), api(base + "/checkpoints")]);
  const checkpoint = el("select", { id: "checkpoint-select" },
    ...ckpts.checkpoints.slice().reverse().map(c => el("option", { value: c }, c)));
  checkpoint.value = caps.checkpoint;
  checkpoint.addEventListener("change", () => {
    chosenCheckpoint[name] = checkpoint.value === ckpts.checkpoints[ckpts.checkpoints.length - 1] ? "" : checkpoint.value;
    route();
  });
  const res = caps.resolution;

  // the view settings every picture shares
  const seeds = el("input", { type: "text", id: "seeds", value: "0-15" });
  const psi = el("input", { type: "range", id: "psi", min: caps.truncation === "latent" ? 0.1 : 0, max: caps.truncation === "latent" ? 3 : 1,
    step: 0.05, value: caps.truncation === "latent" ? 3 : 1 });
  const psiValue = el("span", { id: "psi-value" }, psi.value);
  const psiOn = el("input", { type: "checkbox", id: "psi-on" });
  const cls = el("select", { id: "class-select" }, ...caps.classes.map((c, i) => el("option", { value: i }, i + " " + c)));
  const steps = el("input", { type: "number", id: "steps", min: 0, max: 100, value: caps.latentSteps ? caps.latentSteps.default : 0 });
  const temp = el("input", { type: "range", id: "temperature", min: 0.1, max: 1.5, step: 0.05, value: 1 });
  const tempValue = el("span", { id: "temperature-value" }, temp.value);
  const tx = el("input", { type: "range", id: "tx", min: -0.5, max: 0.5, step: 0.01, value: 0 });
  const ty = el("input", { type: "range", id: "ty", min: -0.5, max: 0.5, step: 0.01, value: 0 });
  const rot = el("input", { type: "range", id: "rotate", min: -180, max: 180, step: 1, value: 0 });
  const instanceIndex = el("input", { type: "number", id: "instance-index", min: 0, max: caps.instances ? caps.instances.count - 1 : 0, placeholder: "none" });

  function settings() {
    const s = {};
    if (ckpt) s.checkpoint = ckpt;
    if (caps.truncation !== "none" && psiOn.checked) s.psi = psi.value;
    if (caps.numClasses > 0) s.class = cls.value;
    if (caps.latentSteps) s.steps = steps.value;
    if (caps.temperature && Number(temp.value) !== 1) s.temperature = temp.value;
    if (caps.transform && (Number(tx.value) || Number(ty.value) || Number(rot.value))) { s.tx = tx.value; s.ty = ty.value; s.rotate = rot.value; }
    if (caps.instances && instanceIndex.value !== "") { s.instance = instanceIndex.value; delete s.psi; }
    return s;
  }

  const gridImg = el("img", { id: "explore-grid", class: "pixels grid-img", alt: "seed grid" });
  const big = el("img", { id: "enlarged", class: "hidden pixels", alt: "enlarged image", style: "width:256px" });
  const bigPng = el("a", { id: "download-png", download: "image.png" }, "PNG");
  const bigJson = el("a", { id: "download-json", download: "image.json" }, "seeds and settings (JSON)");
  const bigPanel = el("div", { class: "panel hidden", id: "enlarged-panel" }, el("h2", { id: "enlarged-title" }, "Seed"), big,
    el("p", {}, "Download: ", bigPng, " · ", bigJson));
  const gridPng = el("a", { id: "grid-png", download: "grid.png" }, "PNG");
  const gridJson = el("a", { id: "grid-json", download: "grid.json" }, "seeds and settings (JSON)");
  let seedList = [];

  function parseSeeds(text) {
    const out = [];
    for (const part of text.split(",")) {
      const m = part.trim().match(/^(\d+)(?:\s*-\s*(\d+))?$/);
      if (!m) return null;
      for (let s = Number(m[1]); s <= Number(m[2] || m[1]) && out.length <= 256; s++) out.push(s);
    }
    return out;
  }

  function refreshGrid() {
    const p = Object.assign({ seeds: seeds.value }, settings());
    seedList = parseSeeds(seeds.value) || [];
    gridPng.href = base + "/grid?" + q(p);
    gridJson.href = base + "/recipe?" + q(Object.assign({ kind: "grid" }, p));
    return loadImage(gridImg, base + "/grid?" + q(p));
  }

  function enlarge(seed) {
    const p = Object.assign({ seed }, settings());
    bigPanel.classList.remove("hidden");
    document.getElementById("enlarged-title").textContent = "Seed " + seed;
    bigPng.href = base + "/image?" + q(Object.assign({ scale: Math.max(1, Math.floor(512 / res)) }, p));
    bigPng.download = "seed" + seed + ".png";
    bigJson.href = base + "/recipe?" + q(Object.assign({ kind: "image" }, p));
    bigJson.download = "seed" + seed + ".json";
    return loadImage(big, base + "/image?" + q(p));
  }

  gridImg.addEventListener("click", ev => {
    const cols = Math.ceil(Math.sqrt(seedList.length));
    const scale = gridImg.naturalWidth / gridImg.clientWidth;
    const col = Math.floor(ev.offsetX * scale / (res + 2)), row = Math.floor(ev.offsetY * scale / (res + 2));
    const i = row * cols + col;
    if (col < cols && i < seedList.length) enlarge(seedList[i]);
  });

  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(refreshAll, 150); };
  for (const c of [seeds, cls, steps, instanceIndex]) c.addEventListener("change", soon);
  for (const c of [psi, temp, tx, ty, rot]) c.addEventListener("input", () => {
    if (c === psi) { psiOn.checked = true; psiValue.textContent = psi.value; }
    if (c === temp) tempValue.textContent = temp.value;
    soon();
  });
  psiOn.addEventListener("change", soon);

  const controls = el("div", { class: "panel controls" }, el("h2", {}, "Settings"),
    el("label", {}, "seeds ", seeds),
    el("label", { class: caps.truncation === "none" ? "hidden" : "", id: "psi-control" }, psiOn,
      caps.truncation === "latent" ? " truncation threshold " : " truncation psi ", psi, " ", psiValue),
    el("label", { class: caps.numClasses > 0 ? "" : "hidden", id: "class-control" }, "class ", cls),
    el("label", { class: caps.latentSteps ? "" : "hidden", id: "steps-control" }, "latent steps ", steps),
    el("label", { class: caps.temperature ? "" : "hidden", id: "temperature-control" }, "temperature ", temp, " ", tempValue),
    el("span", { class: caps.transform ? "" : "hidden", id: "transform-control" },
      el("label", {}, "translate x ", tx), el("label", {}, "y ", ty), el("label", {}, "rotate ", rot)),
    el("label", { class: caps.instances ? "" : "hidden", id: "instance-control" }, "training instance ", instanceIndex),
    el("label", {}, "checkpoint ", checkpoint),
    el("p", { class: "muted" }, caps.model + ", " + (caps.imagesSeen / 1000).toFixed(3) + " kimg, " + res + "x" + res));

  const panels = [controls,
    el("div", { class: "panel" }, el("h2", {}, "Seeds (click one to enlarge)"), gridImg, el("p", {}, "Download: ", gridPng, " · ", gridJson)),
    bigPanel];

  // interpolation between two seeds
  const from = el("input", { type: "number", id: "walk-from", min: 0, value: 0 });
  const to = el("input", { type: "number", id: "walk-to", min: 0, value: 1 });
  const frames = el("input", { type: "number", id: "walk-frames", min: 1, max: 64, value: 8 });
  const space = el("select", { id: "walk-space" }, el("option", { value: "z" }, "z (slerp)"),
    ...(caps.style ? [el("option", { value: "w" }, "w (lerp)")] : []));
  const walkImg = el("img", { id: "walk", class: "hidden pixels strip", alt: "interpolation" });
  function walk() {
    const s = settings();
    const p = Object.assign({ from: from.value, to: to.value, frames: frames.value, space: space.value },
      space.value === "w" ? { psi: s.psi, class: s.class, checkpoint: s.checkpoint } : s);
    setRecipe(walkImg, base + "/recipe?" + q(Object.assign({ kind: "interpolate" }, p)));
    return loadImage(walkImg, base + "/interpolate?" + q(p));
  }
  panels.push(el("div", { class: "panel" }, el("h2", {}, "Interpolation"),
    el("div", {}, el("label", {}, "from seed ", from), el("label", {}, "to seed ", to), el("label", {}, "frames ", frames),
      el("label", {}, "space ", space), el("button", { id: "walk-go", onclick: walk }, "walk")), walkImg, links(walkImg, "walk")));

  // class interpolation
  if (caps.classMix) {
    const cseed = el("input", { type: "number", id: "classwalk-seed", min: 0, value: 0 });
    const cls2 = el("input", { type: "text", id: "classwalk-classes", value: "0," + (caps.numClasses - 1) });
    const cimg = el("img", { id: "classwalk", class: "hidden pixels strip", alt: "class interpolation" });
    const go = () => {
      const p = { seed: cseed.value, classes: cls2.value, frames: 8, psi: settings().psi, checkpoint: ckpt };
      setRecipe(cimg, base + "/recipe?" + q(Object.assign({ kind: "classwalk" }, p)));
      return loadImage(cimg, base + "/classwalk?" + q(p));
    };
    panels.push(el("div", { class: "panel" }, el("h2", {}, "Between classes"),
      el("div", {}, el("label", {}, "seed ", cseed), el("label", {}, "classes ", cls2), el("button", { id: "classwalk-go", onclick: go }, "walk")), cimg, links(cimg, "classes")));
  }

  // style mixing
  if (caps.style && caps.numClasses === 0) {
    const rows = el("input", { type: "text", id: "mix-rows", value: "0-3" });
    const cols = el("input", { type: "text", id: "mix-cols", value: "4-7" });
    const styles = el("input", { type: "text", id: "mix-styles", value: "0-" + Math.max(0, Math.min(3, caps.style.numWs - 1)) });
    const mimg = el("img", { id: "mix", class: "hidden pixels", alt: "style mixing", style: "width:384px" });
    const go = () => {
      const p = { rows: rows.value, cols: cols.value, styles: styles.value, psi: settings().psi, checkpoint: ckpt };
      setRecipe(mimg, base + "/recipe?" + q(Object.assign({ kind: "mix" }, p)));
      return loadImage(mimg, base + "/mix?" + q(p));
    };
    panels.push(el("div", { class: "panel" }, el("h2", {}, "Style mixing"),
      el("div", {}, el("label", {}, "rows ", rows), el("label", {}, "columns ", cols), el("label", {}, "layers from columns ", styles),
        el("button", { id: "mix-go", onclick: go }, "mix")), mimg, links(mimg, "mix")));
  }

  // instance upload (IC-GAN)
  if (caps.instances) {
    const file = el("input", { type: "file", id: "instance-file", accept: "image/png,image/jpeg" });
    const iimg = el("img", { id: "instance-grid", class: "hidden pixels grid-img", alt: "instance neighbourhood" });
    file.addEventListener("change", () => {
      if (!file.files.length) return;
      const s = settings();
      delete s.instance;
      delete s.psi; // a truncated view is no longer an instance-conditioned one
      const p = Object.assign({ seeds: seeds.value }, s);
      setRecipe(iimg, base + "/recipe?" + q(Object.assign({ kind: "instance" }, p)));
      loadImage(iimg, base + "/instance?" + q(p), { method: "POST", body: file.files[0] });
    });
    panels.push(el("div", { class: "panel" }, el("h2", {}, "Your image as the instance"), file, el("div", {}, iimg), links(iimg, "instance")));
  }

  view.replaceChildren(el("h1", {}, "Explore " + name), el("div", { class: "panels" }, ...panels));

  function refreshAll() {
    refreshGrid().catch(e => say(e.message));
  }
  await refreshGrid();
}

// ------------------------------------------------------------------ routing

async function route() {
  stopPolling();
  stopPolling = () => {};
  say("", true);
  const h = location.hash || "#/";
  try {
    let m;
    if ((m = h.match(/^#\/run\/(.+)$/))) await showRun(decodeURIComponent(m[1]));
    else if ((m = h.match(/^#\/explore\/(.+)$/))) await showExplorer(decodeURIComponent(m[1]));
    else await showRuns();
  } catch (e) {
    say(e.message);
  }
}

window.addEventListener("hashchange", route);
route();
