import { withActivityFailures } from '../activity-failure';
import { createAcceptReplacement } from './accept-replacement';
import { createAuthorizeResponder } from './authorize-responder';
import { createFindOpenIncidentWorkflow } from './find-open-incident';
import type { ActivityDeps } from '../deps';
import {
  createCloseIncident,
  createContainLeakedKey,
  createDescribeImpact,
  createDescribeKey,
  createOpenIncident,
  createRecordRunbookStep,
  createSetIncidentStep,
  createVerifyReplacementKey,
} from './incident-steps';
import { createRunbookSlack } from './runbook-slack';

export function createRunbookActivities(deps: ActivityDeps) {
  return withActivityFailures({
    authorizeResponder: createAuthorizeResponder(deps),
    acceptReplacement: createAcceptReplacement(deps),
    openIncident: createOpenIncident(deps),
    containLeakedKey: createContainLeakedKey(deps),
    describeKey: createDescribeKey(deps),
    describeImpact: createDescribeImpact(deps),
    verifyReplacementKey: createVerifyReplacementKey(deps),
    recordRunbookStep: createRecordRunbookStep(deps),
    setIncidentStep: createSetIncidentStep(deps),
    closeIncident: createCloseIncident(deps),
    findOpenIncidentWorkflow: createFindOpenIncidentWorkflow(deps),
    ...createRunbookSlack(deps),
  });
}

export type RunbookActivities = ReturnType<typeof createRunbookActivities>;
