// Opens the built book in headless Chromium and checks what a reader would see.
//
// Usage: node check-book.mjs BOOK_DIR CHROMIUM_PATH SCREENSHOT_PATH
//
// On the exemplar chapter (Module 1.1, Processes): every mermaid diagram became an SVG (the
// xychart too), admonitions are styled, the quiz widget rendered, the "does not compile" badge
// shows, and the search box finds the chapter. On every page: no JavaScript error, no request
// that fails, every diagram an SVG, every quiz widget rendered and the quiz script loaded once.
// On print.html, the whole book on one page (and the source of the PDF): the same, with every
// quiz and every diagram of the book there, and the exemplar chapter's headings in order.
// The book is served from 127.0.0.1 on a port the system picks, under the path GitHub Pages
// gives it (see serve-book.mjs); nothing leaves the machine.
import { readFile, mkdir, readdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, PREFIX, serveBook } from "./serve-book.mjs";

const [bookDir, chromiumPath, screenshotPath] = process.argv.slice(2);
if (!bookDir || !chromiumPath || !screenshotPath) {
  console.error("usage: node check-book.mjs BOOK_DIR CHROMIUM_PATH SCREENSHOT_PATH");
  process.exit(2);
}
const EXEMPLAR = "month-1/module-1.1/processes.html";
const PRINT = "print.html";
const NOT_FOUND = "404.html";
const SEARCH_WORD = "zombie";
const TIMEOUT_MS = 20_000;
// print.html holds every chapter: about 2 MB of HTML whose code blocks are all highlighted and
// whose 70-odd diagrams are all drawn before it settles, some 20 s on two cores.
const PRINT_TIMEOUT_MS = 180_000;

const { base, close } = await serveBook(bookDir);
// 404.html is the exception: GitHub Pages serves it in place of any missing page, at any depth,
// so mdBook gives it a <base href> (book.toml's `site-url`, "/" unless set) and it loads its
// scripts and styles from there. Check it where its <base> says the book is. (With "/", as now,
// it is styled only where the book sits at the root of its site.)
const notFoundPrefix = (await readFile(join(bookDir, NOT_FOUND), "utf8").catch(() => ""))
  .match(/<base href="([^"]*)"/)?.[1];
const notFound = notFoundPrefix && notFoundPrefix !== PREFIX ? await serveBook(bookDir, notFoundPrefix) : null;
const baseOf = (pagePath) => (pagePath === NOT_FOUND && notFound ? notFound.base : base);
const isOurs = (url) => url.startsWith(base) || (notFound !== null && url.startsWith(notFound.base));

const failures = [];
const fail = (message) => failures.push(message);

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Only the book's own server is allowed: a page that reaches out elsewhere is a failure too.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isOurs(url) || url.startsWith("data:")) return route.continue();
    fail(`request to outside the book: ${url} (from ${route.request().frame().url()})`);
    return route.abort();
  });
  // print.html opens the print dialog once it has loaded; a checked page has no one to close it.
  await context.addInitScript(() => {
    window.print = () => {};
  });

  // Every page loads without JavaScript errors or failed requests, every mermaid diagram on it
  // renders, and so does every quiz. print.html is checked on its own below.
  const pages = (await htmlPages(bookDir)).filter((pagePath) => pagePath !== PRINT);
  let diagramCount = 0;
  // What print.html must hold: every chapter's diagrams and quizzes. index.html is a copy of the
  // first chapter, so it is not counted twice.
  let chapterDiagrams = 0;
  const chapterQuizzes = new Set();
  for (const pagePath of pages) {
    const page = await context.newPage();
    const { kinds, quizzes } = await checkPage(page, pagePath, TIMEOUT_MS);
    diagramCount += kinds.length;
    if (pagePath !== "index.html") {
      chapterDiagrams += kinds.length;
      quizzes.names.forEach((name) => chapterQuizzes.add(name));
    }
    await page.close();
  }
  console.log(
    `  ${pages.length} pages loaded, ${diagramCount} diagrams rendered, ` +
      `${chapterQuizzes.size} quizzes rendered`,
  );

  // The exemplar chapter, in detail.
  const page = await context.newPage();
  const errors = watchErrors(page);
  const failedRequests = watchRequests(page);
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

  const exemplarHeadings = await headings(page);
  for (const error of errors) fail(`${EXEMPLAR}: JavaScript error: ${error}`);
  for (const request of failedRequests) fail(`${EXEMPLAR}: request failed: ${request}`);
  console.log(
    `  ${EXEMPLAR}: ${diagrams} diagrams (${chartKinds.join(", ")}), ${admonitions.length} admonitions, ` +
      `quiz, ${badge.length} compile_fail badge(s), search`,
  );

  // print.html. mdBook copies each chapter's HTML into it unchanged but for the links of <a> and
  // <img>, so anything else a chapter links by a relative path (mdbook-quiz's script did) breaks
  // there only: check it like a chapter, and that the whole book is on it.
  const printHtml = await readFile(join(bookDir, PRINT), "utf8").catch(() => null);
  if (printHtml === null) {
    fail(`${PRINT} was not built: book.toml's [output.html.print] must enable it`);
  } else {
    const printPage = await context.newPage();
    const { kinds, quizzes } = await checkPage(printPage, PRINT, PRINT_TIMEOUT_MS);
    // checkPage compared the rendered widgets with the placeholders in the page; those must be
    // the ones in the file, and all of the chapters' quizzes.
    const placeholders = printHtml.split('class="quiz-placeholder"').length - 1;
    if (placeholders === 0) fail(`${PRINT}: no quiz in it`);
    if (quizzes.count !== placeholders) {
      fail(`${PRINT}: ${quizzes.count} quiz placeholders in the page, ${placeholders} in the file`);
    }
    const missing = [...chapterQuizzes].filter((name) => !quizzes.names.includes(name));
    if (missing.length > 0) {
      fail(`${PRINT}: quizzes of the chapters missing or not rendered: ${missing.join(", ")}`);
    }
    if (kinds.length === 0 || kinds.length !== chapterDiagrams) {
      fail(`${PRINT}: ${kinds.length} mermaid diagrams, but the chapters have ${chapterDiagrams}`);
    }
    // The exemplar's headings, in their order, one after the other: its content is all there.
    const printHeadings = (await headings(printPage)).join("\n");
    if (exemplarHeadings.length === 0 || !printHeadings.includes(exemplarHeadings.join("\n"))) {
      const expected = exemplarHeadings.join(" / ");
      fail(`${PRINT}: the headings of ${EXEMPLAR} are not all there, in order: ${expected}`);
    }
    console.log(
      `  ${PRINT}: ${kinds.length} diagrams, ${quizzes.names.length} of ${placeholders} quizzes rendered, ` +
        `${exemplarHeadings.length} headings of the exemplar`,
    );
    await printPage.close();
  }
} finally {
  await browser.close();
  await close();
  await notFound?.close();
}

