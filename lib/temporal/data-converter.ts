import type { DataConverter, PayloadCodec } from '@temporalio/common';

/**
 * The client and the worker must build this from the same codec (and keyring), or one side writes
 * payloads the other cannot read. Create it once per process and pass the same object to both.
 */
export function createDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: require.resolve('./failure-converter') };
}
