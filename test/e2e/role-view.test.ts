// The bot reads roles from memory for checks that must answer before Slack's ack. That copy must follow every
// change at once, on every bot replica, without waiting for its TTL (set to an hour here to prove it).
import { createLogger } from '../../lib/log';
import { startWarden, type RunningWarden } from '../../runtime/start-warden';
import { slashCommandBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { workflowBundle } from '../helpers/temporal';
import { ADMIN, eventually, NON_ADMIN, OPS_CHANNEL, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let replica: RunningWarden;

beforeAll(async () => {
  stack = await startTestStack({ env: { WARDEN_ROLE_VIEW_TTL: '1h' } });
  // A second bot replica on the same database, as behind a load balancer.
  replica = await startWarden({
    config: stack.config,
    logger: createLogger({ level: 'error', sink: () => undefined }),
    temporalAddress: stack.temporal.address,
    workflowBundle: await workflowBundle(),
    parts: { worker: false, bot: true, api: false },
  });
  await stack.warden.services.memberRegistry.register({ slackUserId: NON_ADMIN.id, email: NON_ADMIN.email, displayName: 'Bo', contractor: false, utilityAccount: false });
}, 120_000);

afterAll(async () => {
  await replica?.stop();
  await stack?.stop();
});

/** `/warden keys add` at one bot: does it open the modal (admin) or refuse? */
async function keysAddAt(botPort: number, userId: string): Promise<'opened' | 'refused'> {
  const responseUrl = stack.slack.issueResponseUrl();
  const viewsBefore = stack.slack.openedViews().length;
  const body = slashCommandBody({ text: 'keys add', userId, channelId: OPS_CHANNEL, triggerId: stack.slack.issueTriggerId(), responseUrl });
  await postSignedToSlackEndpoint(`http://127.0.0.1:${botPort}/slack/events`, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
  return eventually('the answer', () => (stack.slack.openedViews().length > viewsBefore ? 'opened' : stack.slack.responses().some((r) => r.url === responseUrl) ? 'refused' : undefined));
}

const bots = () => [stack.warden.botPort!, replica.botPort!];

test('a role granted or revoked reaches every bot replica at once, however long its TTL', async () => {
  for (const port of bots()) expect(await keysAddAt(port, NON_ADMIN.id)).toBe('refused');

  const member = (await stack.warden.services.prisma.member.findUnique({ where: { slackUserId: NON_ADMIN.id } }))!;
  const grant = await stack.warden.services.prisma.roleGrant.create({
    data: { memberId: member.id, role: 'admin', status: 'approved', grantedBySlackId: ADMIN.id, approvedBySlackId: 'U0OTHERADM1', reason: 'drill', requestId: 'role-view-drill' },
  });
  for (const port of bots()) expect(await eventually('the new admin to be seen', async () => ((await keysAddAt(port, NON_ADMIN.id)) === 'opened' ? true : undefined), 10_000)).toBe(true);

  await stack.warden.services.prisma.roleGrant.update({ where: { id: grant.id }, data: { status: 'revoked', endedAt: new Date() } });
  for (const port of bots()) expect(await eventually('the revocation to be seen', async () => ((await keysAddAt(port, NON_ADMIN.id)) === 'refused' ? true : undefined), 10_000)).toBe(true);
});
