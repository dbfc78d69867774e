// Serves a built book over HTTP on 127.0.0.1, for check-book.mjs and print-pdf.mjs.
//
// The book is served under PREFIX rather than at the server's root, the way GitHub Pages serves
// it (https://<owner>.github.io/mastering-backend/). A relative path that climbs above the book
// (such as "../../quiz/x.js" on print.html) resolves to the server's root, where nothing is
// served: it fails here as it would on the published site, instead of working by accident.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

export const PREFIX = "/mastering-backend/";

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

/**
 * Starts serving `bookDir` under `prefix` on a port the system picks, on the loopback interface
 * only (nothing leaves the machine). Returns the book's base URL (ending in "/") and a function
 * that stops the server.
 */
export async function serveBook(bookDir, prefix = PREFIX) {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (!pathname.startsWith(prefix)) {
      response.writeHead(404).end("not found (outside the book)");
      return;
    }
    // normalize() of a path starting with "/" keeps it under "/": no escaping bookDir with "..".
    const path = normalize("/" + pathname.slice(prefix.length));
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
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  const close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      // Chromium may keep idle connections open; they would hold close() back.
      server.closeAllConnections();
    });
  return { base, close };
}

/** Chromium's flags for both scripts: without the networking ones it calls Google at start-up. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
