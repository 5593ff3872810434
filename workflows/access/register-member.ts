import { escapeMrkdwn, type RegisterMemberWorkflowInput, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { accessGovernance as access, slack } from '../activity-options';
import { bestEffort, describeFailure } from '../workflow-helpers';

/** Names a person (Slack id + email) so their requests and clicks count; admins only, audited. */
export async function registerMember(input: Signed<RegisterMemberWorkflowInput>): Promise<{ utilityAccount: boolean; created: boolean }> {
  try {
    const member = await access.registerMember({ proof: startProof(input) });
    const flags = [member.contractor ? 'contractor' : null, member.managerSlackId ? `manager <@${member.managerSlackId}>` : null].filter(Boolean);
    const finding = member.utilityAccount ? '\n:warning: This looks like a shared/utility account; it is flagged as a finding for review.' : '';
    await bestEffort(
      'tell the admin',
      slack.notifyUser({
        user: input.actorSlackId,
        text: `:bust_in_silhouette: <@${member.slackUserId}> (${escapeMrkdwn(member.email)}) is ${member.created ? 'now a registered member' : 'updated'}${flags.length ? ` (${flags.join(', ')})` : ''}.${finding}`,
      }),
    );
    return { utilityAccount: member.utilityAccount, created: member.created };
  } catch (err) {
    await bestEffort('tell the admin', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: Member not registered: ${describeFailure(err)}` }));
    throw err;
  }
}
