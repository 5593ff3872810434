import type { App } from '@slack/bolt';
import { ADMIN_GRANT_CONFIRM_CALLBACK_ID, DSAR_DENY_CALLBACK_ID } from '../../../lib/contracts';
import type { BotDeps } from '../../deps';
import { KEY_MODAL_CALLBACK_ID } from '../../inputs/key-modal-input';
import { ACCESS_MODAL_CALLBACK_ID } from '../../inputs/access-modal-input';
import { createConfirmAdminGrant } from './confirm-admin-grant';
import { createSubmitAccessRequest } from './submit-access-request';
import { createSubmitIngest } from './submit-ingest';
import { createSubmitDsarDenial } from './submit-dsar-denial';
import { createSubmitKey } from './submit-key';
import { INGEST_MODAL_CALLBACK_ID } from '../../inputs/ingest-modal-input';
import { API_KEY_MODAL_CALLBACK_ID } from '../../../lib/contracts';
import { createSubmitApiKey } from './submit-api-key';
import { DSAR_REQUEST_CALLBACK_ID } from '../../inputs/dsar-modal-input';
import { createSubmitDsarRequest } from './submit-dsar-request';

export function registerViews(app: App, deps: BotDeps): void {
  app.view(KEY_MODAL_CALLBACK_ID, createSubmitKey(deps));
  app.view(ADMIN_GRANT_CONFIRM_CALLBACK_ID, createConfirmAdminGrant(deps));
  app.view(ACCESS_MODAL_CALLBACK_ID, createSubmitAccessRequest(deps));
  app.view(INGEST_MODAL_CALLBACK_ID, createSubmitIngest(deps));
  app.view(DSAR_DENY_CALLBACK_ID, createSubmitDsarDenial(deps));
  app.view(API_KEY_MODAL_CALLBACK_ID, createSubmitApiKey(deps));
  app.view(DSAR_REQUEST_CALLBACK_ID, createSubmitDsarRequest(deps));
}
