// Prints the built book to one PDF: mdBook's all-in-one page, print.html, in headless Chromium.
//
// Usage: node print-pdf.mjs BOOK_DIR CHROMIUM_PATH OUT.pdf
//
// The book is served from 127.0.0.1 as check-book.mjs serves it (serve-book.mjs), and the PDF is
// written only once every mermaid diagram is an SVG and every quiz widget has rendered: printed
// earlier, the diagrams would be their source text. A JavaScript error or a failed request on
// the page fails the run instead of giving a PDF with something missing.
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, serveBook } from "./serve-book.mjs";

const [bookDir, chromiumPath, outPath] = process.argv.slice(2);
if (!bookDir || !chromiumPath || !outPath) {
  console.error("usage: node print-pdf.mjs BOOK_DIR CHROMIUM_PATH OUT.pdf");
  process.exit(2);
}
// print.html holds every chapter; loading and drawing it takes some 20 s on two cores, and the
// PDF as long again. Generous, so that only a page that never settles times out.
const TIMEOUT_MS = 300_000;

const started = Date.now();
const { base, close } = await serveBook(bookDir);
const problems = [];
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
let rendered;
try {
  const context = await browser.newContext();
  // Only the book's own server is allowed, as in the check: nothing leaves the machine.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    problems.push(`request to outside the book: ${url}`);
    return route.abort();
  });
  // print.html calls window.print() once it has loaded, to open the print dialog; headless, there
  // is no one to close it. The PDF is made with page.pdf() instead.
  await context.addInitScript(() => {
    window.print = () => {};
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`JavaScript error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`JavaScript error: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`request failed: ${response.url()} (HTTP ${response.status()})`);
    }
  });

  await page.goto(base + "print.html", { waitUntil: "load", timeout: TIMEOUT_MS });
  // Rendered means: mermaid replaced each diagram's text by an SVG, each quiz placeholder holds
  // the widget (its header; the component's error fallback has none), and the web fonts are in.
  // Polled from here rather than with waitForFunction so that a problem already seen (a script
  // that failed to load, say) ends the wait at once instead of at the timeout.
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    rendered = await page.evaluate(() => ({
      diagrams: document.querySelectorAll("pre.mermaid").length,
      drawn: document.querySelectorAll("pre.mermaid svg").length,
      quizzes: document.querySelectorAll(".quiz-placeholder").length,
      widgets: document.querySelectorAll(".quiz-placeholder .mdbook-quiz header").length,
      fonts: document.fonts.status === "loaded",
    }));
    rendered.done =
      rendered.drawn === rendered.diagrams && rendered.widgets === rendered.quizzes && rendered.fonts;
    if (rendered.done || problems.length > 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!rendered.done) {
    problems.push(
      `not rendered: ${rendered.drawn} of ${rendered.diagrams} diagrams, ` +
        `${rendered.widgets} of ${rendered.quizzes} quizzes, fonts ${rendered.fonts ? "" : "not "}loaded`,
    );
  }
  if (problems.length === 0) {
    await mkdir(dirname(outPath), { recursive: true });
    await page.pdf({
      path: outPath,
      format: "A4",
      printBackground: true, // code blocks and admonitions keep their shading
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
      // The headings as PDF bookmarks, to find a chapter among 900-odd pages. Chromium writes
      // the outline only into a tagged (accessible) PDF, which screen readers want anyway.
      outline: true,
      tagged: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      // Chromium draws the footer at a tiny default size unless told otherwise.
      footerTemplate:
        '<div style="font-size: 8px; color: #666; width: 100%; margin: 0 14mm; display: flex; ' +
        'justify-content: space-between"><span class="title"></span>' +
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>',
    });
  }
} finally {
  await browser.close();
  await close();
}

if (problems.length > 0) {
  console.log(`print-pdf: ${problems.length} problem(s) on print.html, no PDF written:`);
  // A path that is wrong in every chapter fails once per chapter: say it once.
  const times = new Map();
  for (const problem of problems) times.set(problem, (times.get(problem) ?? 0) + 1);
  for (const [problem, count] of times) console.log(`  ${problem}${count > 1 ? ` (${count} times)` : ""}`);
  process.exit(1);
}
const pdf = await readFile(outPath);
const pages = pageCount(pdf);
const megabytes = ((await stat(outPath)).size / 1e6).toFixed(1);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `wrote ${outPath}: ${pages} pages, ${megabytes} MB, ${rendered.drawn} diagrams, ` +
    `${rendered.widgets} quizzes, in ${seconds} s`,
);
// A PDF of a page that printed almost nothing (say, a stylesheet hid the content) is still a PDF.
if (!(pages > 50)) {
  console.log(`print-pdf: only ${pages} pages for the whole book: something is missing`);
  process.exit(1);
}

/** The page count in the PDF's page tree: the largest /Count of its /Pages nodes (the root's). */
function pageCount(buffer) {
  const text = buffer.toString("latin1");
  const pagesNode = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g;
  const counts = [...text.matchAll(pagesNode)];
  return Math.max(0, ...counts.map((match) => Number(match[1] ?? match[2])));
}
