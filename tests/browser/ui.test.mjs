// Browser test of the web UI (GET /) against a running onnxocr-server, driven through the
// system Chromium with playwright-core (no browser download). Run with tests/browser/run.sh BASE_URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, rm, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const BASE_URL = (process.env.BASE_URL || "http://127.0.0.1:5005").replace(/\/$/, "");
const SCREENSHOT_DIR = path.resolve(root, process.env.SCREENSHOT_DIR || "build");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const EN_IMAGE = path.join(root, "tests/data/images/en_paragraph.png");
const EN_JPEG = path.join(root, "tests/data/images/en_paragraph_q90.jpg");
const SCANNED_PDF = path.join(root, "tests/data/pdf/scanned.pdf");
const LONG_PDF = path.join(root, "tests/data/pdf/text_12.pdf");
const FOX = "The quick brown fox jumps over the lazy dog.";
const OCR_TIMEOUT = 90_000;

let profile;
let context;
let page;
const consoleErrors = [];

before(async () => {
  profile = await mkdtemp(path.join(tmpdir(), "onnxocr-webui-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run"],
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = context.pages()[0] || (await context.newPage());
  page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
  const response = await page.goto(`${BASE_URL}/`);
  assert.equal(response.status(), 200);
  // Models come from GET /ready.
  await page.waitForFunction(() => document.querySelectorAll("#model option").length > 1, null, { timeout: 30_000 });
});

after(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

async function waitForResults(expectedName) {
  await page.waitForFunction(
    (name) => !document.getElementById("results").hidden &&
      document.getElementById("file-name").textContent.includes(name) &&
      document.getElementById("status").dataset.busy === "false",
    expectedName, { timeout: OCR_TIMEOUT });
}

test("file picker: image → text and boxes drawn over it", async () => {
  await page.setInputFiles("#file", EN_IMAGE);
  await waitForResults("en_paragraph.png");
  const lines = await page.locator("#lines .line .text").allTextContents();
  assert.ok(lines.includes(FOX), `lines: ${JSON.stringify(lines)}`);
  const boxes = await page.locator("#overlay polygon").count();
  assert.ok(boxes >= 9, `${boxes} boxes`);
  assert.equal(await page.locator("#image").isVisible(), true);
  assert.equal(await page.locator("#pager").isVisible(), false);  // one page: no pager
  // The overlay covers the image exactly and uses the image's natural size as its coordinate system.
  const geometry = await page.evaluate(() => {
    const img = document.getElementById("image");
    const svg = document.getElementById("overlay");
    const a = img.getBoundingClientRect();
    const b = svg.getBoundingClientRect();
    return { a: [a.x, a.y, a.width, a.height], b: [b.x, b.y, b.width, b.height],
             viewBox: svg.getAttribute("viewBox"), natural: `0 0 ${img.naturalWidth} ${img.naturalHeight}` };
  });
  assert.equal(geometry.viewBox, geometry.natural);
  geometry.a.forEach((v, i) => assert.ok(Math.abs(v - geometry.b[i]) < 1.5, JSON.stringify(geometry)));
  // Processing time shown.
  assert.match(await page.locator("#status").textContent(), /\d+\.\d\d s/);
  // Hover a line: its box is highlighted; hover a box: its line is highlighted.
  await page.locator("#lines .line").first().hover();
  assert.equal(await page.locator('#overlay polygon.active').getAttribute("data-index"), "0");
  await page.locator('#overlay polygon[data-index="2"]').hover({ force: true });
  assert.equal(await page.locator("#lines .line.active").getAttribute("data-index"), "2");
  await page.locator("#lines .line").first().hover();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "webui.png"), fullPage: true });
  // Downloads: JSON is the server's response.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dl-json")]);
  assert.equal(download.suggestedFilename(), "en_paragraph.json");
  const json = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.ok(json.results.some((l) => l.text === FOX));
  // Word boxes: a hovered line shows its words, and each word box names its word.
  await page.locator("#lines .line").first().hover();
  assert.ok(await page.locator("#overlay polygon.word.shown").count() >= 5);
  const titles = await page.locator('#overlay polygon.word[data-line="0"] title').allTextContents();
  assert.ok(titles.some((title) => title.startsWith("quick (")), JSON.stringify(titles));
  // The searchable PDF: the server's POST /pdf of the same file, downloaded.
  const [pdf] = await Promise.all([page.waitForEvent("download", { timeout: OCR_TIMEOUT }), page.click("#dl-pdf")]);
  assert.equal(pdf.suggestedFilename(), "en_paragraph.pdf");
  const bytes = await readFile(await pdf.path());
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.ok(bytes.length > 10_000, `${bytes.length} bytes`);
  await page.waitForFunction(() => document.getElementById("status").dataset.busy === "false");
});

test("sideways photo: use_doc_orientation reads it upright; languages come from /ready", async () => {
  const codes = await page.locator("#lang option").evaluateAll((options) => options.map((o) => o.value));
  assert.ok(codes.includes("fr") && codes.includes("ch"), JSON.stringify(codes));
  const base64 = (await readFile(EN_IMAGE)).toString("base64");
  await page.check("#docori");
  // The page turned 90 degrees clockwise on a canvas, pasted as a PNG.
  await page.evaluate(async (data) => {
    const picture = new Image();
    picture.src = `data:image/png;base64,${data}`;
    await picture.decode();
    const canvas = document.createElement("canvas");
    canvas.width = picture.naturalHeight;
    canvas.height = picture.naturalWidth;
    const g = canvas.getContext("2d");
    g.translate(canvas.width, 0);
    g.rotate(Math.PI / 2);
    g.drawImage(picture, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], "sideways.png", { type: "image/png" }));
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, base64);
  await waitForResults("sideways.png");
  const lines = await page.locator("#lines .line .text").allTextContents();
  assert.ok(lines.includes(FOX), `lines: ${JSON.stringify(lines)}`);
  assert.match(await page.locator("#status").textContent(), /turned 90°/);
  await page.uncheck("#docori");
});

