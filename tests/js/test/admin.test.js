// The admin resources users are configured with: instances, security profiles, hours of
// operation, queues, routing profiles and their queues, the user hierarchy, tags; through
// @aws-sdk/client-connect's commands and paginators.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import * as C from '@aws-sdk/client-connect';

import {
  ACCOUNT, REGION, collect, createUser, expectError, hoursConfig, newInstance, startServer, uniqueName,
} from '../lib/harness.js';

const { ResourceNotFoundException, ResourceInUseException, InvalidRequestException } = C;

let server;
let client;
let inst;

before(async () => {
  server = await startServer();
  client = server.client();
  inst = await newInstance(client);
});

after(async () => {
  await server?.stop();
});

const send = (command) => client.send(command);

async function createHours(name = uniqueName('hours')) {
  return (await send(new C.CreateHoursOfOperationCommand({
    InstanceId: inst.id, Name: name, TimeZone: 'America/New_York', Config: hoursConfig(),
  }))).HoursOfOperationId;
}

async function createQueue(hoursId, name = uniqueName('queue')) {
  return (await send(new C.CreateQueueCommand({
    InstanceId: inst.id, Name: name, HoursOfOperationId: hoursId ?? inst.hoursId,
  }))).QueueId;
}

async function createRoutingProfile(queueId, name = uniqueName('rp')) {
  return (await send(new C.CreateRoutingProfileCommand({
    InstanceId: inst.id, Name: name, Description: 'test routing profile', DefaultOutboundQueueId: queueId,
    MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
    QueueConfigs: [{ QueueReference: { QueueId: queueId, Channel: 'VOICE' }, Priority: 1, Delay: 0 }],
  }))).RoutingProfileId;
}

