// The master key the recorded histories were written under, so their encrypted payloads can be read back when
// they are replayed. A test-only key: the histories hold fake keys and sample-platform subjects, nothing real.
import { temporal } from '@temporalio/proto';
import { createLocalKms } from '../../lib/crypto';
import { createDataConverter } from '../../lib/temporal/data-converter';
import { codecKeysFromKms, createEncryptionCodec } from '../../lib/temporal/payload-codec';

export const REPLAY_MASTER_KEY = 'cmVwbGF5LXRlc3RzLW9ubHktbWFzdGVyLWtleS0zMmI=';

export async function replayDataConverter() {
  const kms = createLocalKms({ current: { version: 1, key: Buffer.from(REPLAY_MASTER_KEY, 'base64') } });
  return createDataConverter(createEncryptionCodec(await codecKeysFromKms(kms, [])));
}

/**
 * One recorded workflow: its id (workflows read it) and its history, protobuf-encoded in base64 (the SDK's JSON
 * export trips over two copies of protobufjs in this install; the binary form is what the server stores anyway).
 */
export interface RecordedHistory {
  workflowType: string;
  workflowId: string;
  /** The commit of Warden that ran it, so a failure says which release's in-flight workflows would break. */
  recordedBy: string;
  history: string;
}

export function decodeHistory(r: RecordedHistory) {
  return temporal.api.history.v1.History.decode(Buffer.from(r.history, 'base64'));
}
