// The official auth0 Node client's ManagementClient against the emulator:
// find, patch, block and delete a user. Run by emulator/tests/node_client.rs
// with EMULATOR_URL (http://127.0.0.1:PORT), EMAIL and either
// MANAGEMENT_TOKEN or CLIENT_ID + CLIENT_SECRET. Prints "ok" and exits 0, or
// throws.
import assert from "node:assert/strict";
import { ManagementClient } from "auth0";

const base = new URL(process.env.EMULATOR_URL);
// The client speaks https to `domain`; the emulator is plain http on
// loopback, so its fetch is pointed there.
const toEmulator = (input, init) => {
  const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
  const local = url.replace(`https://${base.host}`, base.origin);
  assert.ok(local.startsWith(base.origin), `a request to ${url}`);
  return fetch(typeof input === "string" || input instanceof URL ? local : new Request(local, input), init);
};
const options = { domain: base.host, fetch: toEmulator, telemetry: false };
const client = process.env.MANAGEMENT_TOKEN
  ? new ManagementClient({ ...options, token: process.env.MANAGEMENT_TOKEN })
  : new ManagementClient({ ...options, clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET });

const email = process.env.EMAIL;
const page = await client.users.list({ q: `email:"${email}"`, search_engine: "v3" });
assert.equal(page.data.length, 1, "one user found by q=email");
const found = page.data[0];
assert.equal(found.email, email);
const id = found.user_id;

const byEmail = await client.users.listUsersByEmail({ email });
assert.equal(byEmail[0].user_id, id);

let user = await client.users.update(id, { user_metadata: { plan: "gold" }, email_verified: true });
assert.deepEqual(user.user_metadata, { plan: "gold" });
assert.equal(user.email_verified, true);
user = await client.users.update(id, { blocked: true });
assert.equal(user.blocked, true);
user = await client.users.get(id);
assert.equal(user.blocked, true);

await client.users.delete(id);
await assert.rejects(client.users.get(id), (error) => error.statusCode === 404);
console.log("ok");