test('instances: CreateInstance, DescribeInstance, paginateListInstances, DeleteInstance', async () => {
  const alias = uniqueName('inst');
  const created = await send(new C.CreateInstanceCommand({
    IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true,
    OutboundCallsEnabled: false, Tags: { env: 'test' },
  }));
  assert.equal(created.Arn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${created.Id}`);
  const { Instance } = await send(new C.DescribeInstanceCommand({ InstanceId: created.Id }));
  assert.equal(Instance.Id, created.Id);
  assert.equal(Instance.Arn, created.Arn);
  assert.equal(Instance.InstanceAlias, alias);
  assert.equal(Instance.IdentityManagementType, 'CONNECT_MANAGED');
  assert.equal(Instance.InboundCallsEnabled, true);
  assert.equal(Instance.OutboundCallsEnabled, false);
  assert.equal(Instance.InstanceStatus, 'ACTIVE');
  assert.ok(Instance.CreatedTime instanceof Date);
  assert.deepEqual(Instance.Tags, { env: 'test' });

  const { items, pages } = await collect(C.paginateListInstances, { client, pageSize: 1 }, {}, 'InstanceSummaryList');
  assert.ok(pages >= 2, 'at least two instances, one per page');
  const ids = items.map((i) => i.Id);
  assert.equal(new Set(ids).size, ids.length, 'an instance is listed twice');
  const summary = items.find((i) => i.Id === created.Id);
  assert.equal(summary.InstanceAlias, alias);
  assert.equal(summary.InstanceStatus, 'ACTIVE');
  assert.ok(ids.includes(inst.id));

  await send(new C.DeleteInstanceCommand({ InstanceId: created.Id }));
  await expectError(send(new C.DescribeInstanceCommand({ InstanceId: created.Id })), ResourceNotFoundException, 404);
  const after = (await collect(C.paginateListInstances, { client }, {}, 'InstanceSummaryList')).items;
  assert.ok(!after.some((i) => i.Id === created.Id));
});

test('security profiles: Create, Describe, List, Update, permissions, Search, Delete', async () => {
  const name = uniqueName('Lead');
  const { SecurityProfileId: id, SecurityProfileArn: arn } = await send(new C.CreateSecurityProfileCommand({
    InstanceId: inst.id, SecurityProfileName: name, Description: 'before',
    Permissions: ['Users.View', 'Queues.View', 'RoutingPolicies.View'], Tags: { k: 'v' },
  }));
  assert.equal(arn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${inst.id}/security-profile/${id}`);
  let { SecurityProfile: sp } = await send(new C.DescribeSecurityProfileCommand({ InstanceId: inst.id, SecurityProfileId: id }));
  assert.equal(sp.Id, id);
  assert.equal(sp.Arn, arn);
  assert.equal(sp.SecurityProfileName, name);
  assert.equal(sp.Description, 'before');
  assert.deepEqual(sp.Tags, { k: 'v' });
  assert.equal(sp.OrganizationResourceId, inst.id);

  const listed = (await collect(C.paginateListSecurityProfiles, { client, pageSize: 2 }, { InstanceId: inst.id },
    'SecurityProfileSummaryList')).items;
  assert.deepEqual(listed.map((p) => p.Name).sort(), ['Admin', 'Agent', 'CallCenterManager', name, 'QualityAnalyst'].sort());

  const permissions = async () => (await collect(C.paginateListSecurityProfilePermissions, { client, pageSize: 1 },
    { InstanceId: inst.id, SecurityProfileId: id }, 'Permissions'));
  const before = await permissions();
  assert.equal(before.pages, 3);
  assert.deepEqual([...before.items].sort(), ['Queues.View', 'RoutingPolicies.View', 'Users.View']);

  await send(new C.UpdateSecurityProfileCommand({
    InstanceId: inst.id, SecurityProfileId: id, Description: 'after', Permissions: ['Users.View', 'Users.Edit'],
  }));
  ({ SecurityProfile: sp } = await send(new C.DescribeSecurityProfileCommand({ InstanceId: inst.id, SecurityProfileId: id })));
  assert.equal(sp.Description, 'after');
  assert.deepEqual([...(await permissions()).items].sort(), ['Users.Edit', 'Users.View']);

  const found = await collect(C.paginateSearchSecurityProfiles, { client, pageSize: 1 }, {
    InstanceId: inst.id, SearchCriteria: { StringCondition: { FieldName: 'name', Value: name, ComparisonType: 'EXACT' } },
  }, 'SecurityProfiles');
  assert.deepEqual(found.items.map((p) => [p.Id, p.SecurityProfileName]), [[id, name]]);
  const all = await collect(C.paginateSearchSecurityProfiles, { client, pageSize: 2 }, { InstanceId: inst.id }, 'SecurityProfiles');
  assert.equal(all.items.length, 5);
  assert.equal(all.pages, 3);

  await send(new C.DeleteSecurityProfileCommand({ InstanceId: inst.id, SecurityProfileId: id }));
  await expectError(send(new C.DescribeSecurityProfileCommand({ InstanceId: inst.id, SecurityProfileId: id })),
    ResourceNotFoundException, 404);
});