test("paste: an image from a clipboard event is recognised", async () => {
  const base64 = (await readFile(EN_JPEG)).toString("base64");
  await page.evaluate((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const file = new File([bytes], "clipboard.jpg", { type: "image/jpeg" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const event = new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
  }, base64);
  await waitForResults("clipboard.jpg");
  const lines = await page.locator("#lines .line .text").allTextContents();
  assert.ok(lines.includes(FOX), `lines: ${JSON.stringify(lines)}`);
  assert.ok((await page.locator("#overlay polygon").count()) >= 9);
});

test("PDF: results per page, paged, plus document output", async () => {
  await page.setInputFiles("#file", SCANNED_PDF);
  await waitForResults("scanned.pdf");
  await page.waitForFunction(() => !document.getElementById("doc").hidden, null, { timeout: OCR_TIMEOUT });
  assert.equal(await page.locator("#pager").isVisible(), true);
  assert.equal((await page.locator("#page-label").textContent()).trim(), "Page 1 of 2");
  // The PDF embeds a 150 DPI JPEG of en_paragraph.png: a word gap may be lost, so compare without spaces.
  const page1 = await page.locator("#lines .line .text").allTextContents();
  assert.ok(page1.some((l) => l.replace(/\s/g, "") === FOX.replace(/\s/g, "")), `page 1: ${JSON.stringify(page1)}`);
  await page.click("#next");
  assert.equal((await page.locator("#page-label").textContent()).trim(), "Page 2 of 2");
  const page2 = await page.locator("#lines .line .text").allTextContents();
  assert.ok(page2.length > 0 && !page2.some((l) => l.includes("fox")), `page 2: ${JSON.stringify(page2)}`);
  assert.equal(await page.locator("#next").isDisabled(), true);
  // Low confidence (< 0.8) is marked, and only then.
  const marks = await page.evaluate(() => [...document.querySelectorAll("#lines .line")].map((b) =>
    [Number(b.querySelector(".conf").textContent) < 0.8, b.classList.contains("low")]));
  for (const [low, marked] of marks) assert.equal(marked, low);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "webui-pdf.png"), fullPage: true });
  assert.ok((await page.locator("#doc-output").textContent()).includes("quick brown fox"));
});

test("long PDF (> 10 pages): sent as a job, a progress bar of pages, then its document output", async () => {
  const jobRequests = [];
  const record = (request) => { if (new URL(request.url()).pathname.startsWith("/jobs")) jobRequests.push(`${request.method()} ${new URL(request.url()).pathname}`); };
  page.on("request", record);
  // Every state the progress bar goes through (the job may be quick).
  await page.evaluate(() => {
    window.progressSeen = [];
    const bar = document.getElementById("job-progress");
    new MutationObserver(() => window.progressSeen.push({ hidden: bar.hidden, value: bar.value, max: bar.max }))
      .observe(bar, { attributes: true });
  });
  await page.setInputFiles("#file", LONG_PDF);
  await page.waitForFunction(() => !document.getElementById("doc").hidden &&
    document.getElementById("status").dataset.busy === "false", null, { timeout: OCR_TIMEOUT });
  page.off("request", record);
  const status = await page.locator("#status").textContent();
  assert.match(status, /^12 pages converted as a job/, status);
  const output = await page.locator("#doc-output").textContent();
  assert.ok(output.includes("Long document page 1") && output.includes("Long document page 12"), output);
  assert.ok(jobRequests.includes("POST /jobs"), JSON.stringify(jobRequests));
  assert.ok(jobRequests.some((r) => /^GET \/jobs\/[A-Za-z0-9-]+-[0-9a-f]{32}\/result$/.test(r)), JSON.stringify(jobRequests));
  assert.ok(!jobRequests.some((r) => r === "POST /ocr"));
  const seen = await page.evaluate(() => window.progressSeen);
  assert.ok(seen.some((s) => !s.hidden && s.max === 12), JSON.stringify(seen));  // shown, out of 12 pages
  assert.equal(await page.locator("#job-progress").isVisible(), false);          // and gone once done
  assert.equal(await page.locator("#split").isVisible(), false);                 // a job shows the document output
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "webui-job.png"), fullPage: true });
});

test("error: a text file named .png gives a readable 415 message", async () => {
  await page.setInputFiles("#file", { name: "not-an-image.png", mimeType: "image/png",
                                      buffer: Buffer.from("this is plain text, not a picture\n") });
  const alert = page.locator("#error");
  await alert.waitFor({ state: "visible", timeout: OCR_TIMEOUT });
  const text = await alert.textContent();
  assert.match(text, /format is not supported/, text);
  assert.doesNotMatch(text, /\{"error"/, text);
  assert.equal(await page.locator("#results").isVisible(), false);
});

test("mobile width: no horizontal overflow; keyboard reaches the file input", async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.setInputFiles("#file", EN_IMAGE);
  await waitForResults("en_paragraph.png");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "webui-mobile.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.focus(".skip");
  await page.keyboard.press("Tab");  // API docs
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "file");
  const focusVisible = await page.evaluate(() => getComputedStyle(document.querySelector("label[for=file]")).outlineStyle);
  assert.equal(focusVisible, "solid");  // the styled label shows the hidden input's focus
  assert.deepEqual(consoleErrors.filter((e) => !/status of 415/.test(e)), []);
});
