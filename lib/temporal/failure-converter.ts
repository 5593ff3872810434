import { DefaultFailureConverter } from '@temporalio/common';

// Loaded by path (the worker bundles it into workflow code): encodes failure messages and stack
// traces with the payload codec, so an error text never sits in history in clear.
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