test('hours of operation: Create, Describe, Update, List, Search, Delete', async () => {
  const name = uniqueName('Support');
  const id = await createHours(name);
  let { HoursOfOperation: h } = await send(new C.DescribeHoursOfOperationCommand({ InstanceId: inst.id, HoursOfOperationId: id }));
  assert.equal(h.HoursOfOperationId, id);
  assert.equal(h.HoursOfOperationArn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${inst.id}/operating-hours/${id}`);
  assert.equal(h.Name, name);
  assert.equal(h.TimeZone, 'America/New_York');
  assert.deepEqual(new Set(h.Config.map((c) => c.Day)), new Set(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']));
  assert.deepEqual(h.Config[0].StartTime, { Hours: 9, Minutes: 0 });

  await send(new C.UpdateHoursOfOperationCommand({
    InstanceId: inst.id, HoursOfOperationId: id, Name: `${name}-after`, TimeZone: 'Europe/Paris', Config: hoursConfig(['SATURDAY']),
  }));
  ({ HoursOfOperation: h } = await send(new C.DescribeHoursOfOperationCommand({ InstanceId: inst.id, HoursOfOperationId: id })));
  assert.equal(h.Name, `${name}-after`);
  assert.equal(h.TimeZone, 'Europe/Paris');
  assert.deepEqual(h.Config.map((c) => c.Day), ['SATURDAY']);

  const listed = (await collect(C.paginateListHoursOfOperations, { client, pageSize: 1 }, { InstanceId: inst.id },
    'HoursOfOperationSummaryList')).items;
  assert.ok(listed.some((x) => x.Id === id && x.Name === `${name}-after`));
  const found = (await collect(C.paginateSearchHoursOfOperations, { client, pageSize: 1 }, {
    InstanceId: inst.id, SearchCriteria: { StringCondition: { FieldName: 'name', Value: name, ComparisonType: 'STARTS_WITH' } },
  }, 'HoursOfOperations')).items;
  assert.deepEqual(found.map((x) => x.HoursOfOperationId), [id]);

  // In use by a queue: DeleteHoursOfOperation models no ResourceInUseException (docs/rules.md).
  const queue = await createQueue(id);
  await expectError(send(new C.DeleteHoursOfOperationCommand({ InstanceId: inst.id, HoursOfOperationId: id })),
    InvalidRequestException, 400);
  await send(new C.UpdateQueueHoursOfOperationCommand({ InstanceId: inst.id, QueueId: queue, HoursOfOperationId: inst.hoursId }));
  await send(new C.DeleteHoursOfOperationCommand({ InstanceId: inst.id, HoursOfOperationId: id }));
  await expectError(send(new C.DescribeHoursOfOperationCommand({ InstanceId: inst.id, HoursOfOperationId: id })),
    ResourceNotFoundException, 404);
});

test('queues: Create, Describe, every UpdateQueue*, List, Search, Delete', async () => {
  const name = uniqueName('Sales');
  const { QueueId: id, QueueArn: arn } = await send(new C.CreateQueueCommand({
    InstanceId: inst.id, Name: name, Description: 'sales line', HoursOfOperationId: inst.hoursId, MaxContacts: 10,
    Tags: { dept: 'sales' },
  }));
  assert.equal(arn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${inst.id}/queue/${id}`);
  const describe = async () => (await send(new C.DescribeQueueCommand({ InstanceId: inst.id, QueueId: id }))).Queue;
  let q = await describe();
  assert.equal(q.QueueId, id);
  assert.equal(q.QueueArn, arn);
  assert.equal(q.Name, name);
  assert.equal(q.Description, 'sales line');
  assert.equal(q.HoursOfOperationId, inst.hoursId);
  assert.equal(q.MaxContacts, 10);
  assert.equal(q.Status, 'ENABLED');
  assert.deepEqual(q.Tags, { dept: 'sales' });

  const hours = await createHours();
  await send(new C.UpdateQueueNameCommand({ InstanceId: inst.id, QueueId: id, Name: `${name}-2`, Description: 'renamed' }));
  await send(new C.UpdateQueueStatusCommand({ InstanceId: inst.id, QueueId: id, Status: 'DISABLED' }));
  await send(new C.UpdateQueueHoursOfOperationCommand({ InstanceId: inst.id, QueueId: id, HoursOfOperationId: hours }));
  await send(new C.UpdateQueueMaxContactsCommand({ InstanceId: inst.id, QueueId: id, MaxContacts: 25 }));
  q = await describe();
  assert.equal(q.Name, `${name}-2`);
  assert.equal(q.Description, 'renamed');
  assert.equal(q.Status, 'DISABLED');
  assert.equal(q.HoursOfOperationId, hours);
  assert.equal(q.MaxContacts, 25);

  const listed = (await collect(C.paginateListQueues, { client, pageSize: 1 }, { InstanceId: inst.id, QueueTypes: ['STANDARD'] },
    'QueueSummaryList')).items;
  const summary = listed.find((x) => x.Id === id);
  assert.equal(summary.Name, `${name}-2`);
  assert.equal(summary.QueueType, 'STANDARD');
  const found = (await collect(C.paginateSearchQueues, { client, pageSize: 1 }, {
    InstanceId: inst.id, SearchCriteria: { StringCondition: { FieldName: 'name', Value: name, ComparisonType: 'STARTS_WITH' } },
  }, 'Queues')).items;
  assert.deepEqual(found.map((x) => x.QueueId), [id]);

  // The default outbound queue of a routing profile is in use.
  const rp = await createRoutingProfile(id);
  await expectError(send(new C.DeleteQueueCommand({ InstanceId: inst.id, QueueId: id })), ResourceInUseException, 409);
  await send(new C.DeleteRoutingProfileCommand({ InstanceId: inst.id, RoutingProfileId: rp }));
  await send(new C.DeleteQueueCommand({ InstanceId: inst.id, QueueId: id }));
  await expectError(describe(), ResourceNotFoundException, 404);
});