if (failures.length > 0) {
  console.log(`browser check: ${failures.length} problem(s):`);
  // A path that is wrong in every chapter fails once per chapter on print.html: say it once.
  const times = new Map();
  for (const failure of failures) times.set(failure, (times.get(failure) ?? 0) + 1);
  for (const [failure, count] of times) console.log(`  ${failure}${count > 1 ? ` (${count} times)` : ""}`);
  process.exit(1);
}
console.log(`browser check passed; screenshot in ${screenshotPath}`);

/**
 * Loads a page and checks what holds on every page: no JavaScript error, no failed request,
 * every diagram drawn, every quiz rendered from one copy of the quiz script. Returns the
 * diagrams' kinds and the quizzes (see renderedQuizzes).
 */
async function checkPage(page, pagePath, timeout) {
  const errors = watchErrors(page);
  const failedRequests = watchRequests(page);
  await page.goto(baseOf(pagePath) + pagePath, { waitUntil: "load", timeout });
  // mermaid draws a syntax error as an "error" diagram instead of throwing: look for that too.
  const kinds = await renderedDiagrams(page, pagePath, timeout);
  kinds.forEach((kind, index) => {
    if (!kind || kind === "error") fail(`${pagePath}: mermaid diagram ${index + 1} did not render (${kind})`);
  });
  const quizzes = await renderedQuizzes(page, pagePath);
  for (const error of errors) fail(`${pagePath}: JavaScript error: ${error}`);
  for (const request of failedRequests) fail(`${pagePath}: request failed: ${request}`);
  return { kinds, quizzes };
}

/** Waits for mermaid to turn every diagram of the page into an SVG; returns each one's kind. */
async function renderedDiagrams(page, pagePath, timeout = TIMEOUT_MS) {
  const count = await page.locator("pre.mermaid").count();
  if (count === 0) return [];
  await page
    .waitForFunction(
      () => [...document.querySelectorAll("pre.mermaid")].every((d) => d.querySelector("svg")),
      null,
      { timeout },
    )
    .catch(() => fail(`${pagePath}: not every mermaid diagram became an SVG`));
  return page.$$eval("pre.mermaid", (blocks) =>
    blocks.map((block) => block.querySelector("svg")?.getAttribute("aria-roledescription") ?? null),
  );
}

/**
 * Waits for every quiz placeholder of the page to hold a quiz widget (its header: the component's
 * error fallback has none); returns how many placeholders there are and the names of the
 * quizzes rendered. The widgets render on DOMContentLoaded, before the page's "load" event, so
 * the wait is short even on print.html. The quiz script must be linked once: linked twice, each
 * copy renders every quiz again with its own copy of React. That is what happens when
 * theme/quiz-assets.mjs did not run (mdBook skips a preprocessor it cannot start, with only a
 * warning): mdbook-quiz's own tags stay beside the ones book.toml adds.
 */
async function renderedQuizzes(page, pagePath) {
  const scripts = await page.locator('script[src$="quiz-embed.iife.js"]').count();
  if (scripts > 1) {
    fail(`${pagePath}: the quiz script is linked ${scripts} times (did theme/quiz-assets.mjs run?)`);
  }
  const count = await page.locator(".quiz-placeholder").count();
  if (count === 0) return { count, names: [] };
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll(".quiz-placeholder")].every((quiz) =>
          quiz.querySelector(".mdbook-quiz header"),
        ),
      null,
      { timeout: TIMEOUT_MS },
    )
    .catch(() => {}); // counted just below, with a message that says how many
  const names = await page.$$eval(".quiz-placeholder", (quizzes) =>
    quizzes
      .filter((quiz) => quiz.querySelector(".mdbook-quiz header"))
      .map((quiz) => JSON.parse(quiz.dataset.quizName)),
  );
  if (names.length !== count) fail(`${pagePath}: ${names.length} of ${count} quiz widgets rendered`);
  return { count, names };
}

/** The text of the page's level-1 and level-2 headings, quiz widgets' own headings left out. */
function headings(page) {
  return page.$$eval("main h1, main h2", (all) =>
    all.filter((h) => !h.closest(".quiz-placeholder")).map((h) => h.textContent.trim()),
  );
}

/** Requests of the book that fail or answer with an error (those outside it are failed above). */
function watchRequests(page) {
  const failed = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.url()} (HTTP ${response.status()})`);
  });
  page.on("requestfailed", (request) => {
    if (isOurs(request.url())) failed.push(`${request.url()} (${request.failure()?.errorText})`);
  });
  return failed;
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
