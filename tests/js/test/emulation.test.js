// `--throttle` and `--fault-rate`: what Connect's throttling and transient failures look like
// to the SDK, and its own retries (configured as a user would) getting every request through.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import * as C from '@aws-sdk/client-connect';

import { collect, newInstance, startServer, uniqueName, userInput } from '../lib/harness.js';

const CREATES = 50;
const WORKERS = 8;

let server;

before(async () => {
  server = await startServer(['--throttle', '20/10', '--fault-rate', '0.25']);
});

after(async () => {
  await server?.stop();
});

/** Runs CREATES CreateUser calls through WORKERS concurrent workers; returns the settled results. */
async function createMany(client, inst, prefix) {
  const results = new Array(CREATES);
  let next = 0;
  const worker = async () => {
    while (next < CREATES) {
      const i = next;
      next += 1;
      const input = userInput(inst, { Username: `${prefix}-${i}` });
      try {
        const out = await client.send(new C.CreateUserCommand(input));
        results[i] = { ok: true, id: out.UserId, username: input.Username, attempts: out.$metadata.attempts };
      } catch (error) {
        results[i] = { ok: false, error, username: input.Username };
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return results;
}

async function listedUsers(client, inst) {
  return (await collect(C.paginateListUsers, { client, pageSize: 100 }, { InstanceId: inst.id }, 'UserSummaryList')).items;
}

test(`the SDK's standard retries (maxAttempts 10) get ${CREATES} creates through: exactly ${CREATES} users`, async () => {
  const client = server.client({ retryMode: 'standard', maxAttempts: 10 });
  const inst = await newInstance(client);
  const results = await createMany(client, inst, uniqueName('r'));
  const failed = results.filter((r) => !r.ok);
  assert.deepEqual(failed.map((r) => `${r.username}: ${r.error.name}`), []);
  assert.ok(results.some((r) => r.attempts > 1), 'no request was retried: the emulation is not on');
  const listed = await listedUsers(client, inst);
  assert.equal(listed.length, CREATES);
  assert.deepEqual(new Set(listed.map((u) => u.Id)), new Set(results.map((r) => r.id)));
});

test('without retries the faults reach the program as modelled ThrottlingException / InternalServiceException', async () => {
  const retrying = server.client({ maxAttempts: 10 });
  const inst = await newInstance(retrying);
  const once = server.client({ maxAttempts: 1 });
  const results = await createMany(once, inst, uniqueName('n'));
  const failed = results.filter((r) => !r.ok);
  assert.ok(failed.length > 0, 'a quarter of requests fault, yet none failed');
  for (const { error } of failed) {
    assert.ok(error instanceof C.ThrottlingException || error instanceof C.InternalServiceException,
      `${error.name} (${error.constructor.name}): ${error.message}`);
    assert.ok(error.message);
  }
  // Nothing is changed by a faulted request: exactly the acknowledged users exist.
  const listed = await listedUsers(retrying, inst);
  assert.deepEqual(new Set(listed.map((u) => u.Id)), new Set(results.filter((r) => r.ok).map((r) => r.id)));
});