test('routing profiles and their queues: Create, Describe, Update*, Associate, List, Disassociate, Search, Delete', async () => {
  const [q1, q2, q3] = [await createQueue(), await createQueue(), await createQueue()];
  const name = uniqueName('Tier');
  const { RoutingProfileId: id, RoutingProfileArn: arn } = await send(new C.CreateRoutingProfileCommand({
    InstanceId: inst.id, Name: name, Description: 'tier one', DefaultOutboundQueueId: q1,
    MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }, { Channel: 'CHAT', Concurrency: 2 }],
    QueueConfigs: [{ QueueReference: { QueueId: q1, Channel: 'VOICE' }, Priority: 1, Delay: 0 }],
  }));
  assert.equal(arn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${inst.id}/routing-profile/${id}`);
  const describe = async () => (await send(new C.DescribeRoutingProfileCommand({ InstanceId: inst.id, RoutingProfileId: id }))).RoutingProfile;
  let rp = await describe();
  assert.equal(rp.RoutingProfileId, id);
  assert.equal(rp.RoutingProfileArn, arn);
  assert.equal(rp.Name, name);
  assert.equal(rp.Description, 'tier one');
  assert.equal(rp.DefaultOutboundQueueId, q1);
  assert.equal(rp.InstanceId, inst.id);
  assert.deepEqual(Object.fromEntries(rp.MediaConcurrencies.map((m) => [m.Channel, m.Concurrency])), { VOICE: 1, CHAT: 2 });
  assert.equal(rp.NumberOfAssociatedQueues, 1);

  await send(new C.UpdateRoutingProfileNameCommand({ InstanceId: inst.id, RoutingProfileId: id, Name: `${name}-2`, Description: 'renamed' }));
  await send(new C.UpdateRoutingProfileConcurrencyCommand({
    InstanceId: inst.id, RoutingProfileId: id, MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }, { Channel: 'CHAT', Concurrency: 5 }],
  }));
  await send(new C.UpdateRoutingProfileDefaultOutboundQueueCommand({ InstanceId: inst.id, RoutingProfileId: id, DefaultOutboundQueueId: q2 }));
  await send(new C.AssociateRoutingProfileQueuesCommand({
    InstanceId: inst.id, RoutingProfileId: id,
    QueueConfigs: [
      { QueueReference: { QueueId: q2, Channel: 'CHAT' }, Priority: 2, Delay: 10 },
      { QueueReference: { QueueId: q3, Channel: 'VOICE' }, Priority: 3, Delay: 0 },
    ],
  }));
  await send(new C.UpdateRoutingProfileQueuesCommand({
    InstanceId: inst.id, RoutingProfileId: id,
    QueueConfigs: [{ QueueReference: { QueueId: q2, Channel: 'CHAT' }, Priority: 9, Delay: 99 }],
  }));
  const queues = async () => {
    const { items, pages } = await collect(C.paginateListRoutingProfileQueues, { client, pageSize: 1 },
      { InstanceId: inst.id, RoutingProfileId: id }, 'RoutingProfileQueueConfigSummaryList');
    return { pages, configs: Object.fromEntries(items.map((c) => [`${c.QueueId}/${c.Channel}`, [c.Priority, c.Delay]])) };
  };
  const withThree = await queues();
  assert.equal(withThree.pages, 3);
  assert.deepEqual(withThree.configs, { [`${q1}/VOICE`]: [1, 0], [`${q2}/CHAT`]: [9, 99], [`${q3}/VOICE`]: [3, 0] });

  rp = await describe();
  assert.equal(rp.Name, `${name}-2`);
  assert.equal(rp.Description, 'renamed');
  assert.equal(rp.DefaultOutboundQueueId, q2);
  assert.deepEqual(Object.fromEntries(rp.MediaConcurrencies.map((m) => [m.Channel, m.Concurrency])), { VOICE: 1, CHAT: 5 });
  assert.equal(rp.NumberOfAssociatedQueues, 3);

  await send(new C.DisassociateRoutingProfileQueuesCommand({
    InstanceId: inst.id, RoutingProfileId: id, QueueReferences: [{ QueueId: q3, Channel: 'VOICE' }, { QueueId: q2, Channel: 'CHAT' }],
  }));
  assert.deepEqual((await queues()).configs, { [`${q1}/VOICE`]: [1, 0] });

  const listed = (await collect(C.paginateListRoutingProfiles, { client, pageSize: 1 }, { InstanceId: inst.id },
    'RoutingProfileSummaryList')).items;
  assert.ok(listed.some((x) => x.Id === id && x.Name === `${name}-2`));
  const found = (await collect(C.paginateSearchRoutingProfiles, { client, pageSize: 1 }, {
    InstanceId: inst.id, SearchCriteria: { StringCondition: { FieldName: 'name', Value: name, ComparisonType: 'STARTS_WITH' } },
  }, 'RoutingProfiles')).items;
  assert.deepEqual(found.map((x) => x.RoutingProfileId), [id]);

  // In use by a user.
  const { UserId } = await createUser(client, inst, { RoutingProfileId: id });
  await expectError(send(new C.DeleteRoutingProfileCommand({ InstanceId: inst.id, RoutingProfileId: id })), ResourceInUseException, 409);
  await send(new C.UpdateUserRoutingProfileCommand({ InstanceId: inst.id, UserId, RoutingProfileId: inst.routingProfileId }));
  await send(new C.DeleteRoutingProfileCommand({ InstanceId: inst.id, RoutingProfileId: id }));
  await expectError(describe(), ResourceNotFoundException, 404);
});

test('DescribeRoutingProfile counts the users on it', async () => {
  const id = await createRoutingProfile(inst.queueId);
  const count = async () => (await send(new C.DescribeRoutingProfileCommand({ InstanceId: inst.id, RoutingProfileId: id })))
    .RoutingProfile.NumberOfAssociatedUsers;
  assert.equal(await count(), 0);
  const { UserId: a } = await createUser(client, inst, { RoutingProfileId: id });
  const { UserId: b } = await createUser(client, inst, { RoutingProfileId: id });
  assert.equal(await count(), 2);
  await send(new C.UpdateUserRoutingProfileCommand({ InstanceId: inst.id, UserId: a, RoutingProfileId: inst.routingProfileId }));
  assert.equal(await count(), 1);
  await send(new C.DeleteUserCommand({ InstanceId: inst.id, UserId: b }));
  assert.equal(await count(), 0);
});

test('user hierarchy: structure, groups (Create, Describe, List, Search, rename, Delete)', async () => {
  const own = await newInstance(client);
  await send(new C.UpdateUserHierarchyStructureCommand({
    InstanceId: own.id, HierarchyStructure: { LevelOne: { Name: 'Region' }, LevelTwo: { Name: 'Site' } },
  }));
  const { HierarchyStructure: s } = await send(new C.DescribeUserHierarchyStructureCommand({ InstanceId: own.id }));
  assert.equal(s.LevelOne.Name, 'Region');
  assert.equal(s.LevelTwo.Name, 'Site');
  assert.equal(s.LevelThree, undefined);
  assert.equal(s.LevelOne.Arn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${own.id}/agent-group-level/1`);

  const top = await send(new C.CreateUserHierarchyGroupCommand({ InstanceId: own.id, Name: 'EMEA' }));
  const child = await send(new C.CreateUserHierarchyGroupCommand({
    InstanceId: own.id, Name: 'Paris', ParentGroupId: top.HierarchyGroupId, Tags: { site: 'paris' },
  }));
  assert.equal(child.HierarchyGroupArn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${own.id}/agent-group/${child.HierarchyGroupId}`);
  const describe = async (id) => (await send(new C.DescribeUserHierarchyGroupCommand({ InstanceId: own.id, HierarchyGroupId: id }))).HierarchyGroup;
  const g = await describe(child.HierarchyGroupId);
  assert.equal(g.Name, 'Paris');
  assert.equal(g.LevelId, '2');
  assert.equal(g.HierarchyPath.LevelOne.Id, top.HierarchyGroupId);
  assert.equal(g.HierarchyPath.LevelOne.Name, 'EMEA');
  assert.equal(g.HierarchyPath.LevelTwo.Id, child.HierarchyGroupId);
  assert.deepEqual(g.Tags, { site: 'paris' });

  const listed = (await collect(C.paginateListUserHierarchyGroups, { client, pageSize: 1 }, { InstanceId: own.id },
    'UserHierarchyGroupSummaryList')).items;
  assert.deepEqual(listed.map((x) => x.Name).sort(), ['EMEA', 'Paris']);
  const found = (await collect(C.paginateSearchUserHierarchyGroups, { client, pageSize: 1 }, {
    InstanceId: own.id, SearchCriteria: { StringCondition: { FieldName: 'parentId', Value: top.HierarchyGroupId, ComparisonType: 'EXACT' } },
  }, 'UserHierarchyGroups')).items;
  assert.deepEqual(found.map((x) => x.Id), [child.HierarchyGroupId]);

  await send(new C.UpdateUserHierarchyGroupNameCommand({ InstanceId: own.id, HierarchyGroupId: top.HierarchyGroupId, Name: 'Europe' }));
  assert.equal((await describe(child.HierarchyGroupId)).HierarchyPath.LevelOne.Name, 'Europe');

  // A group with a child, or with a user, is in use.
  await expectError(send(new C.DeleteUserHierarchyGroupCommand({ InstanceId: own.id, HierarchyGroupId: top.HierarchyGroupId })),
    ResourceInUseException, 409);
  const { UserId } = await createUser(client, own, { HierarchyGroupId: child.HierarchyGroupId });
  await expectError(send(new C.DeleteUserHierarchyGroupCommand({ InstanceId: own.id, HierarchyGroupId: child.HierarchyGroupId })),
    ResourceInUseException, 409);
  // A level that has groups cannot be removed.
  const level = await expectError(send(new C.UpdateUserHierarchyStructureCommand({
    InstanceId: own.id, HierarchyStructure: { LevelOne: { Name: 'Region' } },
  })), ResourceInUseException, 409);
  assert.equal(level.ResourceType, 'HIERARCHY_LEVEL');
  assert.equal(level.ResourceId, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${own.id}/agent-group-level/2`);
  await send(new C.DeleteUserCommand({ InstanceId: own.id, UserId }));
  await send(new C.DeleteUserHierarchyGroupCommand({ InstanceId: own.id, HierarchyGroupId: child.HierarchyGroupId }));
  await send(new C.DeleteUserHierarchyGroupCommand({ InstanceId: own.id, HierarchyGroupId: top.HierarchyGroupId }));
  await expectError(describe(top.HierarchyGroupId), ResourceNotFoundException, 404);
});

