import type { ErasureOutcome } from '../../../../lib/contracts';
import { erasureReportText } from '../../../../lib/slack/blocks/erasure-report';

const none = { legalHold: 0, retention: 0, strategy: 0 };

test('the report says what was erased and what was kept, and why, per table the subject had records in', () => {
  const report: ErasureOutcome = {
    subjectHeld: false,
    tables: [
      { table: 'platform.messages', recordType: 'message', strategy: 'delete_row', matched: 18, erased: 10, nulled: 0, pseudonymised: 0, kept: { legalHold: 6, retention: 2, strategy: 0 } },
      { table: 'platform.knowledge_documents', recordType: 'knowledge_document', strategy: 'columns', matched: 2, erased: 0, nulled: 1, pseudonymised: 1, kept: none },
      { table: 'public.audit_events', recordType: 'audit_event', strategy: 'keep', matched: 3, erased: 0, nulled: 0, pseudonymised: 0, kept: { ...none, strategy: 3 }, note: 'tamper-evident log' },
      { table: 'platform.agents', recordType: 'agent', strategy: 'keep', matched: 0, erased: 0, nulled: 0, pseudonymised: 0, kept: none },
    ],
    totals: { matched: 23, erased: 10, nulled: 1, pseudonymised: 1, kept: { legalHold: 6, retention: 2, strategy: 3 } },
  };
  expect(erasureReportText(report).split('\n')).toEqual([
    ':wastebasket: Erasure done: 10 records deleted, 1 cleared, 1 pseudonymised; 11 kept.',
    '• `platform.messages` (message, 18 records): 10 deleted; 6 kept: legal hold; 2 kept: minimum retention',
    '• `platform.knowledge_documents` (knowledge_document, 2 records): 1 cleared; 1 pseudonymised',
    '• `public.audit_events` (audit_event, 3 records): 3 kept: data map says keep (tamper-evident log)',
  ]);
  expect(erasureReportText({ ...report, subjectHeld: true })).toMatch(/^:lock: The subject is under a legal hold: nothing was erased\./);
});
