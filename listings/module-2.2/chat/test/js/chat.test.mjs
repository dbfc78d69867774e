// A black-box test of the chat server with the real phoenix.js client, run by
// `node --test test/js/` with CHAT_URL=ws://127.0.0.1:PORT/socket (the ExUnit
// test tagged :node starts the server and sets it). Node 20 has no stable
// global WebSocket, so the client gets the `ws` package as its transport.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Socket, Presence } from "phoenix";
import WebSocket from "ws";

const url = process.env.CHAT_URL;
assert.ok(url, "set CHAT_URL to the server's socket URL, e.g. ws://127.0.0.1:4000/socket");

const sockets = [];
after(() => sockets.forEach((socket) => socket.disconnect()));

function connect() {
  const socket = new Socket(url, { transport: WebSocket, heartbeatIntervalMs: 1000 });
  socket.connect();
  sockets.push(socket);
  return socket;
}

// A push's outcome as a promise: {status, response}.
function outcome(push) {
  return new Promise((resolve, reject) => {
    push
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => reject(new Error("no reply")));
  });
}

function nextEvent(channel, event) {
  return new Promise((resolve) => {
    const ref = channel.on(event, (payload) => {
      channel.off(event, ref);
      resolve(payload);
    });
  });
}

const room = () => `room:js-${process.pid}-${Math.floor(Math.random() * 1e9)}`;

test("two sockets join a room, and a message reaches both", async () => {
  const topic = room();
  const alice = connect().channel(topic, { user: "alice" });
  const bob = connect().channel(topic, { user: "bob" });
  assert.deepEqual(await outcome(alice.join()), { status: "ok", response: { history: [] } });
  assert.equal((await outcome(bob.join())).status, "ok");

  const atAlice = nextEvent(alice, "new_msg");
  const atBob = nextEvent(bob, "new_msg");
  const sent = await outcome(alice.push("new_msg", { body: "hello from node" }));
  assert.equal(sent.status, "ok");

  for (const message of [await atAlice, await atBob]) {
    assert.equal(message.user, "alice");
    assert.equal(message.body, "hello from node");
    assert.equal(message.id, sent.response.id);
    assert.ok(!Number.isNaN(Date.parse(message.at)));
  }

  const late = connect().channel(topic, { user: "carol" });
  const { response } = await outcome(late.join());
  assert.deepEqual(response.history.map((m) => m.body), ["hello from node"]);
});

test("error replies: invalid user, unmatched topic, too_long", async () => {
  const socket = connect();
  const bad = socket.channel(room(), { user: "not a name" });
  assert.deepEqual(await outcome(bad.join()), { status: "error", response: { reason: "invalid user" } });
  bad.leave(); // phoenix.js would otherwise retry the join

  const nowhere = socket.channel("lobby:1", {});
  assert.deepEqual(await outcome(nowhere.join()), {
    status: "error",
    response: { reason: "unmatched topic" },
  });
  nowhere.leave();

  const ok = socket.channel(room(), { user: "writer" });
  await outcome(ok.join());
  const tooLong = await outcome(ok.push("new_msg", { body: "x".repeat(4097) }));
  assert.deepEqual(tooLong, { status: "error", response: { reason: "too_long" } });
  assert.equal((await outcome(ok.push("new_msg", { body: "short" }))).status, "ok");
});

test("presence through the client's Presence class", async () => {
  const topic = room();
  const alice = connect().channel(topic, { user: "alice" });
  const presence = new Presence(alice);
  const names = () => presence.list((name) => name).sort();
  const synced = (expected) =>
    new Promise((resolve) => {
      const check = () => {
        if (JSON.stringify(names()) === JSON.stringify(expected)) resolve();
      };
      presence.onSync(check);
      check();
    });

  await outcome(alice.join());
  await synced(["alice"]);

  const bob = connect().channel(topic, { user: "bob" });
  await outcome(bob.join());
  await synced(["alice", "bob"]);

  await outcome(bob.leave());
  await synced(["alice"]);
});
