// Opens the Real-Time Chat's page (Module 2.2's project) in two headless Chromium pages and
// checks what two people would see: each joins the same room, each sees the other in the
// presence list, a message from either appears on both pages, and when one page closes, the
// other's presence list drops that user. The page uses Phoenix's own JavaScript client. Then it
// stops the chat with SIGTERM and checks that a connected client is told close code 1001.
//
// Usage: node check-chat.mjs CHAT_DIR CHROMIUM_PATH
//
// The chat runs as a learner runs it, `mix run --no-halt` in its folder, on 127.0.0.1 at a port
// the system picks and with a fresh data folder; it is stopped (SIGTERM) at the end. Its npm
// packages (the `phoenix` client the page loads) must be installed (`npm ci` in CHAT_DIR).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./serve-book.mjs";

const [chatDir, chromiumPath] = process.argv.slice(2);
if (!chatDir || !chromiumPath) {
  console.error("usage: node check-chat.mjs CHAT_DIR CHROMIUM_PATH");
  process.exit(2);
}
// The first `mix run` compiles the project.
const START_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 10_000;

/** A port that was free a moment ago, on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url, chat) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (chat.exitCode !== null) throw new Error(`the chat exited with ${chat.exitCode} before serving`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the chat did not serve ${url} within ${START_TIMEOUT_MS / 1000} s`);
}

const port = await freePort();
const dataDir = await mkdtemp(join(tmpdir(), "chat-browser-"));
const chat = spawn("mix", ["run", "--no-halt"], {
  cwd: chatDir,
  env: { ...process.env, MIX_ENV: "dev", CHAT_PORT: String(port), CHAT_DATA_DIR: dataDir },
  stdio: ["ignore", "inherit", "inherit"],
});
const base = `http://127.0.0.1:${port}`;
const failures = [];
let browser = null;
try {
  await waitUntilServing(`${base}/`, chat);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  // The page needs nothing but its own server.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith(`ws://127.0.0.1:${port}/`)) return route.continue();
    failures.push(`request to outside the chat: ${url}`);
    return route.abort();
  });

  const open = async (user) => {
    const page = await context.newPage();
    page.on("pageerror", (error) => failures.push(`${user}'s page: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") failures.push(`${user}'s page logged: ${message.text()}`);
    });
    await page.goto(`${base}/`);
    await page.fill("#user", user);
    await page.fill("#room", "lobby");
    await page.click("#join button");
    return page;
  };
  const expectText = async (page, selector, text, what) => {
    try {
      await page.waitForFunction(
        ([s, t]) => document.querySelector(s)?.textContent.includes(t),
        [selector, text],
        { timeout: STEP_TIMEOUT_MS },
      );
    } catch {
      const shown = await page.textContent(selector).catch(() => "(nothing)");
      throw new Error(`${what}: expected ${JSON.stringify(text)} in ${selector}, saw ${JSON.stringify(shown)}`);
    }
  };
  const say = async (page, body) => {
    await page.fill("#body", body);
    await page.click("#say button");
  };

  const ada = await open("ada");
  await expectText(ada, "#who", "ada", "ada sees herself in the room");
  const bob = await open("bob");
  await expectText(bob, "#who", "ada", "bob sees ada");
  await expectText(ada, "#who", "bob", "ada sees bob arrive");

  await say(ada, "hello from ada");
  await expectText(bob, "#log", "ada: hello from ada", "bob receives ada's message");
  await expectText(ada, "#log", "ada: hello from ada", "ada receives her own message");
  await say(bob, "hi ada");
  await expectText(ada, "#log", "bob: hi ada", "ada receives bob's message");

  // A third visitor gets the history on joining.
  const eve = await open("eve");
  await expectText(eve, "#log", "bob: hi ada", "eve receives the history");
  await eve.close();

  await bob.close();
  await ada.waitForFunction(() => !document.querySelector("#who").textContent.includes("bob"), null, {
    timeout: STEP_TIMEOUT_MS,
  }).catch(() => failures.push("ada still sees bob after his page closed"));
  console.log("two pages chatted through Phoenix's client: presence, messages, history, leaving");

  // SIGTERM is a graceful stop: a client still connected is told 1001, "going away", which makes
  // phoenix.js reconnect later. A bare WebSocket, on a page that runs no script of its own (a
  // reconnecting phoenix.js would log errors once the server is gone), records the code.
  await ada.close();
  const last = await context.newPage();
  await last.goto(`${base}/assets/phoenix.js`);
  await last.evaluate(
    (url) =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error("a WebSocket to the chat did not open"));
        socket.onclose = (event) => {
          window.closeCode = event.code;
        };
      }),
    `ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0`,
  );
  chat.kill("SIGTERM");
  const code = await last
    .waitForFunction(() => window.closeCode, null, { timeout: STEP_TIMEOUT_MS })
    .then((handle) => handle.jsonValue())
    .catch(() => "none within the step's timeout");
  if (code === 1001) console.log("on SIGTERM a connected client got close code 1001 (going away)");
  else failures.push(`on SIGTERM a connected client got close code ${code}, not 1001`);
} catch (error) {
  failures.push(error.message);
} finally {
  if (browser) await browser.close();
  chat.kill("SIGTERM");
  await new Promise((resolve) => (chat.exitCode !== null ? resolve() : chat.once("exit", resolve)));
  await rm(dataDir, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(failures.map((f) => `  ${f}`).join("\n"));
  process.exit(1);
}
