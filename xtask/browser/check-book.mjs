// Opens the built book in headless Chromium and checks what a reader would see.
//
// Usage: node check-book.mjs BOOK_DIR CHROMIUM_PATH SCREENSHOT_PATH
//
// On the exemplar chapter (Module 1.1, Processes): every mermaid diagram became an SVG (the
// xychart too), admonitions are styled, the quiz widget rendered, the "does not compile" badge
// shows, and the search box finds the chapter. On every page: no JavaScript error.
// The book is served from 127.0.0.1 on a port the system picks; nothing leaves the machine.
import { createServer } from "node:http";
import { readFile, mkdir, readdir } from "node:fs/promises";
import { dirname, extname, join, normalize, relative } from "node:path";
import { chromium } from "playwright-core";

const [bookDir, chromiumPath, screenshotPath] = process.argv.slice(2);
if (!bookDir || !chromiumPath || !screenshotPath) {
  console.error("usage: node check-book.mjs BOOK_DIR CHROMIUM_PATH SCREENSHOT_PATH");
  process.exit(2);
}
const EXEMPLAR = "month-1/module-1.1/processes.html";
const SEARCH_WORD = "zombie";
const TIMEOUT_MS = 20_000;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
  let file = join(bookDir, path);
  if (path.endsWith("/")) file = join(file, "index.html");
  try {
    const body = await readFile(file);
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404).end("not found");
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const failures = [];
const fail = (message) => failures.push(message);

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  // Without the networking flags Chromium tries to reach Google's services at start-up.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Only the book's own server is allowed: a page that reaches out elsewhere is a failure too.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    fail(`request to outside the book: ${url}`);
    return route.abort();
  });

  // Every page loads without JavaScript errors, and every mermaid diagram on it renders (mermaid
  // draws a syntax error as an "error" diagram instead of throwing, so look for that too).
  const pages = await htmlPages(bookDir);
  let diagramCount = 0;
  for (const pagePath of pages) {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(base + pagePath, { waitUntil: "load" });
    const kinds = await renderedDiagrams(page, pagePath);
    diagramCount += kinds.length;
    kinds.forEach((kind, index) => {
      if (!kind || kind === "error") fail(`${pagePath}: mermaid diagram ${index + 1} did not render (${kind})`);
    });
    for (const error of errors) fail(`${pagePath}: JavaScript error: ${error}`);
    await page.close();
  }
  console.log(`  ${pages.length} pages loaded, ${diagramCount} diagrams rendered`);

  // The exemplar chapter, in detail.
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(base + EXEMPLAR, { waitUntil: "load" });

  const chartKinds = await renderedDiagrams(page, EXEMPLAR);
  const diagrams = chartKinds.length;
  if (diagrams < 3) fail(`${EXEMPLAR}: expected at least 3 mermaid diagrams, found ${diagrams}`);
  for (const kind of ["sequence", "stateDiagram", "xychart"]) {
    if (!chartKinds.some((k) => k && k.startsWith(kind))) {
      fail(`${EXEMPLAR}: no rendered ${kind} diagram (rendered: ${chartKinds.join(", ")})`);
    }
  }

  const admonitions = await page.$$eval(".admonition", (boxes) =>
    boxes.map((box) => {
      const style = getComputedStyle(box);
      return { border: style.borderInlineStartWidth, title: !!box.querySelector(".admonition-title") };
    }),
  );
  if (admonitions.length < 3) fail(`${EXEMPLAR}: expected at least 3 admonitions, found ${admonitions.length}`);
  if (!admonitions.every((a) => a.border !== "0px" && a.title)) {
    fail(`${EXEMPLAR}: admonitions are not styled by mdbook-admonish's CSS: ${JSON.stringify(admonitions)}`);
  }

  await page
    .waitForFunction(() => document.querySelector(".quiz-placeholder")?.children.length > 0, null, {
      timeout: TIMEOUT_MS,
    })
    .catch(() => fail(`${EXEMPLAR}: the quiz widget did not render`));

  const badge = await page.$$eval("code.compile_fail", (codes) =>
    codes.map((code) => getComputedStyle(code, "::before").content),
  );
  if (badge.length === 0 || !badge.every((content) => content.includes("Does not compile"))) {
    fail(`${EXEMPLAR}: compile_fail blocks lack the "Does not compile" badge: ${JSON.stringify(badge)}`);
  }

  const solutionHidden = await page.$$eval("details", (all) => all.length > 0 && all.every((d) => !d.open));
  if (!solutionHidden) fail(`${EXEMPLAR}: the exercise solution is not folded away in <details>`);

  await page.screenshot({ path: screenshotPath, fullPage: false });

  // Search: open the search bar the way a reader does (the "s" key) and type a word.
  // mdBook searches on key-up events, so type the word key by key rather than filling the box.
  await page.keyboard.press("s");
  await page.locator("#searchbar").waitFor({ state: "visible", timeout: TIMEOUT_MS });
  await page.locator("#searchbar").pressSequentially(SEARCH_WORD, { delay: 20 });
  await page
    .waitForFunction(
      (chapter) =>
        [...document.querySelectorAll("#searchresults a")].some((a) => a.href.includes(chapter)),
      "processes.html",
      { timeout: TIMEOUT_MS },
    )
    .catch(() => fail(`search for "${SEARCH_WORD}" did not list ${EXEMPLAR}`));

  for (const error of errors) fail(`${EXEMPLAR}: JavaScript error: ${error}`);
  console.log(
    `  ${EXEMPLAR}: ${diagrams} diagrams (${chartKinds.join(", ")}), ${admonitions.length} admonitions, ` +
      `quiz, ${badge.length} compile_fail badge(s), search`,
  );
} finally {
  await browser.close();
  server.close();
}

if (failures.length > 0) {
  console.log(`browser check: ${failures.length} problem(s):`);
  for (const failure of failures) console.log(`  ${failure}`);
  process.exit(1);
}
console.log(`browser check passed; screenshot in ${screenshotPath}`);

/** Waits for mermaid to turn every diagram of the page into an SVG; returns each one's kind. */
async function renderedDiagrams(page, pagePath) {
  const count = await page.locator("pre.mermaid").count();
  if (count === 0) return [];
  await page
    .waitForFunction(
      () => [...document.querySelectorAll("pre.mermaid")].every((d) => d.querySelector("svg")),
      null,
      { timeout: TIMEOUT_MS },
    )
    .catch(() => fail(`${pagePath}: not every mermaid diagram became an SVG`));
  return page.$$eval("pre.mermaid", (blocks) =>
    blocks.map((block) => block.querySelector("svg")?.getAttribute("aria-roledescription") ?? null),
  );
}

function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

async function htmlPages(dir) {
  const found = [];
  async function walk(current) {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith(".html")) found.push(relative(dir, path));
    }
  }
  await walk(dir);
  await mkdir(dirname(screenshotPath), { recursive: true });
  return found.sort();
}
