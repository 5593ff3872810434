/**
 * What the receiver needs from a logger: structured context, never the request body (it carries
 * tokens, user input and trigger ids).
 */
export interface ReceiverLogger {
  info(msg: string, ctx?: object): void;
  warn(msg: string, ctx?: object): void;
  error(msg: string, ctx?: object): void;
}