test('tags on every admin resource: TagResource, ListTagsForResource, UntagResource', async () => {
  const hours = await send(new C.CreateHoursOfOperationCommand({
    InstanceId: inst.id, Name: uniqueName('h'), TimeZone: 'UTC', Config: hoursConfig(),
  }));
  const queue = await send(new C.CreateQueueCommand({ InstanceId: inst.id, Name: uniqueName('q'), HoursOfOperationId: inst.hoursId }));
  const rp = await send(new C.CreateRoutingProfileCommand({
    InstanceId: inst.id, Name: uniqueName('rp'), Description: 'd', DefaultOutboundQueueId: inst.queueId,
    MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
  }));
  const sp = await send(new C.CreateSecurityProfileCommand({ InstanceId: inst.id, SecurityProfileName: uniqueName('sp') }));
  const group = await send(new C.CreateUserHierarchyGroupCommand({ InstanceId: inst.id, Name: uniqueName('g') }));
  const arns = [inst.arn, hours.HoursOfOperationArn, queue.QueueArn, rp.RoutingProfileArn, sp.SecurityProfileArn, group.HierarchyGroupArn];
  for (const resourceArn of arns) {
    await send(new C.TagResourceCommand({ resourceArn, tags: { team: 'blue', env: 'prod' } }));
    assert.deepEqual((await send(new C.ListTagsForResourceCommand({ resourceArn }))).tags, { team: 'blue', env: 'prod' }, resourceArn);
    await send(new C.UntagResourceCommand({ resourceArn, tagKeys: ['team'] }));
    assert.deepEqual((await send(new C.ListTagsForResourceCommand({ resourceArn }))).tags, { env: 'prod' }, resourceArn);
  }
  const { Queue } = await send(new C.DescribeQueueCommand({ InstanceId: inst.id, QueueId: queue.QueueId }));
  assert.deepEqual(Queue.Tags, { env: 'prod' });
  const gone = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${inst.id}/queue/00000000-0000-0000-0000-000000000000`;
  await expectError(send(new C.ListTagsForResourceCommand({ resourceArn: gone })), ResourceNotFoundException, 404);
});

test('CreateInstance honours its ClientToken', async () => {
  const ClientToken = `token-${uniqueName('ct')}`;
  const input = { IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: uniqueName('idem'), InboundCallsEnabled: true, OutboundCallsEnabled: true, ClientToken };
  const first = await send(new C.CreateInstanceCommand(input));
  const again = await send(new C.CreateInstanceCommand(input));
  assert.deepEqual([again.Id, again.Arn], [first.Id, first.Arn]);
  const withAlias = (await collect(C.paginateListInstances, { client }, {}, 'InstanceSummaryList')).items
    .filter((i) => i.InstanceAlias === input.InstanceAlias);
  assert.equal(withAlias.length, 1);
  // The same token with other parameters: the modelled error that fits.
  await expectError(send(new C.CreateInstanceCommand({ ...input, InstanceAlias: uniqueName('other') })), InvalidRequestException, 400);
});

test('a CreateInstance whose response was lost is retried by the SDK and gets its instance', async () => {
  // The SDK fills in ClientToken itself and keeps it across retries. Here the first response
  // is dropped after the server has created the instance, as a broken connection would.
  const retrying = server.client({ maxAttempts: 3 });
  const handler = retrying.config.requestHandler;
  const handle = handler.handle.bind(handler);
  let dropped = 0;
  handler.handle = async (request, options) => {
    const result = await handle(request, options);
    if (dropped === 0) {
      dropped += 1;
      for await (const _ of result.response.body); // read it, then pretend it never came
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    return result;
  };
  const alias = uniqueName('lost');
  const created = await retrying.send(new C.CreateInstanceCommand({
    IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true,
  }));
  assert.equal(dropped, 1);
  assert.equal(created.$metadata.attempts, 2);
  const withAlias = (await collect(C.paginateListInstances, { client }, {}, 'InstanceSummaryList')).items
    .filter((i) => i.InstanceAlias === alias);
  assert.deepEqual(withAlias.map((i) => i.Id), [created.Id]);
});

test('regions are separate: an instance is seen only from its own region', async () => {
  const london = server.client({ region: 'eu-west-2' });
  await expectError(london.send(new C.DescribeInstanceCommand({ InstanceId: inst.id })), ResourceNotFoundException, 404);
  await expectError(london.send(new C.ListUsersCommand({ InstanceId: inst.id })), ResourceNotFoundException, 404);
  const fromLondon = (await collect(C.paginateListInstances, { client: london }, {}, 'InstanceSummaryList')).items;
  assert.ok(!fromLondon.some((i) => i.Id === inst.id));

  const created = await london.send(new C.CreateInstanceCommand({
    IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: uniqueName('ldn'), InboundCallsEnabled: true, OutboundCallsEnabled: true,
  }));
  assert.equal(created.Arn, `arn:aws:connect:eu-west-2:${ACCOUNT}:instance/${created.Id}`);
  assert.ok((await collect(C.paginateListInstances, { client: london }, {}, 'InstanceSummaryList')).items.some((i) => i.Id === created.Id));
  await expectError(send(new C.DescribeInstanceCommand({ InstanceId: created.Id })), ResourceNotFoundException, 404);
});
