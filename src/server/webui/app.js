// onnxocr-server web UI: one page, no dependencies, served from the binary (CSP: scripts same-origin only).
"use strict";
(() => {
  const I18N = {
    en: {
      skip: "Skip to results", apiDocs: "API docs", inputHeading: "Input",
      dropLead: "Drop an image or PDF here, paste one (Ctrl/Cmd+V), or", choose: "Choose file…",
      formats: "JPEG, PNG, WebP, BMP, TIFF or PDF", angle: "Detect upside-down lines (use_angle_cls)",
      docori: "Turn sideways pages upright (use_doc_orientation)", lang: "Language", langAny: "Any (the model decides)",
      turned: "page turned {turn}°",
      model: "Model", modelDefault: "Server default", format: "Document output format", fmtText: "Plain text",
      rerun: "Run again", convert: "Document output", results: "Results", copy: "Copy all text",
      dlJson: "Download JSON", dlMd: "Download Markdown", dlTxt: "Download text", prev: "‹ Previous", next: "Next ›",
      lines: "Lines", noLines: "No text found on this page.", docHeading: "Document output", download: "Download",
      pages: "Pages", pageOf: "Page {n} of {total}", processing: "Processing {name}…", converting: "Converting {name}…",
      done: "{lines} lines in {server} s on the server ({total} s in total)",
      docDone: "Document output ready ({total} s)", copied: "Copied to the clipboard", copyFailed: "Could not copy: {msg}",
      lineLabel: "Line {n}: {text}, confidence {conf}", low: "low confidence", confTitle: "Confidence {conf}",
      noImage: "The browser cannot show this page; boxes are drawn on a blank frame the size of the text area.",
      boxes: "{n} boxes drawn over the image", unsupportedPick: "{name}: not a supported file type ({type}). Use JPEG, PNG, WebP, BMP, TIFF or PDF.",
      err413: "The file is too large or over the server's limits: {msg}",
      err415: "The file format is not supported: {msg}",
      err503: "The server is busy. Try again in {after} seconds. ({msg})", err503NoRetry: "The server is busy or shutting down. Try again shortly. ({msg})",
      err504: "The request took too long: {msg}", err400: "The server could not read the input: {msg}",
      err422: "An option was rejected: {msg}", errOther: "Error {status}: {msg}",
      errNetwork: "Cannot reach the server: {msg}", errBadJson: "The server sent a response that is not JSON (status {status}).",
      noPaste: "The clipboard has no image or PDF.", ready: "Ready. Models: {models}", notReady: "The server is not ready ({status}).",
      jobQueued: "{name}: {pages} pages, sent as a job…", jobProgress: "Job {status}: {done} of {total} pages",
      jobDone: "{total} pages converted as a job ({seconds} s)", jobFailed: "The job failed: {msg}",
      jobPageErrors: "{n} page(s) could not be read: {pages}",
      dlPdf: "Searchable PDF", makingPdf: "Making a searchable PDF of {name}…", pdfDone: "Searchable PDF ready ({total} s)",
      wordTitle: "{text} ({conf})",
    },
    zh: {
      skip: "跳到结果", apiDocs: "API 文档", inputHeading: "输入",
      dropLead: "将图片或 PDF 拖到此处、粘贴（Ctrl/Cmd+V），或", choose: "选择文件…",
      formats: "支持 JPEG、PNG、WebP、BMP、TIFF 或 PDF", angle: "检测倒置文字行（use_angle_cls）",
      docori: "自动转正横置页面（use_doc_orientation）", lang: "语言", langAny: "任意（由模型决定）",
      turned: "页面旋转了 {turn}°",
      model: "模型", modelDefault: "服务器默认", format: "文档输出格式", fmtText: "纯文本",
      rerun: "重新识别", convert: "文档输出", results: "结果", copy: "复制全部文字",
      dlJson: "下载 JSON", dlMd: "下载 Markdown", dlTxt: "下载文本", prev: "‹ 上一页", next: "下一页 ›",
      lines: "文字行", noLines: "此页未识别到文字。", docHeading: "文档输出", download: "下载",
      pages: "页面", pageOf: "第 {n} 页，共 {total} 页", processing: "正在处理 {name}…", converting: "正在转换 {name}…",
      done: "{lines} 行，服务器用时 {server} 秒（总计 {total} 秒）",
      docDone: "文档输出完成（{total} 秒）", copied: "已复制到剪贴板", copyFailed: "复制失败：{msg}",
      lineLabel: "第 {n} 行：{text}，置信度 {conf}", low: "置信度低", confTitle: "置信度 {conf}",
      noImage: "浏览器无法显示此页；文字框绘制在与文字区域同尺寸的空白页上。",
      boxes: "图片上绘制了 {n} 个文字框", unsupportedPick: "{name}：不支持的文件类型（{type}）。请使用 JPEG、PNG、WebP、BMP、TIFF 或 PDF。",
      err413: "文件过大或超出服务器限制：{msg}",
      err415: "不支持的文件格式：{msg}",
      err503: "服务器繁忙，请 {after} 秒后重试。（{msg}）", err503NoRetry: "服务器繁忙或正在关闭，请稍后重试。（{msg}）",
      err504: "请求超时：{msg}", err400: "服务器无法读取输入：{msg}",
      err422: "选项无效：{msg}", errOther: "错误 {status}：{msg}",
      errNetwork: "无法连接服务器：{msg}", errBadJson: "服务器返回的不是 JSON（状态 {status}）。",
      noPaste: "剪贴板中没有图片或 PDF。", ready: "就绪。模型：{models}", notReady: "服务器尚未就绪（{status}）。",
      jobQueued: "{name}：共 {pages} 页，作为任务提交…", jobProgress: "任务{status}：已完成 {done} / {total} 页",
      jobDone: "已通过任务转换 {total} 页（{seconds} 秒）", jobFailed: "任务失败：{msg}",
      jobPageErrors: "{n} 页无法识别：{pages}",
      dlPdf: "可搜索 PDF", makingPdf: "正在生成 {name} 的可搜索 PDF…", pdfDone: "可搜索 PDF 已生成（{total} 秒）",
      wordTitle: "{text}（{conf}）",
    },
  };
  const lang = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
  const dict = /^zh\b/i.test(lang) ? I18N.zh : I18N.en;
  const t = (key, vars = {}) =>
    (dict[key] ?? I18N.en[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));

  const $ = (id) => document.getElementById(id);
  const SVG_NS = "http://www.w3.org/2000/svg";
  const LOW_CONFIDENCE = 0.8;
  const ACCEPTED = /^(image\/(jpeg|png|webp|bmp|x-ms-bmp|tiff)|application\/pdf)$/;
  const ACCEPTED_EXT = /\.(jpe?g|png|webp|bmp|tiff?|pdf)$/i;
  // PDFs with more pages than this go to POST /jobs (upload, poll, download) instead of /ocr.
  const JOB_PAGE_THRESHOLD = 10;
  const JOB_POLL_MS = 500;

  const el = {
    drop: $("drop"), file: $("file"), angle: $("angle"), docori: $("docori"), lang: $("lang"), model: $("model"), format: $("format"), options: $("options"),
    rerun: $("rerun"), convert: $("convert"), status: $("status"), error: $("error"), results: $("results"),
    fileName: $("file-name"), copy: $("copy"), dlJson: $("dl-json"), dlMd: $("dl-md"), dlTxt: $("dl-txt"), dlPdf: $("dl-pdf"),
    pager: $("pager"), prev: $("prev"), next: $("next"), pageLabel: $("page-label"), stage: $("stage"),
    image: $("image"), overlay: $("overlay"), caption: $("caption"), lines: $("lines"), lineCount: $("line-count"),
    noLines: $("no-lines"), doc: $("doc"), docOutput: $("doc-output"), docCopy: $("doc-copy"), docDl: $("doc-dl"),
    jobProgress: $("job-progress"), split: $("split"), lineTools: $("line-tools"),
  };

  const state = { file: null, objectUrl: null, response: null, pages: [], page: 0, busy: false, doc: null, imageOk: false };

  // ---- i18n of static text ----
  document.documentElement.lang = dict === I18N.zh ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  el.pager.setAttribute("aria-label", t("pages"));

  // ---- status / errors ----
  function setStatus(text, busy = false) {
    el.status.textContent = text;
    el.status.dataset.busy = String(busy);
  }
  function showError(text) {
    el.error.textContent = text;
    el.error.hidden = !text;
  }
  function setBusy(busy) {
    state.busy = busy;
    el.rerun.disabled = busy || !state.file;
    el.convert.disabled = busy || !state.file;
    el.dlPdf.disabled = busy || !state.file;
    el.file.disabled = busy;
    el.results.setAttribute("aria-busy", String(busy));
  }

  async function errorMessage(response) {
    let msg = response.statusText || "";
    try {
      const body = await response.json();
      if (body && typeof body.error === "string") msg = body.error;
      else if (body && body.detail) msg = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch { /* not JSON: keep the status text */ }
    const status = response.status;
    if (status === 413) return t("err413", { msg });
    if (status === 415) return t("err415", { msg });
    if (status === 503) {
      const after = response.headers.get("Retry-After");
      return after ? t("err503", { after, msg }) : t("err503NoRetry", { msg });
    }
    if (status === 504) return t("err504", { msg });
    if (status === 400) return t("err400", { msg });
    if (status === 422) return t("err422", { msg });
    return t("errOther", { status, msg });
  }

  // POST a form; the answer as a Blob (a file such as /pdf's), or an Error with the server's message.
  async function postForBlob(url, form) {
    let response;
    try {
      response = await fetch(url, { method: "POST", body: form });
    } catch (e) {
      throw new Error(t("errNetwork", { msg: e.message }));
    }
    if (!response.ok) throw new Error(await errorMessage(response));
    return response.blob();
  }

  async function post(url, form) {
    let response;
    try {
      response = await fetch(url, { method: "POST", body: form, headers: { Accept: "application/json" } });
    } catch (e) {
      throw new Error(t("errNetwork", { msg: e.message }));
    }
    if (!response.ok) {
      const error = new Error(await errorMessage(response));
      error.pageLimit = response.status === 413 && /pages requested/.test(error.message);
      throw error;
    }
    try {
      return await response.json();
    } catch {
      throw new Error(t("errBadJson", { status: response.status }));
    }
  }

  // ---- models ----
  async function loadModels() {
    try {
      const response = await fetch("/ready", { headers: { Accept: "application/json" } });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        setStatus(t("notReady", { status: body.status || response.status }));
        return;
      }
      const models = Array.isArray(body.models) ? body.models : [];
      for (const m of models) {
        const name = typeof m === "string" ? m : m && m.name;
        if (!name) continue;
        const option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        el.model.append(option);
      }
      for (const code of Array.isArray(body.languages) ? body.languages : []) {
        const option = document.createElement("option");
        option.value = code;
        option.textContent = code;
        el.lang.append(option);
      }
      if (!state.file) setStatus(t("ready", { models: models.map((m) => (typeof m === "string" ? m : m.name)).join(", ") || "—" }));
    } catch { /* /ready unreachable: the first request will report it */ }
  }

  // ---- input ----
  function isAccepted(file) {
    return ACCEPTED.test(file.type) || (!file.type && ACCEPTED_EXT.test(file.name)) || ACCEPTED_EXT.test(file.name);
  }
  function isPdf(file) {
    return file.type === "application/pdf" || /\.pdf$/i.test(file.name);
  }

  function takeFile(file) {
    if (!file || state.busy) return;
    showError("");
    if (!isAccepted(file)) {
      showError(t("unsupportedPick", { name: file.name || "?", type: file.type || "?" }));
      return;
    }
    state.file = file;
    if (state.objectUrl) URL.revokeObjectURL(state.objectUrl);
    state.objectUrl = isPdf(file) ? null : URL.createObjectURL(file);
    state.doc = null;
    el.doc.hidden = true;
    runOcr();
  }

  el.file.addEventListener("change", () => {
    const file = el.file.files && el.file.files[0];
    el.file.value = "";
    takeFile(file);
  });

  let dragDepth = 0;
  el.drop.addEventListener("dragenter", (e) => { e.preventDefault(); dragDepth++; el.drop.dataset.state = "over"; });
  el.drop.addEventListener("dragover", (e) => { e.preventDefault(); e.dataTransfer.dropEffect = "copy"; });
  el.drop.addEventListener("dragleave", () => { if (--dragDepth <= 0) { dragDepth = 0; el.drop.dataset.state = "idle"; } });
  el.drop.addEventListener("drop", (e) => {
    e.preventDefault();
    dragDepth = 0;
    el.drop.dataset.state = "idle";
    takeFile(e.dataTransfer && e.dataTransfer.files[0]);
  });
  // A file dropped outside the drop zone must not make the browser navigate away.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => { e.preventDefault(); if (!el.drop.contains(e.target)) takeFile(e.dataTransfer && e.dataTransfer.files[0]); });

  document.addEventListener("paste", (e) => {
    const data = e.clipboardData;
    if (!data) return;
    let file = null;
    for (const f of data.files || []) { if (isAccepted(f)) { file = f; break; } }
    if (!file) {
      for (const item of data.items || []) {
        if (item.kind === "file") { const f = item.getAsFile(); if (f && isAccepted(f)) { file = f; break; } }
      }
    }
    const target = e.target;
    const editable = target && (target.isContentEditable || /^(INPUT|TEXTAREA)$/.test(target.tagName));
    if (!file) {
      if (!editable && (data.files || []).length) showError(t("noPaste"));
      return;
    }
    e.preventDefault();
    // Clipboard images are often nameless ("image.png"); keep a sensible name for downloads.
    if (!file.name) file = new File([file], `pasted.${(file.type.split("/")[1] || "png")}`, { type: file.type });
    takeFile(file);
  });

  el.options.addEventListener("submit", (e) => { e.preventDefault(); if (state.file) runOcr(); });
  el.convert.addEventListener("click", () => { if (state.file) runDocument(); });

  // ---- OCR ----
  function ocrForm(file) {
    const form = new FormData();
    form.append("file", file, file.name || "upload");
    form.append("use_angle_cls", el.angle.checked ? "true" : "false");
    form.append("word_boxes", "true");  // each line's words, shown on hover
    if (el.model.value) form.append("model", el.model.value);
    if (el.lang.value) form.append("lang", el.lang.value);
    if (el.docori.checked) form.append("use_doc_orientation", "true");
    return form;
  }

  function normalisePages(results) {
    if (!Array.isArray(results)) return [[]];
    if (results.length > 0 && Array.isArray(results[0])) return results;
    return [results];
  }

  // Pages of a PDF, counted from its page objects ("/Type /Page"); 0 when they
  // are hidden in compressed object streams (such a PDF goes to /ocr, and to a
  // job if /ocr refuses its page count).
  async function countPdfPages(file) {
    try {
      const text = new TextDecoder("latin1").decode(await file.arrayBuffer());
      return (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) || []).length;
    } catch {
      return 0;
    }
  }

  async function runOcr() {
    const file = state.file;
    if (isPdf(file)) {
      const pages = await countPdfPages(file);
      if (pages > JOB_PAGE_THRESHOLD) return runJob(pages);
    }
    setBusy(true);
    showError("");
    state.ocrStatus = "";
    setStatus(t("processing", { name: file.name }), true);
    const started = performance.now();
    try {
      const body = await post("/ocr", ocrForm(file));
      const total = (performance.now() - started) / 1000;
      state.response = body;
      state.pages = normalisePages(body.results);
      state.page = 0;
      const lineTotal = state.pages.reduce((n, p) => n + p.length, 0);
      state.ocrStatus = t("done", { lines: lineTotal, server: fmt(body.processing_time, 2), total: total.toFixed(2) });
      const turns = [].concat(body.orientation ?? []).filter((turn) => turn);
      if (turns.length) state.ocrStatus += ` · ${t("turned", { turn: [...new Set(turns)].join("/") })}`;
      el.fileName.textContent = `— ${file.name}`;
      el.split.hidden = false;
      el.lineTools.hidden = false;
      el.results.hidden = false;
      await render();
      // Only now, with lines and boxes on screen, is the page no longer busy.
      setStatus(state.ocrStatus);
      // PDFs: the document conversion (text layer, paragraphs) as well.
      if (isPdf(file)) await runDocument();
    } catch (e) {
      // A PDF over /ocr's page limit whose pages could not be counted here: a job.
      if (isPdf(file) && e.pageLimit) {
        setBusy(false);
        return runJob(0);
      }
      // Results of an earlier file must not pass for this one's.
      state.response = null;
      state.pages = [];
      el.results.hidden = true;
      setStatus("");
      showError(e.message);
    } finally {
      setBusy(false);
    }
  }

  async function runDocument() {
    const file = state.file;
    setBusy(true);
    showError("");
    setStatus(t("converting", { name: file.name }), true);
    const started = performance.now();
    try {
      const form = ocrForm(file);
      form.delete("word_boxes");
      form.append("output_format", el.format.value);
      const body = await post("/marker/upload", form);
      showDocument(body);
      const done = t("docDone", { total: ((performance.now() - started) / 1000).toFixed(2) });
      setStatus(state.ocrStatus ? `${state.ocrStatus} · ${done}` : done);
    } catch (e) {
      setStatus("");
      showError(e.message);
    } finally {
      setBusy(false);
    }
  }

  function showDocument(body) {
    let output = typeof body.output === "string" ? body.output : JSON.stringify(body.output, null, 2);
    if (body.format === "json" || body.format === "chunks") {
      try { output = JSON.stringify(JSON.parse(output), null, 2); } catch { /* leave as sent */ }
    }
    state.doc = { format: body.format || el.format.value, output };
    el.docOutput.textContent = output;
    el.doc.hidden = false;
    el.results.hidden = false;
  }

  async function getJson(url) {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" } });
    } catch (e) {
      throw new Error(t("errNetwork", { msg: e.message }));
    }
    if (!response.ok) throw new Error(await errorMessage(response));
    return response.json();
  }

  // A long PDF as an asynchronous job: POST /jobs, poll its status with a
  // progress bar (pages done of total), then show its result: the document
  // output /marker/upload would give.
  async function runJob(counted) {
    const file = state.file;
    setBusy(true);
    showError("");
    state.response = null;
    state.pages = [];
    state.ocrStatus = "";
    el.results.hidden = true;
    el.doc.hidden = true;
    el.jobProgress.value = 0;
    el.jobProgress.max = Math.max(1, counted);
    el.jobProgress.hidden = false;
    setStatus(t("jobQueued", { name: file.name, pages: counted || "?" }), true);
    const started = performance.now();
    try {
      const form = ocrForm(file);
      form.append("output_format", el.format.value);
      const job = await post("/jobs", form);
      let status = { status: job.status, pages_done: 0, pages_total: job.pages_total };
      for (;;) {
        el.jobProgress.max = Math.max(1, status.pages_total);
        el.jobProgress.value = status.pages_done;
        el.jobProgress.setAttribute("aria-valuetext", t("jobProgress", { status: status.status, done: status.pages_done, total: status.pages_total }));
        setStatus(t("jobProgress", { status: status.status, done: status.pages_done, total: status.pages_total }), true);
        if (status.status === "done") break;
        if (status.status === "failed") throw new Error(t("jobFailed", { msg: status.error || "?" }));
        await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
        status = await getJson(job.status_url);
      }
      const body = await getJson(job.result_url);
      el.fileName.textContent = `— ${file.name}`;
      // A job's result is the document output: no line-by-line view.
      el.pager.hidden = true;
      el.split.hidden = true;
      el.lineTools.hidden = true;
      showDocument(body);
      const failed = (body.metadata && body.metadata.page_errors) || [];
      if (failed.length) showError(t("jobPageErrors", { n: failed.length, pages: failed.map((p) => p.page_id + 1).join(", ") }));
      setStatus(t("jobDone", { total: status.pages_total, seconds: ((performance.now() - started) / 1000).toFixed(1) }));
    } catch (e) {
      setStatus("");
      showError(e.message);
    } finally {
      el.jobProgress.hidden = true;
      setBusy(false);
    }
  }

  function fmt(n, digits) { return typeof n === "number" && isFinite(n) ? n.toFixed(digits) : "?"; }

  // ---- rendering ----
  function loadImage(url) {
    return new Promise((resolve) => {
      el.image.onload = () => resolve(el.image.naturalWidth > 0);
      el.image.onerror = () => resolve(false);
      el.image.src = url;
    });
  }

  async function render() {
    const pages = state.pages;
    const n = pages.length;
    el.pager.hidden = n <= 1;
    el.pageLabel.textContent = t("pageOf", { n: state.page + 1, total: n });
    el.prev.disabled = state.page <= 0;
    el.next.disabled = state.page >= n - 1;
    const lines = pages[state.page] || [];

    // The image itself only for single-page raster inputs the browser can decode (not TIFF in most browsers, not PDF).
    let width = 0;
    let height = 0;
    let showImage = false;
    if (state.objectUrl && n === 1) {
      if (el.image.src !== state.objectUrl) state.imageOk = await loadImage(state.objectUrl);
      if (state.imageOk) { showImage = true; width = el.image.naturalWidth; height = el.image.naturalHeight; }
    }
    if (!showImage) {
      // A blank frame covering the text: no page size in the response, so use the boxes' extent plus a margin.
      let maxX = 0, maxY = 0;
      for (const line of lines) for (const [x, y] of line.bounding_box || []) { maxX = Math.max(maxX, x); maxY = Math.max(maxY, y); }
      width = Math.max(100, Math.ceil(maxX * 1.05 + 20));
      height = Math.max(60, Math.ceil(maxY * 1.05 + 20));
    }
    el.image.hidden = !showImage;
    el.stage.classList.toggle("blank", !showImage);
    el.caption.textContent = showImage ? t("boxes", { n: lines.length }) : t("noImage");

    const svg = el.overlay;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("preserveAspectRatio", "none");
    if (!showImage) {
      svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
      const bg = document.createElementNS(SVG_NS, "rect");
      bg.setAttribute("width", width); bg.setAttribute("height", height); bg.setAttribute("fill", "#fff");
      svg.append(bg);
    }
    // Line boxes, then their words on top (each word box shows its text on hover).
    const lineBoxes = document.createElementNS(SVG_NS, "g");
    const wordBoxes = document.createElementNS(SVG_NS, "g");
    wordBoxes.setAttribute("class", "words");
    svg.append(lineBoxes, wordBoxes);
    const list = el.lines;
    list.replaceChildren();
    lines.forEach((line, i) => {
      const conf = typeof line.confidence === "number" ? line.confidence : 0;
      const low = conf < LOW_CONFIDENCE;
      const poly = document.createElementNS(SVG_NS, "polygon");
      poly.setAttribute("points", (line.bounding_box || []).map(([x, y]) => `${x},${y}`).join(" "));
      poly.dataset.index = String(i);
      if (low) poly.classList.add("low");
      const title = document.createElementNS(SVG_NS, "title");
      title.textContent = `${i + 1}: ${line.text} (${conf.toFixed(3)})`;
      poly.append(title);
      lineBoxes.append(poly);
      for (const word of line.words || []) {
        const box = document.createElementNS(SVG_NS, "polygon");
        box.setAttribute("points", (word.bounding_box || []).map(([x, y]) => `${x},${y}`).join(" "));
        box.setAttribute("class", "word");
        box.dataset.line = String(i);
        const tip = document.createElementNS(SVG_NS, "title");
        tip.textContent = t("wordTitle", { text: word.text, conf: fmt(word.confidence, 3) });
        box.append(tip);
        wordBoxes.append(box);
      }
      if (!showImage) {
        // No picture to read from: print the text inside its box.
        const pts = line.bounding_box || [];
        if (pts.length === 4) {
          const txt = document.createElementNS(SVG_NS, "text");
          const h = Math.max(8, Math.hypot(pts[3][0] - pts[0][0], pts[3][1] - pts[0][1]));
          txt.setAttribute("x", pts[0][0] + 2);
          txt.setAttribute("y", pts[0][1] + h * 0.78);
          txt.setAttribute("font-size", (h * 0.7).toFixed(1));
          txt.setAttribute("pointer-events", "none");
          txt.textContent = line.text;
          svg.append(txt);
        }
      }

      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "line" + (low ? " low" : "");
      button.dataset.index = String(i);
      button.setAttribute("aria-label", t("lineLabel", { n: i + 1, text: line.text, conf: conf.toFixed(3) }) + (low ? `, ${t("low")}` : ""));
      const num = document.createElement("span"); num.className = "num"; num.textContent = String(i + 1);
      const text = document.createElement("span"); text.className = "text"; text.textContent = line.text;
      const c = document.createElement("span"); c.className = "conf"; c.textContent = conf.toFixed(3);
      c.title = low ? `${t("confTitle", { conf: conf.toFixed(3) })} — ${t("low")}` : t("confTitle", { conf: conf.toFixed(3) });
      button.append(num, text, c);
      li.append(button);
      list.append(li);
    });
    el.lineCount.textContent = `(${lines.length})`;
    el.noLines.hidden = lines.length > 0;
  }

  // Highlight both ways: list ⇄ boxes.
  function highlight(index, scroll) {
    for (const node of el.overlay.querySelectorAll("polygon.active")) node.classList.remove("active");
    for (const node of el.lines.querySelectorAll(".line.active")) node.classList.remove("active");
    for (const node of el.overlay.querySelectorAll("polygon.word.shown")) node.classList.remove("shown");
    if (index == null) return;
    for (const node of el.overlay.querySelectorAll(`polygon.word[data-line="${index}"]`)) node.classList.add("shown");
    const poly = el.overlay.querySelector(`polygon[data-index="${index}"]`);
    const button = el.lines.querySelector(`.line[data-index="${index}"]`);
    if (poly) { poly.classList.add("active"); poly.parentNode.append(poly); }  // on top of its neighbours
    if (button) { button.classList.add("active"); if (scroll) button.scrollIntoView({ block: "nearest" }); }
  }
  let selected = null;
  const indexOf = (e) => {
    const n = e.target.closest && e.target.closest("[data-index], [data-line]");
    return n ? n.dataset.index ?? n.dataset.line : null;
  };
  el.lines.addEventListener("mouseover", (e) => { const i = indexOf(e); if (i != null) highlight(i, false); });
  el.lines.addEventListener("mouseleave", () => highlight(selected, false));
  el.lines.addEventListener("focusin", (e) => { const i = indexOf(e); if (i != null) highlight(i, false); });
  el.lines.addEventListener("click", (e) => { const i = indexOf(e); if (i != null) { selected = i; highlight(i, false); } });
  el.overlay.addEventListener("mouseover", (e) => { const i = indexOf(e); if (i != null) highlight(i, true); });
  el.overlay.addEventListener("mouseleave", () => highlight(selected, true));
  el.overlay.addEventListener("click", (e) => {
    const i = indexOf(e);
    if (i == null) return;
    selected = i;
    highlight(i, true);
    const button = el.lines.querySelector(`.line[data-index="${i}"]`);
    if (button) button.focus({ preventScroll: true });
  });

  function goPage(delta) {
    const next = state.page + delta;
    if (next < 0 || next >= state.pages.length) return;
    state.page = next;
    selected = null;
    render();
  }
  el.prev.addEventListener("click", () => goPage(-1));
  el.next.addEventListener("click", () => goPage(1));
  el.results.addEventListener("keydown", (e) => {
    if (e.target.closest("select, input, textarea")) return;
    if (e.key === "PageDown") { goPage(1); e.preventDefault(); }
    if (e.key === "PageUp") { goPage(-1); e.preventDefault(); }
  });

  // ---- export ----
  function plainText() {
    return state.pages.map((p) => p.map((l) => l.text).join("\n")).join("\n\n\f");
  }
  function markdown() {
    const multi = state.pages.length > 1;
    return state.pages
      .map((p, i) => (multi ? `## ${t("pageOf", { n: i + 1, total: state.pages.length })}\n\n` : "") +
        p.map((l) => l.text.replace(/([\\`*_[\]#<>|])/g, "\\$1")).join("  \n"))
      .join("\n\n") + "\n";
  }
  function baseName() {
    return ((state.file && state.file.name) || "ocr").replace(/\.[^.]*$/, "") || "ocr";
  }
  function download(content, type, ext) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${baseName()}.${ext}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(text);
      else {
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.className = "visually-hidden";
        document.body.append(area);
        area.select();
        const ok = document.execCommand("copy");
        area.remove();
        if (!ok) throw new Error("execCommand");
      }
      setStatus(t("copied"));
    } catch (e) {
      showError(t("copyFailed", { msg: e.message }));
    }
  }
  el.copy.addEventListener("click", () => copyText(plainText().replace(/\f/g, "")));
  el.dlJson.addEventListener("click", () => download(JSON.stringify(state.response, null, 2) + "\n", "application/json", "json"));
  el.dlMd.addEventListener("click", () => download(markdown(), "text/markdown;charset=utf-8", "md"));
  el.dlTxt.addEventListener("click", () => download(plainText() + "\n", "text/plain;charset=utf-8", "txt"));
  el.dlPdf.addEventListener("click", async () => {
    const file = state.file;
    if (!file || state.busy) return;
    setBusy(true);
    showError("");
    setStatus(t("makingPdf", { name: file.name }), true);
    const started = performance.now();
    try {
      const pdf = await postForBlob("/pdf", ocrForm(file));
      download(pdf, "application/pdf", "pdf");
      setStatus(t("pdfDone", { total: ((performance.now() - started) / 1000).toFixed(2) }));
    } catch (e) {
      setStatus(state.ocrStatus || "");
      showError(e.message);
    } finally {
      setBusy(false);
    }
  });
  el.docCopy.addEventListener("click", () => state.doc && copyText(state.doc.output));
  el.docDl.addEventListener("click", () => {
    if (!state.doc) return;
    const ext = { markdown: ["md", "text/markdown"], html: ["html", "text/html"], json: ["json", "application/json"],
                  chunks: ["json", "application/json"], text: ["txt", "text/plain"] }[state.doc.format] || ["txt", "text/plain"];
    download(state.doc.output, `${ext[1]};charset=utf-8`, ext[0]);
  });

  loadModels();
})();
