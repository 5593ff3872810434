import { ERROR_CODES, WardenError } from '../../../../lib/errors';
import { createLogger } from '../../../../lib/log/logger';

const KEY = 'sk-proj-Xy9Ab12Cd34Ef56Gh78Ij90KlMnOpQ7rT';
const SLACK = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (line) => lines.push(line), bindings: { service: 'warden-bot' } });
  const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, entries };
}

describe('createLogger', () => {
  it('writes one JSON object a line with time, level, msg, bindings and context', () => {
    const { logger, lines, entries } = capture();
    logger.info('key rotated', { workflowId: 'rotate-key_1', slackRequestId: 'req-9' });

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [entry] = entries();
    expect(entry).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'info',
      msg: 'key rotated',
      service: 'warden-bot',
      workflowId: 'rotate-key_1',
      slackRequestId: 'req-9',
    });
    expect(Object.keys(entry!).slice(0, 3)).toEqual(['time', 'level', 'msg']);
  });

  it('never writes a key passed in the message, the context or an error', () => {
    const { logger, lines, entries } = capture('debug');
    logger.debug(`checking ${KEY}`);
    logger.info('provider call', { headers: { Authorization: `Bearer ${KEY}` }, keys: [KEY], slack: SLACK });
    logger.error('provider rejected the key', { err: new Error(`401 Incorrect API key provided: ${KEY}`) });
    logger.warn('wrapped', { failure: new WardenError(ERROR_CODES.keyInvalid, 'rejected', { raw: KEY }) });

    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).not.toContain(KEY);
      expect(line).not.toContain(KEY.slice(8, -4));
      expect(line).not.toContain(SLACK);
    }
    expect(entries()[0]!.msg).toBe('checking sk-proj-…Q7rT');
  });

  it('serialises errors as name, message, code and stack, following the cause chain', () => {
    const { logger, entries } = capture();
    const cause = new Error('socket hang up');
    const err = new WardenError(ERROR_CODES.providerOutage, 'OpenAI is not answering');
    Object.defineProperty(err, 'cause', { value: cause });
    logger.error('check failed', { err });

    const logged = entries()[0]!.err as Record<string, unknown>;
    expect(logged).toMatchObject({ name: 'WardenError', message: 'OpenAI is not answering', code: 'warden_provider_outage' });
    expect(logged.stack).toEqual(expect.stringContaining('OpenAI is not answering'));
    expect(logged.cause).toMatchObject({ name: 'Error', message: 'socket hang up' });
  });

  it('drops lines below its level', () => {
    const { logger, entries } = capture('warn');
    logger.debug('noise');
    logger.info('noise');
    logger.warn('kept');
    logger.error('kept too');
    expect(entries().map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('child loggers add bindings without changing the parent', () => {
    const { logger, entries } = capture();
    logger.child({ workflowId: 'wf-1' }).child({ activity: 'checkKey' }).info('start');
    logger.info('parent');
    const [child, parent] = entries();
    expect(child).toMatchObject({ service: 'warden-bot', workflowId: 'wf-1', activity: 'checkKey' });
    expect(parent).not.toHaveProperty('workflowId');
  });

  it('does not let a context field forge the level or message', () => {
    const { logger, entries } = capture();
    logger.info('real', { level: 'error', msg: 'forged' });
    expect(entries()[0]).toMatchObject({ level: 'info', msg: 'real' });
  });

  it('logs byte buffers by size only and survives cycles and bigints', () => {
    const { logger, lines, entries } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info('odd values', { dataKey: Buffer.from(KEY), loop, big: 10n });
    expect(lines[0]).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(entries()[0]).toMatchObject({ dataKey: `[${KEY.length} bytes]`, loop: { name: 'loop', self: '[Circular]' }, big: '10' });
  });

  it('does not throw when the sink fails', () => {
    const logger = createLogger({ sink: () => { throw new Error('disk full'); } });
    expect(() => logger.error('boom')).not.toThrow();
  });
});
