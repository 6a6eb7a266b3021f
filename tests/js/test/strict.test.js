// Strict mode (`serve --credentials FILE`): only the file's keys get in, every signature is
// verified, and each key acts in its own account.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import * as C from '@aws-sdk/client-connect';

import {
  REGION, collect, expectCommonError, expectError, newInstance, randomAccount, startServer, writeCredentials,
} from '../lib/harness.js';

const accountA = randomAccount();
const accountB = randomAccount();
const KEYS = {
  'team-a': ['AKIDSTRICTTEAMA', 'team-a-secret-0123456789', accountA],
  'team-b': ['AKIDSTRICTTEAMB', 'team-b-secret-9876543210', accountB],
};

let dir;
let server;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sb-js-strict-'));
  server = await startServer(['--credentials', writeCredentials(dir, KEYS)]);
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const clientFor = ([accessKeyId, secretAccessKey]) => server.client({ accessKeyId, secretAccessKey });

test('the right key gets in and acts in its own account', async () => {
  const a = clientFor(KEYS['team-a']);
  const inst = await newInstance(a);
  assert.equal(inst.arn, `arn:aws:connect:${REGION}:${accountA}:instance/${inst.id}`);
  const { items } = await collect(C.paginateListInstances, { client: a }, {}, 'InstanceSummaryList');
  assert.deepEqual(items.map((i) => i.Id), [inst.id]);

  // The other key, the other account: nothing of team-a's is visible.
  const b = clientFor(KEYS['team-b']);
  await expectError(b.send(new C.DescribeInstanceCommand({ InstanceId: inst.id })), C.ResourceNotFoundException, 404);
  assert.deepEqual((await collect(C.paginateListInstances, { client: b }, {}, 'InstanceSummaryList')).items, []);
});

test('a wrong secret: InvalidSignatureException', async () => {
  const [key] = KEYS['team-a'];
  const wrong = server.client({ accessKeyId: key, secretAccessKey: 'not-the-secret' });
  await expectCommonError(wrong.send(new C.ListInstancesCommand({})), 'InvalidSignatureException', 403);
});

test('an unknown key: UnrecognizedClientException', async () => {
  const stranger = server.client({ accessKeyId: 'AKIDNOBODYKNOWS', secretAccessKey: 'whatever' });
  await expectCommonError(stranger.send(new C.ListInstancesCommand({})), 'UnrecognizedClientException', 403);
});
