import type { App, BlockButtonAction, BlockStaticSelectAction } from '@slack/bolt';
import { BREAK_GLASS_CONFIRM_ACTION, DSAR_ACTIONS, GRANT_ACTIONS, REVIEW_ACTIONS } from '../../../lib/contracts';
import { HEALTH_ACTIONS } from '../../../lib/slack/blocks/health-alert';
import { RUNBOOK_ACTIONS } from '../../../lib/slack/blocks/runbook';
import { REVOKE_ACTIONS } from '../../blocks/revoke-confirmation';
import type { BotDeps } from '../../deps';
import { createConfirmBreakGlass } from './confirm-break-glass-button';
import { createDsarDecisionButton } from './dsar-decision-buttons';
import { createGrantDecisionButton } from './grant-decision-buttons';
import { createReviewDecision } from './review-decision';
import { API_KEY_ACTIONS_IDS } from '../../../lib/contracts';
import { createCancelApiKeyRevoke, createConfirmApiKeyRevoke } from './api-key-revoke-buttons';
import { createCancelRevoke, createConfirmRevoke } from './revoke-key-buttons';
import {
  createCancelIncidentButton,
  createReplaceButton,
  createRetryVerifyButton,
  createRevokedDoneButton,
  createStartRunbookFromAlert,
} from './runbook-buttons';

export function registerActions(app: App, deps: BotDeps): void {
  app.action<BlockButtonAction>(REVOKE_ACTIONS.confirm, createConfirmRevoke(deps));
  app.action<BlockButtonAction>(REVOKE_ACTIONS.cancel, createCancelRevoke());
  app.action<BlockButtonAction>(GRANT_ACTIONS.approve, createGrantDecisionButton(deps, 'approve'));
  app.action<BlockButtonAction>(GRANT_ACTIONS.deny, createGrantDecisionButton(deps, 'deny'));
  app.action<BlockButtonAction>(BREAK_GLASS_CONFIRM_ACTION, createConfirmBreakGlass(deps));
  app.action<BlockButtonAction>(REVIEW_ACTIONS.keep, createReviewDecision(deps, 'keep'));
  app.action<BlockButtonAction>(REVIEW_ACTIONS.revoke, createReviewDecision(deps, 'revoke'));
  app.action<BlockStaticSelectAction>(REVIEW_ACTIONS.changeRole, createReviewDecision(deps, 'change_role'));
  app.action<BlockButtonAction>(RUNBOOK_ACTIONS.replace, createReplaceButton(deps));
  app.action<BlockButtonAction>(RUNBOOK_ACTIONS.retryVerify, createRetryVerifyButton(deps));
  app.action<BlockButtonAction>(RUNBOOK_ACTIONS.revokedDone, createRevokedDoneButton(deps));
  app.action<BlockButtonAction>(RUNBOOK_ACTIONS.cancel, createCancelIncidentButton(deps));
  app.action<BlockButtonAction>(HEALTH_ACTIONS.startRunbook, createStartRunbookFromAlert(deps));
  app.action<BlockButtonAction>(DSAR_ACTIONS.approve, createDsarDecisionButton(deps, 'approve'));
  app.action<BlockButtonAction>(DSAR_ACTIONS.deny, createDsarDecisionButton(deps, 'deny'));
  app.action<BlockButtonAction>(API_KEY_ACTIONS_IDS.confirmRevoke, createConfirmApiKeyRevoke(deps));
  app.action<BlockButtonAction>(API_KEY_ACTIONS_IDS.cancelRevoke, createCancelApiKeyRevoke());
}
